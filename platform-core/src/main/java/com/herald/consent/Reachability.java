package com.herald.consent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import com.herald.contact.Contact;
import com.herald.contact.ContactId;
import com.herald.contact.ContactInputs;
import com.herald.contact.ContactService;
import com.herald.contact.PhoneNumbers;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * May this contact be sent a message of this category on this channel at this instant?
 * The checks, in order, each of which can only say no:
 * <ol>
 * <li>an address for the channel: a phone for sms and whatsapp, an email for email
 * (contacts hold no push subscriptions yet, so push is never reachable until the push
 * channel stores them);</li>
 * <li>suppression of that address on the channel: always wins;</li>
 * <li>consent on the channel: an opt-out blocks every category; without a recorded opt-in
 * only {@value MessagingSettings#TRANSACTIONAL} messages go;</li>
 * <li>the contact's explicit opt-out of the category on the channel;</li>
 * <li>for every category but transactional, the contact's pause (a break they asked for
 * on the preference page);</li>
 * <li>for every category but transactional, quiet hours: the contact's own, and on SMS
 * the tenant's promotional quiet hours (08:00–21:00 sending by default), both in the
 * contact's timezone. A contact without a timezone is checked in every zone its phone
 * number's area may be in (all must be outside quiet hours), else in UTC.</li>
 * </ol>
 * <p>
 * Not checked yet: the frequency cap. It needs the contact's delivery history, which the
 * delivery module will hold; until then {@link ContactPreferences#frequencyCap()} is
 * stored but not enforced here. TODO: enforce it once deliveries are recorded.
 */
@Service
public class Reachability {

	private static final int MAX_STEPS = 8;

	private final ContactService contacts;

	private final ConsentLedger ledger;

	private final PreferenceQueries preferences;

	private final SuppressionService suppressions;

	private final TenantTransactions transactions;

	Reachability(ContactService contacts, ConsentLedger ledger, PreferenceQueries preferences,
			SuppressionService suppressions, TenantTransactions transactions) {
		this.contacts = contacts;
		this.ledger = ledger;
		this.preferences = preferences;
		this.suppressions = suppressions;
		this.transactions = transactions;
	}

	/** Why a contact can or cannot be reached. */
	public enum Reason {

		ALLOWED, NO_ADDRESS, SUPPRESSED, OPTED_OUT, NO_CONSENT, CATEGORY_OPTED_OUT, PAUSED, QUIET_HOURS

	}

	/**
	 * The answer.
	 *
	 * @param reason {@link Reason#ALLOWED}, or the first check that said no
	 * @param notBefore for {@link Reason#QUIET_HOURS}, when quiet hours end
	 */
	public record Verdict(Reason reason, @Nullable Instant notBefore) {

		public boolean allowed() {
			return this.reason == Reason.ALLOWED;
		}

	}

	public boolean canReceive(TenantId tenant, ContactId contactId, Channel channel, String category, Instant at) {
		return check(tenant, contactId, channel, category, at).allowed();
	}

	/**
	 * @throws NotFoundException when the contact is not there (or erased)
	 * @throws InvalidInputException when the tenant does not use the category
	 */
	public Verdict check(TenantId tenant, ContactId contactId, Channel channel, String category, Instant at) {
		String key = ContactInputs.attributeKey("category", category);
		return this.transactions.readInTenant(tenant, () -> {
			Contact contact = this.contacts.get(tenant, contactId);
			MessagingSettings settings = this.preferences.settings(tenant);
			if (!settings.hasCategory(key)) {
				throw new InvalidInputException("category", "The tenant has no category " + key);
			}
			boolean transactional = MessagingSettings.TRANSACTIONAL.equals(key);
			String address = address(contact, channel);
			if (address == null) {
				return new Verdict(Reason.NO_ADDRESS, null);
			}
			if (this.suppressions.isSuppressedExact(tenant, channel, address)) {
				return new Verdict(Reason.SUPPRESSED, null);
			}
			ConsentStatus consent = this.ledger.status(tenant, contactId, channel);
			if (consent == ConsentStatus.OPTED_OUT) {
				return new Verdict(Reason.OPTED_OUT, null);
			}
			if (consent != ConsentStatus.OPTED_IN && !transactional) {
				return new Verdict(Reason.NO_CONSENT, null);
			}
			ContactPreferences choices = this.preferences.load(tenant, contactId);
			if (!choices.choice(channel, key).orElse(true)) {
				return new Verdict(Reason.CATEGORY_OPTED_OUT, null);
			}
			if (!transactional && choices.pausedAt(at)) {
				return new Verdict(Reason.PAUSED, null);
			}
			if (!transactional) {
				List<QuietHours> quiet = new ArrayList<>();
				if (choices.quietHours() != null) {
					quiet.add(choices.quietHours());
				}
				if (channel == Channel.SMS && settings.promotionalSmsQuietHours() != null) {
					quiet.add(settings.promotionalSmsQuietHours());
				}
				Instant allowedAt = nextAllowed(at, quiet, zones(contact));
				if (allowedAt.isAfter(at)) {
					return new Verdict(Reason.QUIET_HOURS, allowedAt);
				}
			}
			return new Verdict(Reason.ALLOWED, null);
		});
	}

	private static @Nullable String address(Contact contact, Channel channel) {
		return switch (channel) {
			case SMS, WHATSAPP -> contact.getPhone();
			case EMAIL -> contact.getEmail();
			case PUSH -> null;
		};
	}

	/** The contact's timezone; else every zone its number may be in; else UTC. */
	private static List<ZoneId> zones(Contact contact) {
		if (contact.getTimezone() != null) {
			return List.of(contact.getTimezone());
		}
		List<ZoneId> zones = (contact.getPhone() != null) ? PhoneNumbers.timeZones(contact.getPhone()) : List.of();
		return zones.isEmpty() ? List.of(ZoneOffset.UTC) : zones;
	}

	/**
	 * The first instant at or after {@code at} outside every quiet period in every zone.
	 * Moves to the latest end of whatever is quiet, until nothing is (bounded: quiet
	 * periods cover less than a day, so a few steps settle it).
	 */
	public static Instant nextAllowed(Instant at, List<QuietHours> quiet, List<ZoneId> zones) {
		Instant candidate = at;
		for (int step = 0; step < MAX_STEPS; step++) {
			Instant moved = candidate;
			for (QuietHours hours : quiet) {
				for (ZoneId zone : zones) {
					Instant end = hours.nextAllowed(candidate, zone);
					if (end.isAfter(moved)) {
						moved = end;
					}
				}
			}
			if (moved.equals(candidate)) {
				return candidate;
			}
			candidate = moved;
		}
		return candidate;
	}

}
