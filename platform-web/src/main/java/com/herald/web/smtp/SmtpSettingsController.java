package com.herald.web.smtp;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.email.smtp.SmtpSecurity;
import com.herald.email.smtp.SmtpSettings;
import com.herald.email.smtp.SmtpSettingsService;
import com.herald.email.tracking.EmailTracking;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Option;
import com.herald.web.StoreSettingsPages;

/**
 * The tenant's (or a store's) SMTP server, and the tenant's open and click tracking of
 * SMTP email. Tenant admins.
 */
@Controller
@RequestMapping("/settings/smtp")
class SmtpSettingsController {

	private static final List<Option> SECURITY = List.of(
			new Option(SmtpSecurity.STARTTLS.key(), "STARTTLS (usually port 587)"),
			new Option(SmtpSecurity.SSL.key(), "SSL/TLS from the start (usually port 465)"),
			new Option(SmtpSecurity.NONE.key(), "None (a relay on a private network only)"));

	private final SmtpSettingsService settings;

	private final EmailTracking tracking;

	private final StoreService stores;

	private final CurrentActor currentActor;

	SmtpSettingsController(SmtpSettingsService settings, EmailTracking tracking, StoreService stores,
			CurrentActor currentActor) {
		this.settings = settings;
		this.tracking = tracking;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String show(@RequestParam(name = "store", required = false) @Nullable UUID store, HttpServletRequest request,
			Model model) {
		Actor actor = this.currentActor.get(request);
		SmtpSettings current = this.settings.get(actor, StoreSettingsPages.storeId(store));
		model.addAttribute("form", SmtpSettingsForm.of(current));
		return page(actor, current, model);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String save(@ModelAttribute("form") SmtpSettingsForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		StoreId store = StoreSettingsPages.parseStoreId(form.storeId());
		return StoreSettingsPages.save("/settings/smtp", store, () -> this.settings.save(actor, store, form.change()),
				() -> {
					model.addAttribute("form", form.withoutPassword());
					return page(actor, this.settings.get(actor, store), model);
				}, "SMTP settings saved.", model, redirect);
	}

	@PostMapping("/tracking")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String tracking(@RequestParam(defaultValue = "false") boolean enabled, HttpServletRequest request,
			RedirectAttributes redirect) {
		this.tracking.set(this.currentActor.get(request), enabled);
		redirect.addFlashAttribute("flashSuccess",
				enabled ? "Opens and clicks are tracked from now on." : "Opens and clicks are no longer tracked.");
		return "redirect:/settings/smtp";
	}

	private String page(Actor actor, SmtpSettings current, Model model) {
		model.addAttribute("settings", current);
		model.addAttribute("tracking", this.tracking.get(actor));
		model.addAttribute("stores", StoreSettingsPages.storeOptions(this.stores, actor));
		model.addAttribute("securityOptions", SECURITY);
		model.addAttribute("selectedStore", (current.storeId() != null) ? current.storeId().toString() : "");
		return "settings/smtp";
	}

}
