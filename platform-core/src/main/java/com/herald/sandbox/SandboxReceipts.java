package com.herald.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.channel.DeliveryStatus;
import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.StatusUpdate;
import com.herald.tenancy.TenantTransactions;

/**
 * Simulates the delivery receipts of a sandbox provider: messages in its outbox table
 * ({@code <name>_outbox}) for longer than the receipt delay are marked delivered and
 * reported to the engine. Polling the table (rather than a timer per message) survives
 * restarts, and {@code SKIP LOCKED} lets several Herald nodes share the work.
 */
public final class SandboxReceipts implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SandboxReceipts.class);

	private static final int BATCH = 500;

	private final String name;

	private final Duration receiptDelay;

	private final String messageIdPrefix;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final ObjectProvider<DeliveryStatusSink> sinks;

	private @Nullable ScheduledExecutorService timer;

	/**
	 * Receipts for one sandbox outbox.
	 * @param name the outbox: {@code email} for the table {@code email_outbox} (a
	 * constant, never user input)
	 * @param receiptDelay how long after a send the message is reported delivered
	 * @param messageIdPrefix the message id prefix of its {@link SandboxChannel}
	 * @param jdbc the database
	 * @param transactions platform transactions (receipts of every tenant)
	 * @param sinks where receipts go
	 */
	public SandboxReceipts(String name, Duration receiptDelay, String messageIdPrefix, JdbcClient jdbc,
			TenantTransactions transactions, ObjectProvider<DeliveryStatusSink> sinks) {
		this.name = name;
		this.receiptDelay = receiptDelay;
		this.messageIdPrefix = messageIdPrefix;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sinks = sinks;
	}

	/**
	 * Marks due messages delivered and reports them.
	 * @return how many
	 */
	public int deliverDue() {
		// platform work: receipts of every tenant; each row is updated by its own key
		List<StatusUpdate> delivered = this.transactions.asPlatform(() -> this.jdbc.sql("""
				UPDATE %1$s_outbox o SET status = 'delivered', delivered_at = now()
				FROM (SELECT tenant_id, id FROM %1$s_outbox
				      WHERE status = 'sent' AND created_at <= now() - make_interval(secs => ? / 1000.0)
				      ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) due
				WHERE o.tenant_id = due.tenant_id AND o.id = due.id
				RETURNING o.delivery_id, o.id, o.delivered_at""".formatted(this.name))
			.params(this.receiptDelay.toMillis(), BATCH)
			.query((rs, n) -> new StatusUpdate(rs.getObject(1, UUID.class),
					SandboxChannel.messageId(this.messageIdPrefix, rs.getObject(2, UUID.class)),
					DeliveryStatus.DELIVERED, rs.getTimestamp(3).toInstant(), null, null))
			.list());
		if (!delivered.isEmpty()) {
			this.sinks.orderedStream().forEach((sink) -> sink.apply("sandbox", delivered, List.of()));
		}
		return delivered.size();
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("sandbox-" + this.name + "-receipts").daemon().factory());
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
