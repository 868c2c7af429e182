package com.herald.web.broadcast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.audience.AudienceFields;
import com.herald.audience.AudienceService;
import com.herald.audience.Condition;
import com.herald.audience.Criterion;
import com.herald.audience.Group;
import com.herald.audience.ListService;
import com.herald.audience.Operator;
import com.herald.audience.SegmentService;
import com.herald.broadcast.Audience;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastReview;
import com.herald.broadcast.BroadcastService;
import com.herald.consent.Channel;
import com.herald.pricing.CostEstimate;
import com.herald.pricing.PricingService;
import com.herald.security.CurrentActor;
import com.herald.template.EmailContent;
import com.herald.template.MessageTemplate;
import com.herald.template.SmsSegments;
import com.herald.template.TemplateService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.PathIds;
import com.herald.web.list.ListOptions;

/**
 * The broadcast wizard: channel, audience, message, schedule, review. Every step saves
 * the draft through {@link BroadcastService#update} before the next opens; a step the
 * service refuses comes back with its errors beside the fields and everything typed kept.
 * The audience count and the message's segments and cost update as the author types
 * (htmx).
 */
@Controller
@RequestMapping("/broadcasts")
class BroadcastWizardController {

	static final String WRITERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER')";

	private final BroadcastService broadcasts;

	private final SegmentService segments;

	private final ListService lists;

	private final AudienceService audiences;

	private final TemplateService templates;

	private final PricingService pricing;

	private final StoreService stores;

	private final CurrentActor currentActor;

