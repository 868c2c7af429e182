package com.herald.email;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.herald.channel.CommunicationChannel;
import com.herald.email.sandbox.SandboxEmailChannel;

/** The sandbox email provider (the real ones are in their sub-packages). */
@Configuration(proxyBeanMethods = false)
class EmailChannels {

	@Bean
	CommunicationChannel sandboxEmailChannel(EmailOutbox outbox, EmailSenders senders, EmailProperties properties) {
		return new SandboxEmailChannel(outbox, senders, properties);
	}

}
