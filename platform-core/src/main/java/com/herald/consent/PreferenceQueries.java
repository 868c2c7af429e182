package com.herald.consent;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import com.herald.contact.ContactId;
import com.herald.tenancy.TenantId;

/** Contact preferences and tenant messaging settings, in SQL. */
@Component
class PreferenceQueries {

	private final JdbcClient jdbc;

	PreferenceQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	ContactPreferences load(TenantId tenant, ContactId contact) {
		Map<Channel, Map<String, Boolean>> categories = new EnumMap<>(Channel.class);
		this.jdbc.sql("""
				SELECT channel, category, opted_in FROM contact_category_preferences
				WHERE tenant_id = ? AND contact_id = ?
				""").params(tenant.value(), contact.value()).query((rs) -> {
			categories.computeIfAbsent(Channel.fromKey(rs.getString("channel")), (key) -> new LinkedHashMap<>())
				.put(rs.getString("category"), rs.getBoolean("opted_in"));
		});
		record Row(@Nullable QuietHours quiet, @Nullable FrequencyCap cap, @Nullable Instant pausedUntil) {
		}
		Optional<Row> row = this.jdbc.sql("""
				SELECT quiet_start, quiet_end, frequency_cap_count, frequency_cap_days, paused_until
				FROM contact_preferences
				WHERE tenant_id = ? AND contact_id = ?
				""").params(tenant.value(), contact.value()).query((rs, n) -> {
			LocalTime start = rs.getObject("quiet_start", LocalTime.class);
			LocalTime end = rs.getObject("quiet_end", LocalTime.class);
			int count = rs.getInt("frequency_cap_count");
			boolean capped = !rs.wasNull();
			int days = rs.getInt("frequency_cap_days");
			OffsetDateTime paused = rs.getObject("paused_until", OffsetDateTime.class);
			return new Row((start != null && end != null) ? new QuietHours(start, end) : null,
					capped ? new FrequencyCap(count, days) : null, (paused != null) ? paused.toInstant() : null);
		}).optional();
		return new ContactPreferences(contact, categories, row.map(Row::quiet).orElse(null),
				row.map(Row::cap).orElse(null), row.map(Row::pausedUntil).orElse(null));
	}

	void saveCategory(TenantId tenant, ContactId contact, Channel channel, String category, boolean optedIn) {
		this.jdbc
			.sql("""
					INSERT INTO contact_category_preferences (tenant_id, contact_id, channel, category, opted_in, updated_at)
					VALUES (?, ?, ?, ?, ?, now())
					ON CONFLICT (tenant_id, contact_id, channel, category) DO UPDATE
					    SET opted_in = EXCLUDED.opted_in, updated_at = EXCLUDED.updated_at
					""")
			.params(tenant.value(), contact.value(), channel.key(), category, optedIn)
			.update();
	}

	void saveQuietHours(TenantId tenant, ContactId contact, @Nullable QuietHours quiet) {
		this.jdbc.sql("""
				INSERT INTO contact_preferences (tenant_id, contact_id, quiet_start, quiet_end, updated_at)
				VALUES (?, ?, ?, ?, now())
				ON CONFLICT (tenant_id, contact_id) DO UPDATE
				    SET quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
				        updated_at = EXCLUDED.updated_at
				""")
			.params(tenant.value(), contact.value(), (quiet != null) ? quiet.start() : null,
					(quiet != null) ? quiet.end() : null)
			.update();
	}

	void saveFrequencyCap(TenantId tenant, ContactId contact, @Nullable FrequencyCap cap) {
		this.jdbc.sql("""
				INSERT INTO contact_preferences (tenant_id, contact_id, frequency_cap_count, frequency_cap_days,
				                                 updated_at)
				VALUES (?, ?, ?, ?, now())
				ON CONFLICT (tenant_id, contact_id) DO UPDATE
				    SET frequency_cap_count = EXCLUDED.frequency_cap_count,
				        frequency_cap_days = EXCLUDED.frequency_cap_days, updated_at = EXCLUDED.updated_at
				""")
			.params(tenant.value(), contact.value(), (cap != null) ? cap.messages() : null,
					(cap != null) ? cap.days() : null)
			.update();
	}

	void savePause(TenantId tenant, ContactId contact, @Nullable Instant until) {
		this.jdbc.sql("""
				INSERT INTO contact_preferences (tenant_id, contact_id, paused_until, updated_at)
				VALUES (?, ?, ?, now())
				ON CONFLICT (tenant_id, contact_id) DO UPDATE
				    SET paused_until = EXCLUDED.paused_until, updated_at = EXCLUDED.updated_at
				""")
			.params(tenant.value(), contact.value(), (until != null) ? until.atOffset(ZoneOffset.UTC) : null)
			.update();
	}

