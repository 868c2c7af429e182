package com.herald.imports;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The background worker of this Herald node: while idle it looks for an import every
 * {@code herald.imports.poll-interval}, and runs what it claims to the end. On by default
 * in the application ({@code herald.imports.worker.enabled}); tests of the core drive
 * {@link ImportRunner} themselves.
 */
@Component
@ConditionalOnProperty(name = "herald.imports.worker.enabled", havingValue = "true")
class ImportWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);

	private final ImportRunner runner;

	private final ImportProperties properties;

	/**
	 * Unique per process, readable in the imports table: host and pid, plus a random
	 * part.
	 */
	private final String name = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	private volatile ScheduledExecutorService executor;

	ImportWorker(ImportRunner runner, ImportProperties properties) {
		this.runner = runner;
		this.properties = properties;
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("contact-import-worker").daemon().factory());
		long interval = Math.max(10, this.properties.pollInterval().toMillis());
		started.scheduleWithFixedDelay(this::work, interval, interval, TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	private void work() {
		try {
			Optional<ImportRunner.Claim> claim;
			while ((claim = this.runner.claim(this.name)).isPresent() && isRunning()) {
				ImportRunner.Outcome outcome = this.runner.run(claim.get());
				log.info("Import {}: {}", claim.get().id(), outcome);
			}
		}
		catch (RuntimeException ex) {
			// the lease runs out and a worker (this one, next time) takes the import
			// again
			log.warn("Import worker stopped a run ({}); it will look for work again", ex.getClass().getSimpleName(),
					ex);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		this.executor = null;
		if (running != null) {
			running.shutdownNow();
			try {
				running.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
