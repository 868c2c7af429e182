package com.herald.email.sendgrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.channel.ChannelRegistry;
import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.consent.Channel;
import com.herald.contact.ContactFixtures;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.EmailTestKeys;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SendGrid channel through the real sendgrid-java client against a local server
 * speaking SendGrid's v3 Mail Send API. Every request is checked against SendGrid's own
 * OpenAPI description, and every recipient's email, once the stand-in applied the
 * substitutions as SendGrid does, must be exactly what Herald rendered for them.
 */
@HeraldWebTest
class SendGridEmailChannelIntegrationTests {

	@Autowired
	ChannelRegistry registry;

	@Autowired
	EmailSettingsService settings;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	private TwoTenants.TenantFixture tenant;

	private String apiKey;

	@BeforeEach
	void tenantWithItsOwnSendGridKey() {
		this.tenant = this.tenancy.tenant();
		this.apiKey = EmailTestKeys.apiKey();
		this.settings.save(this.tenant.admin(this.accounts), null, new EmailSettingsChange("Acme Shoes",
				"news@acme.example", "help@acme.example", "sendgrid", null, this.apiKey, false, null));
	}

	@Test
	void sendsABatchAsOneRequestAndEveryoneGetsExactlyTheirOwnEmail() {
		answers(aResponse().withStatus(202).withHeader("X-Message-Id", "msg-abc123"));
		List<OutboundMessage> batch = new ArrayList<>();
		for (String name : List.of("Ann", "Bob", "Christina")) {
			batch.add(message(name));
		}

		List<SendResult> results = sendgrid().sendBatch(batch);

		assertThat(results).as(results.toString())
			.extracting(SendResult::outcome)
			.containsOnly(SendResult.Outcome.ACCEPTED);
		assertThat(results).extracting(SendResult::providerMessageId).containsOnly("msg-abc123");
		LoggedRequest request = onlyRequest();
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + this.apiKey);
		JsonNode body = SendGridRequests.parse(request.getBodyAsString());
		assertThat(SendGridRequests.violations(body)).isEmpty();
		List<SendGridRequests.Delivered> delivered = SendGridRequests.delivered(body);
		assertThat(delivered).hasSize(3);
		for (int i = 0; i < batch.size(); i++) {
			OutboundMessage sent = batch.get(i);
			SendGridRequests.Delivered received = delivered.get(i);
			assertThat(received.to()).isEqualTo(sent.to());
			assertThat(received.from()).isEqualTo("news@acme.example");
			assertThat(received.fromName()).isEqualTo("Acme Shoes");
			assertThat(received.replyTo()).isEqualTo("help@acme.example");
			assertThat(received.subject()).isEqualTo(sent.content().subject());
			assertThat(received.text()).isEqualTo(sent.content().text());
			assertThat(received.html()).isEqualTo(sent.content().html());
			assertThat(received.categories()).containsExactly("promotional");
			assertThat(received.customArgs()).containsEntry("herald_delivery_id", sent.deliveryId().toString())
				.containsEntry("herald_tenant_id", this.tenant.id().value().toString());
			assertThat(received.headers())
				.containsEntry("List-Unsubscribe",
						"<" + sent.metadata().get("unsubscribeUrl") + ">, <mailto:" + StandIns.UNSUBSCRIBE_MAILTO
								+ "?subject=unsubscribe>")
				.containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		assertThat(body.path("content").get(1).path("value").asString())
			.as("the shared body carries the template once, not each rendering")
			.contains("Our spring sale starts today")
			.doesNotContain("Christina");
	}

	@Test
	void splitsMoreThanAThousandRecipientsIntoRequestsOfAThousand() {
		answers(aResponse().withStatus(202).withHeader("X-Message-Id", "msg-big"));
		List<OutboundMessage> batch = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			batch.add(message("Reader " + i));
		}

		List<SendResult> results = sendgrid().sendBatch(batch);

