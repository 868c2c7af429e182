package com.herald.consent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import com.herald.contact.Contact;
import com.herald.contact.ContactId;
import com.herald.contact.ContactInputs;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Contact preferences (channel × category opt-ins, quiet hours, frequency cap) and the
 * tenant's messaging defaults (quiet hours for promotional SMS, the categories it uses).
 * Every change is audited.
 */
@Service
public class PreferenceService {

	public static final int MAX_CATEGORIES = 50;

	private final ContactService contacts;

	private final PreferenceQueries queries;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	PreferenceService(ContactService contacts, PreferenceQueries queries, TenantTransactions transactions,
			AuditTrail audit) {
		this.contacts = contacts;
		this.queries = queries;
		this.transactions = transactions;
		this.audit = audit;
	}

	public ContactPreferences get(Actor actor, ContactId contactId) {
		TenantId tenant = actor.requireTenant();
		this.contacts.get(actor, contactId);
		return this.transactions.readInTenant(tenant, () -> this.queries.load(tenant, contactId));
	}

	/**
	 * Records the contact's choice for a category on a channel. An opt-in here does not
	 * replace consent: promotional messages still need the channel's consent.
	 * @throws InvalidInputException when the tenant does not use the category
	 */
	public ContactPreferences setCategory(Actor actor, ContactId contactId, Channel channel, String category,
			boolean optedIn) {
		return change(actor, contactId, (tenant) -> {
			String key = category(tenant, category);
			this.queries.saveCategory(tenant, contactId, channel, key, optedIn);
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("channel", channel.key());
			summary.put("category", key);
			summary.put("optedIn", optedIn);
			return summary;
		});
	}

	/**
	 * Sets, or with {@code null} clears, the contact's quiet hours (in their timezone).
	 */
	public ContactPreferences setQuietHours(Actor actor, ContactId contactId, @Nullable QuietHours quietHours) {
		return change(actor, contactId, (tenant) -> {
			this.queries.saveQuietHours(tenant, contactId, quietHours);
			return Map.of("quietHours", (quietHours != null) ? quietHours.toString() : "none");
		});
	}

	/** Sets, or with {@code null} clears, the contact's frequency cap. */
	public ContactPreferences setFrequencyCap(Actor actor, ContactId contactId, @Nullable FrequencyCap cap) {
		return change(actor, contactId, (tenant) -> {
			this.queries.saveFrequencyCap(tenant, contactId, cap);
			return Map.of("frequencyCap", (cap != null) ? cap.messages() + " per " + cap.days() + " days" : "none");
		});
	}

	/**
	 * Pauses everything but transactional messages until {@code until}, or with
	 * {@code null} ends a pause. Broadcasts launched meanwhile leave the contact out.
	 */
	public ContactPreferences setPause(Actor actor, ContactId contactId, @Nullable Instant until) {
		return change(actor, contactId, (tenant) -> {
			this.queries.savePause(tenant, contactId, until);
			return Map.of("pausedUntil", (until != null) ? until.toString() : "none");
		});
	}

	/**
	 * The tenant's messaging defaults ({@link MessagingSettings#DEFAULTS} until changed).
	 */
	public MessagingSettings settings(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> this.queries.settings(tenant));
	}

	/**
	 * Replaces the tenant's messaging defaults. Tenant admins only. Categories are
	 * snake_case keys; {@code promotional} and {@code transactional} are always kept.
	 */
	public MessagingSettings updateSettings(Actor actor, MessagingSettings settings) {
		ContactPermissions.requireChange(actor);
		if (ContactPermissions.isStoreLimited(actor)) {
			throw new PermissionDeniedException("Only tenant admins change messaging settings");
		}
		TenantId tenant = actor.requireTenant();
		for (String category : settings.categories()) {
			ContactInputs.attributeKey("categories", category);
		}
		if (settings.categories().size() > MAX_CATEGORIES) {
			throw new InvalidInputException("categories", "Use at most " + MAX_CATEGORIES + " categories");
		}
		return this.transactions.inTenant(tenant, () -> {
			MessagingSettings before = this.queries.settings(tenant);
			this.queries.saveSettings(tenant, settings);
			this.audit.record(actor, "messaging_settings.updated", AuditTrail.Target.of("tenant", tenant),
					summary(before), summary(settings));
			return settings;
		});
	}

	private ContactPreferences change(Actor actor, ContactId contactId,
			java.util.function.Function<TenantId, Map<String, Object>> work) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			Contact contact = this.contacts.get(tenant, contactId);
			ContactPermissions.requireStore(actor, contact.getStoreId());
			Map<String, Object> after = work.apply(tenant);
			this.audit.record(actor, "preference.updated", ConsentService.target(contact), null, after);
			return this.queries.load(tenant, contactId);
		});
	}

	private String category(TenantId tenant, String category) {
		String key = ContactInputs.attributeKey("category", (category != null) ? category.strip() : null);
		if (!this.queries.settings(tenant).hasCategory(key)) {
			throw new InvalidInputException("category", "The tenant has no category " + key);
		}
		return key;
	}

	private static Map<String, Object> summary(MessagingSettings settings) {
		Map<String, Object> summary = new LinkedHashMap<>();
		QuietHours quiet = settings.promotionalSmsQuietHours();
		summary.put("promotionalSmsQuietHours", (quiet != null) ? quiet.toString() : "none");
		summary.put("categories", List.copyOf(settings.categories()));
		return summary;
	}

}
