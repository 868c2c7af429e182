package com.herald.dispatch;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's dispatch workers: threads that call {@link Dispatcher#dispatchOnce} in a
 * loop and wait one poll interval when there was nothing to do. The first worker also
 * reconciles sends with an unknown outcome. Stopping lets each worker finish and record
 * its current batch.
 */
@Component
@EnableConfigurationProperties(DispatchProperties.class)
class DispatchWorkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DispatchWorkers.class);

	private final Dispatcher dispatcher;

	private final DispatchProperties properties;

	private final String node = ManagementFactory.getRuntimeMXBean().getName();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	DispatchWorkers(Dispatcher dispatcher, DispatchProperties properties) {
		this.dispatcher = dispatcher;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		if (!this.properties.enabled() || this.running) {
			return;
		}
		this.running = true;
		for (int i = 0; i < this.properties.workers(); i++) {
			String name = this.node + ":dispatch-" + i;
			boolean reconciles = (i == 0);
			this.threads.add(Thread.ofVirtual().name(name).start(() -> work(name, reconciles)));
		}
	}

	private void work(String name, boolean reconciles) {
		long lastReconcile = 0;
		while (this.running) {
			int handled = 0;
			try {
				handled = this.dispatcher.dispatchOnce(name);
				if (reconciles && System.nanoTime() - lastReconcile > 1_000_000_000L) {
					this.dispatcher.reconcileOnce();
					lastReconcile = System.nanoTime();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Dispatch round failed: {}", ex.toString());
			}
			if (handled == 0) {
				try {
					Thread.sleep(this.properties.pollInterval());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
