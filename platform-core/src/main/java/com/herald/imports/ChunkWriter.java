package com.herald.imports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;

/**
 * The set-based SQL that applies a chunk of clean rows: one statement finds the contacts
 * the rows' identifiers belong to, one inserts the new contacts, one updates the matched
 * ones, one appends their consent records and derives the current status. Rows travel as
 * parallel arrays ({@code unnest}), so a chunk of thousands is a handful of round trips.
 */
@Component
class ChunkWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	ChunkWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A live contact an identifier of a row belongs to. */
	record Match(UUID id, @Nullable UUID storeId) {

	}

	/**
	 * For each row, the distinct live contacts its external id, email and phone belong
	 * to, in that order.
	 */
	Map<Long, List<Match>> match(TenantId tenant, List<RowCleaner.CleanRow> rows) {
		int n = rows.size();
		long[] records = new long[n];
		String[] externalIds = new String[n];
		String[] emails = new String[n];
		String[] phones = new String[n];
		for (int i = 0; i < n; i++) {
			RowCleaner.CleanRow row = rows.get(i);
			records[i] = row.record;
			externalIds[i] = row.externalId;
			emails[i] = row.email;
			phones[i] = row.phone;
		}
		Map<Long, List<Match>> matches = new HashMap<>();
		this.jdbc.sql("""
				SELECT i.record, e.id, e.store_id, m.id, m.store_id, p.id, p.store_id
				FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS i(record, external_id, email, phone)
				LEFT JOIN contacts e ON e.tenant_id = ? AND e.external_id = i.external_id AND e.erased_at IS NULL
				LEFT JOIN contacts m ON m.tenant_id = ? AND m.email = i.email AND m.erased_at IS NULL
				LEFT JOIN contacts p ON p.tenant_id = ? AND p.phone_e164 = i.phone AND p.erased_at IS NULL
				WHERE e.id IS NOT NULL OR m.id IS NOT NULL OR p.id IS NOT NULL
				""")
			.params(records, externalIds, emails, phones, tenant.value(), tenant.value(), tenant.value())
			.query((rs) -> {
				List<Match> found = new ArrayList<>(1);
				for (int column = 2; column <= 6; column += 2) {
					UUID id = rs.getObject(column, UUID.class);
					if (id != null && found.stream().noneMatch((m) -> m.id().equals(id))) {
						found.add(new Match(id, rs.getObject(column + 1, UUID.class)));
					}
				}
				matches.put(rs.getLong(1), found);
			});
		return matches;
	}

	/** Inserts the rows as new contacts (each row's {@code contactId} set). */
	void insert(TenantId tenant, @Nullable StoreId store, List<RowCleaner.CleanRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		Columns c = new Columns(rows);
		this.jdbc.sql("""
				INSERT INTO contacts (tenant_id, id, external_id, first_name, last_name, email, phone_e164, locale,
				                      timezone, store_id, attributes, tags)
				SELECT ?, u.id, u.external_id, u.first_name, u.last_name, u.email, u.phone, u.locale,
				       coalesce(u.timezone, u.derived_timezone), ?, coalesce(u.attributes::jsonb, '{}'),
				       coalesce(string_to_array(u.tags, ','), '{}')
				FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				            ?::text[], ?::text[], ?::text[])
				     AS u(id, external_id, first_name, last_name, email, phone, locale, timezone, derived_timezone,
				          attributes, tags)
				""")
			.params(tenant.value(), (store != null) ? store.value() : null, c.ids, c.externalIds, c.firstNames,
					c.lastNames, c.emails, c.phones, c.locales, c.timezones, c.derivedTimezones, c.attributes, c.tags)
			.update();
	}

	/**
	 * Updates matched contacts: given fields replace stored ones, attributes merge, tags
	 * are added; a contact without a store or time zone gets the import's.
	 */
	void update(TenantId tenant, @Nullable StoreId store, List<RowCleaner.CleanRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		Columns c = new Columns(rows);
		this.jdbc.sql("""
				UPDATE contacts c
				SET external_id = coalesce(u.external_id, c.external_id),
				    first_name = coalesce(u.first_name, c.first_name),
				    last_name = coalesce(u.last_name, c.last_name),
				    email = coalesce(u.email, c.email),
				    phone_e164 = coalesce(u.phone, c.phone_e164),
				    locale = coalesce(u.locale, c.locale),
				    timezone = coalesce(u.timezone, c.timezone, u.derived_timezone),
				    store_id = coalesce(c.store_id, ?),
				    attributes = c.attributes || coalesce(u.attributes::jsonb, '{}'),
				    tags = CASE WHEN u.tags IS NULL THEN c.tags
				                ELSE ARRAY(SELECT DISTINCT t FROM unnest(c.tags || string_to_array(u.tags, ',')) AS t
				                           ORDER BY t) END,
				    updated_at = now(),
				    version = c.version + 1
				FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				            ?::text[], ?::text[], ?::text[])
				     AS u(id, external_id, first_name, last_name, email, phone, locale, timezone, derived_timezone,
				          attributes, tags)
				WHERE c.tenant_id = ? AND c.id = u.id AND c.erased_at IS NULL
				""")
			.params((store != null) ? store.value() : null, c.ids, c.externalIds, c.firstNames, c.lastNames, c.emails,
					c.phones, c.locales, c.timezones, c.derivedTimezones, c.attributes, c.tags, tenant.value())
			.update();
	}

	/**
	 * Appends an opt-in record per row and granted channel the row has an address for,
	 * and makes it the current status unless a later change is on record.
	 * @return how many records were appended
	 */
	int recordConsent(TenantId tenant, List<RowCleaner.CleanRow> rows, ImportPlan plan, Instant occurredAt,
			Actor actor) {
		if (plan.consentChannels().isEmpty() || rows.isEmpty()) {
			return 0;
		}
		List<String> contactIds = new ArrayList<>();
		List<String> channels = new ArrayList<>();
		for (RowCleaner.CleanRow row : rows) {
			for (Channel channel : plan.consentChannels()) {
				boolean reachable = channel.usesPhone() ? row.phone != null : row.email != null;
				if (reachable) {
					contactIds.add(row.contactId.toString());
					channels.add(channel.key());
				}
			}
		}
		if (contactIds.isEmpty()) {
			return 0;
		}
		this.jdbc.sql("""
				WITH added AS (
				    INSERT INTO consent_records (tenant_id, id, contact_id, channel, status, source, occurred_at,
				                                 wording, actor_type, actor_id, actor_label)
				    SELECT ?, gen_random_uuid(), u.contact_id, u.channel, 'opted_in', 'import', ?, ?, ?, ?, ?
				    FROM unnest(?::uuid[], ?::text[]) AS u(contact_id, channel)
				    RETURNING tenant_id, id, contact_id, channel, status, source, occurred_at
				)
				INSERT INTO consent_status (tenant_id, contact_id, channel, status, source, occurred_at, record_id,
				                            updated_at)
				SELECT tenant_id, contact_id, channel, status, source, occurred_at, id, now() FROM added
				ON CONFLICT (tenant_id, contact_id, channel) DO UPDATE
				    SET status = EXCLUDED.status, source = EXCLUDED.source, occurred_at = EXCLUDED.occurred_at,
				        record_id = EXCLUDED.record_id, updated_at = EXCLUDED.updated_at
				    WHERE consent_status.occurred_at <= EXCLUDED.occurred_at
				""")
			.params(tenant.value(), Timestamp.from(occurredAt), plan.consentWording(), actor.type().name(), actor.id(),
					actor.label(), contactIds.toArray(String[]::new), channels.toArray(String[]::new))
			.update();
		return contactIds.size();
	}

	/** The rows as parallel arrays, one per column. */
	private static final class Columns {

		final String[] ids;

		final String[] externalIds;

		final String[] firstNames;

		final String[] lastNames;

		final String[] emails;

		final String[] phones;

		final String[] locales;

		final String[] timezones;

		final String[] derivedTimezones;

		final String[] attributes;

		final String[] tags;

		Columns(List<RowCleaner.CleanRow> rows) {
			int n = rows.size();
			this.ids = new String[n];
			this.externalIds = new String[n];
			this.firstNames = new String[n];
			this.lastNames = new String[n];
			this.emails = new String[n];
			this.phones = new String[n];
			this.locales = new String[n];
			this.timezones = new String[n];
			this.derivedTimezones = new String[n];
			this.attributes = new String[n];
			this.tags = new String[n];
			for (int i = 0; i < n; i++) {
				RowCleaner.CleanRow row = rows.get(i);
				this.ids[i] = row.contactId.toString();
				this.externalIds[i] = row.externalId;
				this.firstNames[i] = row.firstName;
				this.lastNames[i] = row.lastName;
				this.emails[i] = row.email;
				this.phones[i] = row.phone;
				this.locales[i] = row.locale;
				this.timezones[i] = row.timezone;
				this.derivedTimezones[i] = row.derivedTimezone;
				this.attributes[i] = (row.attributes != null) ? JSON.writeValueAsString(row.attributes) : null;
				this.tags[i] = row.tags;
			}
		}

	}

}
