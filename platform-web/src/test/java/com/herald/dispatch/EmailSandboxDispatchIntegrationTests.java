package com.herald.dispatch;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

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
import com.herald.email.EmailOutbox;
import com.herald.email.OutboxEmail;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no email provider set up, an email broadcast goes through the whole engine into
 * the sandbox email outbox, personalised, with its footer and plain-text part.
 */
@HeraldWebTest
class EmailSandboxDispatchIntegrationTests {

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
	EmailOutbox outbox;

	@Test // #5
	void anEmailBroadcastLandsInTheSandboxOutboxPersonalised() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String tag = BroadcastFixtures.tag();
		Contact rosa = this.contacts.create(admin,
				ContactFixtures.person().firstName("Rosa").storeId(tenant.storeOne().getId()).tag(tag).build());
		this.consent.record(admin, rosa.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM, "Email me",
				"192.0.2.1", null);
		Broadcast broadcast = this.broadcasts.create(admin, new BroadcastDraft("Sandbox " + tag, null, Channel.EMAIL,
				BroadcastFixtures.tagged(tag), null, null, "promotional", Schedule.NOW, 0));
		this.broadcasts.updateEmail(admin, broadcast.id(), new com.herald.template.EmailContent(
				"Hello {{ contact.first_name }}", null, "<p>Dear {{ contact.first_name }}, new arrivals</p>"), null);

		this.broadcasts.schedule(admin, broadcast.id());
		await("completion", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		List<StoredDelivery> deliveries = this.fixtures.deliveries(tenant.id(), broadcast.id());
		assertThat(deliveries).singleElement().satisfies((delivery) -> assertThat(delivery.status()).isEqualTo("sent"));
		OutboxEmail email = this.outbox.find(tenant.id(), deliveries.get(0).id()).orElseThrow();
		assertThat(email.to()).isEqualTo(rosa.getEmail());
		assertThat(email.subject()).isEqualTo("Hello Rosa");
		assertThat(email.html()).contains("<p>Dear Rosa, new arrivals</p>", ">Unsubscribe</a>",
				tenant.storeOne().getDetails().addressLine1());
		assertThat(email.text()).startsWith("Dear Rosa, new arrivals").contains("Unsubscribe: http");
		// the suite's public URL is HTTPS: the engine's one-click link, then the mailto
		assertThat(email.listUnsubscribe()).startsWith("<" + com.herald.support.StandIns.PUBLIC_URL + "/u/")
			.endsWith(">, <mailto:" + com.herald.support.StandIns.UNSUBSCRIBE_MAILTO + "?subject=unsubscribe>");
	}

}
