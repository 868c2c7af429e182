package com.herald.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import com.herald.contact.Contact;
import com.herald.contact.ContactId;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The consent ledger: every change of a contact's consent on a channel is appended with
 * its evidence, and the contact's current status is derived from the ledger in the same
 * transaction. The ledger is never rewritten (the database refuses), except that erasing
 * a contact blanks its IP addresses and user agents.
 */
@Service
public class ConsentService {

	public static final int MAX_WORDING = 10_000;

	private static final Pattern IP = Pattern.compile("^[0-9A-Fa-f:.]{2,64}$");

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private final ContactService contacts;

	private final ConsentLedger ledger;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final Clock clock;

	ConsentService(ContactService contacts, ConsentLedger ledger, TenantTransactions transactions, AuditTrail audit,
			Clock clock) {
		this.contacts = contacts;
		this.ledger = ledger;
		this.transactions = transactions;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Records a consent change that happens now.
	 * @see #record(Actor, ContactId, Channel, ConsentStatus, ConsentSource, String,
	 * String, String, Instant)
	 */
	public ConsentRecord record(Actor actor, ContactId contactId, Channel channel, ConsentStatus status,
			ConsentSource source, @Nullable String wording, @Nullable String ip, @Nullable String userAgent) {
		return record(actor, contactId, channel, status, source, wording, ip, userAgent, null);
	}

	/**
	 * Appends a consent change to the ledger and updates the contact's current status on
	 * the channel, in one transaction. A change dated before the current status's (an
	 * import of old sign-ups) is kept in the ledger but does not override a newer one.
	 * @param wording the exact text the contact agreed to; required to opt in
	 * @param ip the contact's IP address, when known
	 * @param userAgent the contact's user agent, when known (cut to 512 characters)
	 * @param occurredAt when the contact gave or withdrew consent; {@code null} for now;
	 * never in the future
	 * @throws NotFoundException when the contact is not there (or another tenant's)
	 */
	public ConsentRecord record(Actor actor, ContactId contactId, Channel channel, ConsentStatus status,
			ConsentSource source, @Nullable String wording, @Nullable String ip, @Nullable String userAgent,
			@Nullable Instant occurredAt) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		if (status == ConsentStatus.UNKNOWN) {
			throw new InvalidInputException("status", "Record an opt-in or an opt-out");
		}
		String cleanWording = wording(wording, status);
		String cleanIp = ip(ip);
		String cleanAgent = userAgent(userAgent);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant when = (occurredAt != null) ? occurredAt.truncatedTo(ChronoUnit.MICROS) : now;
		if (when.isAfter(now.plus(CLOCK_SKEW))) {
			throw new InvalidInputException("occurredAt", "Consent cannot be dated in the future");
		}
		return this.transactions.inTenant(tenant, () -> {
			Contact contact = this.contacts.get(tenant, contactId);
			ContactPermissions.requireStore(actor, contact.getStoreId());
			if (!this.ledger.lockContact(tenant, contactId)) {
				throw new NotFoundException("Contact", contactId);
			}
			ConsentRecord record = this.ledger.append(tenant, contactId, channel, status, source, when, cleanIp,
					cleanAgent, cleanWording, actor);
			this.ledger.refreshStatus(tenant, contactId);
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("channel", channel.key());
			summary.put("status", status.key());
			summary.put("source", source.key());
			summary.put("occurredAt", when.toString());
			summary.put("recordId", record.id().toString());
			this.audit.record(actor, "consent.recorded", target(contact), null, summary);
			return record;
		});
	}

	/** The contact's consent ledger, newest first. */
	public List<ConsentRecord> history(Actor actor, ContactId contactId) {
		TenantId tenant = actor.requireTenant();
		this.contacts.get(actor, contactId);
		return this.transactions.readInTenant(tenant, () -> this.ledger.history(tenant, contactId));
	}

	/** The contact's current status on every channel. */
	public Map<Channel, ConsentStatus> status(Actor actor, ContactId contactId) {
		TenantId tenant = actor.requireTenant();
		this.contacts.get(actor, contactId);
		return this.transactions.readInTenant(tenant, () -> this.ledger.status(tenant, contactId));
	}

	/** The contact's current status on one channel, for Herald's own checks. */
	public ConsentStatus status(TenantId tenant, ContactId contactId, Channel channel) {
		return this.transactions.readInTenant(tenant, () -> this.ledger.status(tenant, contactId, channel));
	}

	static AuditTrail.Target target(Contact contact) {
		return (contact.getStoreId() != null)
				? AuditTrail.Target.inStore("contact", contact.getId(), contact.getStoreId())
				: AuditTrail.Target.of("contact", contact.getId());
	}

	private static @Nullable String wording(@Nullable String wording, ConsentStatus status) {
		String text = (wording != null) ? wording.strip() : "";
		if (text.isEmpty()) {
			if (status == ConsentStatus.OPTED_IN) {
				throw new InvalidInputException("wording", "Give the exact wording the contact agreed to");
			}
			return null;
		}
		if (text.length() > MAX_WORDING) {
			throw new InvalidInputException("wording", "Use at most " + MAX_WORDING + " characters");
		}
		if (text.indexOf('\0') >= 0) {
			throw new InvalidInputException("wording", "Remove NUL characters");
		}
		return text;
	}

	private static @Nullable String ip(@Nullable String ip) {
		if (ip == null || ip.isBlank()) {
			return null;
		}
		String text = ip.strip();
		if (!IP.matcher(text).matches()) {
			throw new InvalidInputException("ip", "Use an IPv4 or IPv6 address");
		}
		return text;
	}

	private static @Nullable String userAgent(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return null;
		}
		String text = userAgent.strip().replaceAll("\\p{Cc}", " ");
		return (text.length() > 512) ? text.substring(0, 512) : text;
	}

}
