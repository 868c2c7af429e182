package com.herald.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.consent.Channel;
import com.herald.contact.ContactFixtures;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox provider: what it "sends" lands in the tenant's outbox, once per delivery,
 * and shows as delivered shortly after; each tenant, and each store manager, sees only
 * their own.
 */
@HeraldWebTest
class SandboxSmsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<CommunicationChannel> channels;

	@Autowired
	TenancyFixtures tenancy;

	private TwoTenants two;

	@BeforeEach
	void twoTenantsWithoutAccounts() {
		this.two = this.tenancy.twoTenants();
	}

	@Test
	void recordsTheMessageOnceAndReportsItDeliveredShortlyAfter() throws InterruptedException {
		OutboundMessage message = message(this.two.a(), null, "Sandbox hello");
		SendResult first = sandbox().send(message);
		SendResult again = sandbox().send(message);

		assertThat(first.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
		assertThat(again.providerMessageId()).as("a retried send is the same message")
			.isEqualTo(first.providerMessageId());
		ApiClient admin = ApiClient.bearer(this.port, ApiClient.jwtFor(this.two.a().adminEmail(), true));
		ApiResponse outbox = admin.get("/api/v1/outbox/sms");
		assertThat(outbox.status()).isEqualTo(200);
		assertThat(outbox.json().path("totalItems").asInt()).isEqualTo(1);
		assertThat(outbox.json().path("items").get(0).path("body").asString()).isEqualTo("Sandbox hello");
		assertThat(outbox.json().path("items").get(0).path("to").asString()).isEqualTo(message.to());

		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		String status = "";
		while (Instant.now().isBefore(deadline) && !status.equals("delivered")) {
			Thread.sleep(200);
			status = admin.get("/api/v1/outbox/sms").json().path("items").get(0).path("status").asString();
		}
		assertThat(status).isEqualTo("delivered");
		assertThat(sandbox().lookup(message)).map((update) -> update.status()).contains(DeliveryStatus.DELIVERED);
	}

	@Test
	void showsEachTenantAndStoreManagerOnlyTheirOwnMessages() {
		sandbox().send(message(this.two.a(), this.two.a().storeOne().getId().value(), "Store one news"));
		sandbox().send(message(this.two.a(), this.two.a().storeTwo().getId().value(), "Store two news"));
		sandbox().send(message(this.two.b(), null, "Tenant B news"));

		List<String> admin = bodies(this.two.a().adminEmail());
		List<String> manager = bodies(this.two.a().managerEmail());
		List<String> other = bodies(this.two.b().adminEmail());

		assertThat(admin).containsExactlyInAnyOrder("Store one news", "Store two news");
		assertThat(manager).containsExactly("Store one news");
		assertThat(other).containsExactly("Tenant B news");
	}

	@Test
	void pagesTheOutbox() {
		for (int i = 0; i < 3; i++) {
			sandbox().send(message(this.two.a(), null, "Message " + i));
		}
		ApiClient admin = ApiClient.bearer(this.port, ApiClient.jwtFor(this.two.a().adminEmail(), true));

		ApiResponse first = admin.get("/api/v1/outbox/sms?size=2");
		ApiResponse second = admin.get("/api/v1/outbox/sms?size=2&page=1");

		assertThat(first.itemValues("body")).hasSize(2);
		assertThat(second.itemValues("body")).hasSize(1);
		assertThat(first.json().path("totalItems").asInt()).isEqualTo(3);
		assertThat(admin.get("/api/v1/outbox/sms?size=1000").status()).isEqualTo(400);
	}

	private List<String> bodies(String email) {
		return ApiClient.bearer(this.port, ApiClient.jwtFor(email, true)).get("/api/v1/outbox/sms").itemValues("body");
	}

	private CommunicationChannel sandbox() {
		return this.channels.stream()
			.filter((c) -> c.sandbox() && c.channel() == Channel.SMS)
			.findFirst()
			.orElseThrow();
	}

	private static OutboundMessage message(TwoTenants.TenantFixture tenant, @Nullable UUID store, String text) {
		return new OutboundMessage(tenant.id().value(), store, UUID.randomUUID(), Channel.SMS,
				ContactFixtures.usPhone(), MessageContent.text(text), "promotional", Map.of());
	}

}
