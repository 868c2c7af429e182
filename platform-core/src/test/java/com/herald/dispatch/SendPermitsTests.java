package com.herald.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch's tokens: used only in the window they were taken in, paced, and handed back
 * when unused (a bucket of 10 per second stands in for the shared one).
 */
class SendPermitsTests {

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final AtomicInteger bucket = new AtomicInteger(10);

	/** How many tokens each take asked for. */
	private final List<Integer> taken = new ArrayList<>();

	private SendPermits permits(int wanted, long spacingNanos) {
		return new SendPermits((n) -> {
			int got = Math.min(n, this.bucket.get());
			this.bucket.addAndGet(-got);
			this.taken.add(n);
			return got;
		}, (n) -> this.bucket.addAndGet(n), 1000, spacingNanos, wanted, this.clock::get);
	}

	@Test
	void aBatchTakesWhatTheBucketHasAndHandsBackWhatItsClaimDidNotNeed() {
		SendPermits permits = permits(50, 0);
		assertThat(permits.granted()).isEqualTo(10);
		permits.claimed(4);
		assertThat(this.bucket.get()).isEqualTo(6);
		assertThat(permits.acquire()).isTrue();
		permits.close();
		assertThat(this.bucket.get()).as("three claimed and not sent go back").isEqualTo(9);
	}

	@Test
	void tokensOfAnEndedWindowDoNotCountInTheNextAndWhatTheNewOneLacksIsNotSent() {
		SendPermits permits = permits(10, 0);
		permits.claimed(10);
		for (int i = 0; i < 4; i++) {
			assertThat(permits.acquire()).isTrue();
		}
		// the next second: the bucket refilled to 10, another node took 8 of them
		this.clock.addAndGet(1000);
		this.bucket.set(2);
		assertThat(permits.acquire()).isTrue();
		assertThat(permits.acquire()).isTrue();
		assertThat(permits.acquire()).as("the new second's tokens are gone").isFalse();
		assertThat(permits.acquire()).isFalse();
		assertThat(permits.nextWindow().toEpochMilli()).isEqualTo(1_002_000);
		assertThat(this.taken).containsExactly(10, 6);
		permits.close();
		assertThat(this.bucket.get()).isZero();
	}

	@Test
	void unusedTokensOfAnEndedWindowAreNotHandedBack() {
		SendPermits permits = permits(10, 0);
		permits.claimed(10);
		this.clock.addAndGet(1500);
		this.bucket.set(0);
		permits.close();
		assertThat(this.bucket.get()).as("they were the last second's").isZero();
	}

	@Test
	void aBatchTakesNoMoreThanFitInTheRestOfTheWindowAtItsPaceAndSpacesItsSends() {
		this.bucket.set(1000);
		this.clock.set(1_000_900);
		// 20 ms apart: 100 ms left fit 6 sends
		SendPermits permits = permits(200, 20_000_000);
		assertThat(permits.granted()).isEqualTo(6);
		permits.claimed(3);
		long started = System.nanoTime();
		for (int i = 0; i < 3; i++) {
			assertThat(permits.acquire()).isTrue();
		}
		assertThat(System.nanoTime() - started).as("three sends take two spacings").isGreaterThanOrEqualTo(39_000_000);
	}

}
