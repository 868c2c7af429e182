package com.herald.web.email;

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

import com.herald.email.EmailSettings;
import com.herald.email.EmailSettingsService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Option;
import com.herald.web.StoreSettingsPages;

/**
 * The tenant's (or a store's) sender identity, email providers and SendGrid account.
 * Tenant admins; store managers see and change the sender identity of their own stores.
 */
@Controller
@RequestMapping("/settings/email")
class EmailSettingsController {

	private static final List<Option> PROVIDERS = List.of(new Option("sendgrid", "SendGrid"),
			new Option("smtp", "SMTP server"));

	private final EmailSettingsService settings;

	private final StoreService stores;

	private final CurrentActor currentActor;

	EmailSettingsController(EmailSettingsService settings, StoreService stores, CurrentActor currentActor) {
		this.settings = settings;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	String show(@RequestParam(name = "store", required = false) @Nullable UUID store, HttpServletRequest request,
			Model model) {
		Actor actor = this.currentActor.get(request);
		StoreId storeId = StoreSettingsPages.storeId(store);
		if (storeId == null && actor.hasRole(Role.STORE_MANAGER) && !actor.storeIds().isEmpty()) {
			// a store manager has no tenant-wide settings: show their first store's
			storeId = myStores(actor).stream()
				.findFirst()
				.map((o) -> new StoreId(UUID.fromString(o.value())))
				.orElse(null);
		}
		EmailSettings current = this.settings.get(actor, storeId);
		model.addAttribute("form", EmailSettingsForm.of(current));
		return page(actor, current, model);
	}

	@PostMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	String save(@ModelAttribute("form") EmailSettingsForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		StoreId store = StoreSettingsPages.parseStoreId(form.storeId());
		return StoreSettingsPages.save("/settings/email", store, () -> this.settings.save(actor, store, form.change()),
				() -> {
					model.addAttribute("form", form.withoutKey());
					return page(actor, this.settings.get(actor, store), model);
				}, "Email settings saved.", model, redirect);
	}

	private String page(Actor actor, EmailSettings current, Model model) {
		model.addAttribute("settings", current);
		model.addAttribute("stores", myStores(actor));
		model.addAttribute("tenantAdmin", actor.hasRole(Role.TENANT_ADMIN));
		model.addAttribute("providers", PROVIDERS);
		model.addAttribute("selectedStore", (current.storeId() != null) ? current.storeId().toString() : "");
		return "settings/email";
	}

	private List<Option> myStores(Actor actor) {
		return StoreSettingsPages.storeOptions(this.stores, actor);
	}

}
