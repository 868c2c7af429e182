package com.herald.delivery;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.RecipientHistory;
import com.herald.consent.Channel;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Who last sent to an address, from the deliveries the providers took. Platform work (the
 * reply names no tenant): it reads across tenants, and only tenant and store ids leave
 * it.
 */
@Component
class LastSenders implements RecipientHistory {

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	LastSenders(JdbcClient jdbc, TenantTransactions transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public List<Sender> lastSenders(Channel channel, String address, int limit) {
		return this.transactions.readAsPlatform(() -> this.jdbc.sql("""
				SELECT tenant_id, store_id, max(sent_at) AS last_sent FROM deliveries
				WHERE address = ? AND channel = ? AND sent_at IS NOT NULL
				GROUP BY tenant_id, store_id ORDER BY last_sent DESC LIMIT ?""")
			.params(address, channel.key(), limit)
			.query((rs, row) -> new Sender(new TenantId(rs.getObject("tenant_id", UUID.class)),
					rs.getObject("store_id", UUID.class)))
			.list());
	}

}
