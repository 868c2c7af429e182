package com.herald.sms;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatusSink;
import com.herald.consent.Channel;
import com.herald.sandbox.SandboxReceipts;
import com.herald.sms.sandbox.SandboxSmsChannel;
import com.herald.tenancy.TenantTransactions;

/**
 * The sandbox providers for SMS and WhatsApp and their receipts (the Twilio ones are in
 * {@code twilio}).
 */
@Configuration(proxyBeanMethods = false)
class SmsChannels {

	@Bean
	CommunicationChannel sandboxSmsChannel(SmsOutbox outbox, SmsSettingsService settings) {
		return new SandboxSmsChannel(Channel.SMS, outbox, settings);
	}

	@Bean
	CommunicationChannel sandboxWhatsAppChannel(SmsOutbox outbox, SmsSettingsService settings) {
		return new SandboxSmsChannel(Channel.WHATSAPP, outbox, settings);
	}

	@Bean
	SandboxReceipts sandboxSmsReceipts(SmsProperties properties, JdbcClient jdbc, TenantTransactions transactions,
			ObjectProvider<DeliveryStatusSink> sinks) {
		return new SandboxReceipts("sms", properties.sandbox().receiptDelay(), SandboxSmsChannel.MESSAGE_ID_PREFIX,
				jdbc, transactions, sinks);
	}

}
