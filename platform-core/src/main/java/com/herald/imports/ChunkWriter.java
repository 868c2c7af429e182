package com.herald.imports;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;

/**
 * The set-based SQL that applies a chunk of clean rows. One statement finds the contacts
 * the rows' identifiers belong to; the rows to apply are then streamed with {@code COPY}
 * into a temporary staging table (row-level security forbids {@code COPY} into
 * {@code contacts} itself), from which one statement inserts the new contacts, one
 * updates the matched ones, and one appends their consent records and derives the current
 * status. A chunk of thousands of rows is a handful of round trips.
 */
@Component
class ChunkWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Per connection (temporary tables are the session's), emptied by every commit or
	 * rollback: a chunk never sees another's rows.
	 */
	private static final String STAGE = """
			CREATE TEMPORARY TABLE IF NOT EXISTS contact_import_stage (
			    contact_id uuid NOT NULL, is_new boolean NOT NULL, external_id text, first_name text, last_name text,
			    email text, phone text, locale text, timezone text, derived_timezone text, attributes jsonb, tags text
			) ON COMMIT DELETE ROWS""";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	ChunkWriter(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/** A live contact an identifier of a row belongs to. */
	record Match(UUID id, @Nullable UUID storeId) {

	}

	/**
	 * For each row, the distinct live contacts its external id, email and phone belong
	 * to, in that order. One statement for the whole round: each identifier index is
	 * searched with the round's sorted values at once, which reads each index page once
	 * instead of descending the index once per row.
	 */
	Map<Long, List<Match>> match(TenantId tenant, List<RowCleaner.CleanRow> rows) {
		List<String> externalIds = new ArrayList<>();
		List<String> emails = new ArrayList<>();
		List<String> phones = new ArrayList<>();
		for (RowCleaner.CleanRow row : rows) {
			addIfPresent(externalIds, row.externalId);
			addIfPresent(emails, row.email);
			addIfPresent(phones, row.phone);
		}
		Map<String, Match> byExternalId = new HashMap<>();
		Map<String, Match> byEmail = new HashMap<>();
		Map<String, Match> byPhone = new HashMap<>();
		this.jdbc.sql("""
				SELECT id, store_id, external_id, email, phone_e164 FROM contacts
				WHERE tenant_id = ? AND erased_at IS NULL
				  AND (external_id = ANY (?::text[]) OR email = ANY (?::text[]) OR phone_e164 = ANY (?::text[]))
				""")
			.params(tenant.value(), externalIds.toArray(String[]::new), emails.toArray(String[]::new),
					phones.toArray(String[]::new))
			.query((rs) -> {
				Match match = new Match(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
				putIfPresent(byExternalId, rs.getString(3), match);
				putIfPresent(byEmail, rs.getString(4), match);
				putIfPresent(byPhone, rs.getString(5), match);
			});
		Map<Long, List<Match>> matches = new HashMap<>();
		for (RowCleaner.CleanRow row : rows) {
			List<Match> found = new ArrayList<>(1);
			addMatch(found, byExternalId, row.externalId);
			addMatch(found, byEmail, row.email);
			addMatch(found, byPhone, row.phone);
			if (!found.isEmpty()) {
				matches.put(row.record, found);
			}
		}
		return matches;
	}

	private static void addIfPresent(List<String> values, @Nullable String value) {
		if (value != null) {
			values.add(value);
		}
	}

	private static void putIfPresent(Map<String, Match> index, @Nullable String key, Match match) {
		if (key != null) {
			index.put(key, match);
		}
	}

	private static void addMatch(List<Match> found, Map<String, Match> index, @Nullable String key) {
		Match match = (key != null) ? index.get(key) : null;
		if (match != null && !found.contains(match)) {
			found.add(match);
		}
	}

	/**
	 * Takes the lock a chunk holds until its transaction ends, keyed by the import and
	 * the record the chunk starts after.
	 */
	void lockChunk(UUID importId, long from) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, ?))")
			.params(importId.toString(), from)
			.query((rs) -> {
			});
	}

	/** Waits until the transaction of the chunk starting after {@code from} has ended. */
	void awaitChunk(UUID importId, long from) {
		lockChunk(importId, from);
	}

	/**
	 * Lets this transaction's commit return before its WAL is flushed. Safe for a chunk:
	 * its rows and its checkpoint commit together, so a crash that loses the commit loses
	 * both, and the import resumes before the chunk; nothing is lost or doubled.
	 */
	void commitWithoutWaitingForFlush() {
		this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
	}

	/**
	 * Applies the rows: {@code inserts} become new contacts (each row's {@code contactId}
	 * set), {@code updates} change the matched contacts (given fields replace stored
	 * ones, attributes merge, tags are added; a contact without a store or time zone gets
	 * the import's); both get the plan's consent.
	 */
	void apply(TenantId tenant, @Nullable StoreId store, List<RowCleaner.CleanRow> inserts,
			List<RowCleaner.CleanRow> updates, ImportPlan plan, Instant consentTime, Actor actor) {
		if (inserts.isEmpty() && updates.isEmpty()) {
			return;
		}
		stage(inserts, updates);
		UUID storeId = (store != null) ? store.value() : null;
		if (!inserts.isEmpty()) {
			// new contacts are written with the reachable flags the consent recorded
			// below
			// gives them (an address, the channel granted, not suppressed), so the
			// audience
			// triggers on consent find nothing to rewrite
			Set<Channel> granted = plan.consentChannels();
			this.jdbc.sql("""
					INSERT INTO contacts (tenant_id, id, external_id, first_name, last_name, email, phone_e164, locale,
					                      timezone, store_id, attributes, tags, reachable_sms, reachable_whatsapp,
					                      reachable_email)
					SELECT ?, s.contact_id, s.external_id, s.first_name, s.last_name, s.email, s.phone, s.locale,
					       coalesce(s.timezone, s.derived_timezone), ?, coalesce(s.attributes, '{}'),
					       coalesce(string_to_array(s.tags, ','), '{}'),
					       ? AND s.phone IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suppressions x
					           WHERE x.tenant_id = ? AND x.channel = 'sms' AND x.address = s.phone),
					       ? AND s.phone IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suppressions x
					           WHERE x.tenant_id = ? AND x.channel = 'whatsapp' AND x.address = s.phone),
					       ? AND s.email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suppressions x
					           WHERE x.tenant_id = ? AND x.channel = 'email' AND x.address = s.email)
					FROM contact_import_stage s WHERE s.is_new
					""")
				.params(tenant.value(), storeId, granted.contains(Channel.SMS), tenant.value(),
						granted.contains(Channel.WHATSAPP), tenant.value(), granted.contains(Channel.EMAIL),
						tenant.value())
				.update();
		}
		if (!updates.isEmpty()) {
			this.jdbc
				.sql("""
						UPDATE contacts c
						SET external_id = coalesce(s.external_id, c.external_id),
						    first_name = coalesce(s.first_name, c.first_name),
						    last_name = coalesce(s.last_name, c.last_name),
						    email = coalesce(s.email, c.email),
						    phone_e164 = coalesce(s.phone, c.phone_e164),
						    locale = coalesce(s.locale, c.locale),
						    timezone = coalesce(s.timezone, c.timezone, s.derived_timezone),
						    store_id = coalesce(c.store_id, ?),
						    attributes = c.attributes || coalesce(s.attributes, '{}'),
						    tags = CASE WHEN s.tags IS NULL THEN c.tags
						                ELSE ARRAY(SELECT DISTINCT t FROM unnest(c.tags || string_to_array(s.tags, ',')) AS t
						                           ORDER BY t) END,
						    updated_at = now(),
						    version = c.version + 1
						FROM contact_import_stage s
						WHERE NOT s.is_new AND c.tenant_id = ? AND c.id = s.contact_id AND c.erased_at IS NULL
						""")
				.params(storeId, tenant.value())
				.update();
		}
		if (!inserts.isEmpty()) {
			recordConsent(tenant, plan, consentTime, actor, true);
		}
		if (!updates.isEmpty()) {
			recordConsent(tenant, plan, consentTime, actor, false);
		}
	}

	/**
	 * Streams the rows into the session's staging table with {@code COPY} (text format),
	 * through the transaction's own connection.
	 */
	private void stage(List<RowCleaner.CleanRow> inserts, List<RowCleaner.CleanRow> updates) {
		this.template.execute((ConnectionCallback<Long>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(STAGE);
				// a later round of the same chunk: the earlier round's rows are applied
				statement.execute("DELETE FROM contact_import_stage");
			}
			StringBuilder text = new StringBuilder(256 * (inserts.size() + updates.size()));
			for (RowCleaner.CleanRow row : inserts) {
				copyLine(text, row, true);
			}
			for (RowCleaner.CleanRow row : updates) {
				copyLine(text, row, false);
			}
			try {
				return connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("COPY contact_import_stage FROM STDIN", new StringReader(text.toString()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static void copyLine(StringBuilder text, RowCleaner.CleanRow row, boolean isNew) {
		text.append(row.contactId).append('\t').append(isNew ? 't' : 'f');
		copyField(text, row.externalId);
		copyField(text, row.firstName);
		copyField(text, row.lastName);
		copyField(text, row.email);
		copyField(text, row.phone);
		copyField(text, row.locale);
		copyField(text, row.timezone);
		copyField(text, row.derivedTimezone);
		copyField(text, (row.attributes != null) ? JSON.writeValueAsString(row.attributes) : null);
		copyField(text, row.tags);
		text.append('\n');
	}

	/** One field of COPY's text format: {@code \N} for null, backslash escapes. */
	private static void copyField(StringBuilder text, @Nullable String value) {
		text.append('\t');
		if (value == null) {
			text.append("\\N");
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> text.append("\\\\");
				case '\t' -> text.append("\\t");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				default -> text.append(c);
			}
		}
	}

	/**
	 * Appends an opt-in record per staged row and granted channel the row has an address
	 * for, and makes it the current status unless a later change is on record. A new
	 * contact has no status yet: a plain insert, without the conflict check.
	 */
	private void recordConsent(TenantId tenant, ImportPlan plan, Instant occurredAt, Actor actor, boolean newContacts) {
		List<String> phoneChannels = new ArrayList<>();
		List<String> emailChannels = new ArrayList<>();
		for (Channel channel : plan.consentChannels()) {
			(channel.usesPhone() ? phoneChannels : emailChannels).add(channel.key());
		}
		if (phoneChannels.isEmpty() && emailChannels.isEmpty()) {
			return;
		}
		String onConflict = newContacts ? "" : """
				ON CONFLICT (tenant_id, contact_id, channel) DO UPDATE
				    SET status = EXCLUDED.status, source = EXCLUDED.source, occurred_at = EXCLUDED.occurred_at,
				        record_id = EXCLUDED.record_id, updated_at = EXCLUDED.updated_at
				    WHERE consent_status.occurred_at <= EXCLUDED.occurred_at
				""";
		this.jdbc.sql("""
				WITH added AS (
				    INSERT INTO consent_records (tenant_id, id, contact_id, channel, status, source, occurred_at,
				                                 wording, actor_type, actor_id, actor_label)
				    SELECT ?, uuidv7(), s.contact_id, ch.channel, 'opted_in', 'import', ?, ?, ?, ?, ?
				    FROM contact_import_stage s
				    JOIN (SELECT unnest(?::text[]) AS channel, true AS by_phone
				          UNION ALL SELECT unnest(?::text[]), false) ch
				      ON CASE WHEN ch.by_phone THEN s.phone IS NOT NULL ELSE s.email IS NOT NULL END
				    WHERE s.is_new = ?
				    RETURNING tenant_id, id, contact_id, channel, status, source, occurred_at
				)
				INSERT INTO consent_status (tenant_id, contact_id, channel, status, source, occurred_at, record_id,
				                            updated_at)
				SELECT tenant_id, contact_id, channel, status, source, occurred_at, id, now() FROM added
				""" + onConflict)
			.params(tenant.value(), Timestamp.from(occurredAt), plan.consentWording(), actor.type().name(), actor.id(),
					actor.label(), phoneChannels.toArray(String[]::new), emailChannels.toArray(String[]::new),
					newContacts)
			.update();
	}

}