		assertThat(results).as(results.toString())
			.extracting(SendResult::outcome)
			.containsOnly(SendResult.Outcome.ACCEPTED);
		List<LoggedRequest> requests = requests();
		assertThat(requests).hasSize(2);
		JsonNode first = SendGridRequests.parse(requests.get(0).getBodyAsString());
		assertThat(first.path("personalizations").size()).isEqualTo(1000);
		assertThat(SendGridRequests.violations(first)).isEmpty();
		assertThat(SendGridRequests.delivered(first).get(999).html()).isEqualTo(batch.get(999).content().html());
	}

	@Test
	void sendsAnEmailTooDifferentToShareItsBodyInARequestOfItsOwn() {
		answers(aResponse().withStatus(202).withHeader("X-Message-Id", "msg-own"));
		StringBuilder noise = new StringBuilder();
		while (noise.length() < 12_000) {
			noise.append(UUID.randomUUID());
		}
		OutboundMessage odd = new OutboundMessage(this.tenant.id().value(), null, UUID.randomUUID(), Channel.EMAIL,
				ContactFixtures.email(), new MessageContent(noise.toString(), "Odd one", "<p>" + noise + "</p>"),
				"promotional", Map.of("broadcastId", "b-1"));
		List<OutboundMessage> batch = List.of(message("Ann"), message("Bob"), odd);

		List<SendResult> results = sendgrid().sendBatch(batch);

		assertThat(results).as(results.toString())
			.extracting(SendResult::outcome)
			.containsOnly(SendResult.Outcome.ACCEPTED);
		assertThat(requests())
			.extracting((request) -> SendGridRequests.parse(request.getBodyAsString()).path("personalizations").size())
			.as("Ann and Bob share a request; the odd one goes alone")
			.containsExactlyInAnyOrder(2, 1);
		assertThat(requests()).allSatisfy(
				(request) -> assertThat(SendGridRequests.violations(SendGridRequests.parse(request.getBodyAsString())))
					.isEmpty());
		List<SendGridRequests.Delivered> all = requests().stream()
			.flatMap(
					(request) -> SendGridRequests.delivered(SendGridRequests.parse(request.getBodyAsString())).stream())
			.toList();
		assertThat(all).filteredOn((email) -> email.to().equals(odd.to()))
			.singleElement()
			.satisfies((email) -> assertThat(email.html()).isEqualTo(odd.content().html()));
	}

	@Test
	void retriesWhenSendGridThrottlesOrFailsAndFailsForGoodOnRefusals() {
		assertThat(outcomeOf(aResponse().withStatus(429)
			.withHeader("Retry-After", "7")
			.withBody("{\"errors\":[{\"message\":\"too many requests\"}]}")).retryAfter()).hasSeconds(7);
		assertThat(outcomeOf(aResponse().withStatus(429)).outcome()).isEqualTo(SendResult.Outcome.RETRY);
		assertThat(outcomeOf(aResponse().withStatus(503)).outcome()).isEqualTo(SendResult.Outcome.RETRY);
		assertThat(outcomeOf(aResponse().withStatus(500)).outcome()).isEqualTo(SendResult.Outcome.RETRY);
		SendResult invalid = outcomeOf(aResponse().withStatus(400)
			.withBody("{\"errors\":[{\"message\":\"Does not contain a valid address.\",\"field\":"
					+ "\"personalizations.0.to.0.email\"}]}"));
		assertThat(invalid.outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(invalid.errorCode()).isEqualTo("400");
		assertThat(invalid.errorMessage()).contains("Does not contain a valid address");
		assertThat(outcomeOf(aResponse().withStatus(401)).outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(outcomeOf(aResponse().withStatus(403)).errorMessage()).contains("Mail Send permission");
		assertThat(requests()).as("one request per send: nothing retries behind the engine's back").hasSize(7);
	}

	@Test
	void holdsASendWhoseAnswerNeverCame() {
		assertThat(outcomeOf(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).outcome())
			.isEqualTo(SendResult.Outcome.UNKNOWN);
		assertThat(outcomeOf(aResponse().withFault(Fault.EMPTY_RESPONSE)).outcome())
			.isEqualTo(SendResult.Outcome.UNKNOWN);
		assertThat(outcomeOf(aResponse().withStatus(202).withFixedDelay(8000)).outcome())
			.as("read timeout 5 s: SendGrid may have taken it")
			.isEqualTo(SendResult.Outcome.UNKNOWN);
	}

	@Test
	void servesOnlyTenantsWithAKeyInTheirOrderAndRefusesBadAddressesWithoutCallingSendGrid() {
		TwoTenants.TenantFixture other = this.tenancy.tenant();

		assertThat(this.registry.resolve(this.tenant.id().value(), null, Channel.EMAIL)).get()
			.extracting(CommunicationChannel::provider)
			.isEqualTo("sendgrid");
		assertThat(this.registry.resolve(other.id().value(), null, Channel.EMAIL)).get()
			.extracting(CommunicationChannel::provider)
			.as("no key and no platform default: the sandbox")
			.isEqualTo("sandbox");
		OutboundMessage bad = new OutboundMessage(this.tenant.id().value(), null, UUID.randomUUID(), Channel.EMAIL,
				"ann at example", new MessageContent("x", "x", null), "promotional", Map.of());
		assertThat(sendgrid().send(bad).outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(requests()).isEmpty();
	}

	// helpers

	private SendResult outcomeOf(ResponseDefinitionBuilder response) {
		answers(response);
		return sendgrid().send(message("Ann"));
	}

	private CommunicationChannel sendgrid() {
		return this.registry.byProvider(Channel.EMAIL, "sendgrid").orElseThrow();
	}

	private OutboundMessage message(String name) {
		String token = UUID.randomUUID().toString();
		String html = """
				<html><body><h1>Hello %s,</h1><p>Our spring sale starts today: 30%% off everything.</p>
				<p><a href="https://shop.example/sale">Shop the sale</a></p>
				<p><a href="https://herald.example/u/%s">Unsubscribe</a></p></body></html>""".formatted(name, token);
		String text = "Hello %s,\n\nOur spring sale starts today: 30%% off everything.\n\nUnsubscribe: https://herald.example/u/%s"
			.formatted(name, token);
		return new OutboundMessage(this.tenant.id().value(), null, UUID.randomUUID(), Channel.EMAIL,
				ContactFixtures.email(), new MessageContent(text, "Spring sale, " + name, html), "promotional",
				Map.of("unsubscribeUrl", "https://herald.example/u/" + token, "broadcastId", "b-1"));
	}

	private void answers(ResponseDefinitionBuilder response) {
		StandIns.SENDGRID
			.stubFor(post(urlPathEqualTo("/v3/mail/send")).withHeader("Authorization", equalTo("Bearer " + this.apiKey))
				.willReturn(response));
	}

	private List<LoggedRequest> requests() {
		return StandIns.SENDGRID.findAll(postRequestedFor(urlPathEqualTo("/v3/mail/send")).withHeader("Authorization",
				equalTo("Bearer " + this.apiKey)));
	}

	private LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = requests();
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
