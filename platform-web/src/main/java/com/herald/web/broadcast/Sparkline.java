package com.herald.web.broadcast;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.herald.delivery.BroadcastStats;

/**
 * The send-rate sparkline as the points of an inline SVG polyline: one point per minute
 * of the last {@code minutes}, minutes without sends at zero, the busiest minute at the
 * top. Drawn on the server, so the page needs no charting script.
 *
 * @param points the polyline's {@code points} attribute
 * @param peak the most sends in one minute
 * @param width the drawing's width
 * @param height the drawing's height
 */
record Sparkline(String points, long peak, int width, int height) {

	static final int WIDTH = 240;

	static final int HEIGHT = 40;

	static Sparkline of(List<BroadcastStats.MinuteCount> perMinute, Instant now, int minutes) {
		Instant last = now.truncatedTo(ChronoUnit.MINUTES);
		Map<Instant, Long> sent = new HashMap<>();
		perMinute
			.forEach((count) -> sent.merge(count.minute().truncatedTo(ChronoUnit.MINUTES), count.sent(), Long::sum));
		long peak = sent.values().stream().mapToLong(Long::longValue).max().orElse(0);
		StringJoiner points = new StringJoiner(" ");
		for (int i = 0; i < minutes; i++) {
			Instant minute = last.minus(minutes - 1 - i, ChronoUnit.MINUTES);
			long value = sent.getOrDefault(minute, 0L);
			double x = (minutes == 1) ? 0 : (double) i * WIDTH / (minutes - 1);
			double y = HEIGHT - ((peak == 0) ? 0 : (double) value * (HEIGHT - 2) / peak) - 1;
			points.add(String.format(java.util.Locale.ROOT, "%.1f,%.1f", x, y));
		}
		return new Sparkline(points.toString(), peak, WIDTH, HEIGHT);
	}

}
