package com.herald.sms;

import org.springframework.stereotype.Service;

import com.herald.channel.InboundMessage;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.sms.twilio.TwilioWebhooks;
import com.herald.tenancy.TenantId;

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
	 * A message status callback; one naming a tenant that does not exist (any more) is
	 * answered and ignored.
	 * @throws WebhookRejectedException when it does not verify
	 */
	public void status(WebhookRequest request) {
		TwilioWebhooks.Verified verified = this.twilio.verify(request);
		if (verified.tenant() != null) {
			this.statuses.record("twilio", verified.tenant(), verified.events().statuses());
		}
	}

	/**
	 * An inbound message. One to the platform's number, which tenants share, goes to the
	 * tenant that last sent to the person from it; with no such tenant it is ignored.
	 * @return the TwiML to answer with: the tenant's help text for HELP, else nothing
	 * @throws WebhookRejectedException when it does not verify
	 */
	public String inbound(WebhookRequest request) {
		TwilioWebhooks.Verified verified = this.twilio.verify(request);
		TenantId tenant = verified.tenant();
		String reply = null;
		for (InboundMessage message : verified.events().inbound()) {
			if (tenant != null && this.inbound.handle(tenant, message) == SmsKeyword.HELP) {
				reply = verified.account().helpText();
			}
		}
		return TwilioWebhooks.reply(reply);
	}

}
