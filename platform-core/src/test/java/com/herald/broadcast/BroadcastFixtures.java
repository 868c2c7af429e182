package com.herald.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.audience.Condition;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Audiences and broadcasts for tests: contacts tagged with a tag nothing else holds (the
 * audience is "has that tag"), opted in to SMS, and drafts that go to them.
 */
@Component
public class BroadcastFixtures {

	private final ContactService contacts;

	private final ConsentService consent;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	BroadcastFixtures(ContactService contacts, ConsentService consent, JdbcClient jdbc,
			TenantTransactions transactions) {
		this.contacts = contacts;
		this.consent = consent;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** A fresh tag for one audience. */
	public static String tag() {
		return ContactFixtures.token();
	}

	/** The audience of everyone with the tag. */
	public static Audience tagged(String tag) {
		return Audience.criteria(Condition.of("tags", "any", tag));
	}

	/** A promotional SMS draft to everyone with the tag, sent now. */
	public static BroadcastDraft sms(String tag, String body) {
		return new BroadcastDraft("Offer " + tag, null, Channel.SMS, tagged(tag), null, body, "promotional",
				Schedule.NOW, 7500);
	}

	public static BroadcastDraft sms(String tag, String body, StoreId store) {
		return new BroadcastDraft("Offer " + tag, store, Channel.SMS, tagged(tag), null, body, "promotional",
				Schedule.NOW, 7500);
	}

	/** A contact with the tag, opted in to SMS. */
	public Contact optedIn(Actor admin, String tag, ContactDraft.Builder draft) {
		Contact contact = this.contacts.create(admin, draft.tag(tag).build());
		this.consent.record(admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Send me offers", "192.0.2.1", null);
		return contact;
	}

	/** {@code count} people with the tag, opted in, in New York. */
	public List<Contact> audience(Actor admin, String tag, int count) {
		List<Contact> all = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			all.add(optedIn(admin, tag, ContactFixtures.person().firstName("Ann" + i).timezone("America/New_York")));
		}
		return all;
	}

	/** Turns the tenant's promotional SMS quiet hours off, so sends go at any hour. */
	public void noQuietHours(TenantId tenant) {
		this.transactions.runInTenant(tenant,
				() -> this.jdbc
					.sql("""
							INSERT INTO tenant_messaging_settings (tenant_id, promotional_sms_quiet_start, promotional_sms_quiet_end)
							VALUES (?, NULL, NULL) ON CONFLICT (tenant_id) DO UPDATE SET promotional_sms_quiet_start = NULL,
							    promotional_sms_quiet_end = NULL""")
					.param(tenant.value())
					.update());
	}

	/** Sets the tenant's SMS quota per second. */
	public void quota(TenantId tenant, long perSecond) {
		this.transactions.runInTenant(tenant, () -> this.jdbc.sql("""
				INSERT INTO channel_quotas (tenant_id, channel, per_second) VALUES (?, 'sms', ?)
				ON CONFLICT (tenant_id, channel) DO UPDATE SET per_second = EXCLUDED.per_second, updated_at = now()""")
			.params(tenant.value(), perSecond)
			.update());
	}

	/** A delivery's state, not_before and attempts, as stored. */
	public record StoredDelivery(UUID id, UUID contactId, String status, java.time.Instant notBefore, int attempts,
			String errorCode) {
	}

	public List<StoredDelivery> deliveries(TenantId tenant, UUID broadcastId) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("""
						SELECT id, contact_id, status, not_before, attempts, error_code FROM deliveries
						WHERE tenant_id = ? AND broadcast_id = ? ORDER BY id""")
					.params(tenant.value(), broadcastId)
					.query((rs, row) -> new StoredDelivery(rs.getObject("id", UUID.class),
							rs.getObject("contact_id", UUID.class), rs.getString("status"),
							rs.getObject("not_before", java.time.OffsetDateTime.class).toInstant(),
							rs.getInt("attempts"), rs.getString("error_code")))
					.list());
	}

	/** Waits up to 15 s for a condition (the engine works in background threads). */
	public static void await(String what, Supplier<Boolean> condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			if (Boolean.TRUE.equals(condition.get())) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted waiting for " + what);
			}
		}
		throw new AssertionError("Timed out waiting for " + what);
	}

}
