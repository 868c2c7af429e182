package com.herald.email.sandbox;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.DeliveryStatus;
import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.StatusUpdate;
import com.herald.email.EmailProperties;
import com.herald.tenancy.TenantTransactions;

/**
 * Simulates the delivery receipts of the email sandbox: emails in the outbox for longer
 * than {@code herald.email.sandbox.receipt-delay} are marked delivered and reported to
 * the engine. Polling the table (rather than a timer per message) survives restarts, and
 * {@code SKIP LOCKED} lets several Herald nodes share the work.
 */
@Component
class SandboxEmailReceipts implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SandboxEmailReceipts.class);

	private static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final ObjectProvider<DeliveryStatusSink> sinks;

	private final EmailProperties properties;

	private @Nullable ScheduledExecutorService timer;

	SandboxEmailReceipts(JdbcClient jdbc, TenantTransactions transactions, ObjectProvider<DeliveryStatusSink> sinks,
			EmailProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sinks = sinks;
		this.properties = properties;
	}

	/**
	 * Marks due messages delivered and reports them.
	 * @return how many
	 */
	int deliverDue() {
		long delayMillis = this.properties.sandbox().receiptDelay().toMillis();
		// platform work: receipts of every tenant; each row is updated by its own key
		List<StatusUpdate> delivered = this.transactions.asPlatform(() -> this.jdbc.sql("""
				UPDATE email_outbox o SET status = 'delivered', delivered_at = now()
				FROM (SELECT tenant_id, id FROM email_outbox
				      WHERE status = 'sent' AND created_at <= now() - make_interval(secs => ? / 1000.0)
				      ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) due
				WHERE o.tenant_id = due.tenant_id AND o.id = due.id
				RETURNING o.delivery_id, o.id, o.delivered_at""")
			.params(delayMillis, BATCH)
			.query((rs, n) -> new StatusUpdate(rs.getObject(1, java.util.UUID.class),
					SandboxEmailChannel.messageId(rs.getObject(2, java.util.UUID.class)), DeliveryStatus.DELIVERED,
					rs.getTimestamp(3).toInstant(), null, null))
			.list());
		if (!delivered.isEmpty()) {
			this.sinks.orderedStream().forEach((sink) -> sink.apply("sandbox", delivered, List.of()));
		}
		return delivered.size();
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sandbox-email-receipts").daemon().factory());
		executor.scheduleWithFixedDelay(() -> {
			try {
				deliverDue();
			}
			catch (RuntimeException ex) {
				logger.warn("Sandbox receipts failed; retrying shortly", ex);
			}
		}, 500, 500, TimeUnit.MILLISECONDS);
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
