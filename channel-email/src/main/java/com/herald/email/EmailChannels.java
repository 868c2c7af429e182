package com.herald.email;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatusSink;
import com.herald.email.sandbox.SandboxEmailChannel;
import com.herald.sandbox.SandboxReceipts;
import com.herald.tenancy.TenantTransactions;

/**
 * The sandbox email provider and its receipts (the real ones are in their sub-packages).
 */
@Configuration(proxyBeanMethods = false)
class EmailChannels {

	@Bean
	CommunicationChannel sandboxEmailChannel(EmailOutbox outbox, EmailSenders senders, EmailProperties properties) {
		return new SandboxEmailChannel(outbox, senders, properties);
	}

	@Bean
	SandboxReceipts sandboxEmailReceipts(EmailProperties properties, JdbcClient jdbc, TenantTransactions transactions,
			ObjectProvider<DeliveryStatusSink> sinks) {
		return new SandboxReceipts("email", properties.sandbox().receiptDelay(), SandboxEmailChannel.MESSAGE_ID_PREFIX,
				jdbc, transactions, sinks);
	}

}
