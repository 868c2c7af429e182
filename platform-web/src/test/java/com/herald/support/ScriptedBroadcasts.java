package com.herald.support;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.contact.Contact;
import com.herald.dispatch.ScriptedChannel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;

/**
 * The broadcast and dead-letter tests' common setup, on top of {@link BroadcastFixtures}:
 * a tenant whose SMS go to the scripted provider, an audience of which some numbers fail
 * for good, and a launched broadcast run to completion.
 */
@Component
public class ScriptedBroadcasts {

	private final BroadcastFixtures fixtures;

	private final ScriptedChannel sms;

	private final BroadcastService broadcasts;

	ScriptedBroadcasts(BroadcastFixtures fixtures, ScriptedChannel sms, BroadcastService broadcasts) {
		this.fixtures = fixtures;
		this.sms = sms;
		this.broadcasts = broadcasts;
	}

	/** The tenant's SMS go to the scripted provider, at any hour. */
	public void scriptedSms(TenantId tenant) {
		this.sms.enrol(tenant.value());
		this.fixtures.noQuietHours(tenant);
	}

	/**
	 * {@code count} people with the tag, opted in, the first {@code failing} of them with
	 * a number the provider refuses for good (Twilio's 21211): their deliveries end as
	 * dead letters.
	 */
	public List<Contact> audienceWithFailures(Actor admin, String tag, int count, int failing) {
		List<Contact> audience = this.fixtures.audience(admin, tag, count);
		audience.subList(0, failing)
			.forEach((contact) -> this.sms.script(contact.getPhone(), ScriptedChannel.Behaviour.INVALID_NUMBER));
		return audience;
	}

	/** Launches a broadcast and waits for it to complete. */
	public void launchAndComplete(Actor admin, UUID broadcastId) {
		this.broadcasts.schedule(admin, broadcastId);
		BroadcastFixtures.await("completion",
				() -> this.broadcasts.get(admin, broadcastId).status() == BroadcastStatus.COMPLETED);
	}

}
