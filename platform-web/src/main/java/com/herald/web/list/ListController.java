package com.herald.web.list;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import com.herald.audience.ContactList;
import com.herald.audience.ListMember;
import com.herald.audience.ListService;
import com.herald.audience.ListUpload;
import com.herald.contact.ContactId;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.StoreId;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.Paging;
import com.herald.web.PathIds;

/**
 * Static lists: the paged, searchable lists with a form to create one (empty or from a
 * CSV), a list's paged and searchable members with rename, CSV upload, removal and
 * delete, and the contacts page's "Add to list". Everyone who sees contacts may read them
 * (store managers see only their stores' members); tenant admins create, rename and
 * delete lists; tenant admins and store managers add and remove members.
 * {@link ListService} enforces the same.
 */
@Controller
@RequestMapping("/lists")
class ListController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	static final String EDITORS = "hasRole('TENANT_ADMIN')";

	static final String MEMBERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER')";

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private final ListService lists;

	private final ContactService contacts;

	private final CurrentActor currentActor;

	ListController(ListService lists, ContactService contacts, CurrentActor currentActor) {
		this.lists = lists;
		this.contacts = contacts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(@RequestParam(name = "q", required = false) @Nullable String q,
			@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		model.addAttribute("fields", Map.of("name", ""));
		return listPage(q, page, request, model);
	}

	@PostMapping
	@PreAuthorize(EDITORS)
	String create(@RequestParam(name = "name", required = false) @Nullable String name,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			String typed = (name != null) ? name : "";
			ListService.Created created = (file == null || file.isEmpty())
					? this.lists.createWith(actor, typed, List.of())
					: read(file, (reader) -> this.lists.createFromCsv(actor, typed, reader));
			redirect.addFlashAttribute("flashSuccess", "List " + created.list().name() + " is created.");
			if (created.upload() != null) {
				redirect.addFlashAttribute("upload", created.upload());
			}
			return "redirect:/lists/" + created.list().id();
		}
		catch (InvalidInputException ex) {
			// the page shows the form again with what was typed and why it was refused
			Forms.reject(model, ex);
			model.addAttribute("fields", Map.of("name", (name != null) ? name : ""));
			return listPage(null, 1, request, model);
		}
	}

	/**
	 * The static-list picker's options for a name search (the broadcast wizard); the
	 * chosen list stays among them.
	 */
	@GetMapping("/picker")
	@PreAuthorize(READERS)
	String picker(@RequestParam(name = "listQ", required = false) @Nullable String listQ,
			@RequestParam(name = "listId", required = false) @Nullable String listId, HttpServletRequest request,
			Model model) {
		Actor actor = this.currentActor.get(request);
		List<Option> options = new ArrayList<>(ListOptions.of(this.lists, actor, listQ));
		if (!Forms.isBlank(listId) && options.stream().noneMatch((o) -> o.value().equals(listId.strip()))) {
			try {
				options.add(0, ListOptions.option(this.lists.get(actor, UUID.fromString(listId.strip()))));
			}
			catch (IllegalArgumentException | NotFoundException ex) {
				// a stale choice is simply not offered
			}
		}
		model.addAttribute("listOptions", options);
		model.addAttribute("fields",
				Map.of("listQ", (listQ != null) ? listQ : "", "listId", (listId != null) ? listId.strip() : ""));
		return "lists/picker :: options";
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	String detail(@PathVariable String id, @RequestParam(name = "q", required = false) @Nullable String q,
			@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		return detailPage(actor, list, q, page, request, model);
	}

	@PostMapping("/{id}/rename")
	@PreAuthorize(EDITORS)
	String rename(@PathVariable String id, @RequestParam(name = "name", required = false) @Nullable String name,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		try {
			ContactList renamed = this.lists.rename(actor, list.id(), (name != null) ? name : "");
			redirect.addFlashAttribute("flashSuccess", "List renamed to " + renamed.name() + ".");
			return "redirect:/lists/" + list.id();
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			model.addAttribute("typedName", name);
			return detailPage(actor, list, null, 1, request, model);
		}
	}

	@PostMapping("/{id}/members/csv")
	@PreAuthorize(MEMBERS)
	String upload(@PathVariable String id, @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		try {
			ListUpload upload = read(file, (reader) -> this.lists.addFromCsv(actor, list.id(), reader));
			redirect.addFlashAttribute("upload", upload);
			return "redirect:/lists/" + list.id();
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return detailPage(actor, list, null, 1, request, model);
		}
	}

	@PostMapping("/{id}/members/remove")
	@PreAuthorize(MEMBERS)
	String remove(@PathVariable String id, @RequestParam(name = "ids", required = false) @Nullable List<String> ids,
			@RequestParam(name = "one", required = false) @Nullable String one, HttpServletRequest request,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		// a row's own Remove button names just that member, whatever else is ticked
		List<ContactId> chosen = contactIds((one != null) ? List.of(one) : ids);
		if (chosen.isEmpty()) {
			redirect.addFlashAttribute("flashError", "Choose at least one member to remove.");
			return "redirect:/lists/" + list.id();
		}
		int removed = this.lists.removeMembers(actor, list.id(), chosen);
		redirect.addFlashAttribute("flashSuccess",
				removed + ((removed == 1) ? " contact" : " contacts") + " removed from " + list.name() + ".");
		return "redirect:/lists/" + list.id();
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize(EDITORS)
	String delete(@PathVariable String id, @RequestParam(name = "confirm", required = false) @Nullable String confirm,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		if (!"yes".equals(confirm)) {
			Forms.reject(model, Map.of("confirmDelete", "Tick the box to confirm the deletion"));
			return detailPage(actor, list, null, 1, request, model);
		}
		this.lists.delete(actor, list.id());
		redirect.addFlashAttribute("flashSuccess", "List " + list.name() + " is deleted.");
		return "redirect:/lists";
	}

	/**
	 * The contacts page's "Add to list": the ticked contacts, or every contact its search
	 * and store match (one statement, any number), onto a chosen or a new list.
	 */
	@PostMapping("/add-contacts")
	@PreAuthorize(MEMBERS)
	String addContacts(@RequestParam(name = "ids", required = false) @Nullable List<String> ids,
			@RequestParam(name = "scope", required = false) @Nullable String scope,
			@RequestParam(name = "q", required = false) @Nullable String q,
			@RequestParam(name = "store", required = false) @Nullable String store,
			@RequestParam(name = "listId", required = false) @Nullable String listId,
			@RequestParam(name = "newList", required = false) @Nullable String newList, HttpServletRequest request,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		String back = UriComponentsBuilder.fromPath("/contacts")
			.queryParamIfPresent("q", Optional.ofNullable(Forms.isBlank(q) ? null : q))
			.queryParamIfPresent("store", Optional.ofNullable(Forms.isBlank(store) ? null : store))
			.encode()
			.build()
			.toUriString();
		boolean all = "all".equals(scope);
		List<ContactId> chosen = contactIds(ids);
		if (!all && chosen.isEmpty()) {
			redirect.addFlashAttribute("flashError", "Tick the contacts to add, or choose all that match.");
			return "redirect:" + back;
		}
		try {
			long added;
			ContactList list;
			if (!Forms.isBlank(newList)) {
				if (!ContactPermissions.canChangeEveryStore(actor)) {
					throw new InvalidInputException("newList",
							"Only tenant admins create lists: choose an existing one");
				}
				ListService.Created created = all
						? this.lists.createWith(actor, newList, this.contacts.selection(actor, q, storeId(store)))
						: this.lists.createWith(actor, newList, chosen);
				list = created.list();
				added = created.added();
			}
			else {
				if (Forms.isBlank(listId)) {
					throw new InvalidInputException("listId", "Choose a list, or name a new one");
				}
				list = this.lists.get(actor, PathIds.uuid("List", listId));
				added = all
						? this.lists.addMatching(actor, list.id(), this.contacts.selection(actor, q, storeId(store)))
						: this.lists.addMembers(actor, list.id(), chosen);
			}
			redirect.addFlashAttribute("flashSuccess", added + ((added == 1) ? " contact" : " contacts") + " added to "
					+ list.name() + "; it has " + this.lists.get(actor, list.id()).members() + ".");
			return "redirect:" + back;
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", String.join(" ", ex.getFieldErrors().values()));
			return "redirect:" + back;
		}
	}

	private String detailPage(Actor actor, ContactList list, @Nullable String q, int page, HttpServletRequest request,
			Model model) {
		Page<ListMember> members = this.lists.members(actor, list.id(), q, Math.max(page, 1) - 1, Paging.SIZE);
		model.addAttribute("list", list);
		model.addAttribute("q", (q != null) ? q : "");
		model.addAttribute("members", members.getContent());
		model.addAttribute("paging", Paging.of(members, request));
		model.addAttribute("canChange", ContactPermissions.canChangeEveryStore(actor));
		model.addAttribute("canEditMembers", canEditMembers(actor));
		model.addAttribute("utc", UTC);
		return "lists/detail";
	}

	private String listPage(@Nullable String q, int page, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Page<ContactList> found = this.lists.list(actor, q, Math.max(page, 1) - 1, Paging.SIZE);
		model.addAttribute("q", (q != null) ? q : "");
		model.addAttribute("lists", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		model.addAttribute("canChange", ContactPermissions.canChangeEveryStore(actor));
		model.addAttribute("utc", UTC);
		return "lists/list";
	}

	static boolean canEditMembers(Actor actor) {
		try {
			ContactPermissions.requireChange(actor);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static <T> T read(@Nullable MultipartFile file, Function<Reader, T> work) {
		if (file == null || file.isEmpty()) {
			throw new InvalidInputException("file", "Choose a CSV file");
		}
		try (Reader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
			return work.apply(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<ContactId> contactIds(@Nullable List<String> ids) {
		List<ContactId> chosen = new ArrayList<>();
		for (String id : (ids != null) ? ids : List.<String>of()) {
			try {
				chosen.add(new ContactId(UUID.fromString(id.strip())));
			}
			catch (IllegalArgumentException ex) {
				throw new NotFoundException("Contact", id);
			}
		}
		return chosen;
	}

	private static @Nullable StoreId storeId(@Nullable String store) {
		if (Forms.isBlank(store)) {
			return null;
		}
		try {
			return StoreId.of(store.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("store", "Choose one of the offered stores");
		}
	}

}
