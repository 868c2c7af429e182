package com.herald.web.sms;

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

import com.herald.security.CurrentActor;
import com.herald.sms.SmsSettings;
import com.herald.sms.SmsSettingsService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Option;
import com.herald.web.StoreSettingsPages;

/** The tenant's (or a store's) Twilio account, senders and HELP reply. Tenant admins. */
@Controller
@RequestMapping("/settings/sms")
class SmsSettingsController {

	private final SmsSettingsService settings;

	private final StoreService stores;

	private final CurrentActor currentActor;

	SmsSettingsController(SmsSettingsService settings, StoreService stores, CurrentActor currentActor) {
		this.settings = settings;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String show(@RequestParam(name = "store", required = false) @Nullable UUID store, HttpServletRequest request,
			Model model) {
		Actor actor = this.currentActor.get(request);
		SmsSettings current = this.settings.get(actor, StoreSettingsPages.storeId(store));
		model.addAttribute("form", SmsSettingsForm.of(current));
		return page(actor, current, model);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String save(@ModelAttribute("form") SmsSettingsForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		StoreId store = StoreSettingsPages.parseStoreId(form.storeId());
		return StoreSettingsPages.save("/settings/sms", store, () -> this.settings.save(actor, store, form.change()),
				() -> {
					model.addAttribute("form", form.withoutToken());
					return page(actor, this.settings.get(actor, store), model);
				}, "SMS settings saved.", model, redirect);
	}

	private String page(Actor actor, SmsSettings current, Model model) {
		model.addAttribute("settings", current);
		model.addAttribute("stores", StoreSettingsPages.storeOptions(this.stores, actor));
		model.addAttribute("selectedStore", (current.storeId() != null) ? current.storeId().toString() : "");
		return "settings/sms";
	}

}
