package com.herald.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.EmailTestKeys;
import com.herald.email.sendgrid.SendGridRequests;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;
import com.herald.template.EmailContent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An email broadcast through the whole engine to SendGrid (a local server speaking its v3
 * API): the dispatcher hands the claimed deliveries over in batches, each one request of
 * many personalizations that SendGrid's own OpenAPI description accepts, every recipient
 * with their own rendered email and their delivery id in {@code custom_args}. What
 * SendGrid answers decides each batch's deliveries: a refusal fails them with its reason,
 * a throttle sends them again later, no answer holds them (never re-sent blindly).
 */
@HeraldWebTest
class SendGridDispatchIntegrationTests {

	private static final List<String> NAMES = List.of("Ann", "Bob", "Christina", "Dmitri");

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	EmailSettingsService emailSettings;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private String apiKey;

	private Map<String, Contact> audience;

	private String tag;

	@BeforeEach
	void tenantSendingWithSendGrid() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.apiKey = EmailTestKeys.apiKey();
		this.emailSettings.save(this.admin, null, new EmailSettingsChange("Acme Shoes", "news@acme.example", null,
				"sendgrid", null, this.apiKey, false, null));
		this.tag = BroadcastFixtures.tag();
		this.audience = new java.util.LinkedHashMap<>();
		for (String name : NAMES) {
			Contact contact = this.contacts.create(this.admin,
					ContactFixtures.person()
						.firstName(name)
						.storeId(this.tenant.storeOne().getId())
						.tag(this.tag)
						.build());
			this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Email me", "192.0.2.1", null);
			this.audience.put(contact.getEmail(), contact);
		}
		// the circuit is the provider's, shared with the other tests: each starts closed
		this.dispatcher.breaker("sendgrid").reset();
	}

	@AfterEach
	void closeTheCircuit() {
		this.dispatcher.breaker("sendgrid").reset();
	}

	@Test // #5
	void theDispatcherHandsSendGridBatchesOfPersonalizationsEachWithItsOwnEmail() {
		StandIns.SENDGRID.stubFor(sends().willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "msg-b")));

		Broadcast broadcast = launch();
		await("completion",
				() -> this.broadcasts.get(this.admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		List<ServeEvent> requests = requests();
		assertThat(requests.size()).as("batched: fewer requests than recipients").isLessThan(NAMES.size());
		Map<UUID, UUID> deliveryOfContact = this.fixtures.deliveries(this.tenant.id(), broadcast.id())
			.stream()
			.collect(Collectors.toMap(StoredDelivery::contactId, StoredDelivery::id));
		List<String> received = new ArrayList<>();
		for (ServeEvent request : requests) {
			JsonNode body = SendGridRequests.parse(request.getRequest().getBodyAsString());
			assertThat(SendGridRequests.violations(body)).as("SendGrid's OpenAPI description").isEmpty();
			for (SendGridRequests.Delivered email : SendGridRequests.delivered(body)) {
				Contact contact = this.audience.get(email.to());
				assertThat(contact).as(email.to()).isNotNull();
				received.add(email.to());
				String name = contact.getFirstName();
				assertThat(email.subject()).isEqualTo("Hello " + name);
				assertThat(email.html()).contains("<p>Dear " + name + ", new arrivals</p>", ">Unsubscribe</a>");
				assertThat(email.text()).startsWith("Dear " + name + ", new arrivals");
				assertThat(email.from()).isEqualTo("news@acme.example");
				assertThat(email.categories()).containsExactly("promotional");
				assertThat(email.customArgs())
					.containsEntry("herald_delivery_id", deliveryOfContact.get(contact.getId().value()).toString())
					.containsEntry("herald_tenant_id", this.tenant.id().value().toString());
			}
		}
		assertThat(received).as("everyone once").containsExactlyInAnyOrderElementsOf(this.audience.keySet());
		assertThat(this.fixtures.deliveries(this.tenant.id(), broadcast.id())).extracting(StoredDelivery::status)
			.containsOnly("sent");
		assertThat(providerMessageIds(broadcast.id())).containsOnly("msg-b");
	}

	@Test // #5
	void aRequestSendGridRefusesFailsItsDeliveriesWithTheReasonAndIsNotSentAgain() {
		StandIns.SENDGRID.stubFor(sends().willReturn(aResponse().withStatus(400)
			.withBody("{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity.\","
					+ "\"field\":\"from\"}]}")));

		Broadcast broadcast = launch();
		await("completion",
				() -> this.broadcasts.get(this.admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		assertThat(this.fixtures.deliveries(this.tenant.id(), broadcast.id())).hasSize(NAMES.size())
			.allSatisfy((delivery) -> {
				assertThat(delivery.status()).isEqualTo("failed");
				assertThat(delivery.errorCode()).isEqualTo("400");
				assertThat(delivery.attempts()).isEqualTo(1);
			});
		assertThat(errorMessages(broadcast.id())).containsOnly(
				"SendGrid refused the email (400): The from address does not match a verified Sender Identity. (from)");
		assertThat(personalizations(requests())).as("each tried once").hasSize(NAMES.size()).doesNotHaveDuplicates();
		assertThat(this.broadcasts.stats(this.admin, broadcast.id()).failed()).isEqualTo(NAMES.size());
	}

	@Test // #5
	void aThrottledRequestIsSentAgainAfterItsRetryAfterAndEveryoneGetsItOnce() {
		String scenario = "throttle-" + this.apiKey;
		StandIns.SENDGRID.stubFor(sends().inScenario(scenario)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429)
				.withHeader("Retry-After", "1")
				.withBody("{\"errors\":[{\"message\":\"too many requests\"}]}"))
			.willSetStateTo("open"));
		StandIns.SENDGRID.stubFor(sends().inScenario(scenario)
			.whenScenarioStateIs("open")
			.willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "msg-later")));

		Broadcast broadcast = launch();
		await("completion",
				() -> this.broadcasts.get(this.admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		List<ServeEvent> requests = requests();
		List<ServeEvent> throttled = requests.stream()
			.filter((event) -> event.getResponse().getStatus() == 429)
			.toList();
		List<ServeEvent> accepted = requests.stream()
			.filter((event) -> event.getResponse().getStatus() == 202)
			.toList();
		assertThat(throttled).isNotEmpty();
		assertThat(personalizations(accepted)).as("accepted once each, the throttled ones included")
			.containsExactlyInAnyOrderElementsOf(this.audience.keySet());
		assertThat(this.fixtures.deliveries(this.tenant.id(), broadcast.id())).extracting(StoredDelivery::status)
			.containsOnly("sent");
		assertThat(this.fixtures.deliveries(this.tenant.id(), broadcast.id()))
			.filteredOn((delivery) -> delivery.attempts() == 2)
			.as("the throttled request's deliveries took a second attempt")
			.hasSize(personalizations(throttled).size());
	}

	@Test // #5
	void aRequestThatGotNoAnswerIsHeldNotSentAgain() throws InterruptedException {
		// longer than the suite's 5 s read timeout: SendGrid may have taken it
		StandIns.SENDGRID.stubFor(sends().willReturn(aResponse().withStatus(202).withFixedDelay(7000)));

		Broadcast broadcast = launch();
		await("the timeout",
				() -> this.fixtures.deliveries(this.tenant.id(), broadcast.id())
					.stream()
					.filter((delivery) -> "held".equals(delivery.status()))
					.count() == NAMES.size());
		int sent = requests().size();
		// the reconciler's turns come and go: SendGrid cannot be asked, so its event
		// webhook will resolve them
		Thread.sleep(3000);

		assertThat(this.fixtures.deliveries(this.tenant.id(), broadcast.id())).extracting(StoredDelivery::status)
			.containsOnly("held");
		assertThat(requests()).as("not sent again").hasSize(sent);
		assertThat(personalizations(requests())).containsExactlyInAnyOrderElementsOf(this.audience.keySet());
	}

	private Broadcast launch() {
		Broadcast broadcast = this.broadcasts.create(this.admin,
				new BroadcastDraft("SendGrid " + this.tag, null, Channel.EMAIL, BroadcastFixtures.tagged(this.tag),
						null, null, "promotional", Schedule.NOW, 0),
				new EmailContent("Hello {{ contact.first_name }}", null,
						"<p>Dear {{ contact.first_name }}, new arrivals</p>"));
		this.broadcasts.schedule(this.admin, broadcast.id());
		return broadcast;
	}

	private MappingBuilder sends() {
		return post(urlPathEqualTo("/v3/mail/send")).withHeader("Authorization", equalTo("Bearer " + this.apiKey));
	}

	/** This tenant's requests to SendGrid, oldest first. */
	private List<ServeEvent> requests() {
		return StandIns.SENDGRID.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getUrl().startsWith("/v3/mail/send")
					&& ("Bearer " + this.apiKey).equals(event.getRequest().getHeader("Authorization")))
			.sorted(java.util.Comparator.comparing((ServeEvent event) -> event.getRequest().getLoggedDate()))
			.toList();
	}

	/** The recipients of these requests, one entry per personalization. */
	private static List<String> personalizations(List<ServeEvent> requests) {
		return requests.stream()
			.flatMap((event) -> SendGridRequests.delivered(SendGridRequests.parse(event.getRequest().getBodyAsString()))
				.stream())
			.map(SendGridRequests.Delivered::to)
			.toList();
	}

	private List<String> providerMessageIds(UUID broadcast) {
		return column("provider_message_id", broadcast);
	}

	private List<String> errorMessages(UUID broadcast) {
		return column("error_message", broadcast);
	}

	private List<String> column(String column, UUID broadcast) {
		return this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.sql("SELECT " + column + " FROM deliveries WHERE tenant_id = ? AND broadcast_id = ?")
					.params(this.tenant.id().value(), broadcast)
					.query(String.class)
					.list());
	}

}
