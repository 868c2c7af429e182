package com.herald.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.channel.ChannelRegistry;
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
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email sandbox: a tenant with no provider sends through it; what it "sends" lands in
 * the outbox with the store's sender, both parts and the List-Unsubscribe header, once
 * per delivery, and shows as delivered shortly after; each tenant and store manager sees
 * only their own.
 */
@HeraldWebTest
class SandboxEmailIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ChannelRegistry registry;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	EmailSettingsService settings;

	@Autowired
	UserAccountService accounts;

	private TwoTenants two;

	@BeforeEach
	void twoTenantsWithoutProviders() {
		this.two = this.tenancy.twoTenants();
	}

	@Test
	void recordsTheEmailOnceAsItWouldGoOutAndReportsItDeliveredShortlyAfter() throws InterruptedException {
		UUID store = this.two.a().storeOne().getId().value();
		this.settings.save(this.two.a().admin(this.accounts), this.two.a().storeOne().getId(), new EmailSettingsChange(
				"Acme Downtown", "downtown@acme.example", "help@acme.example", null, null, null, false, null));
		OutboundMessage message = message(this.two.a(), store, "Spring sale",
				Map.of("unsubscribeUrl", "https://herald.example/u/abc123"));
		CommunicationChannel sandbox = this.registry.resolve(this.two.a().id().value(), store, Channel.EMAIL)
			.orElseThrow();
		assertThat(sandbox.provider()).isEqualTo("sandbox");

		SendResult first = sandbox.send(message);
		SendResult again = sandbox.send(message);

		assertThat(first.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
		assertThat(again.providerMessageId()).as("a retried send is the same email")
			.isEqualTo(first.providerMessageId());
		ApiClient admin = ApiClient.bearer(this.port, ApiClient.jwtFor(this.two.a().adminEmail(), true));
		ApiResponse outbox = admin.get("/api/v1/outbox/email");
		assertThat(outbox.status()).isEqualTo(200);
		assertThat(outbox.json().path("totalItems").asInt()).isEqualTo(1);
		JsonNode email = outbox.json().path("items").get(0);
		assertThat(email.path("to").asString()).isEqualTo(message.to());
		assertThat(email.path("from").asString()).isEqualTo("downtown@acme.example");
		assertThat(email.path("fromName").asString()).isEqualTo("Acme Downtown");
		assertThat(email.path("replyTo").asString()).isEqualTo("help@acme.example");
		assertThat(email.path("subject").asString()).isEqualTo("Spring sale");
		assertThat(email.path("html").asString()).isEqualTo("<p>Spring sale</p>");
		assertThat(email.path("text").asString()).isEqualTo("Spring sale");
		assertThat(email.path("listUnsubscribe").asString()).isEqualTo("<https://herald.example/u/abc123>, <mailto:"
				+ com.herald.support.StandIns.UNSUBSCRIBE_MAILTO + "?subject=unsubscribe>");

		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		String status = "";
		while (Instant.now().isBefore(deadline) && !status.equals("delivered")) {
			Thread.sleep(200);
			status = admin.get("/api/v1/outbox/email").json().path("items").get(0).path("status").asString();
		}
		assertThat(status).isEqualTo("delivered");
		assertThat(sandbox.lookup(message)).map((update) -> update.status()).contains(DeliveryStatus.DELIVERED);
	}

	@Test
	void refusesAnInvalidAddressWithoutRecordingIt() {
		CommunicationChannel sandbox = this.registry.resolve(this.two.a().id().value(), null, Channel.EMAIL)
			.orElseThrow();
		OutboundMessage bad = new OutboundMessage(this.two.a().id().value(), null, UUID.randomUUID(), Channel.EMAIL,
				"ann at example", new MessageContent("x", "x", null), "promotional", Map.of());

		assertThat(sandbox.send(bad).outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(subjects(this.two.a().adminEmail())).isEmpty();
	}

	@Test
	void showsEachTenantAndStoreManagerOnlyTheirOwnEmail() {
		CommunicationChannel sandbox = this.registry.resolve(this.two.a().id().value(), null, Channel.EMAIL)
			.orElseThrow();
		sandbox.send(message(this.two.a(), this.two.a().storeOne().getId().value(), "Store one news", Map.of()));
		sandbox.send(message(this.two.a(), this.two.a().storeTwo().getId().value(), "Store two news", Map.of()));
		sandbox.send(message(this.two.b(), null, "Tenant B news", Map.of()));

		assertThat(subjects(this.two.a().adminEmail())).containsExactlyInAnyOrder("Store one news", "Store two news");
		assertThat(subjects(this.two.a().managerEmail())).containsExactly("Store one news");
		assertThat(subjects(this.two.b().adminEmail())).containsExactly("Tenant B news");
	}

	private List<String> subjects(String email) {
		return ApiClient.bearer(this.port, ApiClient.jwtFor(email, true))
			.get("/api/v1/outbox/email")
			.itemValues("subject");
	}

	static OutboundMessage message(TwoTenants.TenantFixture tenant, @Nullable UUID store, String subject,
			Map<String, String> metadata) {
		return new OutboundMessage(tenant.id().value(), store, UUID.randomUUID(), Channel.EMAIL,
				ContactFixtures.email(), new MessageContent(subject, subject, "<p>" + subject + "</p>"), "promotional",
				metadata);
	}

}
