package com.herald.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.contact.ContactInputs;
import com.herald.contact.ContactPermissions;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Saved segments: named criteria trees, checked when saved and compiled again at each use
 * ({@link AudienceService#count} etc. with {@link Segment#criteria()}). Everyone who sees
 * contacts sees the tenant's segments; tenant admins change them (a segment spans
 * stores). Changes are audited with the tree before and after.
 */
@Service
public class SegmentService {

	public static final int MAX_NAME = 200;

	private static final String COLUMNS = "id, name, criteria::text AS criteria, created_at, updated_at";

	private final AudienceCompiler compiler = new AudienceCompiler();

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final ListService lists;

	SegmentService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, ListService lists) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.lists = lists;
	}

	public List<Segment> list(Actor actor) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc
					.sql("SELECT " + COLUMNS + " FROM audience_segments WHERE tenant_id = ? ORDER BY lower(name), id")
					.param(tenant.value())
					.query(SegmentService::segment)
					.list());
	}

	/** A page of the tenant's segments, by name. */
	public Page<Segment> list(Actor actor, int page, int size) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> {
			long total = this.jdbc.sql("SELECT count(*) FROM audience_segments WHERE tenant_id = ?")
				.param(tenant.value())
				.query(Long.class)
				.single();
			List<Segment> items = this.jdbc
				.sql("SELECT " + COLUMNS
						+ " FROM audience_segments WHERE tenant_id = ? ORDER BY lower(name), id LIMIT ? OFFSET ?")
				.params(tenant.value(), size, (long) page * size)
				.query(SegmentService::segment)
				.list();
			return new PageImpl<>(items, PageRequest.of(page, size), total);
		});
	}

	/**
	 * @throws NotFoundException when the tenant has no such segment
	 */
	public Segment get(Actor actor, UUID id) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> find(tenant, id));
	}

	public Segment create(Actor actor, String name, Criterion criteria) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		String cleanName = name(name);
		this.compiler.compile(criteria);
		this.lists.requireKnownLists(tenant, criteria);
		String json = CriteriaJson.write(criteria);
		return this.transactions.inTenant(tenant, () -> {
			Segment segment = insertOrDuplicate(() -> this.jdbc
				.sql("INSERT INTO audience_segments"
						+ " (tenant_id, id, name, criteria) VALUES (?, ?, ?, CAST(? AS jsonb)) RETURNING " + COLUMNS)
				.params(tenant.value(), UUID.randomUUID(), cleanName, json)
				.query(SegmentService::segment)
				.single());
			this.audit.record(actor, "segment.created", AuditTrail.Target.of("segment", segment.id()), null,
					summary(segment));
			return segment;
		});
	}

	public Segment update(Actor actor, UUID id, String name, Criterion criteria) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		String cleanName = name(name);
		this.compiler.compile(criteria);
		this.lists.requireKnownLists(tenant, criteria);
		String json = CriteriaJson.write(criteria);
		return this.transactions.inTenant(tenant, () -> {
			Segment before = find(tenant, id);
			Segment after = insertOrDuplicate(() -> this.jdbc
				.sql("UPDATE audience_segments SET name = ?,"
						+ " criteria = CAST(? AS jsonb), updated_at = now() WHERE tenant_id = ? AND id = ? RETURNING "
						+ COLUMNS)
				.params(cleanName, json, tenant.value(), id)
				.query(SegmentService::segment)
				.single());
			this.audit.record(actor, "segment.updated", AuditTrail.Target.of("segment", id), summary(before),
					summary(after));
			return after;
		});
	}

	public void delete(Actor actor, UUID id) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			Segment before = find(tenant, id);
			this.jdbc.sql("DELETE FROM audience_segments WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), id)
				.update();
			this.audit.record(actor, "segment.deleted", AuditTrail.Target.of("segment", id), summary(before), null);
		});
	}

	/**
	 * A segment's tree, for Herald's own work (launching a broadcast), without a role
	 * check: the caller already checked who may use it.
	 */
	public Optional<Criterion> criteria(TenantId tenant, UUID id) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT " + COLUMNS + " FROM audience_segments WHERE tenant_id = ? AND id = ?")
					.params(tenant.value(), id)
					.query(SegmentService::segment)
					.optional()
					.map(Segment::criteria));
	}

	private Segment find(TenantId tenant, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM audience_segments WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), id)
			.query(SegmentService::segment)
			.optional()
			.orElseThrow(() -> new NotFoundException("Segment", id));
	}

	private static Segment insertOrDuplicate(java.util.function.Supplier<Segment> write) {
		return DuplicateException.onDuplicateKey("name", "Another segment has this name", write);
	}

	private static void requireChange(Actor actor) {
		ContactPermissions.requireChangeEveryStore(actor, "Only tenant admins change segments");
	}

	private static String name(String name) {
		String clean = ContactInputs.text("name", name, MAX_NAME);
		if (clean == null) {
			throw new InvalidInputException("name", "Give the segment a name");
		}
		return clean;
	}

	private static Map<String, Object> summary(Segment segment) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("name", segment.name());
		summary.put("criteria", CriteriaJson.write(segment.criteria()));
		return summary;
	}

	private static Segment segment(ResultSet rs, int row) throws SQLException {
		return new Segment(rs.getObject("id", java.util.UUID.class), rs.getString("name"),
				CriteriaJson.read(rs.getString("criteria")),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

}
