package com.herald.web.broadcast;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.springframework.stereotype.Component;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastReview;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.ChannelMode;
import com.herald.consent.Channel;
import com.herald.delivery.DeliveryState;

/**
 * How the broadcast pages word statuses, channels, exclusions and amounts
 * ({@code @broadcastLabels} in templates).
 */
@Component("broadcastLabels")
public class BroadcastLabels {

	public String channel(Channel channel) {
		return channelLabel(channel);
	}

	/** A broadcast's channels as a phrase: "SMS", "SMS and Email", "SMS, else Email". */
	public String channels(Broadcast broadcast) {
		return String.join((broadcast.draft().mode() == ChannelMode.FALLBACK) ? ", else " : " and ",
				broadcast.channels().stream().map(BroadcastLabels::channelLabel).toList());
	}

	/** The channels that send the broadcast's text body: "SMS", "SMS and WhatsApp". */
	public String textChannels(Broadcast broadcast) {
		return String.join(" and ",
				broadcast.channels()
					.stream()
					.filter((channel) -> channel != Channel.EMAIL)
					.map(BroadcastLabels::channelLabel)
					.toList());
	}

	static String channelLabel(Channel channel) {
		return switch (channel) {
			case SMS -> "SMS";
			case WHATSAPP -> "WhatsApp";
			case EMAIL -> "Email";
			case PUSH -> "Push";
		};
	}

	public String status(BroadcastStatus status) {
		return statusLabel(status);
	}

	static String statusLabel(BroadcastStatus status) {
		return switch (status) {
			case DRAFT -> "Draft";
			case AWAITING_APPROVAL -> "Awaiting approval";
			case SCHEDULED -> "Scheduled";
			case SENDING -> "Sending";
			case PAUSED -> "Paused";
			case COMPLETED -> "Completed";
			case CANCELLED -> "Cancelled";
			case FAILED -> "Failed";
		};
	}

	public String state(DeliveryState state) {
		return stateLabel(state);
	}

	static String stateLabel(DeliveryState state) {
		String key = state.key();
		return Character.toUpperCase(key.charAt(0)) + key.substring(1);
	}

	/** An exclusion reason stored by key ({@code no_consent}, …). */
	public String exclusionKey(String key) {
		return exclusion(BroadcastReview.Exclusion.valueOf(key.toUpperCase(java.util.Locale.ROOT)));
	}

	public String exclusion(BroadcastReview.Exclusion exclusion) {
		return switch (exclusion) {
			case INVALID_ADDRESS -> "No valid address";
			case SUPPRESSED -> "Suppressed";
			case OPTED_OUT -> "Opted out";
			case NO_CONSENT -> "No consent";
			case CATEGORY_OPTED_OUT -> "Opted out of the category";
			case PAUSED -> "Paused messages";
			case FREQUENCY_CAP -> "Frequency cap reached";
		};
	}

	/** Millionths of a currency unit as an amount with at least two decimals. */
	public String money(long micros) {
		BigDecimal amount = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
		return (amount.scale() < 2) ? amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString()
				: amount.setScale(Math.min(amount.scale(), 4), RoundingMode.HALF_UP).toPlainString();
	}

}
