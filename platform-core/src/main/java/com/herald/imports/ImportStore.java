package com.herald.imports;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;

/**
 * The import tables in SQL. Every query names the tenant (row-level security binds it
 * too), except {@link #claim}, the one platform path: a worker looks for work in every
 * tenant.
 */
@Component
class ImportStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = """
			id, store_id, file_name, file_bytes, delimiter, header::text AS header, preview::text AS preview,
			total_rows, status, mapping::text AS mapping, duplicates, consent_wording, consent_channels,
			actor_type, actor_id, actor_label, actor_role, actor_stores, records_done, created_count, updated_count,
			skipped_count, failed_count, error, created_at, queued_at, started_at, finished_at""";

	private final JdbcClient jdbc;

	ImportStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(TenantId tenant, ImportId id, @Nullable StoreId store, String fileName, Actor actor) {
		this.jdbc.sql("""
				INSERT INTO contact_imports (tenant_id, id, store_id, file_name, file_bytes, delimiter, header, preview,
				                             total_rows, status, actor_type, actor_id, actor_label, actor_role,
				                             actor_stores)
				VALUES (?, ?, ?, ?, 0, ',', '[]', '[]', 0, 'uploaded', ?, ?, ?, ?, ?::uuid[])
				""")
			.params(tenant.value(), id.value(), (store != null) ? store.value() : null, fileName, actor.type().name(),
					actor.id(), actor.label(), (actor.role() != null) ? actor.role().name() : null,
					actor.storeIds().stream().map((s) -> s.value().toString()).toArray(String[]::new))
			.update();
	}

	void appendChunk(TenantId tenant, ImportId id, int seq, byte[] data) {
		this.jdbc.sql("INSERT INTO contact_import_chunks (tenant_id, import_id, seq, data) VALUES (?, ?, ?, ?)")
			.params(tenant.value(), id.value(), seq, data)
			.update();
	}

	Optional<byte[]> chunk(TenantId tenant, ImportId id, int seq) {
		return this.jdbc.sql("SELECT data FROM contact_import_chunks WHERE tenant_id = ? AND import_id = ? AND seq = ?")
			.params(tenant.value(), id.value(), seq)
			.query((rs, row) -> rs.getBytes(1))
			.optional();
	}

	void describeFile(TenantId tenant, ImportId id, long bytes, char delimiter, List<String> header,
			List<List<String>> preview, long totalRows) {
		this.jdbc.sql("""
				UPDATE contact_imports SET file_bytes = ?, delimiter = ?, header = ?::jsonb, preview = ?::jsonb,
				                           total_rows = ?
				WHERE tenant_id = ? AND id = ?
				""")
			.params(bytes, String.valueOf(delimiter), JSON.writeValueAsString(header), JSON.writeValueAsString(preview),
					totalRows, tenant.value(), id.value())
			.update();
	}

	Optional<Row> find(TenantId tenant, ImportId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM contact_imports WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), id.value())
			.query(ImportStore::row)
			.optional();
	}

	/** Newest first; {@code stores} limits to imports of those stores. */
	List<Row> list(TenantId tenant, @Nullable Collection<StoreId> stores, int offset, int limit) {
		String scope = (stores != null) ? " AND store_id = ANY (?::uuid[])" : "";
		List<Object> params = new ArrayList<>(List.of(tenant.value()));
		if (stores != null) {
			params.add(uuids(stores));
		}
		params.add(limit);
		params.add(offset);
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM contact_imports WHERE tenant_id = ?" + scope
					+ " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
			.params(params)
			.query(ImportStore::row)
			.list();
	}

	long count(TenantId tenant, @Nullable Collection<StoreId> stores) {
		String scope = (stores != null) ? " AND store_id = ANY (?::uuid[])" : "";
		List<Object> params = new ArrayList<>(List.of(tenant.value()));
		if (stores != null) {
			params.add(uuids(stores));
		}
		return this.jdbc.sql("SELECT count(*) FROM contact_imports WHERE tenant_id = ?" + scope)
			.params(params)
			.query(Long.class)
			.single();
	}

	/** Maps an uploaded import and queues it. @return whether it was still unmapped */
	boolean queue(TenantId tenant, ImportId id, ImportPlan plan) {
		return this.jdbc.sql("""
				UPDATE contact_imports SET status = 'queued', mapping = ?::jsonb, duplicates = ?, consent_wording = ?,
				                           consent_channels = ?, queued_at = clock_timestamp()
				WHERE tenant_id = ? AND id = ? AND status = 'uploaded'
				""")
			.params(mappingJson(plan.columns()), plan.duplicates().key(), plan.consentWording(),
					plan.consentChannels().stream().map(Channel::key).sorted().toArray(String[]::new), tenant.value(),
					id.value())
			.update() == 1;
	}

	/**
	 * Takes the oldest queued or running import whose lease is free or has expired, for
	 * {@code worker}, until {@code leaseSeconds} from now. The platform path: run as
	 * platform.
	 */
	Optional<Claim> claim(String worker, long leaseSeconds) {
		return this.jdbc.sql("""
				UPDATE contact_imports c
				SET status = 'running', lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?),
				    started_at = coalesce(c.started_at, now())
				FROM (SELECT tenant_id, id FROM contact_imports
				      WHERE status IN ('queued', 'running') AND (lease_expires_at IS NULL OR lease_expires_at < now())
				      ORDER BY queued_at LIMIT 1 FOR UPDATE SKIP LOCKED) AS next
				WHERE c.tenant_id = next.tenant_id AND c.id = next.id
				RETURNING c.tenant_id, c.id
				""")
			.params(worker, leaseSeconds)
			.query((rs, row) -> new Claim(new TenantId(rs.getObject(1, UUID.class)),
					new ImportId(rs.getObject(2, UUID.class)), worker))
			.optional();
	}

	/**
	 * Locks the import for the chunk's transaction if {@code claim} still holds it and
	 * its checkpoint is where the worker thinks; otherwise another worker has taken over.
	 */
	boolean holdLease(Claim claim, long recordsDone) {
		return this.jdbc.sql("""
				SELECT 1 FROM contact_imports
				WHERE tenant_id = ? AND id = ? AND lease_owner = ? AND records_done = ? AND status = 'running'
				FOR UPDATE
				""")
			.params(claim.tenant().value(), claim.id().value(), claim.worker(), recordsDone)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	/** The checkpoint, in the chunk's transaction; renews the lease. */
	void checkpoint(Claim claim, long recordsDone, Counts counts, long leaseSeconds) {
		this.jdbc.sql("""
				UPDATE contact_imports
				SET records_done = ?, created_count = created_count + ?, updated_count = updated_count + ?,
				    skipped_count = skipped_count + ?, failed_count = failed_count + ?, attempts = 0,
				    lease_expires_at = now() + make_interval(secs => ?)
				WHERE tenant_id = ? AND id = ? AND lease_owner = ?
				""")
			.params(recordsDone, counts.created(), counts.updated(), counts.skipped(), counts.failed(), leaseSeconds,
					claim.tenant().value(), claim.id().value(), claim.worker())
			.update();
	}

	/** Ends the import, drops its file. */
	void finish(Claim claim, ImportStatus status, @Nullable String error) {
		this.jdbc.sql("""
				UPDATE contact_imports SET status = ?, error = ?, finished_at = now(), lease_owner = NULL,
				                           lease_expires_at = NULL
				WHERE tenant_id = ? AND id = ? AND lease_owner = ?
				""").params(status.key(), error, claim.tenant().value(), claim.id().value(), claim.worker()).update();
		this.jdbc.sql("DELETE FROM contact_import_chunks WHERE tenant_id = ? AND import_id = ?")
			.params(claim.tenant().value(), claim.id().value())
			.update();
	}

	/**
	 * Counts a failed attempt at the current chunk; the lease is kept a little longer
	 * (longer after each failure) so the retry comes after a pause.
	 * @return attempts so far
	 */
	int failedAttempt(Claim claim, long leaseSeconds) {
		return this.jdbc.sql("""
				UPDATE contact_imports
				SET attempts = attempts + 1,
				    lease_expires_at = now() + make_interval(secs => least(?, 5 * (attempts + 1)))
				WHERE tenant_id = ? AND id = ? AND lease_owner = ?
				RETURNING attempts
				""")
			.params(leaseSeconds, claim.tenant().value(), claim.id().value(), claim.worker())
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	void addRejects(TenantId tenant, ImportId id, List<Reject> rejects) {
		if (rejects.isEmpty()) {
			return;
		}
		long[] records = new long[rejects.size()];
		long[] lines = new long[rejects.size()];
		String[] reasons = new String[rejects.size()];
		String[] fields = new String[rejects.size()];
		for (int i = 0; i < rejects.size(); i++) {
			Reject reject = rejects.get(i);
			records[i] = reject.record();
			lines[i] = reject.line();
			reasons[i] = reject.reason();
			fields[i] = JSON.writeValueAsString(reject.fields());
		}
		// the fields travel as a JSON array per row: unnest cannot take a ragged 2-D
		// array
		this.jdbc.sql("""
				INSERT INTO contact_import_rejects (tenant_id, import_id, record, line, reason, fields)
				SELECT ?, ?, r.record, r.line, r.reason, ARRAY(SELECT jsonb_array_elements_text(r.fields::jsonb))
				FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS r(record, line, reason, fields)
				""").params(tenant.value(), id.value(), records, lines, reasons, fields).update();
	}

	/** The rejects in file order, one at a time. */
	void eachReject(TenantId tenant, ImportId id, RejectConsumer consumer) {
		this.jdbc.sql("""
				SELECT record, line, reason, fields FROM contact_import_rejects
				WHERE tenant_id = ? AND import_id = ? ORDER BY record
				""").params(tenant.value(), id.value()).query((ResultSet rs) -> {
			Array array = rs.getArray("fields");
			String[] fields = (String[]) array.getArray();
			consumer
				.accept(new Reject(rs.getLong("record"), rs.getLong("line"), rs.getString("reason"), List.of(fields)));
		});
	}

	@FunctionalInterface
	interface RejectConsumer {

		void accept(Reject reject) throws SQLException;

	}

	/** A worker's hold on an import. */
	record Claim(TenantId tenant, ImportId id, String worker) {

	}

	record Counts(long created, long updated, long skipped, long failed) {

	}

	/** A row that was not imported, and why. */
	record Reject(long record, long line, String reason, List<String> fields) {

	}

	/** An import row with what the worker needs besides the public view. */
	record Row(ContactImport view, char delimiter, long recordsDone, @Nullable Instant queuedAt, Actor starter) {

		/** Who started the import, acting in {@code tenant}: the worker acts as them. */
		Actor actor(TenantId tenant) {
			return this.starter.withTenant(tenant, this.starter.role(), this.starter.storeIds());
		}

	}

	// ---------------------------------------------------------------- mapping json

	static String mappingJson(List<ColumnMapping> columns) {
		List<Map<String, Object>> list = new ArrayList<>();
		for (ColumnMapping column : columns) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("column", column.column());
			if (column.field() != null) {
				entry.put("field", column.field().key());
			}
			else {
				entry.put("attribute", column.attribute());
				entry.put("type", column.type().key());
			}
			list.add(entry);
		}
		return JSON.writeValueAsString(list);
	}

	static List<ColumnMapping> mapping(String json) {
		List<Map<String, Object>> list = JSON.readValue(json, new TypeReference<>() {
		});
		List<ColumnMapping> columns = new ArrayList<>();
		for (Map<String, Object> entry : list) {
			int column = ((Number) entry.get("column")).intValue();
			if (entry.get("field") != null) {
				columns
					.add(ColumnMapping.field(column, ImportField.fromKey((String) entry.get("field")).orElseThrow()));
			}
			else {
				columns.add(ColumnMapping.attribute(column, (String) entry.get("attribute"),
						AttributeType.fromKey((String) entry.get("type"))));
			}
		}
		return columns;
	}

	private static Row row(ResultSet rs, int index) throws SQLException {
		ImportStatus status = ImportStatus.fromKey(rs.getString("status"));
		String mapping = rs.getString("mapping");
		ImportPlan plan = null;
		if (mapping != null) {
			Set<Channel> channels = EnumSet.noneOf(Channel.class);
			for (String channel : (String[]) rs.getArray("consent_channels").getArray()) {
				channels.add(Channel.fromKey(channel));
			}
			plan = new ImportPlan(mapping(mapping), DuplicatePolicy.fromKey(rs.getString("duplicates")),
					rs.getString("consent_wording"), channels);
		}
		UUID store = rs.getObject("store_id", UUID.class);
		ContactImport view = new ContactImport(new ImportId(rs.getObject("id", UUID.class)),
				(store != null) ? new StoreId(store) : null, rs.getString("file_name"), rs.getLong("file_bytes"),
				JSON.readValue(rs.getString("header"), new TypeReference<List<String>>() {
				}), JSON.readValue(rs.getString("preview"), new TypeReference<List<List<String>>>() {
				}), rs.getLong("total_rows"), status, plan, rs.getLong("created_count"), rs.getLong("updated_count"),
				rs.getLong("skipped_count"), rs.getLong("failed_count"), rs.getString("actor_label"),
				rs.getString("error"), instant(rs, "created_at"), instant(rs, "started_at"),
				instant(rs, "finished_at"));
		Set<StoreId> stores = new java.util.HashSet<>();
		for (Object s : (Object[]) rs.getArray("actor_stores").getArray()) {
			stores.add(new StoreId((UUID) s));
		}
		String role = rs.getString("actor_role");
		Actor actor = new Actor(Actor.Type.valueOf(rs.getString("actor_type")), rs.getString("actor_id"),
				rs.getString("actor_label"), null, (role != null) ? Role.valueOf(role) : null, stores, null, null);
		return new Row(view, rs.getString("delimiter").charAt(0), rs.getLong("records_done"), instant(rs, "queued_at"),
				actor);
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

	private static String[] uuids(Collection<StoreId> stores) {
		return stores.stream().map((s) -> s.value().toString()).toArray(String[]::new);
	}

}
