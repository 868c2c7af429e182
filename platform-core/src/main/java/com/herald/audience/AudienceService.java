package com.herald.audience;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactSummary;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Counts and samples the contacts a criteria tree matches, for whoever may see contacts
 * (store managers see only their stores' contacts; erased contacts are never counted).
 * <p>
 * The reachable count per channel is {@link com.herald.consent.Reachability}'s rules for
 * a promotional message, set-based: an address for the channel (phone for sms and
 * whatsapp, email for email; push has no stored subscriptions yet, so it is always 0),
 * that address not suppressed on the channel, an opt-in on the channel, and no opt-out of
 * the promotional category on it. Not applied, because they decide <em>when</em> a
 * message may go rather than whether: quiet hours (the contact's own and the tenant's SMS
 * hours; a contact without a timezone is checked in every zone of its phone number, which
 * libphonenumber knows and SQL does not). The frequency cap is not enforced by
 * Reachability either until deliveries are recorded.
 */
@Service
public class AudienceService {

	public static final int MAX_SAMPLE = 50;

	/** Channels with stored addresses (push has no subscriptions yet, so reaches 0). */
	private static final List<Channel> REACHED = List.of(Channel.SMS, Channel.WHATSAPP, Channel.EMAIL);

	private final AudienceCompiler compiler = new AudienceCompiler();

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final ListService lists;

	AudienceService(JdbcClient jdbc, TenantTransactions transactions, ListService lists) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.lists = lists;
	}

	/**
	 * Checks a tree without running it.
	 * @throws InvalidInputException keyed by the path of the bad node
	 */
	public void validate(Criterion tree) {
		this.compiler.compile(tree);
	}

	/** How many of the actor's visible contacts match. */
	public long count(Actor actor, Criterion tree) {
		TenantId tenant = actor.requireTenant();
		CompiledAudience audience = compile(actor, tree);
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT count(*) FROM contacts c WHERE " + audience.where())
					.params(audience.params())
					.query(Long.class)
					.single());
	}

	/**
	 * Matched and reachable per channel, in one pass over the matched contacts. Whether a
	 * contact is reachable on a channel is kept on the contact itself
	 * ({@code reachable_sms}, {@code reachable_whatsapp}, {@code reachable_email}, kept
	 * by triggers on contacts, consent_status, suppressions and
	 * contact_category_preferences), so the reachable counts read nothing beyond the rows
	 * the match reads anyway.
	 */
	public AudienceCounts counts(Actor actor, Criterion tree) {
		TenantId tenant = actor.requireTenant();
		CompiledAudience audience = compile(actor, tree);
		StringBuilder select = new StringBuilder("SELECT count(*) AS matched");
		for (Channel channel : REACHED) {
			select.append(", count(*) FILTER (WHERE c.reachable_%1$s) AS reach_%1$s".formatted(channel.key()));
		}
		String sql = select + " FROM contacts c WHERE " + audience.where();
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql(sql).params(audience.params()).query((rs, row) -> {
					Map<Channel, Long> reachable = new EnumMap<>(Channel.class);
					for (Channel channel : Channel.values()) {
						reachable.put(channel, REACHED.contains(channel) ? rs.getLong("reach_" + channel.key()) : 0L);
					}
					return new AudienceCounts(rs.getLong("matched"), reachable);
				}).single());
	}

	/** Up to {@code limit} matched contacts, newest first. */
	public List<ContactSummary> sample(Actor actor, Criterion tree, int limit) {
		if (limit < 1 || limit > MAX_SAMPLE) {
			throw new InvalidInputException("limit", "Ask for 1 to " + MAX_SAMPLE + " contacts");
		}
		TenantId tenant = actor.requireTenant();
		CompiledAudience audience = compile(actor, tree);
		List<Object> params = new ArrayList<>(audience.params());
		params.add(limit);
		return this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
				SELECT c.id, c.external_id, c.first_name, c.last_name, c.email, c.phone_e164, c.store_id, c.tags,
				       c.created_at, c.updated_at
				FROM contacts c WHERE\s""" + audience.where() + " ORDER BY c.created_at DESC, c.id DESC LIMIT ?")
			.params(params)
			.query(AudienceService::summary)
			.list());
	}

	/**
	 * The SQL of a tree for Herald's own bulk work (launching a broadcast): tenant, store
	 * scope and tree over {@code contacts c}, as {@link #counts} would run it.
	 * @param scope the stores to limit it to, or {@code null} for the whole tenant
	 */
	public CompiledAudience compileFor(TenantId tenant, @Nullable Set<StoreId> scope, Criterion tree) {
		CompiledAudience audience = this.compiler.compile(tenant, scope, tree);
		this.lists.requireKnownLists(tenant, tree);
		return audience;
	}

	/**
	 * The actor's visible contacts matching a tree, as a condition over
	 * {@code contacts c} for modules that aggregate over an audience in SQL (cost
	 * estimates).
	 */
	public CompiledAudience compile(Actor actor, Criterion tree) {
		ContactPermissions.requireRead(actor);
		Set<StoreId> scope = ContactPermissions.isStoreLimited(actor) ? actor.storeIds() : null;
		CompiledAudience audience = this.compiler.compile(actor.requireTenant(), scope, tree);
		this.lists.requireKnownLists(actor.requireTenant(), tree);
		return audience;
	}

	static ContactSummary summary(ResultSet rs, int row) throws SQLException {
		UUID store = rs.getObject("store_id", UUID.class);
		return new ContactSummary(new ContactId(rs.getObject("id", UUID.class)), rs.getString("external_id"),
				rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
				rs.getString("phone_e164"), (store != null) ? new StoreId(store) : null, tags(rs.getArray("tags")),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	private static Set<String> tags(@Nullable Array array) throws SQLException {
		if (array == null) {
			return Set.of();
		}
		return new TreeSet<>(Arrays.asList((String[]) array.getArray()));
	}

}
