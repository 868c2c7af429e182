package com.herald.sms;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.InboundMessage;
import com.herald.channel.ReplySink;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.ContactId;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * What Herald does with a message a contact sent: STOP and its synonyms opt the contact
 * out of the channel (a consent record with source {@code keyword}) and suppress the
 * number; START, UNSTOP and YES opt back in and lift a STOP suppression; HELP is answered
 * with the tenant's help text; anything else is kept as a reply. Each message is handled
 * once: Twilio retries a webhook it thinks failed, and a repeat changes nothing.
 */
@Component
public class SmsInbound {

	private static final Logger logger = LoggerFactory.getLogger(SmsInbound.class);

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final ConsentService consents;

	private final SuppressionService suppressions;

	private final ObjectProvider<ReplySink> replies;

	SmsInbound(JdbcClient jdbc, TenantTransactions transactions, ConsentService consents,
			SuppressionService suppressions, ObjectProvider<ReplySink> replies) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.consents = consents;
		this.suppressions = suppressions;
		this.replies = replies;
	}

	/**
	 * Handles one inbound message of a tenant.
	 * @return what it was
	 */
	public SmsKeyword handle(TenantId tenant, InboundMessage message) {
		SmsKeyword keyword = SmsKeyword.of(message.body(), message.providerOptOutType());
		Actor herald = Actor.system(tenant);
		Optional<UUID> contact = this.transactions.inTenant(tenant, () -> {
			UUID contactId = this.jdbc.sql("""
					SELECT id FROM contacts WHERE tenant_id = ? AND phone_e164 = ? AND erased_at IS NULL""")
				.params(tenant.value(), message.from())
				.query(UUID.class)
				.optional()
				.orElse(null);
			int stored = this.jdbc.sql("""
					INSERT INTO sms_inbound_messages (tenant_id, id, message_sid, channel, from_address, to_address,
					    body, kind, contact_id, received_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (tenant_id, message_sid) DO NOTHING""")
				.params(tenant.value(), UUID.randomUUID(), message.providerMessageId(), message.channel().key(),
						message.from(), message.to(), message.body(), keyword.key(), contactId,
						Timestamp.from(message.receivedAt()))
				.update();
			if (stored == 0) {
				return null;
			}
			apply(herald, keyword, message, contactId);
			return Optional.ofNullable(contactId);
		});
		if (contact == null) {
			logger.debug("Inbound message {} was already handled", message.providerMessageId());
			return keyword;
		}
		contact.ifPresent((contactId) -> this.replies.orderedStream()
			.forEach((sink) -> sink.replied(tenant, contactId, message.channel(), keyword == SmsKeyword.OPT_OUT,
					message.receivedAt())));
		return keyword;
	}

	private void apply(Actor herald, SmsKeyword keyword, InboundMessage message, @Nullable UUID contactId) {
		String word = message.body().strip();
		String wording = "Replied " + word.substring(0, Math.min(word.length(), 40)) + " to " + message.to();
		switch (keyword) {
			case OPT_OUT -> {
				if (contactId != null) {
					this.consents.record(herald, new ContactId(contactId), message.channel(), ConsentStatus.OPTED_OUT,
							ConsentSource.KEYWORD, wording, null, null, message.receivedAt());
				}
				this.suppressions.add(herald, message.channel(), message.from(), SuppressionReason.STOP,
						"Replied an opt-out keyword");
			}
			case OPT_IN -> {
				if (contactId != null) {
					this.consents.record(herald, new ContactId(contactId), message.channel(), ConsentStatus.OPTED_IN,
							ConsentSource.KEYWORD, wording, null, null, message.receivedAt());
				}
				this.suppressions.find(herald.requireTenant(), message.channel(), message.from())
					.filter((suppression) -> suppression.reason() == SuppressionReason.STOP)
					.ifPresent((suppression) -> this.suppressions.remove(herald, message.channel(), message.from()));
			}
			case HELP, REPLY -> {
				// kept in sms_inbound_messages; replies are attributed by the ReplySink
			}
		}
	}

}
