package com.herald.web.segment;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.audience.AudienceFields;
import com.herald.audience.AudienceService;
import com.herald.audience.ListService;
import com.herald.audience.Operator;
import com.herald.audience.Segment;
import com.herald.audience.SegmentService;
import com.herald.consent.Channel;
import com.herald.contact.ContactPermissions;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.CriteriaRows;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.Paging;
import com.herald.web.PathIds;
import com.herald.web.list.ListOptions;

/**
 * Saved segments: the paged list and the builder, whose live panel shows how many
 * contacts the criteria match, how many each channel reaches and a sample, refreshed as
 * the criteria change. Everyone who sees contacts may open and count a segment (within
 * their stores); {@link SegmentService} lets only tenant admins change them.
 */
@Controller
@RequestMapping("/segments")
class SegmentController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	static final String EDITORS = "hasRole('TENANT_ADMIN')";

	static final int SAMPLE = 10;

	/** Condition rows the builder shows. */
	static final int ROWS = 5;

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private static final List<Channel> REACHED = List.of(Channel.SMS, Channel.EMAIL, Channel.PUSH);

	private final SegmentService segments;

	private final AudienceService audiences;

	private final ListService lists;

	private final CurrentActor currentActor;

	SegmentController(SegmentService segments, AudienceService audiences, ListService lists,
			CurrentActor currentActor) {
		this.lists = lists;
		this.segments = segments;
		this.audiences = audiences;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Page<Segment> found = this.segments.list(actor, Math.max(page, 1) - 1, Paging.SIZE);
		model.addAttribute("segments", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		model.addAttribute("canChange", ContactPermissions.canChangeEveryStore(actor));
		model.addAttribute("utc", UTC);
		return "segments/list";
	}

	@GetMapping("/new")
	@PreAuthorize(EDITORS)
	String newSegment(HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("logic", "AND");
		return form(model, actor, null, fields, null);
	}

	@PostMapping
	@PreAuthorize(EDITORS)
	String create(@RequestParam Map<String, String> fields, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		CriteriaRows.Built built = null;
		try {
			built = CriteriaRows.read(pickList(fields), ROWS);
			Segment segment = this.segments.create(actor, fields.getOrDefault("name", "").strip(), built.tree());
			redirect.addFlashAttribute("flashSuccess", "Segment " + segment.name() + " is saved.");
			return "redirect:/segments/" + segment.id() + "/edit";
		}
		catch (InvalidInputException ex) {
			return rejected(model, actor, null, fields, built, ex);
		}
	}

	@GetMapping("/{id}/edit")
	@PreAuthorize(READERS)
	String edit(@PathVariable String id, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Segment segment = this.segments.get(actor, PathIds.uuid("Segment", id));
		Map<String, String> fields = new LinkedHashMap<>();
		CriteriaRows.write(segment.criteria(), ROWS, fields);
		fields.put("name", segment.name());
		return form(model, actor, segment, fields, CriteriaRows.read(fields, ROWS));
	}

	@PostMapping("/{id}")
	@PreAuthorize(EDITORS)
	String update(@PathVariable String id, @RequestParam Map<String, String> fields, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		// reading it first gives the 404 page for a segment that is not theirs
		Segment segment = this.segments.get(actor, PathIds.uuid("Segment", id));
		CriteriaRows.Built built = null;
		try {
			built = CriteriaRows.read(pickList(fields), ROWS);
			Segment saved = this.segments.update(actor, segment.id(), fields.getOrDefault("name", "").strip(),
					built.tree());
			redirect.addFlashAttribute("flashSuccess", "Segment " + saved.name() + " is saved.");
			return "redirect:/segments/" + segment.id() + "/edit";
		}
		catch (InvalidInputException ex) {
			return rejected(model, actor, segment, fields, built, ex);
		}
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize(EDITORS)
	String delete(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Segment segment = this.segments.get(actor, PathIds.uuid("Segment", id));
		this.segments.delete(actor, segment.id());
		redirect.addFlashAttribute("flashSuccess", "Segment " + segment.name() + " is deleted.");
		return "redirect:/segments";
	}

	/** The live panel: counts and a sample of what the criteria as typed match. */
	@PostMapping("/preview")
	@PreAuthorize(READERS)
	String preview(@RequestParam Map<String, String> fields, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		CriteriaRows.Built built = null;
		try {
			built = CriteriaRows.read(pickList(fields), ROWS);
			panel(model, actor, built);
		}
		catch (InvalidInputException ex) {
			model.addAttribute("nodeErrors", nodeErrors(ex, built));
		}
		return "segments/form :: panel";
	}

	private String rejected(Model model, Actor actor, @Nullable Segment segment, Map<String, String> fields,
			CriteriaRows.@Nullable Built built, InvalidInputException ex) {
		Map<String, String> errors = new LinkedHashMap<>();
		Map<String, String> nodes = new LinkedHashMap<>();
		ex.getFieldErrors().forEach((field, message) -> {
			if (field.equals("name") || field.startsWith("field")) {
				errors.put(field, message);
			}
			else {
				nodes.put(field, message);
			}
		});
		Forms.reject(model, errors);
		if (!nodes.isEmpty()) {
			model.addAttribute("nodeErrors", nodeErrors(new InvalidInputException(nodes), built));
			return form(model, actor, segment, fields, null);
		}
		// only the name was wrong: the panel still checks and counts the criteria
		return form(model, actor, segment, fields, built);
	}

	private String form(Model model, Actor actor, @Nullable Segment segment, Map<String, String> fields,
			CriteriaRows.@Nullable Built built) {
		model.addAttribute("segment", segment);
		model.addAttribute("fields", fields);
		model.addAttribute("canChange", ContactPermissions.canChangeEveryStore(actor));
		model.addAttribute("rows", IntStream.range(0, ROWS).boxed().toList());
		model.addAttribute("fieldOptions",
				AudienceFields.all()
					.stream()
					.filter((f) -> f.available() && !f.key().equals(AudienceFields.ATTRIBUTE))
					.map((f) -> new Option(f.key(), f.label()))
					.toList());
		model.addAttribute("attributeOptions",
				AudienceFields.SUGGESTED_ATTRIBUTES.stream()
					.map((key) -> new Option("attributes." + key, "Attribute: " + key.replace('_', ' ')))
					.toList());
		model.addAttribute("operatorOptions",
				Arrays.stream(Operator.values()).map((o) -> new Option(o.key(), AudienceFields.label(o))).toList());
		model.addAttribute("logicOptions",
				List.of(new Option("AND", "All of the conditions"), new Option("OR", "Any of the conditions")));
		model.addAttribute("listOptions", ListOptions.of(this.lists, actor, fields.get("listQ")));
		if (built != null) {
			try {
				panel(model, actor, built);
			}
			catch (InvalidInputException ex) {
				model.addAttribute("nodeErrors", nodeErrors(ex, built));
			}
		}
		return "segments/form";
	}

	/**
	 * The list picker's choice becomes a "Static list is" condition in the first free
	 * row, so it is saved, counted and shown like any other condition.
	 */
	private static Map<String, String> pickList(Map<String, String> fields) {
		String listId = fields.getOrDefault("listId", "").strip();
		if (listId.isEmpty()) {
			return fields;
		}
		for (int i = 0; i < ROWS; i++) {
			if (fields.getOrDefault("field" + i, "").isBlank()) {
				fields.put("field" + i, "list");
				fields.put("operator" + i, "equals");
				fields.put("value" + i, listId);
				fields.remove("listId");
				fields.remove("listQ");
				return fields;
			}
		}
		throw new InvalidInputException("listId", "Every condition row is in use: clear one to add the list");
	}

	private void panel(Model model, Actor actor, CriteriaRows.Built built) {
		model.addAttribute("counts", this.audiences.counts(actor, built.tree()));
		model.addAttribute("sample", this.audiences.sample(actor, built.tree(), SAMPLE));
		model.addAttribute("channels", REACHED);
	}

	/** Each bad node's error, with its path and the row it belongs to. */
	private static List<NodeError> nodeErrors(InvalidInputException ex, CriteriaRows.@Nullable Built built) {
		List<NodeError> errors = new ArrayList<>();
		ex.getFieldErrors()
			.forEach((path, message) -> errors
				.add(new NodeError(path, message, (built != null) ? built.row(path) : null)));
		return errors;
	}

	/**
	 * A criteria node's error.
	 *
	 * @param path where in the tree, e.g. {@code root.children[1].values[0]}
	 * @param message what is wrong
	 * @param row the builder row it belongs to, if any
	 */
	record NodeError(String path, String message, @Nullable Integer row) {

	}

}
