package com.herald.delivery;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Folds the counter deltas that delivery changes append ({@code broadcast_stat_deltas})
 * into the broadcasts' counter rows every second, so the deltas a reader adds up stay
 * few. Readers are exact without it (the {@code _now} views add what is not folded yet);
 * several nodes may fold at once (each fold locks the counter row first).
 */
@Component
class RollupFolding implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RollupFolding.class);

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final Rollups rollups;

	private @Nullable ScheduledExecutorService timer;

	RollupFolding(JdbcClient jdbc, TenantTransactions transactions, Rollups rollups) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.rollups = rollups;
	}

	private record Pending(TenantId tenant, UUID broadcastId) {
	}

	/**
	 * Folds every broadcast's deltas.
	 * @return how many deltas were folded
	 */
	int foldAll() {
		// platform work: every tenant's broadcasts; each fold then runs in its tenant
		List<Pending> pending = this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT DISTINCT tenant_id, broadcast_id FROM broadcast_stat_deltas")
				.query((rs, n) -> new Pending(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
				.list());
		int folded = 0;
		for (Pending one : pending) {
			folded += this.transactions.inTenant(one.tenant(),
					() -> this.rollups.fold(one.tenant(), one.broadcastId()));
		}
		return folded;
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rollup-folding").daemon().factory());
		executor.scheduleWithFixedDelay(() -> {
			try {
				foldAll();
			}
			catch (RuntimeException ex) {
				logger.warn("Folding broadcast counters failed; retrying shortly", ex);
			}
		}, 1, 1, TimeUnit.SECONDS);
		this.timer = executor;
	}

	@Override
	public void stop() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

}