	/**
	 * Gives {@code keep} the removed contact's preferences where it has none of its own;
	 * for a category both chose, an opt-out wins.
	 */
	void merge(TenantId tenant, ContactId keep, ContactId remove) {
		this.jdbc
			.sql("""
					INSERT INTO contact_category_preferences (tenant_id, contact_id, channel, category, opted_in, updated_at)
					SELECT tenant_id, ?, channel, category, opted_in, updated_at
					FROM contact_category_preferences WHERE tenant_id = ? AND contact_id = ?
					ON CONFLICT (tenant_id, contact_id, channel, category) DO UPDATE
					    SET opted_in = contact_category_preferences.opted_in AND EXCLUDED.opted_in, updated_at = now()
					""")
			.params(keep.value(), tenant.value(), remove.value())
			.update();
		this.jdbc
			.sql("""
					INSERT INTO contact_preferences (tenant_id, contact_id, quiet_start, quiet_end, frequency_cap_count,
					                                 frequency_cap_days, paused_until, updated_at)
					SELECT tenant_id, ?, quiet_start, quiet_end, frequency_cap_count, frequency_cap_days, paused_until, now()
					FROM contact_preferences WHERE tenant_id = ? AND contact_id = ?
					ON CONFLICT (tenant_id, contact_id) DO UPDATE SET
					    quiet_start = CASE WHEN contact_preferences.quiet_start IS NULL
					                       THEN EXCLUDED.quiet_start ELSE contact_preferences.quiet_start END,
					    quiet_end = CASE WHEN contact_preferences.quiet_start IS NULL
					                     THEN EXCLUDED.quiet_end ELSE contact_preferences.quiet_end END,
					    frequency_cap_count = CASE WHEN contact_preferences.frequency_cap_count IS NULL
					                               THEN EXCLUDED.frequency_cap_count
					                               ELSE contact_preferences.frequency_cap_count END,
					    frequency_cap_days = CASE WHEN contact_preferences.frequency_cap_count IS NULL
					                              THEN EXCLUDED.frequency_cap_days
					                              ELSE contact_preferences.frequency_cap_days END,
					    paused_until = greatest(contact_preferences.paused_until, EXCLUDED.paused_until),
					    updated_at = now()
					""")
			.params(keep.value(), tenant.value(), remove.value())
			.update();
	}

	/**
	 * @return how many preference rows were removed
	 */
	int delete(TenantId tenant, ContactId contact) {
		return this.jdbc.sql("DELETE FROM contact_category_preferences WHERE tenant_id = ? AND contact_id = ?")
			.params(tenant.value(), contact.value())
			.update()
				+ this.jdbc.sql("DELETE FROM contact_preferences WHERE tenant_id = ? AND contact_id = ?")
					.params(tenant.value(), contact.value())
					.update();
	}

	MessagingSettings settings(TenantId tenant) {
		return this.jdbc.sql("""
				SELECT promotional_sms_quiet_start, promotional_sms_quiet_end, categories
				FROM tenant_messaging_settings WHERE tenant_id = ?
				""").param(tenant.value()).query((rs, n) -> {
			LocalTime start = rs.getObject("promotional_sms_quiet_start", LocalTime.class);
			LocalTime end = rs.getObject("promotional_sms_quiet_end", LocalTime.class);
			return new MessagingSettings((start != null && end != null) ? new QuietHours(start, end) : null,
					strings(rs.getArray("categories")));
		}).optional().orElse(MessagingSettings.DEFAULTS);
	}

	void saveSettings(TenantId tenant, MessagingSettings settings) {
		QuietHours quiet = settings.promotionalSmsQuietHours();
		this.jdbc.sql("""
				INSERT INTO tenant_messaging_settings (tenant_id, promotional_sms_quiet_start,
				                                       promotional_sms_quiet_end, categories, updated_at)
				VALUES (?, ?, ?, ?, now())
				ON CONFLICT (tenant_id) DO UPDATE
				    SET promotional_sms_quiet_start = EXCLUDED.promotional_sms_quiet_start,
				        promotional_sms_quiet_end = EXCLUDED.promotional_sms_quiet_end,
				        categories = EXCLUDED.categories, updated_at = EXCLUDED.updated_at,
				        version = tenant_messaging_settings.version + 1
				""")
			.params(tenant.value(), (quiet != null) ? quiet.start() : null, (quiet != null) ? quiet.end() : null,
					new SqlArrayValue("text", settings.categories().toArray()))
			.update();
	}

	private static List<String> strings(@Nullable Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

}
