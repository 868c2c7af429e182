package com.herald.broadcast;

import java.time.Instant;
import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;

/**
 * When a broadcast goes out.
 *
 * @param kind now; at {@code sendAt}; at {@code localSendAt} in each recipient's
 * timezone; or spread from {@code sendAt} (or launch) to {@code windowEnd}
 * @param sendAt the instant, for {@link Kind#AT} and the start of a {@link Kind#WINDOW}
 * (callers convert a store-local time with the store's timezone)
 * @param localSendAt the wall-clock time, for {@link Kind#LOCAL_TIME}
 * @param windowEnd the end of a window
 * @param maxPerMinute at most this many sends per minute in a window
 * @param maxPerHour at most this many sends per hour in a window
 * @param jitterSeconds up to this many random seconds added to each send of a window, so
 * it does not look like a blast
 */
public record Schedule(Kind kind, @Nullable Instant sendAt, @Nullable LocalDateTime localSendAt,
		@Nullable Instant windowEnd, @Nullable Integer maxPerMinute, @Nullable Integer maxPerHour,
		@Nullable Integer jitterSeconds) {

	public enum Kind {

		NOW, AT, LOCAL_TIME, WINDOW

	}

	public static final Schedule NOW = new Schedule(Kind.NOW, null, null, null, null, null, null);

	public Schedule {
		switch (kind) {
			case AT -> {
				if (sendAt == null) {
					throw new InvalidInputException("schedule.sendAt", "Give the date and time to send at");
				}
			}
			case LOCAL_TIME -> {
				if (localSendAt == null) {
					throw new InvalidInputException("schedule.localSendAt",
							"Give the local date and time to send at in each recipient's timezone");
				}
			}
			case WINDOW -> {
				if (windowEnd == null) {
					throw new InvalidInputException("schedule.windowEnd", "Give the end of the sending window");
				}
				if (sendAt != null && !windowEnd.isAfter(sendAt)) {
					throw new InvalidInputException("schedule.windowEnd", "The window must end after it starts");
				}
			}
			case NOW -> {
			}
		}
		if (maxPerMinute != null && maxPerMinute < 1) {
			throw new InvalidInputException("schedule.maxPerMinute", "Use 1 or more");
		}
		if (maxPerHour != null && maxPerHour < 1) {
			throw new InvalidInputException("schedule.maxPerHour", "Use 1 or more");
		}
		if (jitterSeconds != null && (jitterSeconds < 0 || jitterSeconds > 3600)) {
			throw new InvalidInputException("schedule.jitterSeconds", "Use 0 to 3600 seconds");
		}
	}

	public static Schedule at(Instant sendAt) {
		return new Schedule(Kind.AT, sendAt, null, null, null, null, null);
	}

	public static Schedule localTime(LocalDateTime localSendAt) {
		return new Schedule(Kind.LOCAL_TIME, null, localSendAt, null, null, null, null);
	}

	public static Schedule window(@Nullable Instant start, Instant end, @Nullable Integer maxPerMinute,
			@Nullable Integer maxPerHour, @Nullable Integer jitterSeconds) {
		return new Schedule(Kind.WINDOW, start, null, end, maxPerMinute, maxPerHour, jitterSeconds);
	}

	/** When the launch should run: the start for {@code AT} and windows, else now. */
	Instant launchAt(Instant now) {
		return (this.sendAt != null && this.sendAt.isAfter(now)) ? this.sendAt : now;
	}

}
