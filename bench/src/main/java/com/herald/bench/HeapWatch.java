package com.herald.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the heap while some work runs, two ways:
 * <ul>
 * <li><b>live heap</b>: the heap in use right after each garbage collection during the
 * work (from the collectors' notifications), the highest seen. That is what the work
 * keeps reachable; it is the figure that must not grow with the number of rows.</li>
 * <li><b>peak used</b>: the highest heap use sampled every millisecond, garbage included;
 * it mostly shows how full the young generation gets between collections.</li>
 * </ul>
 */
final class HeapWatch implements NotificationListener {

	private final AtomicLong maxLiveAfterGc = new AtomicLong();

	private final AtomicLong collections = new AtomicLong();

	private final AtomicLong peakUsed = new AtomicLong();

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private final Thread sampler;

	private volatile boolean running = true;

	private HeapWatch() {
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this, null, null);
				this.emitters.add(emitter);
			}
		}
		this.sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
			while (this.running) {
				this.peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
						Math::max);
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
	}

	/** Collects garbage, then starts watching. */
	static HeapWatch start() throws InterruptedException {
		System.gc();
		// let that collection's notification go by before listening
		Thread.sleep(200);
		return new HeapWatch();
	}

	/** The heap in use now, after a full collection. */
	static long liveNow() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
			.from((CompositeData) notification.getUserData());
		long after = 0;
		for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
			if (isHeap(pool.getKey())) {
				after += pool.getValue().getUsed();
			}
		}
		this.collections.incrementAndGet();
		this.maxLiveAfterGc.accumulateAndGet(after, Math::max);
	}

	long maxLiveAfterGc() {
		return this.maxLiveAfterGc.get();
	}

	long collections() {
		return this.collections.get();
	}

	long peakUsed() {
		return this.peakUsed.get();
	}

	/** Stops watching; the figures stay readable. */
	void close() throws Exception {
		// notifications arrive on their own thread, a little after the collection
		Thread.sleep(200);
		this.running = false;
		this.sampler.join();
		for (NotificationEmitter emitter : this.emitters) {
			emitter.removeNotificationListener(this);
		}
	}

	private static boolean isHeap(String poolName) {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getName().equals(poolName)) {
				return pool.getType() == MemoryType.HEAP;
			}
		}
		return false;
	}

}
