package com.herald.contact;

import java.util.Map;

import com.herald.tenancy.TenantId;

/**
 * A module that keeps its own data about contacts (consent, deliveries, …) and must take
 * part when a contact is exported, merged or erased. {@link ContactService} calls every
 * holder inside its own transaction, so the contact and the holders' data change
 * together. Holders depend on this module, never the other way round.
 */
public interface ContactDataHolder {

	/** The key of this holder's section in an export and in audit summaries. */
	String section();

	/**
	 * Everything this holder keeps about the contact, as JSON-able values (maps, lists,
	 * text, numbers, booleans).
	 */
	Map<String, Object> export(TenantId tenant, ContactId contact);

	/**
	 * Makes {@code keep} hold what {@code remove} held, before {@code remove} is deleted.
	 * @return a summary for the audit trail, without personal data
	 */
	Map<String, Object> merge(TenantId tenant, ContactId keep, ContactId remove);

	/**
	 * Removes or anonymises everything personal held about the contact.
	 * @return a summary for the audit trail, without personal data
	 */
	Map<String, Object> erase(TenantId tenant, ContactId contact);

}
