package com.herald.web.tenant;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
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
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Role;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantService;
import com.herald.web.Forms;
import com.herald.web.Links;
import com.herald.web.Paging;

/**
 * The platform's tenants, for super admins: search and page through them, create one (and
 * invite its first tenant admin), rename, suspend and reactivate.
 */
@Controller
@RequestMapping("/admin/tenants")
class TenantController {

	private final TenantService tenants;

	private final InvitationService invitations;

	private final CurrentActor currentActor;

	TenantController(TenantService tenants, InvitationService invitations, CurrentActor currentActor) {
		this.tenants = tenants;
		this.invitations = invitations;
		this.currentActor = currentActor;
	}

	/**
	 * The list; a live search (htmx) gets only the rows, a full page load (or htmx's
	 * history restore) the page.
	 */
	@GetMapping
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String list(@RequestParam(name = "q", defaultValue = "") String query,
			@RequestParam(name = "page", defaultValue = "1") int page, HtmxRequest htmx, HttpServletRequest request,
			Model model) {
		Page<Tenant> found = this.tenants.list(platform(request), query, Paging.request(page, Sort.by("name")));
		model.addAttribute("q", query);
		model.addAttribute("tenants", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest() && "tenant-rows".equals(htmx.getTarget())) {
			return "tenants/list :: rows";
		}
		return "tenants/list";
	}

	@GetMapping("/new")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String newTenant(Model model) {
		model.addAttribute("form", TenantForm.empty());
		return "tenants/new";
	}

	/**
	 * Creates the tenant, then, when an email is given, invites its first tenant admin
	 * and shows the link once on the tenant's page.
	 */
	@PostMapping
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String create(@ModelAttribute("form") TenantForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		boolean inviteAdmin = !Forms.isBlank(form.adminEmail());
		if (inviteAdmin && !Forms.isEmail(form.adminEmail())) {
			// checked before the tenant exists, so a typo leaves nothing half-made
			Forms.reject(model, Map.of("adminEmail", "Enter a valid email address, like name@example.com"));
			return "tenants/new";
		}
		Tenant tenant;
		try {
			tenant = this.tenants.create(platform(request), form.slug(), form.name());
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return "tenants/new";
		}
		redirect.addFlashAttribute("flashSuccess", "Tenant " + tenant.getName() + " is created.");
		if (inviteAdmin) {
			inviteAdmin(request, tenant.getId(), form.adminEmail(), redirect);
		}
		return "redirect:/admin/tenants/" + tenant.getId();
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String detail(@PathVariable UUID id, HttpServletRequest request, Model model) {
		Tenant tenant = this.tenants.get(platform(request), new TenantId(id));
		model.addAttribute("tenant", tenant);
		model.addAttribute("renameName", tenant.getName());
		return "tenants/detail";
	}

	@PostMapping("/{id}/name")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String rename(@PathVariable UUID id, @RequestParam(name = "name", defaultValue = "") String name,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		try {
			Tenant tenant = this.tenants.rename(platform(request), new TenantId(id), name);
			redirect.addFlashAttribute("flashSuccess", "The tenant is now called " + tenant.getName() + ".");
			return "redirect:/admin/tenants/" + id;
		}
		catch (InvalidInputException ex) {
			model.addAttribute("tenant", this.tenants.get(platform(request), new TenantId(id)));
			model.addAttribute("renameName", name);
			Forms.reject(model, ex);
			return "tenants/detail";
		}
	}

	@PostMapping("/{id}/suspend")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String suspend(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenants.suspend(platform(request), new TenantId(id));
		redirect.addFlashAttribute("flashSuccess",
				tenant.getName() + " is suspended: its people are signed out and its API keys stop working.");
		return "redirect:/admin/tenants/" + id;
	}

	@PostMapping("/{id}/reactivate")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String reactivate(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenants.reactivate(platform(request), new TenantId(id));
		redirect.addFlashAttribute("flashSuccess", tenant.getName() + " is active again.");
		return "redirect:/admin/tenants/" + id;
	}

	/** Invites a tenant admin to an existing tenant (the first one, or a replacement). */
	@PostMapping("/{id}/invitations")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String invite(@PathVariable UUID id, @RequestParam(name = "email", defaultValue = "") String email,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Tenant tenant = this.tenants.get(platform(request), new TenantId(id));
		try {
			String link = issueInvitation(request, tenant.getId(), email);
			redirect.addFlashAttribute("invitationLink", link);
			redirect.addFlashAttribute("invitedEmail", email.strip());
			return "redirect:/admin/tenants/" + id;
		}
		catch (InvalidInputException ex) {
			model.addAttribute("tenant", tenant);
			model.addAttribute("renameName", tenant.getName());
			model.addAttribute("inviteEmail", email);
			Forms.reject(model, ex);
			return "tenants/detail";
		}
	}

	private void inviteAdmin(HttpServletRequest request, TenantId tenant, @Nullable String email,
			RedirectAttributes redirect) {
		try {
			redirect.addFlashAttribute("invitationLink", issueInvitation(request, tenant, email));
			redirect.addFlashAttribute("invitedEmail", (email != null) ? email.strip() : "");
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError",
					"The tenant is created, but the invitation was not: " + ex.getMessage());
		}
	}

	private String issueInvitation(HttpServletRequest request, TenantId tenant, @Nullable String email) {
		Actor inTenant = platform(request).withTenant(tenant, Role.SUPER_ADMIN, Set.of());
		String token = this.invitations.invite(inTenant, (email != null) ? email : "", Role.TENANT_ADMIN, Set.of())
			.token();
		return Links.invitation(token);
	}

	/**
	 * Super admins act on the platform, whichever tenant they have picked to work in.
	 */
	private Actor platform(HttpServletRequest request) {
		return this.currentActor.get(request).withTenant(null, Role.SUPER_ADMIN, Set.of());
	}

}
