package com.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU time spent by the benchmark's own PostgreSQL server (the postmaster, every process
 * it runs, and those it has reaped), read from Linux's {@code /proc}. On a shared machine
 * wall time depends on what else runs; CPU time much less, so rows per CPU-second say
 * what an idle machine would do. Unknown (negative) elsewhere, or when the server runs on
 * another host.
 */
final class DatabaseCpu {

	private static final double TICKS_PER_SECOND = 100.0;

	private final long postmaster;

	private DatabaseCpu(long postmaster) {
		this.postmaster = postmaster;
	}

	/** Finds the server through one of the application's connections. */
	static DatabaseCpu of(JdbcTemplate jdbc) {
		Integer backend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
		List<String> stat = (backend != null) ? stat(backend) : null;
		// field 4 of /proc/PID/stat is the parent: a backend's parent is the postmaster
		return new DatabaseCpu((stat != null) ? Long.parseLong(stat.get(3)) : -1);
	}

	boolean available() {
		return this.postmaster > 0 && stat(this.postmaster) != null;
	}

	/** CPU seconds so far, user and system; negative when unknown. */
	double seconds() {
		List<String> own = (this.postmaster > 0) ? stat(this.postmaster) : null;
		if (own == null) {
			return -1;
		}
		// utime, stime, and the reaped children's cutime, cstime
		long ticks = Long.parseLong(own.get(13)) + Long.parseLong(own.get(14)) + Long.parseLong(own.get(15))
				+ Long.parseLong(own.get(16));
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.toList()) {
				String name = process.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				List<String> child = stat(Long.parseLong(name));
				if (child != null && Long.parseLong(child.get(3)) == this.postmaster) {
					ticks += Long.parseLong(child.get(13)) + Long.parseLong(child.get(14));
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
		return ticks / TICKS_PER_SECOND;
	}

	String describe(double seconds) {
		return (seconds >= 0) ? String.format(Locale.ROOT, "%.1f", seconds) : "n/a";
	}

	/**
	 * The fields of {@code /proc/PID/stat}, the command name (which may hold spaces) as
	 * one; {@code null} when the process is gone or unreadable.
	 */
	private static List<String> stat(long pid) {
		try {
			String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			int close = line.lastIndexOf(')');
			List<String> rest = List.of(line.substring(close + 2).strip().split(" "));
			return Stream
				.concat(Stream.of(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf('('), close + 1)),
						rest.stream())
				.toList();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
