package com.herald.sms.twilio;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.herald.channel.CommunicationChannel;
import com.herald.consent.Channel;
import com.herald.sms.SmsSettingsService;
import com.herald.sms.SmsStatuses;
import com.herald.sms.SmsWebhookUrls;

/** Twilio for SMS and, on the same account, for WhatsApp. */
@Configuration(proxyBeanMethods = false)
class TwilioChannels {

	@Bean
	CommunicationChannel twilioSmsChannel(SmsSettingsService settings, TwilioClients clients, SmsWebhookUrls urls,
			SmsStatuses statuses, TwilioWebhooks webhooks) {
		return new TwilioChannel(Channel.SMS, settings, clients, urls, statuses, webhooks);
	}

	@Bean
	CommunicationChannel twilioWhatsAppChannel(SmsSettingsService settings, TwilioClients clients, SmsWebhookUrls urls,
			SmsStatuses statuses, TwilioWebhooks webhooks) {
		return new TwilioChannel(Channel.WHATSAPP, settings, clients, urls, statuses, webhooks);
	}

}
