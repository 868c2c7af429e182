package com.herald.sms;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.herald.channel.CommunicationChannel;
import com.herald.consent.Channel;
import com.herald.sms.sandbox.SandboxSmsChannel;

/** The sandbox providers for SMS and WhatsApp (the Twilio ones are in {@code twilio}). */
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

}
