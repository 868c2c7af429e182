package com.herald.api.broadcast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.delivery.ClaimedDelivery;
import com.herald.delivery.DeliveryQueue;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMS and WhatsApp in one broadcast, each with its own text: WhatsApp's is written
 * through the REST API and the wizard's own box (a Liquid error names its field and
 * changes nothing), comes back from both, and is what WhatsApp deliveries render while
 * SMS deliveries render the shared body; cleared, WhatsApp says the SMS text again.
 */
@HeraldWebTest
class WhatsAppContentIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyService apiKeys;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	DeliveryQueue queue;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test // #5
	void whatsappSaysItsOwnTextWrittenThroughTheApiAndTheWizard() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.fixtures.noQuietHours(tenant.id());
		ApiClient api = ApiClient.bearer(this.port, this.apiKeys.create(admin, "whatsapp", Role.TENANT_ADMIN).key());
		String tag = BroadcastFixtures.tag();
		Contact contact = this.contacts.create(admin,
				ContactFixtures.person()
					.firstName("Ana")
					.phone(ContactFixtures.usPhone())
					.timezone("America/New_York")
					.tag(tag)
					.build());
		for (Channel channel : List.of(Channel.SMS, Channel.WHATSAPP)) {
			this.consent.record(admin, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM, "Yes",
					"192.0.2.1", null);
		}

		Map<String, Object> request = new LinkedHashMap<>();
		request.put("name", "Two texts " + tag);
		request.put("channels", List.of("sms", "whatsapp"));
		request.put("mode", "all");
		request.put("audience", Map.of("kind", "criteria", "criteria",
				Map.of("field", "tags", "operator", "any", "values", List.of(tag))));
		request.put("body", "Hi {{ contact.first_name }}, sale today");
		request.put("whatsappBody", "Hola {{ contact.first_name }} 👋");
		ApiResponse created = api.post("/api/v1/broadcasts", request);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.json().path("whatsappBody").asString()).isEqualTo("Hola {{ contact.first_name }} 👋");
		assertThat(created.json().path("body").asString()).isEqualTo("Hi {{ contact.first_name }}, sale today");

		request.put("whatsappBody", "Hola {{ contact.first_name ");
		ApiResponse refused = api.put("/api/v1/broadcasts/" + id, request);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").has("whatsappBody")).as(refused.toString()).isTrue();
		assertThat(api.get("/api/v1/broadcasts/" + id).json().path("whatsappBody").asString())
			.isEqualTo("Hola {{ contact.first_name }} 👋");

		// the wizard shows it in its own box and saves what is typed there
		WebSession web = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		String compose = web.get("/broadcasts/" + id + "/edit/compose").body();
		assertThat(compose).contains("<label for=\"whatsappBody\">WhatsApp message</label>")
			.contains("Hola {{ contact.first_name }} 👋</textarea>");
		assertThat(web.post("/broadcasts/" + id + "/edit/compose",
				Map.of("body", "Hi {{ contact.first_name }}, sale today", "whatsappBody",
						"Olá {{ contact.first_name }}", "category", "promotional", "action", "save"))
			.statusCode()).isEqualTo(302);
		assertThat(api.get("/api/v1/broadcasts/" + id).json().path("whatsappBody").asString())
			.isEqualTo("Olá {{ contact.first_name }}");

		UUID broadcastId = UUID.fromString(id);
		this.broadcasts.schedule(admin, broadcastId);
		await("launch", () -> this.broadcasts.get(admin, broadcastId).status() != BroadcastStatus.SCHEDULED);
		assertThat(bodies(tenant, broadcastId)).containsExactlyInAnyOrderEntriesOf(
				Map.of("sms", "Hi {{ contact.first_name }}, sale today", "whatsapp", "Olá {{ contact.first_name }}"));

		// cleared: WhatsApp says the shared text again (a copy is a draft to edit)
		UUID copy = this.broadcasts.duplicate(admin, broadcastId).id();
		assertThat(api.get("/api/v1/broadcasts/" + copy).json().path("whatsappBody").asString())
			.isEqualTo("Olá {{ contact.first_name }}");
		request.put("whatsappBody", "");
		assertThat(api.put("/api/v1/broadcasts/" + copy, request).json().path("whatsappBody").isNull()).isTrue();
	}

	/** What each delivery of the broadcast renders, by channel, as a worker loads it. */
	private Map<String, String> bodies(TwoTenants.TenantFixture tenant, UUID broadcastId) {
		Map<String, String> bodies = new LinkedHashMap<>();
		this.transactions
			.readInTenant(tenant.id(),
					() -> this.jdbc.sql("SELECT id, channel FROM deliveries WHERE tenant_id = ? AND broadcast_id = ?")
						.params(tenant.id().value(), broadcastId)
						.query((rs, row) -> Map.entry(rs.getString("channel"), rs.getObject("id", UUID.class)))
						.list())
			.forEach((delivery) -> bodies.put(delivery.getKey(),
					this.queue.find(tenant.id(), delivery.getValue()).map(ClaimedDelivery::body).orElseThrow()));
		return bodies;
	}

}
