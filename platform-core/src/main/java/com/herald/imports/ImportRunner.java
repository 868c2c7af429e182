package com.herald.imports;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
		Deque<InFlight> flying = new ArrayDeque<>();
		try (CsvReader reader = new CsvReader(
				new InputStreamReader(new ImportFileStream(this.store, this.transactions, tenant, held.id()),
						StandardCharsets.UTF_8),
				row.delimiter());
				CleanChunks chunks = new CleanChunks(reader, cleaner, done, this.properties.chunkRows());
				ExecutorService appliers = Executors.newVirtualThreadPerTaskExecutor()) {
			int applied = 0;
			while (true) {
				CleanChunks.Chunk chunk = chunks.next();
				if (chunk == null || applied++ >= maxChunks) {
					Outcome ended = settle(held, flying, flying.size());
					if (ended != null) {
						return ended;
					}
					return (chunk == null) ? complete(held, done) : Outcome.PAUSED;
				}
				// a chunk that shares an identifier with one in flight waits for it: the
				// later row must see what the earlier did
				Set<String> keys = keys(chunk);
				boolean shares = flying.stream().anyMatch((f) -> !Collections.disjoint(f.keys(), keys));
				Outcome ended = settle(held, flying,
						shares ? flying.size() : flying.size() - Math.max(1, this.properties.parallelChunks()) + 1);
				if (ended != null) {
					return ended;
				}
				InFlight predecessor = flying.peekLast();
				CompletableFuture<@Nullable Void> started = new CompletableFuture<>();
				Future<Boolean> applying = appliers.submit(() -> {
					try {
						if (predecessor != null) {
							predecessor.started().join();
						}
						this.transactions.runInTenant(tenant,
								() -> applyChunk(held, chunk, job, plan, actor, consentTime, predecessor, started));
						return true;
					}
					catch (NotHeld ex) {
						return false;
					}
					finally {
						started.complete(null);
					}
				});
				flying.addLast(new InFlight(chunk, keys, started, applying));
				// what is done once every chunk in flight has committed
				done = chunk.to();
			}
		}
	}

	/**
	 * Waits for the oldest {@code count} chunks in flight, in file order.
	 * @return how the run ends, or {@code null} to carry on
	 */
	private @Nullable Outcome settle(ImportStore.Claim held, Deque<InFlight> flying, int count) {
		for (int i = 0; i < count; i++) {
			InFlight oldest = flying.removeFirst();
			Outcome ended = null;
			try {
				if (!oldest.applying().get()) {
					ended = Outcome.LEASE_LOST;
				}
			}
			catch (ExecutionException ex) {
				RuntimeException cause = (ex.getCause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex.getCause());
				// the later chunks roll back: each checks at its end that this one
				// committed
				drain(flying);
				return failedAttempt(held, oldest.chunk().from(), cause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				drain(flying);
				return Outcome.FAILED_ATTEMPT;
			}
			if (ended != null) {
				drain(flying);
				return ended;
			}
		}
		return null;
	}

	private static void drain(Deque<InFlight> flying) {
		for (InFlight later : flying) {
			try {
				later.applying().get();
			}
			catch (ExecutionException | InterruptedException ex) {
				// rolled back; the run ends with the earlier chunk's outcome
			}
		}
		flying.clear();
	}

	/**
	 * The worker no longer holds the import at the chunk's start: its transaction rolls
	 * back.
	 */
	private static final class NotHeld extends RuntimeException {

		NotHeld() {
			super(null, null, false, false);
		}

	}

	/** A chunk being applied on a connection of its own. */
	private record InFlight(CleanChunks.Chunk chunk, Set<String> keys, CompletableFuture<@Nullable Void> started,
			Future<Boolean> applying) {

	}

	/**
	 * Applies a chunk in the calling transaction. With the chunk before it still in
	 * flight, it goes ahead only when none of its rows matches a stored contact (all new,
	 * with identifiers the earlier chunk does not have: the two commute); it then waits
	 * for the earlier one to end before its own lease check and checkpoint, so chunks
	 * commit in file order. Otherwise it waits before writing anything. Each chunk holds
	 * a transaction-level advisory lock on its start for its whole transaction, and the
	 * waiting is for that lock: PostgreSQL sees every wait, and breaks any cycle with a
	 * deadlock error (a failed attempt, retried).
	 * @param predecessor the chunk before, if still in flight
	 * @param started completed once this chunk holds its lock
	 */
	private void applyChunk(ImportStore.Claim held, CleanChunks.Chunk chunk, ContactImport job, ImportPlan plan,
			Actor actor, Instant consentTime, @Nullable InFlight predecessor,
			CompletableFuture<@Nullable Void> started) {
		TenantId tenant = held.tenant();
		this.writer.lockChunk(held.id().value(), chunk.from());
		started.complete(null);
		boolean ahead = predecessor != null && this.writer.match(tenant, chunk.rows()).isEmpty();
		if (predecessor != null && !ahead) {
			this.writer.awaitChunk(held.id().value(), predecessor.chunk().from());
		}
		if (!ahead && !this.store.holdLease(held, chunk.from())) {
			throw new NotHeld();
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
		if (predecessor != null && ahead) {
			this.writer.awaitChunk(held.id().value(), predecessor.chunk().from());
			if (!this.store.holdLease(held, chunk.from())) {
				throw new NotHeld();
			}
		}
		this.store.addRejects(tenant, held.id(), rejects);
		this.store.checkpoint(held, chunk.to(), new ImportStore.Counts(created, updated, skipped, rejects.size()),
				leaseSeconds());
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

	private static Set<String> keys(CleanChunks.Chunk chunk) {
		Set<String> keys = new HashSet<>();
		chunk.rows().forEach((row) -> keys.addAll(keys(row)));
		return keys;
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
