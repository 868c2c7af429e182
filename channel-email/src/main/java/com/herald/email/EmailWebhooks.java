package com.herald.email;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.email.sendgrid.SendGridEvents;

/**
 * Email providers' webhooks, for the controller that receives them: verify, then hand the
 * statuses and engagement to the engine (which adds suppressions for bounces, spam
 * reports and unsubscribes).
 */
@Service
public class EmailWebhooks {

	private final SendGridEvents sendgrid;

	private final ObjectProvider<DeliveryStatusSink> sinks;

	EmailWebhooks(SendGridEvents sendgrid, ObjectProvider<DeliveryStatusSink> sinks) {
		this.sendgrid = sendgrid;
		this.sinks = sinks;
	}

	/**
	 * A batch of SendGrid events.
	 * @return how many statuses and engagement events it carried for Herald
	 * @throws WebhookRejectedException when it does not verify
	 */
	public int sendgridEvents(WebhookRequest request) {
		WebhookEvents events = this.sendgrid.parse(request);
		if (!events.statuses().isEmpty() || !events.engagement().isEmpty()) {
			this.sinks.orderedStream()
				.forEach((sink) -> sink.apply("sendgrid", events.statuses(), events.engagement()));
		}
		return events.statuses().size() + events.engagement().size();
	}

}
