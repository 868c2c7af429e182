package com.herald.web.store;

import java.util.UUID;

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
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Forms;
import com.herald.web.Paging;

/**
 * A tenant's stores. Tenant admins create and edit any; store managers see and edit only
 * their own (the service refuses the others, which shows the 403 page).
 */
@Controller
@RequestMapping("/stores")
class StoreController {

	private final StoreService stores;

	private final CurrentActor currentActor;

	StoreController(StoreService stores, CurrentActor currentActor) {
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Page<Store> found = this.stores.list(this.currentActor.get(request), Paging.request(page, Sort.by("name")));
		model.addAttribute("stores", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		return "stores/list";
	}

	@GetMapping("/new")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String newStore(Model model) {
		return form(model, StoreForm.empty(), null);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String create(@ModelAttribute("form") StoreForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		try {
			Store store = this.stores.create(this.currentActor.get(request), form.toDetails());
			redirect.addFlashAttribute("flashSuccess", "Store " + store.getName() + " is created.");
			return "redirect:/stores/" + store.getId();
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return form(model, form, null);
		}
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	String detail(@PathVariable UUID id, HttpServletRequest request, Model model) {
		Store store = this.stores.get(this.currentActor.get(request), new StoreId(id));
		return form(model, StoreForm.of(store.getDetails()), store);
	}

	@PostMapping("/{id}")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	String update(@PathVariable UUID id, @ModelAttribute("form") StoreForm form, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		// reading it first gives the 403 or 404 page for a store that is not theirs
		Store store = this.stores.get(this.currentActor.get(request), new StoreId(id));
		try {
			Store updated = this.stores.update(this.currentActor.get(request), new StoreId(id), form.toDetails());
			redirect.addFlashAttribute("flashSuccess", "Store " + updated.getName() + " is saved.");
			return "redirect:/stores/" + id;
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return form(model, form, store);
		}
	}

	private static String form(Model model, StoreForm form, @Nullable Store store) {
		model.addAttribute("form", form);
		model.addAttribute("store", store);
		model.addAttribute("timezones", StoreChoices.timezonesWith(form.timezone()));
		model.addAttribute("countries", StoreChoices.COUNTRIES);
		return "stores/form";
	}

}
