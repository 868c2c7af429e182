package com.herald.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets a benchmark judged, printed last as one table with PASS or MISS each. */
final class Verdicts {

	private final List<String> rows = new ArrayList<>();

	private int missed;

	/** A ratio that must be at least {@code floor}. */
	void atLeast(String target, double ratio, double floor, String detail) {
		add(target, ratio, ratio >= floor, "≥ " + floor, detail);
	}

	/** A ratio that must be at most {@code ceiling}. */
	void atMost(String target, double ratio, double ceiling, String detail) {
		add(target, ratio, ratio <= ceiling, "≤ " + ceiling, detail);
	}

	private void add(String target, double ratio, boolean pass, String goal, String detail) {
		if (!pass) {
			this.missed++;
		}
		this.rows.add(String.format(Locale.ROOT, "| %s | %.2f | %s | **%s** | %s |", target, ratio, goal,
				pass ? "PASS" : "MISS", detail));
	}

	void print(PrintStream out) {
		out.println();
		out.println("Summary (medians of the rounds)");
		out.println("| target | ratio | goal | verdict | detail |");
		out.println("|---|---:|---|---|---|");
		this.rows.forEach(out::println);
		out.println((this.missed == 0) ? "All targets met." : this.missed + " target(s) missed.");
	}

}
