package com.herald.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.contact.ContactId;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;

/**
 * The consent ledger and the current status derived from it, in SQL. The one definition
 * of "current status" is {@link #refreshStatus}: per channel, the record that occurred
 * last (ties broken by when it was recorded).
 */
@Component
class ConsentLedger {

	private static final String COLUMNS = """
			id, contact_id, channel, status, source, occurred_at, recorded_at, ip, user_agent, wording,
			actor_type, actor_id, actor_label, merged_from""";

	private final JdbcClient jdbc;

	ConsentLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the contact's row for the rest of the transaction, so two consent changes of
	 * one contact derive its status one after the other.
	 * @return whether the contact is there (live)
	 */
	boolean lockContact(TenantId tenant, ContactId contact) {
		return this.jdbc.sql("""
				SELECT 1 FROM contacts WHERE tenant_id = ? AND id = ? AND erased_at IS NULL FOR NO KEY UPDATE
				""").params(tenant.value(), contact.value()).query(Integer.class).optional().isPresent();
	}

	ConsentRecord append(TenantId tenant, ContactId contact, Channel channel, ConsentStatus status,
			ConsentSource source, Instant occurredAt, @Nullable String ip, @Nullable String userAgent,
			@Nullable String wording, Actor actor) {
		UUID id = UUID.randomUUID();
		return this.jdbc.sql("""
				INSERT INTO consent_records (tenant_id, id, contact_id, channel, status, source, occurred_at, ip,
				                             user_agent, wording, actor_type, actor_id, actor_label)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				RETURNING\s""" + COLUMNS)
			.params(tenant.value(), id, contact.value(), channel.key(), status.key(), source.key(),
					Timestamp.from(occurredAt), ip, userAgent, wording, actor.type().name(), actor.id(), actor.label())
			.query(ConsentLedger::record)
			.single();
	}

	/** Re-derives the contact's current status on every channel from its ledger. */
	void refreshStatus(TenantId tenant, ContactId contact) {
		this.jdbc.sql("""
				INSERT INTO consent_status (tenant_id, contact_id, channel, status, source, occurred_at, record_id,
				                            updated_at)
				SELECT DISTINCT ON (channel) tenant_id, contact_id, channel, status, source, occurred_at, id, now()
				FROM consent_records
				WHERE tenant_id = ? AND contact_id = ?
				ORDER BY channel, occurred_at DESC, recorded_at DESC
				ON CONFLICT (tenant_id, contact_id, channel) DO UPDATE
				    SET status = EXCLUDED.status, source = EXCLUDED.source, occurred_at = EXCLUDED.occurred_at,
				        record_id = EXCLUDED.record_id, updated_at = EXCLUDED.updated_at
				    WHERE consent_status.record_id IS DISTINCT FROM EXCLUDED.record_id
				""").params(tenant.value(), contact.value()).update();
	}

	/** Newest first. */
	List<ConsentRecord> history(TenantId tenant, ContactId contact) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM consent_records WHERE tenant_id = ? AND contact_id = ?
				ORDER BY occurred_at DESC, recorded_at DESC
				""").params(tenant.value(), contact.value()).query(ConsentLedger::record).list();
	}

	/** Every channel, {@link ConsentStatus#UNKNOWN} where nothing was recorded. */
	Map<Channel, ConsentStatus> status(TenantId tenant, ContactId contact) {
		Map<Channel, ConsentStatus> status = new EnumMap<>(Channel.class);
		for (Channel channel : Channel.values()) {
			status.put(channel, ConsentStatus.UNKNOWN);
		}
		this.jdbc.sql("SELECT channel, status FROM consent_status WHERE tenant_id = ? AND contact_id = ?")
			.params(tenant.value(), contact.value())
			.query((rs) -> {
				status.put(Channel.fromKey(rs.getString("channel")), ConsentStatus.fromKey(rs.getString("status")));
			});
		return status;
	}

	ConsentStatus status(TenantId tenant, ContactId contact, Channel channel) {
		return this.jdbc.sql("SELECT status FROM consent_status WHERE tenant_id = ? AND contact_id = ? AND channel = ?")
			.params(tenant.value(), contact.value(), channel.key())
			.query(String.class)
			.optional()
			.map(ConsentStatus::fromKey)
			.orElse(ConsentStatus.UNKNOWN);
	}

	/**
	 * Copies the removed contact's records to the kept one (new ids, original evidence,
	 * {@code merged_from} naming the original), then re-derives the kept one's status.
	 * @return how many records were copied
	 */
	int copyForMerge(TenantId tenant, ContactId keep, ContactId remove) {
		int copied = this.jdbc.sql("""
				INSERT INTO consent_records (tenant_id, id, contact_id, channel, status, source, occurred_at,
				                             recorded_at, ip, user_agent, wording, actor_type, actor_id, actor_label,
				                             merged_from)
				SELECT tenant_id, gen_random_uuid(), ?, channel, status, source, occurred_at, recorded_at, ip,
				       user_agent, wording, actor_type, actor_id, actor_label, coalesce(merged_from, id)
				FROM consent_records
				WHERE tenant_id = ? AND contact_id = ?
				""").params(keep.value(), tenant.value(), remove.value()).update();
		refreshStatus(tenant, keep);
		return copied;
	}

	/**
	 * Erasure: blanks the client details of the contact's records (the only change the
	 * ledger allows) and drops the derived status.
	 * @return how many records were anonymised
	 */
	int anonymise(TenantId tenant, ContactId contact) {
		int records = this.jdbc.sql("""
				UPDATE consent_records SET ip = NULL, user_agent = NULL
				WHERE tenant_id = ? AND contact_id = ? AND (ip IS NOT NULL OR user_agent IS NOT NULL)
				""").params(tenant.value(), contact.value()).update();
		this.jdbc.sql("DELETE FROM consent_status WHERE tenant_id = ? AND contact_id = ?")
			.params(tenant.value(), contact.value())
			.update();
		return records;
	}

	private static ConsentRecord record(ResultSet rs, int row) throws SQLException {
		return new ConsentRecord(rs.getObject("id", UUID.class), new ContactId(rs.getObject("contact_id", UUID.class)),
				Channel.fromKey(rs.getString("channel")), ConsentStatus.fromKey(rs.getString("status")),
				ConsentSource.fromKey(rs.getString("source")), instant(rs, "occurred_at"), instant(rs, "recorded_at"),
				rs.getString("ip"), rs.getString("user_agent"), rs.getString("wording"), rs.getString("actor_type"),
				rs.getString("actor_id"), rs.getString("actor_label"), rs.getObject("merged_from", UUID.class));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
