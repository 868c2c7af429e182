package com.herald.broadcast;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.tenancy.StoreId;

/**
 * A broadcast as stored.
 *
 * @param id its id
 * @param draft what its author wrote
 * @param status where it stands
 * @param authorId the user or API key that created it
 * @param authorLabel who that is, for display
 * @param approvedByLabel who approved it, while the approval stands
 * @param approvedAt when, while it stands
 * @param reviewComment the approver's or rejecter's comment
 * @param failureReason why it failed, for {@link BroadcastStatus#FAILED}
 * @param launchedAt when its audience was snapshot
 * @param finishedAt when it completed, was cancelled or failed
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version optimistic lock version
 */
public record Broadcast(UUID id, BroadcastDraft draft, BroadcastStatus status, @Nullable String authorId,
		@Nullable String authorLabel, @Nullable String approvedByLabel, @Nullable Instant approvedAt,
		@Nullable String reviewComment, @Nullable String failureReason, @Nullable Instant launchedAt,
		@Nullable Instant finishedAt, Instant createdAt, Instant updatedAt, long version) {

	public String name() {
		return this.draft.name();
	}

	public Channel channel() {
		return this.draft.channel();
	}

	/** Its channels, in order of preference. */
	public java.util.List<Channel> channels() {
		return this.draft.channels();
	}

	public @Nullable StoreId storeId() {
		return this.draft.storeId();
	}

}
