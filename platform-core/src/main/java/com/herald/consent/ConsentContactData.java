package com.herald.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.herald.contact.ContactDataHolder;
import com.herald.contact.ContactId;
import com.herald.tenancy.TenantId;

/**
 * Consent's part in a contact's export, merge and erasure: the ledger, the current status
 * and the preferences.
 */
@Component
class ConsentContactData implements ContactDataHolder {

	private final ConsentLedger ledger;

	private final PreferenceQueries preferences;

	ConsentContactData(ConsentLedger ledger, PreferenceQueries preferences) {
		this.ledger = ledger;
		this.preferences = preferences;
	}

	@Override
	public String section() {
		return "consent";
	}

	@Override
	public Map<String, Object> export(TenantId tenant, ContactId contact) {
		Map<String, Object> status = new LinkedHashMap<>();
		this.ledger.status(tenant, contact).forEach((channel, value) -> status.put(channel.key(), value.key()));
		List<Map<String, Object>> records = new ArrayList<>();
		for (ConsentRecord record : this.ledger.history(tenant, contact)) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", record.id().toString());
			row.put("channel", record.channel().key());
			row.put("status", record.status().key());
			row.put("source", record.source().key());
			row.put("occurredAt", record.occurredAt().toString());
			row.put("recordedAt", record.recordedAt().toString());
			row.put("ip", record.ip());
			row.put("userAgent", record.userAgent());
			row.put("wording", record.wording());
			row.put("recordedBy", record.actorLabel());
			records.add(row);
		}
		ContactPreferences choices = this.preferences.load(tenant, contact);
		Map<String, Object> categories = new LinkedHashMap<>();
		choices.categories().forEach((channel, values) -> categories.put(channel.key(), new LinkedHashMap<>(values)));
		Map<String, Object> preferences = new LinkedHashMap<>();
		preferences.put("categories", categories);
		preferences.put("pausedUntil", (choices.pausedUntil() != null) ? choices.pausedUntil().toString() : null);
		preferences.put("quietHours", (choices.quietHours() != null) ? choices.quietHours().toString() : null);
		preferences.put("frequencyCap", (choices.frequencyCap() != null)
				? Map.of("messages", choices.frequencyCap().messages(), "days", choices.frequencyCap().days()) : null);
		Map<String, Object> export = new LinkedHashMap<>();
		export.put("status", status);
		export.put("records", records);
		export.put("preferences", preferences);
		return export;
	}

	@Override
	public Map<String, Object> merge(TenantId tenant, ContactId keep, ContactId remove) {
		int copied = this.ledger.copyForMerge(tenant, keep, remove);
		this.preferences.merge(tenant, keep, remove);
		return Map.of("recordsCopied", copied);
	}

	@Override
	public Map<String, Object> erase(TenantId tenant, ContactId contact) {
		int anonymised = this.ledger.anonymise(tenant, contact);
		int preferences = this.preferences.delete(tenant, contact);
		return Map.of("recordsAnonymised", anonymised, "preferencesRemoved", preferences);
	}

}
