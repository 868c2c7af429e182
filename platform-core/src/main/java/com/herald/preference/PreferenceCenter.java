package com.herald.preference;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.ContactPreferences;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.consent.Suppression;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactId;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.delivery.DeliveryQueue;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * What a recipient does through a verified link: unsubscribe from a channel or from
 * everything, resubscribe, choose categories, set quiet hours, pause. Each change goes
 * through the consent and preference services (so the consent ledger and the audit trail
 * record it, with the recipient's IP address and user agent), and in the same transaction
 * skips or re-times their queued deliveries it rules out. Deliveries a worker has already
 * claimed still go. A change that skips deliveries locks the contact's broadcasts first,
 * before its audit records, in the engine's lock order.
 */
@Service
public class PreferenceCenter {

	/** The pause lengths a recipient may pick. */
	public static final Set<Integer> PAUSE_DAYS = Set.of(30, 60, 90);

	private static final List<Channel> PAGE_CHANNELS = List.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP);

	private final ContactService contacts;

	private final ConsentService consents;

	private final PreferenceService preferences;

	private final SuppressionService suppressions;

	private final DeliveryQueue queue;

	private final BrandingService branding;

	private final TenantTransactions transactions;

	private final Clock clock;

	private final PreferenceLinks links;

	private final AuditTrail audit;

	PreferenceCenter(ContactService contacts, ConsentService consents, PreferenceService preferences,
			SuppressionService suppressions, DeliveryQueue queue, BrandingService branding,
			TenantTransactions transactions, Clock clock, PreferenceLinks links, AuditTrail audit) {
		this.contacts = contacts;
		this.consents = consents;
		this.preferences = preferences;
		this.suppressions = suppressions;
		this.queue = queue;
		this.branding = branding;
		this.transactions = transactions;
		this.clock = clock;
		this.links = links;
		this.audit = audit;
	}

	/**
	 * The client a recipient acts from, for the consent ledger and the audit trail.
	 *
	 * @param ip the client address, if known
	 * @param userAgent the client's user agent, if known
	 */
	public record Client(@Nullable String ip, @Nullable String userAgent) {

		private static final java.util.regex.Pattern IP = java.util.regex.Pattern.compile("^[0-9A-Fa-f:.]{2,64}$");

		/**
		 * An address the ledger would refuse (an IPv6 zone, a proxy's junk) is dropped.
		 */
		public Client {
			ip = (ip != null && IP.matcher(ip).matches()) ? ip : null;
		}

	}

	/** The tenant's branding for a link, also when the contact is gone. */
	public Branding branding(LinkToken link) {
		return this.branding.get(link.tenantId());
	}

	/**
	 * What the preference page shows.
	 * @throws NotFoundException when the contact was deleted or erased since
	 */
	public RecipientPage page(LinkToken link) {
		TenantId tenant = link.tenantId();
		return this.transactions.readInTenant(tenant, () -> {
			Contact contact = this.contacts.get(tenant, link.contactId());
			ContactPreferences choices = this.preferences.get(reader(link), link.contactId());
			Map<Channel, ConsentStatus> status = this.consents.status(reader(link), link.contactId());
			List<String> categories = this.preferences.settings(tenant)
				.categories()
				.stream()
				.filter((category) -> !MessagingSettings.TRANSACTIONAL.equals(category))
				.toList();
			List<RecipientPage.ChannelChoice> channels = new ArrayList<>();
			for (Channel channel : PAGE_CHANNELS) {
				String address = address(contact, channel);
				if (address == null) {
					continue;
				}
				Optional<Suppression> suppression = this.suppressions.find(tenant, channel, address);
				boolean blocked = suppression.filter((s) -> s.reason() != SuppressionReason.UNSUBSCRIBED).isPresent();
				boolean subscribed = suppression.isEmpty() && status.get(channel) == ConsentStatus.OPTED_IN;
				Map<String, Boolean> chosen = new LinkedHashMap<>();
				for (String category : categories) {
					chosen.put(category, choices.choice(channel, category).orElse(true));
				}
				channels
					.add(new RecipientPage.ChannelChoice(channel, mask(channel, address), subscribed, blocked, chosen));
			}
			Instant now = this.clock.instant();
			return new RecipientPage(this.branding.get(tenant), channels, categories, choices.quietHours(),
					choices.pausedAt(now) ? choices.pausedUntil() : null, contact.getLocale());
		});
	}

	/**
	 * Unsubscribes the contact from the link's channel: an opt-out in the ledger (source
	 * {@code unsubscribe_link}), the address suppressed as unsubscribed, their queued
	 * deliveries on the channel skipped. Repeating it changes nothing.
	 * @param oneClick whether it came as an RFC 8058 one-click POST (recorded in the
	 * wording)
	 * @return how many queued deliveries were skipped
	 */
	public int unsubscribe(LinkToken link, Client client, boolean oneClick) {
		Channel channel = requireChannel(link);
		String wording = (oneClick ? "One-click unsubscribe (RFC 8058)" : "Unsubscribe link") + " from " + channel.key()
				+ ((link.deliveryId() != null) ? " in message " + link.deliveryId() : "");
		Actor actor = actor(link, client, "recipient (unsubscribe link)");
		return this.transactions.inTenant(link.tenantId(), () -> {
			this.queue.lockBroadcastsOfContact(link.tenantId(), link.contactId().value());
			return optOut(actor, link, channel, ConsentSource.UNSUBSCRIBE_LINK, wording);
		});
	}

	/**
	 * Unsubscribes the contact from every channel Herald has an address or consent for.
	 */
	public int unsubscribeAll(LinkToken link, Client client) {
		Actor actor = actor(link, client, "recipient (preference page)");
		return this.transactions.inTenant(link.tenantId(), () -> {
			this.queue.lockBroadcastsOfContact(link.tenantId(), link.contactId().value());
			int skipped = 0;
			for (Channel channel : Channel.values()) {
				skipped += optOut(actor, link, channel, ConsentSource.PREFERENCE_PAGE,
						"Unsubscribed from everything on the preference page");
			}
			return skipped;
		});
	}

	/**
	 * Opts the contact back in on a channel (source {@code preference_page}) and lifts an
	 * unsubscribe suppression of their address. Other suppressions (a bounce, a
	 * complaint, STOP) stay: the address itself cannot take messages, or the recipient
	 * must text START.
	 * @param wording the exact text the recipient agreed to
	 */
	public void resubscribe(LinkToken link, Client client, Channel channel, String wording) {
		Actor actor = actor(link, client, "recipient (preference page)");
		this.transactions.runInTenant(link.tenantId(), () -> {
			Contact contact = this.contacts.get(link.tenantId(), link.contactId());
			String address = address(contact, channel);
			if (address == null) {
				throw new InvalidInputException("channel", "There is no address for " + channel.key());
			}
			this.consents.record(actor, link.contactId(), channel, ConsentStatus.OPTED_IN,
					ConsentSource.PREFERENCE_PAGE, wording, client.ip(), client.userAgent());
			this.suppressions.find(link.tenantId(), channel, address)
				.filter((suppression) -> suppression.reason() == SuppressionReason.UNSUBSCRIBED)
				.ifPresent((suppression) -> this.suppressions.remove(actor, channel, address));
		});
	}

	/**
	 * Sets the recipient's choice for a category on a channel; opting out skips their
	 * queued deliveries of that category on that channel.
	 */
	public int setCategory(LinkToken link, Client client, Channel channel, String category, boolean optedIn) {
		if (MessagingSettings.TRANSACTIONAL.equals(category)) {
			throw new InvalidInputException("category", "Transactional messages are chosen by unsubscribing");
		}
		Actor actor = actor(link, client, "recipient (preference page)");
		return this.transactions.inTenant(link.tenantId(), () -> {
			this.queue.lockBroadcastsOfContact(link.tenantId(), link.contactId().value());
			ContactPreferences before = this.preferences.get(reader(link), link.contactId());
			if (before.choice(channel, category).orElse(true) == optedIn) {
				return 0;
			}
			this.preferences.setCategory(actor, link.contactId(), channel, category, optedIn);
			return optedIn ? 0 : this.queue.skipQueuedForContact(link.tenantId(), link.contactId().value(), channel,
					category, false, "Recipient opted out of " + category);
		});
	}

	/**
	 * Sets or clears the recipient's quiet hours; queued deliveries that would now arrive
	 * in them wait for their end.
	 */
	public void setQuietHours(LinkToken link, Client client, @Nullable QuietHours quietHours) {
		Actor actor = actor(link, client, "recipient (preference page)");
		this.transactions.runInTenant(link.tenantId(), () -> {
			this.preferences.setQuietHours(actor, link.contactId(), quietHours);
			if (quietHours != null) {
				this.queue.retimeQueuedForQuietHours(link.tenantId(), link.contactId().value(), quietHours.start(),
						quietHours.end());
			}
		});
	}

	/**
	 * Pauses everything but transactional messages for 30, 60 or 90 days, skipping the
	 * recipient's queued deliveries.
	 * @return until when
	 */
	public Instant pause(LinkToken link, Client client, int days) {
		if (!PAUSE_DAYS.contains(days)) {
			throw new InvalidInputException("days", "Pause for 30, 60 or 90 days");
		}
		Actor actor = actor(link, client, "recipient (preference page)");
		Instant until = this.clock.instant().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS);
		this.transactions.runInTenant(link.tenantId(), () -> {
			this.queue.lockBroadcastsOfContact(link.tenantId(), link.contactId().value());
			this.preferences.setPause(actor, link.contactId(), until);
			this.queue.skipQueuedForContact(link.tenantId(), link.contactId().value(), null, null, false,
					"Recipient paused messages");
		});
		return until;
	}

	/** Ends the recipient's pause. */
	public void resume(LinkToken link, Client client) {
		Actor actor = actor(link, client, "recipient (preference page)");
		this.preferences.setPause(actor, link.contactId(), null);
	}

	/**
	 * Links a tenant user hands a contact (support: "here is where you choose"): the
	 * preference page and an unsubscribe link per channel Herald has an address for.
	 * Audited, because whoever holds them can change the contact's consent.
	 */
	public IssuedLinks issueLinks(Actor actor, ContactId contactId) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		Contact contact = this.contacts.get(actor, contactId);
		return this.transactions.inTenant(tenant, () -> {
			Map<Channel, String> unsubscribe = new TreeMap<>();
			for (Channel channel : PAGE_CHANNELS) {
				if (address(contact, channel) != null) {
					unsubscribe.put(channel, this.links.unsubscribe(tenant, contactId, channel, null));
				}
			}
			IssuedLinks issued = new IssuedLinks(this.links.preferences(tenant, contactId), unsubscribe,
					this.clock.instant().plus(this.links.validity()).truncatedTo(ChronoUnit.SECONDS));
			this.audit.record(actor, "preference_link.issued", AuditTrail.Target.of("contact", contactId), null,
					Map.of("expiresAt", issued.expiresAt().toString()));
			return issued;
		});
	}

	/**
	 * @param preferencesUrl the preference page
	 * @param unsubscribeUrls one unsubscribe link per channel with an address
	 * @param expiresAt when they stop working
	 */
	public record IssuedLinks(String preferencesUrl, Map<Channel, String> unsubscribeUrls, Instant expiresAt) {
	}

	private int optOut(Actor actor, LinkToken link, Channel channel, ConsentSource source, String wording) {
		TenantId tenant = link.tenantId();
		Contact contact = this.contacts.get(tenant, link.contactId());
		String address = address(contact, channel);
		ConsentStatus status = this.consents.status(tenant, link.contactId(), channel);
		if (address == null && status == ConsentStatus.UNKNOWN) {
			return 0;
		}
		if (status != ConsentStatus.OPTED_OUT) {
			this.consents.record(actor, link.contactId(), channel, ConsentStatus.OPTED_OUT, source, wording, actor.ip(),
					actor.userAgent());
		}
		if (address != null) {
			this.suppressions.add(actor, channel, address, SuppressionReason.UNSUBSCRIBED, wording);
		}
		return this.queue.skipQueuedForContact(tenant, link.contactId().value(), channel, null, true,
				"Recipient unsubscribed");
	}

	private static Channel requireChannel(LinkToken link) {
		if (link.channel() == null) {
			throw new InvalidInputException("channel", "The link names no channel");
		}
		return link.channel();
	}

	/**
	 * The recipient, acting through their link. Anonymous, of the link's tenant, with no
	 * role: what {@code ContactPermissions} lets change this contact's consent.
	 */
	private static Actor actor(LinkToken link, Client client, String label) {
		return new Actor(Actor.Type.ANONYMOUS, link.contactId().toString(), label, link.tenantId(), null, Set.of(),
				client.ip(), client.userAgent());
	}

	private static Actor reader(LinkToken link) {
		return actor(link, new Client(null, null), "recipient");
	}

	static @Nullable String address(Contact contact, Channel channel) {
		return switch (channel) {
			case SMS, WHATSAPP -> contact.getPhone();
			case EMAIL -> contact.getEmail();
			case PUSH -> null;
		};
	}

	/**
	 * {@code jane@example.com} → {@code j•••@example.com}; a phone keeps its last two
	 * digits.
	 */
	static String mask(Channel channel, String address) {
		if (channel == Channel.EMAIL) {
			int at = address.indexOf('@');
			return (at > 0) ? address.charAt(0) + "•••" + address.substring(at) : "•••";
		}
		return "•••" + address.substring(Math.max(0, address.length() - 2));
	}

}