	BroadcastWizardController(BroadcastService broadcasts, SegmentService segments, ListService lists,
			AudienceService audiences, TemplateService templates, PricingService pricing, StoreService stores,
			CurrentActor currentActor) {
		this.broadcasts = broadcasts;
		this.segments = segments;
		this.lists = lists;
		this.audiences = audiences;
		this.templates = templates;
		this.pricing = pricing;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping("/new")
	@PreAuthorize(WRITERS)
	String newBroadcast(HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Map<String, String> fields = new LinkedHashMap<>(Map.of("channel", "sms"));
		List<Option> storeOptions = storeOptions(actor);
		if (actor.hasRole(Role.STORE_MANAGER) && storeOptions.size() == 1) {
			fields.put("storeId", storeOptions.get(0).value());
		}
		return step(model, actor, null, WizardStep.CHANNEL, fields);
	}

	@PostMapping
	@PreAuthorize(WRITERS)
	String create(@RequestParam Map<String, String> fields, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		try {
			Broadcast created = this.broadcasts.create(actor, WizardFields.channel(fields));
			return "redirect:/broadcasts/" + created.id() + "/edit/" + WizardStep.AUDIENCE.key();
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return step(model, actor, null, WizardStep.CHANNEL, fields);
		}
	}

	@GetMapping("/{id}/edit/{step}")
	@PreAuthorize(WRITERS)
	String show(@PathVariable String id, @PathVariable String step, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Broadcast broadcast = this.broadcasts.get(actor, broadcastId(id));
		WizardStep current = wizardStep(step);
		return step(model, actor, broadcast, current, fields(actor, broadcast));
	}

	@PostMapping("/{id}/edit/{step}")
	@PreAuthorize(WRITERS)
	String save(@PathVariable String id, @PathVariable String step, @RequestParam Map<String, String> posted,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Broadcast broadcast = this.broadcasts.get(actor, broadcastId(id));
		WizardStep current = wizardStep(step);
		Map<String, String> fields = fields(actor, broadcast);
		fields.putAll(posted);
		fields.remove("_csrf");
		if (current == WizardStep.COMPOSE && "template".equals(posted.get("action"))) {
			useTemplate(actor, fields, model);
			return step(model, actor, broadcast, current, fields);
		}
		try {
			BroadcastDraft draft = apply(actor, broadcast, current, fields);
			EmailContent email = (current == WizardStep.COMPOSE && broadcast.channels().contains(Channel.EMAIL))
					? new EmailContent(WizardFields.value(fields, "subject"), fields.get("preheader"),
							fields.getOrDefault("html", ""))
					: null;
			String whatsapp = (current == WizardStep.COMPOSE && ownWhatsAppText(broadcast))
					? fields.getOrDefault("whatsappBody", "") : null;
			this.broadcasts.update(actor, broadcast.id(), draft, email, whatsapp, null);
		}
		catch (InvalidInputException ex) {
			// the email parts are plain fields on this form
			Map<String, String> errors = new LinkedHashMap<>();
			ex.getFieldErrors().forEach((field, message) -> errors.put(field.replaceFirst("^email\\.", ""), message));
			Forms.reject(model, errors);
			return step(model, actor, broadcast, current, fields);
		}
		if ("save".equals(posted.get("action"))) {
			redirect.addFlashAttribute("flashSuccess", "Draft saved.");
			return "redirect:/broadcasts/" + broadcast.id() + "/edit/" + current.key();
		}
		return "redirect:/broadcasts/" + broadcast.id() + "/edit/" + current.next().key();
	}

	/** The live audience count beside the audience step's choices. */
	@PostMapping("/{id}/audience/count")
	@PreAuthorize(WRITERS)
	String count(@PathVariable String id, @RequestParam Map<String, String> fields, HttpServletRequest request,
			Model model) {
		Actor actor = this.currentActor.get(request);
		Broadcast broadcast = this.broadcasts.get(actor, broadcastId(id));
		model.addAttribute("broadcast", broadcast);
		try {
			Criterion tree = inStore(criteria(actor, WizardFields.audience(fields)), broadcast.storeId());
			model.addAttribute("counts", this.audiences.counts(actor, tree));
		}
		catch (InvalidInputException | NotFoundException ex) {
			model.addAttribute("countError", (ex instanceof InvalidInputException invalid)
					? String.join(" ", invalid.getFieldErrors().values()) : "Choose one of the offered audiences");
		}
		return "broadcasts/wizard :: audience-count";
	}

	/** The live encoding, segments and cost under the message as it is typed. */
	@PostMapping("/{id}/compose/stats")
	@PreAuthorize(WRITERS)
	String composeStats(@PathVariable String id, @RequestParam(name = "body", required = false) @Nullable String body,
			HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Broadcast broadcast = this.broadcasts.get(actor, broadcastId(id));
		composeModel(model, actor, broadcast, (body != null) ? body : "");
		return "broadcasts/wizard :: sms-stats";
	}

	private BroadcastDraft apply(Actor actor, Broadcast broadcast, WizardStep step, Map<String, String> fields) {
		BroadcastDraft draft = broadcast.draft();
		return switch (step) {
			case CHANNEL -> WizardFields.channel(draft, fields);
			case AUDIENCE -> {
				Audience audience = WizardFields.audience(fields);
				// a foreign or deleted segment or list is refused here, beside its field
				criteria(actor, audience);
				yield new BroadcastDraft(draft.name(), draft.storeId(), draft.channels(), draft.mode(), audience,
						draft.templateId(), draft.body(), draft.category(), draft.schedule(), draft.unitCostMicros());
			}
			case COMPOSE -> {
				String body = WizardFields.value(fields, "body");
				String category = WizardFields.value(fields, "category");
				UUID template = WizardFields.optionalId(fields, "templateId");
				if (!draft.hasTextChannel()) {
					yield new BroadcastDraft(draft.name(), draft.storeId(), draft.channels(), draft.mode(),
							draft.audience(), template, null, category.isEmpty() ? null : category, draft.schedule(),
							0);
				}
				if (body.isEmpty()) {
					throw new InvalidInputException("body", "Write the message");
				}
				long unitCost = unitCostMicros(actor, broadcast, body);
				yield new BroadcastDraft(draft.name(), draft.storeId(), draft.channels(), draft.mode(),
						draft.audience(), template, fields.get("body"), category.isEmpty() ? null : category,
						draft.schedule(), unitCost);
			}
			case SCHEDULE -> draft.withSchedule(WizardFields.schedule(fields, zone(actor, draft.storeId())));
			case REVIEW -> draft;
		};
	}

	private String step(Model model, Actor actor, @Nullable Broadcast broadcast, WizardStep step,
			Map<String, String> fields) {
		model.addAttribute("broadcast", broadcast);
		model.addAttribute("step", step);
		model.addAttribute("steps", WizardStep.values());
		model.addAttribute("fields", fields);
		switch (step) {
			case CHANNEL -> {
				model.addAttribute("storeOptions", storeOptions(actor));
				model.addAttribute("tenantWide", !actor.hasRole(Role.STORE_MANAGER));
				model.addAttribute("channelOptions",
						Arrays.stream(Channel.values())
							.map((channel) -> new Option(channel.key(), BroadcastLabels.channelLabel(channel)))
							.toList());
				model.addAttribute("modeOptions", List.of(new Option("all", "Every channel each recipient may receive"),
						new Option("fallback", "The first channel each recipient may receive, else the next")));
			}
			case AUDIENCE -> {
				model.addAttribute("segmentOptions",
						this.segments.list(actor)
							.stream()
							.map((s) -> new Option(s.id().toString(), s.name()))
							.toList());
				model.addAttribute("listOptions", ListOptions.of(this.lists, actor, null));
				model.addAttribute("fieldOptions",
						AudienceFields.all()
							.stream()
							.filter((f) -> f.available() && !f.key().equals(AudienceFields.ATTRIBUTE)
									&& !f.key().startsWith("engagement."))
							.map((f) -> new Option(f.key(), f.label()))
							.toList());
				model.addAttribute("attributeOptions",
						AudienceFields.SUGGESTED_ATTRIBUTES.stream()
							.map((key) -> new Option("attributes." + key, "Attribute: " + key.replace('_', ' ')))
							.toList());
				model.addAttribute("operatorOptions",
						Arrays.stream(Operator.values())
							.map((o) -> new Option(o.key(), AudienceFields.label(o)))
							.toList());
				model.addAttribute("logicOptions",
						List.of(new Option("AND", "All of the conditions"), new Option("OR", "Any of the conditions")));
				model.addAttribute("rows", IntStream.range(0, WizardFields.CONDITION_ROWS).boxed().toList());
				if (broadcast != null && broadcast.draft().audience() != null && !model.containsAttribute("errors")) {
					try {
						model.addAttribute("counts", this.audiences.counts(actor,
								inStore(criteria(actor, broadcast.draft().audience()), broadcast.storeId())));
					}
					catch (InvalidInputException | NotFoundException ex) {
						model.addAttribute("countError", "The saved audience can no longer be counted: choose again");
					}
				}
			}
			case COMPOSE -> {
				model.addAttribute("templateOptions",
						this.templates.list(actor, PageRequest.of(0, 100))
							.stream()
							.filter((t) -> broadcast == null || broadcast.channels().contains(t.channel()))
							.map((t) -> new Option(t.id().toString(), t.name()))
							.toList());
				if (broadcast != null) {
					composeModel(model, actor, broadcast, fields.getOrDefault("body", ""));
					model.addAttribute("whatsappBox", ownWhatsAppText(broadcast));
				}
			}
			case SCHEDULE -> model.addAttribute("zone", zone(actor, (broadcast != null) ? broadcast.storeId() : null));
			case REVIEW -> {
				if (broadcast != null) {
					reviewModel(model, actor, broadcast);
				}
			}
		}
		return "broadcasts/wizard";
	}

	private void reviewModel(Model model, Actor actor, Broadcast broadcast) {
		try {
			BroadcastReview review = this.broadcasts.review(actor, broadcast.id());
			model.addAttribute("review", review);
			model.addAttribute("counts", this.audiences.counts(actor,
					inStore(criteria(actor, broadcast.draft().audience()), broadcast.storeId())));
		}
		catch (InvalidInputException | NotFoundException ex) {
			model.addAttribute("reviewError", (ex instanceof InvalidInputException invalid)
					? String.join(" ", invalid.getFieldErrors().values()) : "The audience no longer exists");
		}
		String body = broadcast.draft().body();
		model.addAttribute("sms", SmsSegments.of((body != null) ? body : ""));
		model.addAttribute("currency", PricingService.currency());
		boolean needsApproval = this.broadcasts.settings(actor.requireTenant())
			.approval()
			.requiredFor(actor.role() != null ? actor.role() : Role.TENANT_ADMIN);
		model.addAttribute("needsApproval", needsApproval);
		EmailContent email = broadcast.channels().contains(Channel.EMAIL)
				? this.broadcasts.email(actor, broadcast.id()).orElse(null) : null;
		model.addAttribute("email", email);
		model.addAttribute("hasText", broadcast.draft().hasTextChannel());
		model.addAttribute("missing", missing(broadcast, email));
	}

	private void composeModel(Model model, Actor actor, Broadcast broadcast, String body) {
		SmsSegments sms = SmsSegments.of(body);
		model.addAttribute("sms", sms);
		model.addAttribute("personalised", body.contains("{{") || body.contains("{%"));
		model.addAttribute("currency", PricingService.currency());
		if (broadcast.channels().stream().anyMatch(Channel::usesPhone)) {
			try {
				model.addAttribute("estimate", estimate(actor, broadcast, Math.max(sms.segments(), 1)));
			}
			catch (InvalidInputException | NotFoundException ex) {
				model.addAttribute("estimateError", "No estimate: the audience cannot be counted");
			}
		}
	}

	/** The cost for the broadcast's audience, or for one message when it has none. */
	private CostEstimate estimate(Actor actor, Broadcast broadcast, int segments) {
		Audience audience = broadcast.draft().audience();
		return (audience != null)
				? this.pricing.estimate(actor, inStore(criteria(actor, audience), broadcast.storeId()), segments)
				: this.pricing.estimate(actor, 1, segments);
	}

	/**
	 * One message's estimated cost in millionths, for the tracking page's cost so far.
	 */
	private long unitCostMicros(Actor actor, Broadcast broadcast, String body) {
		if (broadcast.channels().stream().noneMatch(Channel::usesPhone)) {
			return 0;
		}
		int segments = Math.max(SmsSegments.of(body).segments(), 1);
		CostEstimate estimate = this.pricing.estimate(actor, 1, segments);
		if (broadcast.draft().audience() != null) {
			try {
				CostEstimate forAudience = estimate(actor, broadcast, segments);
				if (forAudience.recipients() > 0) {
					estimate = forAudience;
				}
			}
			catch (InvalidInputException | NotFoundException ex) {
				// the review step reports the audience; price one message meanwhile
			}
		}
		long recipients = Math.max(estimate.recipients(), 1);
		return estimate.total()
			.movePointRight(6)
			.divide(BigDecimal.valueOf(recipients), 0, RoundingMode.HALF_UP)
			.longValueExact();
	}

	private void useTemplate(Actor actor, Map<String, String> fields, Model model) {
		UUID templateId = WizardFields.optionalId(fields, "templateId");
		if (templateId == null) {
			Forms.reject(model, Map.of("templateId", "Choose a template to use"));
			return;
		}
		try {
			MessageTemplate template = this.templates.get(actor, templateId);
			EmailContent email = template.email();
			if (email != null) {
				fields.put("subject", email.subject());
				fields.put("preheader", (email.preheader() != null) ? email.preheader() : "");
				fields.put("html", email.html());
			}
			else {
				fields.put("body", String.valueOf(template.body()));
			}
			fields.put("category", template.category());
		}
		catch (NotFoundException ex) {
			Forms.reject(model, Map.of("templateId", "Choose one of the offered templates"));
		}
	}

	/**
	 * The tree an audience stands for, checking that its segment or list is the actor's.
	 */
	private Criterion criteria(Actor actor, @Nullable Audience audience) {
		if (audience == null) {
			throw new InvalidInputException("audienceKind", "Choose who the broadcast goes to");
		}
		return switch (audience.kind()) {
			case CRITERIA -> audience.criteria();
			case SEGMENT -> {
				try {
					yield this.segments.get(actor, audience.segmentId()).criteria();
				}
				catch (NotFoundException ex) {
					throw new InvalidInputException("segmentId", "Choose one of the offered segments");
				}
			}
			case LIST -> {
				try {
					this.lists.get(actor, audience.listId());
				}
				catch (NotFoundException ex) {
					throw new InvalidInputException("listId", "Choose one of the offered lists");
				}
				yield Condition.of("list", "equals", audience.listId().toString());
			}
		};
	}

	/** A store's broadcast reaches that store's contacts only, as the launcher does. */
	private static Criterion inStore(Criterion tree, @Nullable StoreId store) {
		return (store != null) ? Group.and(tree, Condition.of("store", "equals", store.toString())) : tree;
	}

	private static List<String> missing(Broadcast broadcast, @Nullable EmailContent email) {
		List<String> missing = new java.util.ArrayList<>();
		if (broadcast.draft().audience() == null) {
			missing.add("Choose who the broadcast goes to (Audience).");
		}
		if (broadcast.channels().contains(Channel.EMAIL) && email == null) {
			missing.add("Write the email: subject and HTML (Message).");
		}
		if (broadcast.draft().hasTextChannel()
				&& (broadcast.draft().body() == null || broadcast.draft().body().isBlank())) {
			missing.add(broadcast.draft().multiChannel() ? "Write the text message (Message)."
					: "Write the message (Message).");
		}
		return missing;
	}

	/**
	 * The fields every step shows, with an email broadcast's subject, preheader and HTML.
	 */
	/** Whether WhatsApp gets a box of its own: beside another text channel. */
	private static boolean ownWhatsAppText(Broadcast broadcast) {
		return broadcast.channels().contains(Channel.WHATSAPP) && broadcast.channels()
			.stream()
			.anyMatch((channel) -> channel != Channel.WHATSAPP && channel != Channel.EMAIL);
	}

	private Map<String, String> fields(Actor actor, Broadcast broadcast) {
		Map<String, String> fields = WizardFields.of(broadcast, zone(actor, broadcast.storeId()));
		if (ownWhatsAppText(broadcast)) {
			fields.put("whatsappBody", this.broadcasts.whatsappBody(actor, broadcast.id()).orElse(""));
		}
		if (broadcast.channels().contains(Channel.EMAIL)) {
			EmailContent email = this.broadcasts.email(actor, broadcast.id()).orElse(null);
			fields.put("subject", (email != null) ? email.subject() : "");
			fields.put("preheader", (email != null && email.preheader() != null) ? email.preheader() : "");
			fields.put("html", (email != null) ? email.html() : "");
		}
		return fields;
	}

	private List<Option> storeOptions(Actor actor) {
		return this.stores.listAll(actor.requireTenant())
			.stream()
			.filter((store) -> actor.canActOnStore(store.getId()))
			.map((store) -> new Option(store.getId().toString(), store.getName()))
			.toList();
	}

	/** The zone a store-local date and time is read in: the store's, else UTC. */
	private ZoneId zone(Actor actor, @Nullable StoreId store) {
		if (store == null) {
			return ZoneOffset.UTC;
		}
		try {
			return this.stores.get(actor, store).getTimezone();
		}
		catch (RuntimeException ex) {
			return ZoneOffset.UTC;
		}
	}

	static UUID broadcastId(String id) {
		return PathIds.uuid("Broadcast", id);
	}

	private static WizardStep wizardStep(String key) {
		return WizardStep.fromKey(key).orElseThrow(() -> new NotFoundException("Wizard step", key));
	}

}
