package com.herald.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Reads the audit trail: search with keyset paging, one event, a streamed export, and a
 * walk of the hash chain that finds the first broken link.
 * <p>
 * Who reads which chain: tenant admins and compliance officers read their tenant's chain;
 * a super admin reads the platform chain ({@link AuditChains#PLATFORM}), or the chain of
 * the tenant it acts for, if any. Everyone else gets {@link PermissionDeniedException}.
 * Tenant chains are read in a transaction bound to that tenant, so row-level security
 * confines them; the platform chain is read with platform access and an explicit
 * {@code tenant_id} predicate.
 * <p>
 * Exports and verifications are themselves audited ({@code audit.exported},
 * {@code audit.verified}) in short transactions of their own, never in the long read.
 */
@Service
public class AuditService {

	/** Page size when the caller asks for none. */
	public static final int DEFAULT_LIMIT = 50;

	/** The largest page a caller can ask for. */
	public static final int MAX_LIMIT = 500;

	/**
	 * Rows PostgreSQL sends per round trip when streaming: large enough to keep the
	 * network busy, small enough that memory does not grow with the export.
	 */
	static final int FETCH_SIZE = 1000;

	private final JdbcTemplate jdbc;

	private final JdbcTemplate streaming;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	AuditService(JdbcTemplate jdbc, TenantTransactions transactions, AuditTrail audit) {
		this.jdbc = jdbc;
		// the driver only uses a server-side cursor with a fetch size inside a
		// transaction
		// (autocommit off): every streaming query below runs in one
		this.streaming = new JdbcTemplate(Objects.requireNonNull(jdbc.getDataSource()));
		this.streaming.setFetchSize(FETCH_SIZE);
		this.transactions = transactions;
		this.audit = audit;
	}

	/**
	 * One page of the actor's chain, newest first.
	 * @param cursor {@code null} for the newest page, or a previous page's
	 * {@link AuditPage#nextCursor()}
	 * @param limit page size; out-of-range values are clamped to 1..{@value #MAX_LIMIT},
	 * and 0 or less means {@value #DEFAULT_LIMIT}
	 */
	public AuditPage search(Actor actor, AuditFilter filter, @Nullable Long cursor, int limit) {
		Chain chain = chainOf(actor);
		filter.validate();
		int size = (limit <= 0) ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
		AuditQueries.Query query = AuditQueries.page(chain.id(), filter, cursor, size + 1);
		List<AuditEvent> rows = chain.read(() -> this.jdbc.query(query.sql(), AuditQueries.EVENT, query.args()));
		if (rows.size() <= size) {
			return new AuditPage(rows, null);
		}
		List<AuditEvent> page = rows.subList(0, size);
		return new AuditPage(page, page.get(size - 1).seq());
	}

	/**
	 * One event of the actor's chain.
	 * @throws NotFoundException when the chain has no such event
	 */
	public AuditEvent get(Actor actor, long seq) {
		Chain chain = chainOf(actor);
		AuditQueries.Query query = AuditQueries.one(chain.id(), seq);
		return chain.read(() -> this.jdbc.query(query.sql(), AuditQueries.EVENT, query.args()))
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("Audit event", seq));
	}

	/**
	 * Writes every event of the actor's chain that matches, oldest first, to {@code out},
	 * streaming from a server-side cursor: memory stays flat whatever the number of
	 * events. Records {@code audit.exported} first, in its own transaction. Flushes but
	 * does not close {@code out}.
	 * @return the number of events written
	 * @throws IOException when writing to {@code out} fails (the export stops)
	 */
	public long export(Actor actor, AuditFilter filter, AuditExportFormat format, OutputStream out) throws IOException {
		Chain chain = chainOf(actor);
		filter.validate();
		Map<String, Object> exported = new LinkedHashMap<>();
		exported.put("format", format.extension());
		exported.put("filter", filter.summary());
		chain.write(() -> {
			this.audit.record(actor, "audit.exported", chain.target(), null, exported);
			return null;
		});
		AuditQueries.Query query = AuditQueries.export(chain.id(), filter);
		Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
		try {
			EventWriter events = EventWriter.of(format, writer);
			long written = chain.read(() -> {
				long[] count = { 0 };
				this.streaming.query(query.sql(), (ResultSet rows) -> {
					try {
						events.write(AuditQueries.EVENT.mapRow(rows, 0));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					count[0]++;
				}, query.args());
				return count[0];
			});
			events.finish();
			return written;
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw ex;
		}
	}

	/**
	 * Walks the actor's whole chain in order and reports the first broken link, if any:
	 * an event whose content no longer matches its hash, whose {@code prev_hash} is not
	 * its predecessor's hash, or that follows a gap in {@code seq}. Records
	 * {@code audit.verified} with the outcome afterwards (so the check never covers its
	 * own record).
	 * <p>
	 * What it cannot see: events cut off the end of the chain, or a chain rewritten and
	 * re-hashed from some point on by someone who can bypass the database's guards. Both
	 * need an anchor kept outside the database (a published head hash).
	 */
	public ChainVerification verify(Actor actor) {
		Chain chain = chainOf(actor);
		ChainVerification result = chain.read(() -> this.streaming.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement(AuditQueries.VERIFY);
			statement.setFetchSize(FETCH_SIZE);
			statement.setObject(1, chain.id());
			return statement;
		}, (ResultSet rows) -> {
			long checked = 0;
			long last = 0;
			while (rows.next()) {
				checked++;
				long seq = rows.getLong("seq");
				ChainVerification.Reason broken = (seq != last + 1) ? ChainVerification.Reason.SEQ_GAP
						: !rows.getBoolean("hash_ok") ? ChainVerification.Reason.HASH_MISMATCH
								: !rows.getBoolean("link_ok") ? ChainVerification.Reason.PREV_HASH_MISMATCH : null;
				if (broken != null) {
					return new ChainVerification(chain.id(), checked, last, new ChainVerification.Break(seq, broken));
				}
				last = seq;
			}
			return new ChainVerification(chain.id(), checked, last, null);
		}));
		Objects.requireNonNull(result);
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("eventsChecked", result.eventsChecked());
		outcome.put("intact", result.intact());
		if (result.firstBreak() != null) {
			outcome.put("brokenSeq", result.firstBreak().seq());
			outcome.put("reason", result.firstBreak().reason().name());
		}
		chain.write(() -> {
			this.audit.record(actor, "audit.verified", chain.target(), null, outcome);
			return null;
		});
		return result;
	}

	private Chain chainOf(Actor actor) {
		if (actor.hasRole(Role.TENANT_ADMIN) || actor.hasRole(Role.COMPLIANCE_OFFICER)) {
			return new Chain(actor.requireTenant());
		}
		if (actor.isSuperAdmin()) {
			return new Chain(actor.tenantId());
		}
		throw new PermissionDeniedException(
				"Reading the audit trail needs the tenant admin, compliance officer " + "or super admin role");
	}

	/** One tenant's chain, or the platform's ({@code tenant == null}). */
	private final class Chain {

		private final @Nullable TenantId tenant;

		Chain(@Nullable TenantId tenant) {
			this.tenant = tenant;
		}

		UUID id() {
			return AuditChains.of(this.tenant);
		}

		AuditTrail.Target target() {
			return AuditTrail.Target.of("audit_chain", (this.tenant != null) ? this.tenant : "platform");
		}

		<T> T read(Supplier<T> work) {
			return (this.tenant != null) ? AuditService.this.transactions.readInTenant(this.tenant, work)
					: AuditService.this.transactions.readAsPlatform(work);
		}

		<T> T write(Supplier<T> work) {
			return (this.tenant != null) ? AuditService.this.transactions.inTenant(this.tenant, work)
					: AuditService.this.transactions.asPlatform(work);
		}

	}

}
