package com.herald.imports;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.herald.contact.ContactService;
import com.herald.csv.CsvReader;
import com.herald.csv.CsvRecord;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Applies queued imports. A worker {@link #claim claims} an import (a lease on its row,
 * taken with {@code FOR UPDATE SKIP LOCKED}, so several Herald nodes share the work) and
 * {@link #run runs} it: the stored file is read again from the start, the records already
 * done are skipped, and each chunk of rows is applied in one transaction together with
 * its checkpoint and counters. That transaction first checks that the worker still holds
 * the lease at the checkpoint it expects, so a worker whose lease expired (a long pause,
 * a crash) can never apply a chunk twice: its transaction rolls back and the worker that
 * took over carries on from the last committed checkpoint.
 */
@Component
public class ImportRunner {

	private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

	private final ImportStore store;

	private final ChunkWriter writer;

	private final ContactService contacts;

	private final StoreService stores;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final ImportProperties properties;

	ImportRunner(ImportStore store, ChunkWriter writer, ContactService contacts, StoreService stores,
			TenantTransactions transactions, AuditTrail audit, ImportProperties properties) {
		this.store = store;
		this.writer = writer;
		this.contacts = contacts;
		this.stores = stores;
		this.transactions = transactions;
		this.audit = audit;
		this.properties = properties;
	}

	/** How a run ended. */
	public enum Outcome {

		/** Every row is done; the import is completed. */
		COMPLETED,
		/** Stopped after the chunks it was allowed; the lease is still held. */
		PAUSED,
		/** Another worker holds the import now; nothing more was applied. */
		LEASE_LOST,
		/**
		 * A chunk failed; it is retried after the lease expires, or the import failed.
		 */
		FAILED_ATTEMPT

	}

	/** A worker's hold on one import. */
	public record Claim(ImportId id, String worker, ImportStore.Claim held) {

	}

	/**
	 * Takes the oldest queued import, or a running one whose worker's lease expired.
	 * Looks across tenants: the one platform path of imports.
	 */
	public Optional<Claim> claim(String worker) {
		return this.transactions.asPlatform(() -> this.store.claim(worker, leaseSeconds()))
			.map((held) -> new Claim(held.id(), worker, held));
	}

	/** Runs a claimed import to its end. */
	public Outcome run(Claim claim) {
		return run(claim, Integer.MAX_VALUE);
	}

	/**
	 * Runs a claimed import for at most {@code maxChunks} chunks (a worker stopping there
	 * behaves as one that crashed: its lease stays until it expires).
	 */
	public Outcome run(Claim claim, int maxChunks) {
		ImportStore.Claim held = claim.held();
		TenantId tenant = held.tenant();
		ImportStore.Row row = this.transactions.readInTenant(tenant, () -> this.store.find(tenant, held.id()))
			.orElseThrow();
		ContactImport job = row.view();
		ImportPlan plan = job.plan();
		Actor actor = row.actor(tenant);
		Store target = (job.storeId() != null) ? storeOf(tenant, job.storeId()) : null;
		String region = (target != null) ? target.getDetails().defaultPhoneRegion()
				: this.contacts.defaultPhoneRegion(tenant);
		ZoneId zone = (target != null) ? target.getTimezone() : null;
		RowCleaner cleaner = new RowCleaner(plan.columns(), region, zone);
		Instant consentTime = (row.queuedAt() != null) ? row.queuedAt() : job.createdAt();
		long done = row.recordsDone();
		try (CsvReader reader = new CsvReader(
				new InputStreamReader(new ImportFileStream(this.store, this.transactions, tenant, held.id()),
						StandardCharsets.UTF_8),
				row.delimiter());
				CleanChunks chunks = new CleanChunks(reader, cleaner, done, this.properties.chunkRows())) {
			int applied = 0;
			while (true) {
				CleanChunks.Chunk chunk = chunks.next();
				if (chunk == null) {
					return complete(held, done);
				}
				if (applied++ >= maxChunks) {
					return Outcome.PAUSED;
				}
				boolean stillHeld;
				try {
					stillHeld = this.transactions.inTenant(tenant,
							() -> applyChunk(held, chunk, job, plan, actor, consentTime));
				}
				catch (RuntimeException ex) {
					return failedAttempt(held, chunk.from(), ex);
				}
				if (!stillHeld) {
					return Outcome.LEASE_LOST;
				}
				done = chunk.to();
			}
		}
	}

	private boolean applyChunk(ImportStore.Claim held, CleanChunks.Chunk chunk, ContactImport job, ImportPlan plan,
			Actor actor, Instant consentTime) {
		TenantId tenant = held.tenant();
		if (!this.store.holdLease(held, chunk.from())) {
			return false;
		}
		this.writer.commitWithoutWaitingForFlush();
		List<ImportStore.Reject> rejects = new ArrayList<>(chunk.rejects());
		List<RowCleaner.CleanRow> pending = chunk.rows();
		long created = 0;
		long updated = 0;
		long skipped = 0;
		// rounds: rows sharing an identifier, or a contact, go in later rounds, so each
		// statement touches a contact once and a later row sees what an earlier one did
		while (!pending.isEmpty()) {
			List<RowCleaner.CleanRow> round = new ArrayList<>();
			List<RowCleaner.CleanRow> later = new ArrayList<>();
			Set<String> keys = new HashSet<>();
			for (RowCleaner.CleanRow row : pending) {
				List<String> rowKeys = keys(row);
				if (rowKeys.stream().anyMatch(keys::contains)) {
					later.add(row);
				}
				else {
					keys.addAll(rowKeys);
					round.add(row);
				}
			}
			Map<Long, List<ChunkWriter.Match>> matches = this.writer.match(tenant, round);
			List<RowCleaner.CleanRow> inserts = new ArrayList<>();
			List<RowCleaner.CleanRow> updates = new ArrayList<>();
			Set<UUID> touched = new HashSet<>();
			for (RowCleaner.CleanRow row : round) {
				List<ChunkWriter.Match> found = matches.getOrDefault(row.record, List.of());
				if (found.isEmpty()) {
					row.contactId = ContactIds.next();
					inserts.add(row);
				}
				else if (found.size() > 1) {
					rejects.add(reject(chunk.record(row.record),
							"conflicting identifiers: the external id, email or phone belong to different contacts"));
				}
				else if (!touched.add(found.get(0).id())) {
					later.add(row);
				}
				else if (plan.duplicates() == DuplicatePolicy.SKIP) {
					skipped++;
				}
				else if (ImportPermissions.isStoreLimited(actor) && (found.get(0).storeId() == null
						|| !actor.canActOnStore(new StoreId(found.get(0).storeId())))) {
					rejects.add(reject(chunk.record(row.record), "matches a contact outside your stores"));
				}
				else {
					row.contactId = found.get(0).id();
					updates.add(row);
				}
			}
			this.writer.apply(tenant, job.storeId(), inserts, updates, plan, consentTime, actor);
			created += inserts.size();
			updated += updates.size();
			pending = later;
		}
		this.store.addRejects(tenant, held.id(), rejects);
		this.store.checkpoint(held, chunk.to(), new ImportStore.Counts(created, updated, skipped, rejects.size()),
				leaseSeconds());
		return true;
	}

	private Outcome complete(ImportStore.Claim held, long done) {
		TenantId tenant = held.tenant();
		Boolean finished = this.transactions.inTenant(tenant, () -> {
			if (!this.store.holdLease(held, done)) {
				return false;
			}
			ContactImport job = this.store.find(tenant, held.id()).orElseThrow().view();
			this.store.finish(held, ImportStatus.COMPLETED, null);
			this.audit.record(Actor.system(tenant), "contact_import.completed",
					ContactImportService.target(held.id(), job.storeId()), null, summary(job));
			return true;
		});
		return finished ? Outcome.COMPLETED : Outcome.LEASE_LOST;
	}

	private Outcome failedAttempt(ImportStore.Claim held, long from, RuntimeException ex) {
		// the exception's message may quote row values: log its kind only
		log.warn("Import {} failed applying the chunk after record {} ({}); will retry", held.id(), from,
				ex.getClass().getSimpleName());
		TenantId tenant = held.tenant();
		this.transactions.runInTenant(tenant, () -> {
			int attempts = this.store.failedAttempt(held, leaseSeconds());
			if (attempts >= this.properties.maxAttempts() && this.store.holdLease(held, from)) {
				ContactImport job = this.store.find(tenant, held.id()).orElseThrow().view();
				String error = "Stopped after " + attempts + " failed attempts at the rows after row " + from + " ("
						+ ex.getClass().getSimpleName() + "); the rows before were imported";
				this.store.finish(held, ImportStatus.FAILED, error);
				Map<String, Object> after = summary(job);
				after.put("error", error);
				this.audit.record(Actor.system(tenant), "contact_import.failed",
						ContactImportService.target(held.id(), job.storeId()), null, after);
			}
		});
		return Outcome.FAILED_ATTEMPT;
	}

	private static Map<String, Object> summary(ContactImport job) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("created", job.createdCount());
		summary.put("updated", job.updatedCount());
		summary.put("skipped", job.skippedCount());
		summary.put("failed", job.failedCount());
		return summary;
	}

	private static List<String> keys(RowCleaner.CleanRow row) {
		List<String> keys = new ArrayList<>(3);
		if (row.externalId != null) {
			keys.add("x:" + row.externalId);
		}
		if (row.email != null) {
			keys.add("e:" + row.email);
		}
		if (row.phone != null) {
			keys.add("p:" + row.phone);
		}
		return keys;
	}

	private static ImportStore.Reject reject(CsvRecord record, String reason) {
		return new ImportStore.Reject(record.number(), record.line(), reason, record.fields());
	}

	private @Nullable Store storeOf(TenantId tenant, StoreId id) {
		return this.stores.listAll(tenant).stream().filter((s) -> s.getId().equals(id)).findFirst().orElse(null);
	}

	private long leaseSeconds() {
		return Math.max(1, this.properties.lease().toSeconds());
	}

}
