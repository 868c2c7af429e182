package com.herald.consent;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.herald.tenancy.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuietHoursTests {

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

	@Test
	void coversAStretchWithinOneDay() {
		QuietHours lunch = QuietHours.of("12:00", "13:30");
		assertThat(lunch.contains(LocalTime.of(11, 59))).isFalse();
		assertThat(lunch.contains(LocalTime.of(12, 0))).isTrue();
		assertThat(lunch.contains(LocalTime.of(13, 29))).isTrue();
		assertThat(lunch.contains(LocalTime.of(13, 30))).isFalse();
	}

	@Test
	void spansMidnightWhenStartIsAfterEnd() {
		QuietHours night = QuietHours.of("21:00", "08:00");
		assertThat(night.spansMidnight()).isTrue();
		assertThat(night.contains(LocalTime.of(20, 59))).isFalse();
		assertThat(night.contains(LocalTime.of(21, 0))).isTrue();
		assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
		assertThat(night.contains(LocalTime.of(7, 59))).isTrue();
		assertThat(night.contains(LocalTime.of(8, 0))).isFalse();
	}

	@Test
	void findsWhenSendingMayResumeInTheRecipientsZone() {
		QuietHours night = QuietHours.of("21:00", "08:00");
		// 02:30 UTC is 22:30 the evening before in New York (EDT): resume at 08:00 New
		// York
		Instant evening = Instant.parse("2026-06-10T02:30:00Z");
		assertThat(night.contains(evening, NEW_YORK)).isTrue();
		assertThat(night.nextAllowed(evening, NEW_YORK)).isEqualTo(Instant.parse("2026-06-10T12:00:00Z"));
		// 10:00 UTC is 06:00 in New York: resume two hours later, the same day
		Instant morning = Instant.parse("2026-06-10T10:00:00Z");
		assertThat(night.nextAllowed(morning, NEW_YORK)).isEqualTo(Instant.parse("2026-06-10T12:00:00Z"));
		// ... while in Madrid it is noon: not quiet
		assertThat(night.contains(morning, MADRID)).isFalse();
		assertThat(night.nextAllowed(morning, MADRID)).isEqualTo(morning);
	}

	@Test
	void combinesPeriodsAndZonesUntilAllAreOutside() {
		QuietHours night = QuietHours.of("21:00", "08:00");
		QuietHours breakfast = QuietHours.of("07:30", "09:00");
		Instant at = Instant.parse("2026-06-10T03:00:00Z"); // 23:00 in New York
		// night ends 08:00 NY, but breakfast runs until 09:00 NY
		assertThat(Reachability.nextAllowed(at, List.of(night, breakfast), List.of(NEW_YORK)))
			.isEqualTo(Instant.parse("2026-06-10T13:00:00Z"));
		// someone who may be in New York or in Madrid: wait for the later morning
		assertThat(Reachability.nextAllowed(at, List.of(night), List.of(NEW_YORK, MADRID)))
			.isEqualTo(Instant.parse("2026-06-10T12:00:00Z"));
		assertThat(Reachability.nextAllowed(at, List.of(night), List.of(MADRID)))
			.isEqualTo(Instant.parse("2026-06-10T06:00:00Z"));
	}

	@Test
	void refusesEmptyOrUnreadableHours() {
		assertThatThrownBy(() -> QuietHours.of("08:00", "08:00")).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> QuietHours.of("8pm", "08:00")).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> QuietHours.of(null, "08:00")).isInstanceOf(InvalidInputException.class);
	}

}
