package com.herald.web.invitation;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.InvitationService.PendingInvitation;
import com.herald.tenancy.UserAccount;
import com.herald.web.Forms;

/**
 * The public page behind an invitation link (no sign-in: the link's token is the
 * credential). Someone new chooses a name and password; someone with an account just
 * accepts. A used, revoked, expired or made-up link gets a friendly explanation.
 */
@Controller
class InvitationController {

	private final InvitationService invitations;

	InvitationController(InvitationService invitations) {
		this.invitations = invitations;
	}

	@GetMapping("/invitations/{token}")
	String show(@PathVariable String token, HttpServletResponse response, Model model) {
		Optional<PendingInvitation> pending = this.invitations.findPending(token);
		if (pending.isEmpty()) {
			return invalid(response);
		}
		return page(model, token, pending.get(), AcceptForm.empty());
	}

	@PostMapping("/invitations/{token}")
	String accept(@PathVariable String token, @ModelAttribute("form") AcceptForm form, HttpServletRequest request,
			HttpServletResponse response, Model model, RedirectAttributes redirect) {
		Optional<PendingInvitation> pending = this.invitations.findPending(token);
		if (pending.isEmpty()) {
			return invalid(response);
		}
		try {
			if (!pending.get().accountExists() && !Objects.equals(form.password(), form.confirmPassword())) {
				throw new InvalidInputException(Map.of("confirmPassword", "The two passwords are not the same"));
			}
			UserAccount user = this.invitations.accept(token, form.displayName(), form.password(),
					request.getRemoteAddr(), request.getHeader("User-Agent"));
			redirect.addFlashAttribute("flashSuccess",
					"Welcome to " + pending.get().tenantName() + ". Sign in as " + user.getEmail() + " to start.");
			redirect.addAttribute("email", user.getEmail());
			return "redirect:/login";
		}
		catch (InvalidInputException ex) {
			if (ex.getFieldErrors().containsKey("token")) {
				return invalid(response);
			}
			Forms.reject(model, ex);
			return page(model, token, pending.get(), form);
		}
	}

	private static String page(Model model, String token, PendingInvitation pending, AcceptForm form) {
		model.addAttribute("token", token);
		model.addAttribute("pending", pending);
		model.addAttribute("form", form);
		return "invitations/accept";
	}

	/**
	 * Not an error the person caused by clicking: a 404 status (the link leads nowhere)
	 * with a page that says what to do.
	 */
	private static String invalid(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		return "invitations/invalid";
	}

}
