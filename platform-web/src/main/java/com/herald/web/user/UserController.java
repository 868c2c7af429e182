package com.herald.web.user;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
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

import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Invitation;
import com.herald.tenancy.InvitationId;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.InvitationStatus;
import com.herald.tenancy.Member;
import com.herald.tenancy.MembershipId;
import com.herald.tenancy.MembershipService;
import com.herald.tenancy.Role;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Forms;
import com.herald.web.Links;
import com.herald.web.Option;
import com.herald.web.Paging;

/**
 * The people of a tenant, for its tenant admins: members (change role and stores,
 * remove), invitations (revoke), and the invite form, whose link is shown once.
 */
@Controller
@RequestMapping("/users")
class UserController {

	/** How many of the newest invitations the page lists. */
	private static final int INVITATIONS_SHOWN = 50;

	private static final List<Option> ROLES = List.of(new Option(Role.TENANT_ADMIN.name(), "Tenant admin"),
			new Option(Role.STORE_MANAGER.name(), "Store manager"),
			new Option(Role.COMPLIANCE_OFFICER.name(), "Compliance officer"));

	private final MembershipService memberships;

	private final InvitationService invitations;

	private final StoreService stores;

	private final CurrentActor currentActor;

	UserController(MembershipService memberships, InvitationService invitations, StoreService stores,
			CurrentActor currentActor) {
		this.memberships = memberships;
		this.invitations = invitations;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	/** A member as the table shows them. */
	record MemberRow(Member member, String stores, boolean self) {

	}

	/** An invitation as the table shows it. */
	record InvitationRow(Invitation invitation, InvitationStatus status, String stores) {

		public boolean pending() {
			return this.status == InvitationStatus.PENDING;
		}

	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Map<StoreId, String> storeNames = storeNames(actor);
		Page<Member> members = this.memberships.list(actor, Paging.request(page, Sort.by("createdAt")));
		model.addAttribute("members",
				members.getContent()
					.stream()
					.map((member) -> new MemberRow(member, names(member.storeIds(), storeNames),
							Objects.equals(member.userId().toString(), actor.id())))
					.toList());
		model.addAttribute("paging", Paging.of(members, request));
		Instant now = Instant.now();
		model.addAttribute("invitations",
				this.invitations
					.list(actor, PageRequest.of(0, INVITATIONS_SHOWN, Sort.by(Sort.Direction.DESC, "createdAt")))
					.stream()
					.map((invitation) -> new InvitationRow(invitation, invitation.status(now),
							names(invitation.getStoreIds(), storeNames)))
					.toList());
		return "users/list";
	}

	@GetMapping("/invitations/new")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String newInvitation(HttpServletRequest request, Model model) {
		return inviteForm(model, InviteForm.empty(), this.currentActor.get(request));
	}

	@PostMapping("/invitations")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String invite(@ModelAttribute("form") InviteForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			Role role = role(form.role());
			String token = this.invitations
				.invite(actor, Objects.toString(form.email(), ""), role,
						(role == Role.STORE_MANAGER) ? storeIds(form.stores()) : Set.of())
				.token();
			redirect.addFlashAttribute("invitationLink", Links.invitation(token));
			redirect.addFlashAttribute("invitedEmail", Objects.toString(form.email(), "").strip());
			return "redirect:/users";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return inviteForm(model, form, actor);
		}
	}

	@PostMapping("/invitations/{id}/revoke")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String revoke(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		this.invitations.revoke(this.currentActor.get(request), new InvitationId(id));
		redirect.addFlashAttribute("flashSuccess", "The invitation is revoked: its link no longer works.");
		return "redirect:/users";
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String member(@PathVariable UUID id, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		Member member = this.memberships.get(actor, new MembershipId(id));
		return memberForm(model, member,
				new MemberForm(member.role().name(), member.storeIds().stream().map(StoreId::toString).toList()),
				actor);
	}

	@PostMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String change(@PathVariable UUID id, @ModelAttribute("form") MemberForm form, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Member member = this.memberships.get(actor, new MembershipId(id));
		try {
			Role role = role(form.role());
			Member changed = this.memberships.change(actor, new MembershipId(id), role,
					(role == Role.STORE_MANAGER) ? storeIds(form.stores()) : Set.of());
			redirect.addFlashAttribute("flashSuccess", changed.email() + " is saved.");
			return "redirect:/users";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return memberForm(model, member, form, actor);
		}
	}

	@PostMapping("/{id}/remove")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String remove(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Member member = this.memberships.get(actor, new MembershipId(id));
		this.memberships.remove(actor, new MembershipId(id));
		redirect.addFlashAttribute("flashSuccess", member.email() + " no longer works for this tenant.");
		return "redirect:/users";
	}

	private String inviteForm(Model model, InviteForm form, Actor actor) {
		model.addAttribute("form", form);
		model.addAttribute("roles", ROLES);
		model.addAttribute("storeOptions", storeOptions(actor));
		return "users/invite";
	}

	private String memberForm(Model model, Member member, MemberForm form, Actor actor) {
		model.addAttribute("member", member);
		model.addAttribute("self", Objects.equals(member.userId().toString(), actor.id()));
		model.addAttribute("form", form);
		model.addAttribute("roles", ROLES);
		model.addAttribute("storeOptions", storeOptions(actor));
		return "users/member";
	}

	private List<Option> storeOptions(Actor actor) {
		return this.stores.listAll(actor.requireTenant())
			.stream()
			.map((store) -> new Option(store.getId().toString(), store.getName()))
			.toList();
	}

	private Map<StoreId, String> storeNames(Actor actor) {
		return this.stores.listAll(actor.requireTenant())
			.stream()
			.collect(Collectors.toMap(Store::getId, Store::getName, (a, b) -> a));
	}

	private static String names(Collection<StoreId> ids, Map<StoreId, String> storeNames) {
		return ids.stream()
			.map((id) -> storeNames.getOrDefault(id, "(removed store)"))
			.sorted()
			.collect(Collectors.joining(", "));
	}

	private static Role role(@Nullable String value) {
		try {
			Role role = Role.valueOf(Objects.toString(value, ""));
			if (role.isTenantRole()) {
				return role;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new InvalidInputException("role", "Choose a role");
	}

	private static Set<StoreId> storeIds(List<String> values) {
		try {
			return values.stream().map(StoreId::of).collect(Collectors.toCollection(LinkedHashSet::new));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("storeIds", "Choose stores of this tenant");
		}
	}

}
