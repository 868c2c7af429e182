package com.herald.web.superadmin;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Role;
import com.herald.tenancy.UserAccount;
import com.herald.tenancy.UserAccountService;
import com.herald.web.Forms;
import com.herald.web.Paging;

/** The people who run the platform: list them and add another. */
@Controller
@RequestMapping("/admin/super-admins")
class SuperAdminController {

	private final UserAccountService accounts;

	private final CurrentActor currentActor;

	SuperAdminController(UserAccountService accounts, CurrentActor currentActor) {
		this.accounts = accounts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		model.addAttribute("form", SuperAdminForm.empty());
		return show(page, request, model);
	}

	@PostMapping
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	String create(@ModelAttribute("form") SuperAdminForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		try {
			if (!Objects.equals(form.password(), form.confirmPassword())) {
				throw new InvalidInputException(Map.of("confirmPassword", "The two passwords are not the same"));
			}
			UserAccount created = this.accounts.createSuperAdmin(platform(request), Objects.toString(form.email(), ""),
					Objects.toString(form.displayName(), ""), Objects.toString(form.password(), ""));
			redirect.addFlashAttribute("flashSuccess", created.getEmail()
					+ " is a super admin now. Give them their password through a channel you trust.");
			return "redirect:/admin/super-admins";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return show(1, request, model);
		}
	}

	private String show(int page, HttpServletRequest request, Model model) {
		Page<UserAccount> admins = this.accounts.listSuperAdmins(platform(request),
				Paging.request(page, Sort.by("email")));
		model.addAttribute("admins", admins.getContent());
		model.addAttribute("paging", Paging.of(admins, request));
		return "super-admins/list";
	}

	private Actor platform(HttpServletRequest request) {
		return this.currentActor.get(request).withTenant(null, Role.SUPER_ADMIN, Set.of());
	}

}
