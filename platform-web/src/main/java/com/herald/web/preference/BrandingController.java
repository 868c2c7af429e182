package com.herald.web.preference;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.preference.BrandingService;
import com.herald.preference.BrandingSettings;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;

/**
 * How the tenant's public unsubscribe and preference pages look: name, logo, colour.
 * Tenant admins.
 */
@Controller
@RequestMapping("/settings/branding")
class BrandingController {

	private final BrandingService branding;

	private final CurrentActor currentActor;

	BrandingController(BrandingService branding, CurrentActor currentActor) {
		this.branding = branding;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String show(HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		model.addAttribute("form", this.branding.settings(actor));
		model.addAttribute("preview", this.branding.get(actor.requireTenant()));
		return "settings/branding";
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String save(@ModelAttribute("form") BrandingSettings form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			this.branding.update(actor, form);
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			model.addAttribute("form", form);
			model.addAttribute("preview", this.branding.get(actor.requireTenant()));
			return "settings/branding";
		}
		redirect.addFlashAttribute("flashSuccess", "Branding saved.");
		return "redirect:/settings/branding";
	}

}
