package com.herald.web;

import java.util.function.BiFunction;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.ui.Model;

import com.herald.tenancy.Actor;

/**
 * What the sandbox outbox pages (SMS, email) share: who may read them, and the list of
 * what the sandbox "sent", a page at a time, newest first.
 */
public final class OutboxPages {

	/** Who may read an outbox: the tenant's admins, store managers and compliance. */
	public static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	private OutboxPages() {
	}

	/**
	 * Puts one page of an outbox into the model, under {@code name}, with its pager.
	 * @param outbox the outbox's list (the actor's tenant, or store, only)
	 */
	public static <T> void list(BiFunction<Actor, Pageable, Page<T>> outbox, Actor actor, int page,
			HttpServletRequest request, Model model, String name) {
		Page<T> found = outbox.apply(actor, Paging.request(page, Sort.unsorted()));
		model.addAttribute(name, found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
	}

}
