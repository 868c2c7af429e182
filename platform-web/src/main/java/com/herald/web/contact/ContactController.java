package com.herald.web.contact;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ContactPreferences;
import com.herald.consent.FrequencyCap;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.consent.Suppression;
import com.herald.consent.SuppressionService;
import com.herald.audience.ListService;
import com.herald.contact.Contact;
import com.herald.contact.ContactId;
import com.herald.contact.ContactPatch;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.contact.ContactSlice;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.list.ListOptions;

/**
 * A tenant's contacts: list with live search, create and edit, the detail page with
 * consent, preferences and suppressions, bulk tagging, delete, and the GDPR export and
 * erasure. The services decide what each role may do; store managers reach only their
 * stores' contacts (the 403 page otherwise), another tenant's contact is not found.
 */
@Controller
@RequestMapping("/contacts")
class ContactController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	static final String EDITORS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER')";

	static final String PRIVACY = "hasAnyRole('TENANT_ADMIN','COMPLIANCE_OFFICER')";

	static final int PAGE_SIZE = 25;

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private final ContactService contacts;

	private final ConsentService consent;

	private final PreferenceService preferences;

	private final SuppressionService suppressions;

	private final StoreService stores;

	private final ListService lists;

	private final CurrentActor currentActor;

	private final JsonMapper json = JsonMapper.builder().build();

	ContactController(ContactService contacts, ConsentService consent, PreferenceService preferences,
			SuppressionService suppressions, StoreService stores, ListService lists, CurrentActor currentActor) {
		this.lists = lists;
		this.contacts = contacts;
		this.consent = consent;
		this.preferences = preferences;
		this.suppressions = suppressions;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(@RequestParam(name = "q", required = false) @Nullable String search,
			@RequestParam(name = "store", required = false) @Nullable String store,
			@RequestParam(name = "after", required = false) @Nullable String after, HtmxRequest htmx,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		// the same URL answers with a page or a fragment: caches must keep them apart
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		Actor actor = this.currentActor.get(request);
		StoreId storeId = null;
		if (store != null && !store.isBlank()) {
			try {
				storeId = StoreId.of(store.strip());
			}
			catch (IllegalArgumentException ex) {
				storeId = null;
			}
		}
		ContactQuery query = new ContactQuery(search, storeId, (after != null && !after.isBlank()) ? after : null,
				PAGE_SIZE);
		ContactSlice slice = this.contacts.list(actor, query);
		Map<StoreId, String> storeNames = storeNames(actor);
		model.addAttribute("slice", slice);
		model.addAttribute("q", (search != null) ? search : "");
		model.addAttribute("store", (storeId != null) ? storeId.toString() : "");
		model.addAttribute("storeOptions", options(storeNames));
		model.addAttribute("storeNames", storeNames);
		model.addAttribute("canChange", canChange(actor));
		model.addAttribute("canCreateList", ContactPermissions.canChangeEveryStore(actor));
		// the "Add to list" picker
		model.addAttribute("listOptions", canChange(actor) ? ListOptions.names(this.lists, actor) : List.of());
		model.addAttribute("older", query.cursor() != null);
		UriComponentsBuilder base = UriComponentsBuilder.fromPath("/contacts");
		if (search != null && !search.isBlank()) {
			base.queryParam("q", search);
		}
		if (storeId != null) {
			base.queryParam("store", storeId.toString());
		}
		model.addAttribute("newestUrl", base.cloneBuilder().encode().build().toUriString());
		model.addAttribute("olderUrl", slice.hasNext()
				? base.cloneBuilder().queryParam("after", slice.nextCursor()).encode().build().toUriString() : null);
		return (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) ? "contacts/list :: results" : "contacts/list";
	}

	@PostMapping("/tags")
	@PreAuthorize(EDITORS)
	String addTag(@RequestParam(name = "ids", required = false) @Nullable List<String> ids,
			@RequestParam(name = "tag", required = false) @Nullable String tag, HttpServletRequest request,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		List<Contact> chosen = new ArrayList<>();
		for (String id : (ids != null) ? ids : List.<String>of()) {
			// reading each first gives the 403 or 404 page before anything changes
			chosen.add(this.contacts.get(actor, contactId(id)));
		}
		String clean = (tag != null) ? tag.strip() : "";
		if (chosen.isEmpty()) {
			redirect.addFlashAttribute("flashError", "Choose at least one contact to tag.");
			return "redirect:/contacts";
		}
		if (clean.isEmpty() || clean.contains(",")) {
			redirect.addFlashAttribute("flashError", "Enter one tag (no commas) to add.");
			return "redirect:/contacts";
		}
		try {
			for (Contact contact : chosen) {
				if (!contact.getTags().contains(clean)) {
					Set<String> tags = new LinkedHashSet<>(contact.getTags());
					tags.add(clean);
					this.contacts.update(actor, contact.getId(), ContactPatch.builder().tags(tags).build());
				}
			}
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", String.join(" ", ex.getFieldErrors().values()));
			return "redirect:/contacts";
		}
		redirect.addFlashAttribute("flashSuccess",
				"Tag " + clean + " added to " + chosen.size() + ((chosen.size() == 1) ? " contact." : " contacts."));
		return "redirect:/contacts";
	}

	@GetMapping("/new")
	@PreAuthorize(EDITORS)
	String newContact(HttpServletRequest request, Model model) {
		return form(model, ContactForm.empty(), null, this.currentActor.get(request));
	}

	@PostMapping
	@PreAuthorize(EDITORS)
	String create(@ModelAttribute("form") ContactForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			Contact contact = this.contacts.create(actor, form.toDraft());
			redirect.addFlashAttribute("flashSuccess", "Contact " + name(contact) + " is created."
					+ ((contact.getPhone() != null) ? " Phone saved as " + contact.getPhone() + "." : ""));
			return "redirect:/contacts/" + contact.getId();
		}
		catch (InvalidInputException ex) {
			reject(model, ex);
			return form(model, form, null, actor);
		}
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	String detail(@PathVariable String id, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Contact contact = this.contacts.get(actor, contactId(id));
		return detail(model, actor, contact);
	}

	@GetMapping("/{id}/edit")
	@PreAuthorize(EDITORS)
	String edit(@PathVariable String id, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Contact contact = this.contacts.get(actor, contactId(id));
		return form(model, ContactForm.of(contact), contact, actor);
	}

	@PostMapping("/{id}")
	@PreAuthorize(EDITORS)
	String update(@PathVariable String id, @ModelAttribute("form") ContactForm form, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		// reading it first gives the 403 or 404 page for a contact that is not theirs
		Contact contact = this.contacts.get(actor, contactId(id));
		try {
			Contact updated = this.contacts.update(actor, contact.getId(), form.toPatch(contact));
			redirect.addFlashAttribute("flashSuccess", "Contact " + name(updated) + " is saved."
					+ ((updated.getPhone() != null) ? " Phone saved as " + updated.getPhone() + "." : ""));
			return "redirect:/contacts/" + contact.getId();
		}
		catch (InvalidInputException ex) {
			reject(model, ex);
			return form(model, form, contact, actor);
		}
	}

	@PostMapping("/{id}/preferences")
	@PreAuthorize(EDITORS)
	String updatePreferences(@PathVariable String id, @RequestParam Map<String, String> fields,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Contact contact = this.contacts.get(actor, contactId(id));
		ContactPreferences current = this.preferences.get(actor, contact.getId());
		List<String> categories = this.preferences.settings(actor.requireTenant()).categories();
		Map<String, String> errors = new LinkedHashMap<>();
		QuietHours quiet = quietHours(fields, errors);
		FrequencyCap cap = frequencyCap(fields, errors);
		if (!errors.isEmpty()) {
			Forms.reject(model, errors);
			model.addAttribute("prefFields", fields);
			return detail(model, actor, contact);
		}
		try {
			for (Channel channel : Channel.values()) {
				for (String category : categories) {
					String choice = fields.get("pref-" + channel.key() + "-" + category);
					if (choice == null || choice.isBlank()) {
						continue;
					}
					boolean optedIn = "in".equals(choice);
					if (current.choice(channel, category).orElse(null) != Boolean.valueOf(optedIn)) {
						this.preferences.setCategory(actor, contact.getId(), channel, category, optedIn);
					}
				}
			}
			if (!java.util.Objects.equals(quiet, current.quietHours())) {
				this.preferences.setQuietHours(actor, contact.getId(), quiet);
			}
			if (!java.util.Objects.equals(cap, current.frequencyCap())) {
				this.preferences.setFrequencyCap(actor, contact.getId(), cap);
			}
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			model.addAttribute("prefFields", fields);
			return detail(model, actor, contact);
		}
		redirect.addFlashAttribute("flashSuccess", "Preferences are saved.");
		return "redirect:/contacts/" + contact.getId() + "#preferences";
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize(EDITORS)
	String delete(@PathVariable String id, @RequestParam(name = "confirm", required = false) @Nullable String confirm,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Contact contact = this.contacts.get(actor, contactId(id));
		if (!"yes".equals(confirm)) {
			Forms.reject(model, Map.of("confirmDelete", "Tick the box to confirm the deletion"));
			return detail(model, actor, contact);
		}
		this.contacts.delete(actor, contact.getId());
		redirect.addFlashAttribute("flashSuccess", "Contact " + name(contact) + " is deleted.");
		return "redirect:/contacts";
	}

	@GetMapping("/{id}/export")
	@PreAuthorize(PRIVACY)
	ResponseEntity<byte[]> export(@PathVariable String id, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		ContactId contactId = contactId(id);
		Map<String, Object> export = this.contacts.exportAll(actor, contactId);
		byte[] body = this.json.writerWithDefaultPrettyPrinter()
			.writeValueAsString(export)
			.getBytes(StandardCharsets.UTF_8);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("contact-" + contactId + ".json").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(body);
	}

	@PostMapping("/{id}/erase")
	@PreAuthorize(PRIVACY)
	String erase(@PathVariable String id, @RequestParam(name = "confirm", required = false) @Nullable String confirm,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Contact contact = this.contacts.get(actor, contactId(id));
		if (!"yes".equals(confirm)) {
			Forms.reject(model, Map.of("confirmErase", "Tick the box to confirm the erasure"));
			return detail(model, actor, contact);
		}
		this.contacts.erase(actor, contact.getId());
		redirect.addFlashAttribute("flashSuccess",
				"The contact's personal data is erased. Anonymous delivery statistics are kept.");
		return "redirect:/contacts";
	}

	private String detail(Model model, Actor actor, Contact contact) {
		ContactId id = contact.getId();
		model.addAttribute("contact", contact);
		model.addAttribute("name", name(contact));
		model.addAttribute("utc", UTC);
		model.addAttribute("storeName",
				(contact.getStoreId() != null) ? storeNames(actor).get(contact.getStoreId()) : null);
		model.addAttribute("channels", Channel.values());
		model.addAttribute("consentStatus", this.consent.status(actor, id));
		model.addAttribute("consentHistory", this.consent.history(actor, id));
		ContactPreferences prefs = this.preferences.get(actor, id);
		model.addAttribute("prefs", prefs);
		model.addAttribute("categories", this.preferences.settings(actor.requireTenant()).categories());
		if (!model.containsAttribute("prefFields")) {
			Map<String, String> prefFields = new LinkedHashMap<>();
			prefFields.put("quietStart", (prefs.quietHours() != null) ? prefs.quietHours().start().toString() : "");
			prefFields.put("quietEnd", (prefs.quietHours() != null) ? prefs.quietHours().end().toString() : "");
			prefFields.put("capMessages",
					(prefs.frequencyCap() != null) ? String.valueOf(prefs.frequencyCap().messages()) : "");
			prefFields.put("capDays",
					(prefs.frequencyCap() != null) ? String.valueOf(prefs.frequencyCap().days()) : "");
			prefs.categories()
				.forEach((channel, choices) -> choices.forEach((category, optedIn) -> prefFields
					.put("pref-" + channel.key() + "-" + category, optedIn ? "in" : "out")));
			model.addAttribute("prefFields", prefFields);
		}
		model.addAttribute("suppressions", suppressions(actor, contact));
		model.addAttribute("canChange", canChange(actor));
		model.addAttribute("canPrivacy", canPrivacy(actor));
		return "contacts/detail";
	}

	private List<Suppression> suppressions(Actor actor, Contact contact) {
		List<Suppression> found = new ArrayList<>();
		if (contact.getPhone() != null) {
			this.suppressions.find(actor.requireTenant(), Channel.SMS, contact.getPhone()).ifPresent(found::add);
			this.suppressions.find(actor.requireTenant(), Channel.WHATSAPP, contact.getPhone()).ifPresent(found::add);
		}
		if (contact.getEmail() != null) {
			this.suppressions.find(actor.requireTenant(), Channel.EMAIL, contact.getEmail()).ifPresent(found::add);
		}
		return found;
	}

	private String form(Model model, ContactForm form, @Nullable Contact contact, Actor actor) {
		model.addAttribute("form", form);
		model.addAttribute("contact", contact);
		model.addAttribute("name", (contact != null) ? name(contact) : null);
		model.addAttribute("timezones", ContactChoices.timezonesWith(form.timezone()));
		model.addAttribute("storeOptions", options(storeNames(actor)));
		model.addAttribute("storeRequired", ContactPermissions.isStoreLimited(actor));
		return "contacts/form";
	}

	/** The tenant's stores the actor may choose, by name. */
	private Map<StoreId, String> storeNames(Actor actor) {
		Map<StoreId, String> names = new LinkedHashMap<>();
		this.stores.listAll(actor.requireTenant())
			.stream()
			.filter((store) -> actor.canActOnStore(store.getId()))
			.sorted(Comparator.comparing(Store::getName))
			.forEach((store) -> names.put(store.getId(), store.getName()));
		return names;
	}

	private static List<Option> options(Map<StoreId, String> names) {
		return names.entrySet()
			.stream()
			.map((entry) -> new Option(entry.getKey().toString(), entry.getValue()))
			.toList();
	}

	/** Field errors, with an attribute's or a tag's error shown beside its box. */
	private static void reject(Model model, InvalidInputException ex) {
		Map<String, String> errors = new LinkedHashMap<>();
		ex.getFieldErrors().forEach((field, message) -> {
			String shown = field.startsWith("attributes") ? "attributes"
					: field.startsWith("tags") ? "tags" : field.equals("identifier") ? "email" : field;
			errors.merge(shown, message, (a, b) -> a + " " + b);
		});
		Forms.reject(model, errors);
	}

	private static @Nullable QuietHours quietHours(Map<String, String> fields, Map<String, String> errors) {
		String start = fields.getOrDefault("quietStart", "").strip();
		String end = fields.getOrDefault("quietEnd", "").strip();
		if (start.isEmpty() && end.isEmpty()) {
			return null;
		}
		try {
			return new QuietHours(LocalTime.parse(start), LocalTime.parse(end));
		}
		catch (DateTimeParseException ex) {
			errors.put("quietStart", "Enter both times, like 21:00 and 08:00, or leave both empty");
			return null;
		}
		catch (InvalidInputException ex) {
			errors.put("quietStart", String.join(" ", ex.getFieldErrors().values()));
			return null;
		}
	}

	private static @Nullable FrequencyCap frequencyCap(Map<String, String> fields, Map<String, String> errors) {
		String messages = fields.getOrDefault("capMessages", "").strip();
		String days = fields.getOrDefault("capDays", "").strip();
		if (messages.isEmpty() && days.isEmpty()) {
			return null;
		}
		try {
			return new FrequencyCap(Integer.parseInt(messages), Integer.parseInt(days));
		}
		catch (NumberFormatException ex) {
			errors.put("capMessages", "Enter whole numbers of messages and days, like 3 per 7, or leave both empty");
			return null;
		}
		catch (InvalidInputException ex) {
			errors.put("capMessages", String.join(" ", ex.getFieldErrors().values()));
			return null;
		}
	}

	static String name(Contact contact) {
		String name = contact.getDisplayName();
		if (name != null && !name.isBlank()) {
			return name;
		}
		if (contact.getEmail() != null) {
			return contact.getEmail();
		}
		return (contact.getPhone() != null) ? contact.getPhone() : "without a name";
	}

	private static boolean canChange(Actor actor) {
		try {
			ContactPermissions.requireChange(actor);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean canPrivacy(Actor actor) {
		try {
			ContactPermissions.requirePrivacy(actor);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** A malformed id is a contact that does not exist. */
	private static ContactId contactId(String id) {
		try {
			return new ContactId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new com.herald.tenancy.NotFoundException("Contact", id);
		}
	}

}
