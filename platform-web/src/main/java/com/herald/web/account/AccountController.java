package com.herald.web.account;

import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.security.CurrentActor;
import com.herald.security.HeraldPrincipal;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.UserAccountService;
import com.herald.web.Forms;

/** The signed-in person's own account: who they are, where they work, their password. */
@Controller
@RequestMapping("/account")
class AccountController {

	private final UserAccountService accounts;

	private final CurrentActor currentActor;

	AccountController(UserAccountService accounts, CurrentActor currentActor) {
		this.accounts = accounts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("isAuthenticated()")
	String show(Model model) {
		HeraldPrincipal principal = CurrentActor.principal();
		model.addAttribute("me", principal);
		model.addAttribute("hasPassword",
				principal.userId() != null && this.accounts.findById(principal.userId())
					.map((user) -> user.getPasswordHash() != null)
					.orElse(false));
		return "account/show";
	}

	@PostMapping("/password")
	@PreAuthorize("isAuthenticated()")
	String changePassword(@RequestParam(name = "currentPassword", defaultValue = "") String currentPassword,
			@RequestParam(name = "newPassword", defaultValue = "") String newPassword,
			@RequestParam(name = "confirmPassword", defaultValue = "") String confirmPassword,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		try {
			if (!Objects.equals(newPassword, confirmPassword)) {
				throw new InvalidInputException(Map.of("confirmPassword", "The two new passwords are not the same"));
			}
			this.accounts.changePassword(this.currentActor.get(request), currentPassword, newPassword);
			redirect.addFlashAttribute("flashSuccess", "Your password is changed.");
			return "redirect:/account";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return show(model);
		}
	}

}
