package com.herald.bench;

import java.lang.management.ManagementFactory;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The first lines of every benchmark's output: when, and on what. */
final class Machine {

	private Machine() {
	}

	static String describe(String benchmark) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		return String.format(Locale.ROOT,
				"%s, %s%nMachine: %d CPUs, %.1f GiB RAM, %s %s, load average %.1f; JVM %s, "
						+ "max heap %.0f MiB, GC %s",
				benchmark, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
				Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1024.0 / 1024 / 1024,
				os.getName(), os.getArch(), os.getSystemLoadAverage(), Runtime.version(),
				Runtime.getRuntime().maxMemory() / 1024.0 / 1024,
				ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList());
	}

}
