package com.herald.email.sendgrid;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.herald.channel.CommunicationChannel;
import com.herald.email.EmailProperties;
import com.herald.email.EmailSettingsService;

/** SendGrid for email. */
@Configuration(proxyBeanMethods = false)
class SendGridChannels {

	@Bean
	CommunicationChannel sendGridEmailChannel(EmailSettingsService settings, SendGridClients clients,
			SendGridEvents events, EmailProperties properties) {
		return new SendGridEmailChannel(settings, clients, events, properties);
	}

}
