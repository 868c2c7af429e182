package com.herald.web.list;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

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

import com.herald.audience.ContactList;
import com.herald.audience.ListMember;
import com.herald.audience.ListService;
import com.herald.contact.ContactPermissions;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;
import com.herald.web.Paging;
import com.herald.web.PathIds;

/**
 * Static lists: the paged lists with a form to create one, and a list's paged members.
 * Everyone who sees contacts may read them (store managers see only their stores'
 * members); {@link ListService} lets only tenant admins create or delete a list.
 */
@Controller
@RequestMapping("/lists")
class ListController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	static final String EDITORS = "hasRole('TENANT_ADMIN')";

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private final ListService lists;

	private final CurrentActor currentActor;

	ListController(ListService lists, CurrentActor currentActor) {
		this.lists = lists;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		model.addAttribute("fields", Map.of("name", ""));
		return listPage(page, request, model);
	}

	@PostMapping
	@PreAuthorize(EDITORS)
	String create(@RequestParam Map<String, String> fields, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			ContactList created = this.lists.create(actor, fields.getOrDefault("name", ""));
			redirect.addFlashAttribute("flashSuccess", "List " + created.name() + " is created.");
			return "redirect:/lists/" + created.id();
		}
		catch (InvalidInputException ex) {
			// the page shows the form again with what was typed and why it was refused
			Forms.reject(model, ex);
			Map<String, String> typed = new LinkedHashMap<>();
			typed.put("name", fields.getOrDefault("name", ""));
			model.addAttribute("fields", typed);
			return listPage(1, request, model);
		}
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	String detail(@PathVariable String id, @RequestParam(name = "page", defaultValue = "1") int page,
			HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		Page<ListMember> members = this.lists.members(actor, list.id(), Math.max(page, 1) - 1, Paging.SIZE);
		model.addAttribute("list", list);
		model.addAttribute("members", members.getContent());
		model.addAttribute("paging", Paging.of(members, request));
		model.addAttribute("canChange", ContactPermissions.canChangeEveryStore(actor));
		model.addAttribute("utc", UTC);
		return "lists/detail";
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize(EDITORS)
	String delete(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		ContactList list = this.lists.get(actor, PathIds.uuid("List", id));
		this.lists.delete(actor, list.id());
		redirect.addFlashAttribute("flashSuccess", "List " + list.name() + " is deleted.");
		return "redirect:/lists";
	}

	private String listPage(int page, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Page<ContactList> found = this.lists.list(actor, Math.max(page, 1) - 1, Paging.SIZE);
		model.addAttribute("lists", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		model.addAttribute("canChange", ContactPermissions.canChangeEveryStore(actor));
		model.addAttribute("utc", UTC);
		return "lists/list";
	}

}
