package com.herald.web;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;

/**
 * What the settings pages of a tenant or one of its stores (SMS, SMTP, email) share: the
 * store they are for, the stores to choose from, and saving the form.
 */
public final class StoreSettingsPages {

	private StoreSettingsPages() {
	}

	/** The store a page's {@code store} parameter names, or null for the tenant. */
	public static @Nullable StoreId storeId(@Nullable UUID store) {
		return (store != null) ? new StoreId(store) : null;
	}

	/**
	 * The store a form's {@code storeId} field names, or null for the tenant.
	 * @throws InvalidInputException when it is not an id
	 */
	public static @Nullable StoreId parseStoreId(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return new StoreId(UUID.fromString(value.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("storeId", "Choose one of the tenant's stores");
		}
	}

	/** The stores the actor may choose: all of the tenant's, a store manager's own. */
	public static List<Option> storeOptions(StoreService stores, Actor actor) {
		return stores.listAll(actor.requireTenant())
			.stream()
			.filter((s) -> actor.canActOnStore(s.getId()))
			.map((s) -> new Option(s.getId().toString(), s.getName()))
			.toList();
	}

	/**
	 * Saves a settings form: on refused input, the page again with the field errors
	 * ({@code showAgain} puts back the form without its secret, which is never sent back
	 * to the browser); otherwise a redirect to the settings of the same store.
	 * @param path the page, e.g. {@code /settings/sms}
	 * @param store the store saved, or null for the tenant
	 * @param save saves the form
	 * @param showAgain fills the model and names the page to show after refused input
	 * @param saved the flash message after saving
	 */
	public static String save(String path, @Nullable StoreId store, Runnable save, Supplier<String> showAgain,
			String saved, Model model, RedirectAttributes redirect) {
		try {
			save.run();
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return showAgain.get();
		}
		redirect.addFlashAttribute("flashSuccess", saved);
		return (store != null) ? "redirect:" + path + "?store=" + store.value() : "redirect:" + path;
	}

}
