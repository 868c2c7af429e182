package com.herald.dispatch;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover: while the primary provider keeps failing its circuit opens and the tenant's
 * secondary takes over; every recipient gets one message, none twice, and the primary
 * never accepted any.
 */
@HeraldIntegrationTest
class DispatchFailoverIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ScriptedChannel primary;

	@Autowired
	SecondaryChannel secondary;

	@Autowired
	Dispatcher dispatcher;

	@Test
	void theSecondaryTakesOverWhileThePrimarysCircuitIsOpenAndNothingIsSentTwice() {
		TwoTenants two = this.tenancy.twoTenants();
		Actor admin = two.a().admin(this.accounts);
		this.primary.enrol(two.a().id().value());
		this.secondary.enrol(two.a().id().value());
		this.fixtures.noQuietHours(two.a().id());
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(admin, tag, 40);
		this.primary.down(two.a().id().value(), true);
		CircuitBreaker breaker = this.dispatcher.breaker(ScriptedChannel.PROVIDER);
		try {
			Broadcast broadcast = this.broadcasts.schedule(admin,
					this.broadcasts.create(admin, BroadcastFixtures.sms(tag, "Hello")).id());
			await("completion through the secondary",
					() -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

			assertThat(breaker.getState()).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
			List<StoredDelivery> deliveries = this.fixtures.deliveries(two.a().id(), broadcast.id());
			assertThat(deliveries).hasSize(40).allSatisfy((delivery) -> {
				assertThat(delivery.status()).isEqualTo("sent");
				assertThat(this.secondary.requests(delivery.id())).as("sent once, by the secondary").isEqualTo(1);
			});
			assertThat(this.primary.sent(two.a().id().value())).as("the primary accepted nothing").isEmpty();
			assertThat(deliveries.stream().mapToInt((delivery) -> this.primary.requests(delivery.id())).sum())
				.as("the primary was tried until its circuit opened")
				.isPositive();
		}
		finally {
			this.primary.down(two.a().id().value(), false);
			breaker.reset();
		}
	}

}
