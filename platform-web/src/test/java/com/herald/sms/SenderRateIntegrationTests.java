package com.herald.sms;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.dispatch.Dispatcher;
import com.herald.dispatch.OtherNode;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each sender's own rate, end to end through Twilio's local stand-in: a tenant's number
 * and a store's number, each at the rate set beside it (the store's wins over the
 * tenant's), with two dispatcher nodes drawing from the same buckets in PostgreSQL. No
 * wall-clock second at the stand-in gets more of a sender's requests than its rate (+5%),
 * and every recipient gets exactly one.
 */
@HeraldWebTest
class SenderRateIntegrationTests {

	private static final int TENANT_RATE = 20;

	private static final int STORE_RATE = 40;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmsSettingsService settings;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test
	void eachSenderKeepsToItsOwnRateAcrossTwoNodesAndAStoresRateWinsOverTheTenants() throws Exception {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.fixtures.noQuietHours(tenant.id());
		TwilioTestAccounts.Account account = TwilioTestAccounts.newAccount();
		String storeFrom = ContactFixtures.usPhone();
		this.settings.save(admin, null, new SmsSettingsChange(account.sid(), account.token(), false, account.from(),
				null, null, null, TENANT_RATE));
		this.settings.save(admin, tenant.storeOne().getId(),
				new SmsSettingsChange(null, null, false, storeFrom, null, null, null, STORE_RATE));
		StandIns.TWILIO.stubFor(post(urlPathEqualTo(account.messagesPath())).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(TwilioTestAccounts.messageJson(account.sid(), "SM" + "0".repeat(32), "queued", "+1", "x"))));
		// one message from each number first: the first requests of a fresh client (and
		// a cold JIT) can take long enough to land in the second after their tokens'
		send(admin, audience(tenant, admin, new ArrayList<>(), 1, 1));
		long warm = System.currentTimeMillis();
		List<Contact> audience = new ArrayList<>();
		String tag = audience(tenant, admin, audience, 3 * TENANT_RATE, 3 * STORE_RATE);

		// a second node's workers send alongside this one's
		Dispatcher otherNode = OtherNode.dispatcher(this.context);
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String worker = "other-node:" + i;
			workers.add(threads.submit(() -> {
				while (!done.get()) {
					if (otherNode.dispatchOnce(worker) == 0) {
						Thread.sleep(50);
					}
				}
				return null;
			}));
		}
		Broadcast broadcast;
		try {
			broadcast = send(admin, tag);
		}
		finally {
			done.set(true);
			for (Future<?> worker : workers) {
				worker.get();
			}
			threads.shutdown();
		}

		List<LoggedRequest> requests = StandIns.TWILIO.findAll(postRequestedFor(urlPathEqualTo(account.messagesPath())))
			.stream()
			.filter((request) -> request.getLoggedDate().getTime() >= warm)
			.toList();
		Map<String, List<LoggedRequest>> byFrom = requests.stream()
			.collect(Collectors.groupingBy((request) -> form(request).get("From")));
		assertThat(byFrom.keySet()).containsExactlyInAnyOrder(account.from(), storeFrom);
		assertThat(requests).extracting((request) -> form(request).get("To"))
			.as("one request per recipient")
			.containsExactlyInAnyOrderElementsOf(audience.stream().map(Contact::getPhone).toList());
		Map<Long, Long> tenantSeconds = perSecond(byFrom.get(account.from()));
		Map<Long, Long> storeSeconds = perSecond(byFrom.get(storeFrom));
		assertThat(byFrom.get(account.from())).hasSize(3 * TENANT_RATE);
		assertThat(tenantSeconds.values()).as("the tenant's number, requests per second: %s", tenantSeconds)
			.allSatisfy((n) -> assertThat(n).isLessThanOrEqualTo((long) (TENANT_RATE * 1.05)));
		assertThat(byFrom.get(storeFrom)).hasSize(3 * STORE_RATE);
		assertThat(storeSeconds.values()).as("the store's number, requests per second: %s", storeSeconds)
			.allSatisfy((n) -> assertThat(n).isLessThanOrEqualTo((long) (STORE_RATE * 1.05)))
			.as("the store's own rate, not the tenant's")
			.anySatisfy((n) -> assertThat(n).isGreaterThan(TENANT_RATE));
		assertThat(this.transactions.readInTenant(tenant.id(), () -> this.jdbc
			.sql("""
					SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND claimed_by LIKE 'other-node:%'""")
			.params(tenant.id().value(), broadcast.id())
			.query(Long.class)
			.single())).as("sent by the second node").isPositive();
	}

	/**
	 * Tags people who get the tenant's number (of no store, or of store two) and people
	 * of store one, and adds them to a list.
	 */
	private String audience(TwoTenants.TenantFixture tenant, Actor admin, List<Contact> audience, int ofTenant,
			int ofStore) {
		String tag = BroadcastFixtures.tag();
		// half of the tenant number's people in store two, which has no number of its own
		audience.addAll(this.fixtures.audience(admin, tag, ofTenant - ofTenant / 2));
		for (int i = 0; i < ofTenant / 2 + ofStore; i++) {
			StoreId store = (i < ofTenant / 2) ? tenant.storeTwo().getId() : tenant.storeOne().getId();
			audience.add(this.fixtures.optedIn(admin, tag,
					ContactFixtures.person().storeId(store).timezone("America/New_York")));
		}
		return tag;
	}

	private Broadcast send(Actor admin, String tag) {
		Broadcast broadcast = this.broadcasts.create(admin, BroadcastFixtures.sms(tag, "Hi {{ contact.first_name }}"));
		this.broadcasts.schedule(admin, broadcast.id());
		await("the broadcast sent",
				() -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);
		return broadcast;
	}

	/** Requests per wall-clock second, in order. */
	private static Map<Long, Long> perSecond(List<LoggedRequest> requests) {
		return requests.stream()
			.collect(Collectors.groupingBy((request) -> request.getLoggedDate().getTime() / 1000, TreeMap::new,
					Collectors.counting()));
	}

	private static Map<String, String> form(LoggedRequest request) {
		Map<String, String> form = new java.util.LinkedHashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return form;
	}

}
