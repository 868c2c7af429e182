package com.herald.email;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Email deliveries for provider tests: a draft broadcast, a contact and a delivery row in
 * a given state (sending: the dispatcher is sending it; sent: out with the provider), so
 * provider reports (bounces, opens, clicks) have a real delivery to land on. Built by
 * each test from its beans (not a bean itself: that would give the tests a context of
 * their own).
 */
public final class EmailTestDeliveries {

	private final BroadcastService broadcasts;

	private final ContactService contacts;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	public EmailTestDeliveries(BroadcastService broadcasts, ContactService contacts, JdbcClient jdbc,
			TenantTransactions transactions) {
		this.broadcasts = broadcasts;
		this.contacts = contacts;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * A delivery to {@code address} in {@code status} ({@code sending} or {@code sent}).
	 */
	public UUID create(TenantId tenant, Actor admin, String address, String status) {
		UUID broadcast = this.broadcasts.create(admin, BroadcastFixtures.sms(BroadcastFixtures.tag(), "Hello")).id();
		UUID contact = this.contacts.create(admin, ContactFixtures.person().email(address).build()).getId().value();
		UUID id = UUID.randomUUID();
		this.transactions.runInTenant(tenant, () -> this.jdbc.sql("""
				INSERT INTO deliveries (tenant_id, id, broadcast_id, contact_id, channel, address, status, not_before,
				    attempts, claimed_at, provider, sent_at)
				VALUES (?, ?, ?, ?, 'email', ?, ?, now(), 1, now(), 'smtp', CASE WHEN ? = 'sent' THEN now() END)""")
			.params(tenant.value(), id, broadcast, contact, address, status, status)
			.update());
		return id;
	}

	/** What was recorded of a delivery, by kind ({@code opened}, {@code clicked}, …). */
	public java.util.Map<String, String> events(TenantId tenant, UUID delivery) {
		return this.transactions.readInTenant(tenant, () -> this.jdbc
			.sql("SELECT kind, coalesce(detail, '') FROM delivery_events WHERE tenant_id = ? AND delivery_id = ?")
			.params(tenant.value(), delivery)
			.query((rs, n) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.stream()
			.collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
	}

}
