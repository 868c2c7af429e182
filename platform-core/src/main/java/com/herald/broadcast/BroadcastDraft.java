package com.herald.broadcast;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.tenancy.StoreId;

/**
 * What an author writes: everything but the status. Drafts may be incomplete; submit and
 * schedule check completeness.
 *
 * @param name a name for the list
 * @param storeId the store sending it; required for store managers
 * @param channel the channel
 * @param audience who it goes to, once chosen
 * @param templateId the template its body was copied from, if any
 * @param body the Liquid body, once written
 * @param category the message category ({@code promotional} by default)
 * @param schedule when it goes out
 * @param unitCostMicros the estimated cost of one message, in millionths of the tenant's
 * currency (segments x price per segment), for cost so far
 */
public record BroadcastDraft(String name, @Nullable StoreId storeId, Channel channel, @Nullable Audience audience,
		@Nullable UUID templateId, @Nullable String body, @Nullable String category, Schedule schedule,
		long unitCostMicros) {

	public BroadcastDraft withName(String newName) {
		return new BroadcastDraft(newName, this.storeId, this.channel, this.audience, this.templateId, this.body,
				this.category, this.schedule, this.unitCostMicros);
	}

}
