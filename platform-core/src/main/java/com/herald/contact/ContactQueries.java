package com.herald.contact;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;

/**
 * The contact list and the per-tenant contact settings, in SQL: the list is a keyset
 * query whose every search branch is an index range (see the migration's indexes).
 */
@Component
class ContactQueries {

	static final int MAX_SEARCH = 100;

	private static final Pattern PHONE_LIKE = Pattern.compile("^\\+?[0-9 ()\\-./]{3,}$");

	private final JdbcClient jdbc;

	ContactQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page, newest first.
	 * @param storeScope the stores a store manager may see; {@code null} for everyone
	 * else
	 */
	ContactSlice list(TenantId tenant, @Nullable Set<StoreId> storeScope, ContactQuery query, String phoneRegion) {
		if (query.limit() < 1 || query.limit() > ContactQuery.MAX_LIMIT) {
			throw new InvalidInputException("limit", "Ask for 1 to " + ContactQuery.MAX_LIMIT + " contacts per page");
		}
		StringBuilder sql = new StringBuilder("""
				SELECT id, external_id, first_name, last_name, email, phone_e164, store_id, tags, created_at, updated_at
				FROM contacts
				WHERE \s""");
		Map<String, Object> params = new LinkedHashMap<>();
		sql.append(filter(tenant, storeScope, query.storeId(), query.search(), phoneRegion, params));
		if (query.cursor() != null) {
			Cursor cursor = Cursor.decode(query.cursor());
			// a row comparison, so the (tenant_id, created_at DESC, id DESC) index serves
			// it
			sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
			params.put("afterCreated", Timestamp.from(cursor.createdAt()));
			params.put("afterId", cursor.id());
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
		params.put("limit", query.limit() + 1);
		List<ContactSummary> rows = new ArrayList<>(
				this.jdbc.sql(sql.toString()).params(params).query(ContactQueries::summary).list());
		String next = null;
		if (rows.size() > query.limit()) {
			rows.remove(rows.size() - 1);
			ContactSummary last = rows.get(rows.size() - 1);
			next = new Cursor(last.createdAt(), last.id().value()).encode();
		}
		return new ContactSlice(rows, next);
	}

	/**
	 * The ids of the contacts a search of the list matches (all pages), as one query for
	 * set-based work.
	 */
	ContactSelection selection(TenantId tenant, @Nullable Set<StoreId> storeScope, @Nullable StoreId storeId,
			@Nullable String search, String phoneRegion) {
		Map<String, Object> params = new LinkedHashMap<>();
		String where = filter(tenant, storeScope, storeId, search, phoneRegion, params);
		return new ContactSelection("SELECT id FROM contacts WHERE " + where, params);
	}

	/** The list's condition (live contacts of the tenant, scope, store, search). */
	private static String filter(TenantId tenant, @Nullable Set<StoreId> storeScope, @Nullable StoreId storeId,
			@Nullable String search, String phoneRegion, Map<String, Object> params) {
		StringBuilder sql = new StringBuilder("tenant_id = :tenant AND erased_at IS NULL");
		params.put("tenant", tenant.value());
		if (storeScope != null) {
			sql.append(" AND store_id = ANY(:stores)");
			params.put("stores", new SqlArrayValue("uuid", storeScope.stream().map(StoreId::value).toArray()));
		}
		if (storeId != null) {
			sql.append(" AND store_id = :store");
			params.put("store", storeId.value());
		}
		appendSearch(sql, params, search, phoneRegion);
		return sql.toString();
	}

	Optional<String> defaultPhoneRegion(TenantId tenant) {
		return this.jdbc.sql("SELECT default_phone_region FROM contact_settings WHERE tenant_id = ?")
			.param(tenant.value())
			.query(String.class)
			.optional();
	}

	void saveDefaultPhoneRegion(TenantId tenant, String region) {
		this.jdbc.sql("""
				INSERT INTO contact_settings (tenant_id, default_phone_region, updated_at) VALUES (?, ?, now())
				ON CONFLICT (tenant_id) DO UPDATE SET default_phone_region = EXCLUDED.default_phone_region,
				                                      updated_at = EXCLUDED.updated_at
				""").params(tenant.value(), region).update();
	}

	/**
	 * Prefix search: either name, the email, or the phone as typed (with a +, as an
	 * international number; without, also as a national number of the tenant's region).
	 * Two words also match first and last name together.
	 */
	private static void appendSearch(StringBuilder sql, Map<String, Object> params, @Nullable String search,
			String phoneRegion) {
		String text = (search != null) ? search.strip().toLowerCase(Locale.ROOT) : "";
		if (text.isEmpty()) {
			return;
		}
		if (text.length() > MAX_SEARCH) {
			throw new InvalidInputException("search", "Search with at most " + MAX_SEARCH + " characters");
		}
		List<String> any = new ArrayList<>();
		params.put("prefix", like(text));
		any.add("lower(first_name) LIKE :prefix ESCAPE '\\'");
		any.add("lower(last_name) LIKE :prefix ESCAPE '\\'");
		any.add("email LIKE :prefix ESCAPE '\\'");
		int space = text.indexOf(' ');
		if (space > 0 && !PHONE_LIKE.matcher(text).matches()) {
			params.put("firstPrefix", like(text.substring(0, space)));
			params.put("lastPrefix", like(text.substring(space + 1).strip()));
			any.add("(lower(first_name) LIKE :firstPrefix ESCAPE '\\' AND lower(last_name) LIKE :lastPrefix ESCAPE '\\')");
		}
		if (PHONE_LIKE.matcher(text).matches()) {
			String digits = text.replaceAll("[^0-9]", "");
			if (digits.length() >= 3) {
				params.put("phoneIntl", "+" + digits + "%");
				any.add("phone_e164 LIKE :phoneIntl");
				String region = PhoneNumbers.supportedRegion(phoneRegion);
				if (!text.startsWith("+") && region != null) {
					String national = digits.replaceFirst("^0+", "");
					params.put("phoneNational", "+" + PhoneNumbers.countryCode(region) + national + "%");
					any.add("phone_e164 LIKE :phoneNational");
				}
			}
		}
		sql.append(" AND (").append(String.join(" OR ", any)).append(")");
	}

	private static String like(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private static ContactSummary summary(ResultSet rs, int row) throws SQLException {
		UUID store = rs.getObject("store_id", UUID.class);
		return new ContactSummary(new ContactId(rs.getObject("id", UUID.class)), rs.getString("external_id"),
				rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
				rs.getString("phone_e164"), (store != null) ? new StoreId(store) : null, tags(rs.getArray("tags")),
				instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static Set<String> tags(@Nullable Array array) throws SQLException {
		if (array == null) {
			return Set.of();
		}
		return new TreeSet<>(Arrays.asList((String[]) array.getArray()));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	/**
	 * Where a page ended: the last row's creation time (µs) and id, opaque to callers.
	 */
	record Cursor(Instant createdAt, UUID id) {

		String encode() {
			long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.createdAt);
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((micros + ":" + this.id).getBytes(StandardCharsets.UTF_8));
		}

		static Cursor decode(String value) {
			try {
				String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
				int colon = text.indexOf(':');
				long micros = Long.parseLong(text.substring(0, colon));
				return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
						UUID.fromString(text.substring(colon + 1)));
			}
			catch (RuntimeException ex) {
				throw new InvalidInputException("cursor", "This page link is not valid; start from the first page");
			}
		}

	}

}
