package com.herald.broadcast;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * What an author writes: everything but the status. Drafts may be incomplete; submit and
 * schedule check completeness.
 *
 * @param name a name for the list
 * @param storeId the store sending it; required for store managers
 * @param channels the channels, in order of preference (one or more, no repeats)
 * @param mode how several channels are used: all of them, or the first that reaches each
 * recipient
 * @param audience who it goes to, once chosen
 * @param templateId the template its body was copied from, if any
 * @param body the Liquid text body of its SMS, WhatsApp and push messages, once written
 * (email content is kept apart, per channel)
 * @param category the message category ({@code promotional} by default)
 * @param schedule when it goes out
 * @param unitCostMicros the estimated cost of one text message, in millionths of the
 * tenant's currency (segments x price per segment), for cost so far
 */
public record BroadcastDraft(String name, @Nullable StoreId storeId, List<Channel> channels, ChannelMode mode,
		@Nullable Audience audience, @Nullable UUID templateId, @Nullable String body, @Nullable String category,
		Schedule schedule, long unitCostMicros) {

	public BroadcastDraft {
		if (channels.isEmpty()) {
			throw new InvalidInputException("channels", "Pick at least one channel");
		}
		if (new HashSet<>(channels).size() != channels.size()) {
			throw new InvalidInputException("channels", "List each channel once");
		}
		channels = List.copyOf(channels);
	}

	/** A one-channel draft. */
	public BroadcastDraft(String name, @Nullable StoreId storeId, Channel channel, @Nullable Audience audience,
			@Nullable UUID templateId, @Nullable String body, @Nullable String category, Schedule schedule,
			long unitCostMicros) {
		this(name, storeId, List.of(channel), ChannelMode.ALL, audience, templateId, body, category, schedule,
				unitCostMicros);
	}

	/** The first channel (the only one of a one-channel broadcast). */
	public Channel channel() {
		return this.channels.get(0);
	}

	/** Whether it lists more than one channel. */
	public boolean multiChannel() {
		return this.channels.size() > 1;
	}

	/** Whether it lists a channel that renders the text body. */
	public boolean hasTextChannel() {
		return this.channels.stream().anyMatch((channel) -> channel != Channel.EMAIL);
	}

	public BroadcastDraft withName(String newName) {
		return new BroadcastDraft(newName, this.storeId, this.channels, this.mode, this.audience, this.templateId,
				this.body, this.category, this.schedule, this.unitCostMicros);
	}

	public BroadcastDraft withChannels(List<Channel> newChannels, ChannelMode newMode) {
		return new BroadcastDraft(this.name, this.storeId, newChannels, newMode, this.audience, this.templateId,
				this.body, this.category, this.schedule, this.unitCostMicros);
	}

	public BroadcastDraft withSchedule(Schedule newSchedule) {
		return new BroadcastDraft(this.name, this.storeId, this.channels, this.mode, this.audience, this.templateId,
				this.body, this.category, newSchedule, this.unitCostMicros);
	}

}
