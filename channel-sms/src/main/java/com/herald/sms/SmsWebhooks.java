package com.herald.sms;

import org.springframework.stereotype.Service;

import com.herald.channel.InboundMessage;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.sms.twilio.TwilioWebhooks;

/**
 * Twilio's webhooks, for the controller that receives them: verify, then record statuses
 * or act on inbound messages.
 */
@Service
public class SmsWebhooks {

	private final TwilioWebhooks twilio;

	private final SmsStatuses statuses;

	private final SmsInbound inbound;

	SmsWebhooks(TwilioWebhooks twilio, SmsStatuses statuses, SmsInbound inbound) {
		this.twilio = twilio;
		this.statuses = statuses;
		this.inbound = inbound;
	}

	/**
	 * A message status callback.
	 * @throws WebhookRejectedException when it does not verify
	 */
	public void status(WebhookRequest request) {
		TwilioWebhooks.Verified verified = this.twilio.verify(request);
		this.statuses.record("twilio", verified.tenant(), verified.events().statuses());
	}

	/**
	 * An inbound message.
	 * @return the TwiML to answer with: the tenant's help text for HELP, else nothing
	 * @throws WebhookRejectedException when it does not verify
	 */
	public String inbound(WebhookRequest request) {
		TwilioWebhooks.Verified verified = this.twilio.verify(request);
		String reply = null;
		for (InboundMessage message : verified.events().inbound()) {
			if (this.inbound.handle(verified.tenant(), message) == SmsKeyword.HELP) {
				reply = verified.account().helpText();
			}
		}
		return TwilioWebhooks.reply(reply);
	}

}
