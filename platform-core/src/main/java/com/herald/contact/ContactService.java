package com.herald.contact;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * A tenant's contacts. Commands take the {@link Actor} first, run in one transaction
 * bound to the actor's tenant and write their audit event in it; audit summaries name the
 * fields that changed, never their values. Identifiers (external id, email, phone) are
 * unique among a tenant's live contacts: a clash is reported, never merged silently.
 * <p>
 * Permissions are {@link ContactPermissions}': store managers see and change only the
 * contacts of their stores.
 */
@Service
public class ContactService {

	/** The most items one {@link #batchUpsert} takes. */
	public static final int MAX_BATCH = 1000;

	private static final String TARGET = "contact";

	private final ContactRepository contacts;

	private final ContactQueries queries;

	private final StoreService stores;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final ObjectProvider<ContactDataHolder> holders;

	private final EntityManager entityManager;

	private final Clock clock;

	ContactService(ContactRepository contacts, ContactQueries queries, StoreService stores,
			TenantTransactions transactions, AuditTrail audit, ObjectProvider<ContactDataHolder> holders,
			EntityManager entityManager, Clock clock) {
		this.contacts = contacts;
		this.queries = queries;
		this.stores = stores;
		this.transactions = transactions;
		this.audit = audit;
		this.holders = holders;
		this.entityManager = entityManager;
		this.clock = clock;
	}

	// ---------------------------------------------------------------- queries

	/**
	 * One live contact.
	 * @throws NotFoundException when it does not exist, was erased, or is another
	 * tenant's
	 * @throws PermissionDeniedException for a store manager, when it is not one of their
	 * stores' contacts
	 */
	public Contact get(Actor actor, ContactId id) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		Contact contact = this.transactions.readInTenant(tenant, () -> live(tenant, id));
		ContactPermissions.requireStore(actor, contact.getStoreId());
		return contact;
	}

	/**
	 * One live contact, for Herald's own use (consent checks, sending): no role or store
	 * check.
	 */
	public Contact get(TenantId tenant, ContactId id) {
		return this.transactions.readInTenant(tenant, () -> live(tenant, id));
	}

	public Optional<Contact> find(TenantId tenant, ContactId id) {
		return this.transactions.readInTenant(tenant,
				() -> this.contacts.findByTenantIdAndIdAndErasedAtIsNull(tenant.value(), id.value()));
	}

	/** A page of live contacts, newest first; store managers see their stores' only. */
	public ContactSlice list(Actor actor, ContactQuery query) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		Set<StoreId> storeScope = scope(actor, query.storeId());
		return this.transactions.readInTenant(tenant,
				() -> this.queries.list(tenant, storeScope, query, defaultRegion(tenant)));
	}

	/**
	 * Every contact {@link #list} would show for this search and store, over all pages,
	 * as one query; store managers get their stores' only.
	 * @throws PermissionDeniedException for a store manager's other store
	 */
	public ContactSelection selection(Actor actor, @Nullable String search, @Nullable StoreId storeId) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.queries.selection(tenant, scope(actor, storeId), storeId, search, defaultPhoneRegion(tenant));
	}

	/**
	 * A store manager's stores (refusing another store), or {@code null} for everyone.
	 */
	private static @Nullable Set<StoreId> scope(Actor actor, @Nullable StoreId storeId) {
		if (!ContactPermissions.isStoreLimited(actor)) {
			return null;
		}
		if (storeId != null && !actor.storeIds().contains(storeId)) {
			throw new PermissionDeniedException("Store " + storeId + " is not one of your stores");
		}
		return actor.storeIds();
	}

	/**
	 * The region phone numbers without a country code are read in when the contact has no
	 * store.
	 */
	public String defaultPhoneRegion(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> defaultRegion(tenant));
	}

	// ---------------------------------------------------------------- commands

	/**
	 * Creates a contact from a draft: every field is checked (all errors reported
	 * together), at least one identifier is required, and none may belong to another
	 * contact. The timezone, when missing, comes from the store, else from the phone
	 * number's area when that has a single zone.
	 * @throws InvalidInputException per field
	 * @throws DuplicateException when an identifier belongs to another contact
	 */
	public Contact create(Actor actor, ContactDraft draft) {
		ContactPermissions.requireChange(actor);
		ContactPermissions.requireStore(actor, draft.storeId());
		TenantId tenant = actor.requireTenant();
		return write(tenant, () -> {
			Context context = context(tenant);
			Clean clean = clean(context, draft);
			requireUnique(tenant, clean.externalId(), clean.email(), clean.phone(), null);
			Contact contact = new Contact(tenant, ContactId.random(), now());
			List<String> fields = apply(contact, clean, false);
			if (deriveTimezone(contact, context)) {
				fields.add("timezone");
			}
			this.entityManager.persist(contact);
			this.entityManager.flush();
			this.audit.record(actor, "contact.created", target(contact), null, summary("fields", fields, contact));
			return contact;
		});
	}

	/**
	 * Changes what the patch mentions. Moving a contact to another store needs the actor
	 * to hold both stores (store managers).
	 * @throws NotFoundException when the contact is not there (or erased)
	 * @throws InvalidInputException per field, or when no identifier would be left
	 * @throws DuplicateException when a new identifier belongs to another contact
	 */
	public Contact update(Actor actor, ContactId id, ContactPatch patch) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		return write(tenant, () -> {
			Contact contact = live(tenant, id);
			ContactPermissions.requireStore(actor, contact.getStoreId());
			Context context = context(tenant);
			StoreId store = patch.storeChanged() ? patch.storeId() : contact.getStoreId();
			if (patch.storeChanged()) {
				ContactPermissions.requireStore(actor, store);
			}
			Clean clean = cleanPatch(context, contact, store, patch);
			// identifiers are checked before the entity changes: a query would flush it
			requireUnique(tenant, clean.externalId(), clean.email(), clean.phone(), id);
			StoreId before = contact.getStoreId();
			List<String> changed = applyPatch(contact, clean, patch);
			if (!contact.hasIdentifier()) {
				throw new InvalidInputException("identifier", "Keep at least one of external id, email or phone");
			}
			if (deriveTimezone(contact, context)) {
				changed.add("timezone");
			}
			if (changed.isEmpty()) {
				return contact;
			}
			contact.touch(now());
			this.entityManager.flush();
			this.audit.record(actor, "contact.updated", target(contact), storeSummary(before),
					summary("changed", changed, contact));
			return contact;
		});
	}

	/**
	 * Creates or updates one contact, matched by external id, then email, then phone.
	 * Given fields replace stored ones, attributes merge, tags are added.
	 * @throws InvalidInputException for an invalid draft or one without an identifier
	 * @throws DuplicateException when its identifiers belong to different contacts
	 */
	public UpsertResult upsert(Actor actor, ContactDraft draft) {
		UpsertResult result = batchUpsert(actor, List.of(draft)).get(0);
		if (result.outcome() == UpsertResult.Outcome.CONFLICT) {
			Map.Entry<String, String> first = result.errors().entrySet().iterator().next();
			throw new DuplicateException(first.getKey(), first.getValue());
		}
		if (result.outcome() == UpsertResult.Outcome.REJECTED) {
			throw new InvalidInputException(result.errors());
		}
		return result;
	}

	/**
	 * Upserts up to {@value #MAX_BATCH} contacts in one transaction, each as
	 * {@link #upsert} would, in order (a later item sees what an earlier one did). A bad
	 * item is reported in its result and does not stop the others. Items whose
	 * identifiers point at different contacts are reported as
	 * {@link UpsertResult.Outcome#CONFLICT}, never merged.
	 * <p>
	 * Phone numbers are read in the item's store's region, else the tenant's default
	 * region. If another transaction writes the same identifiers at the same moment, the
	 * batch fails as a whole with {@link DuplicateException} and can be sent again.
	 * @return one result per item, in order
	 */
	public List<UpsertResult> batchUpsert(Actor actor, List<ContactDraft> drafts) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		if (drafts.isEmpty() || drafts.size() > MAX_BATCH) {
			throw new InvalidInputException("items", "Send 1 to " + MAX_BATCH + " contacts at a time");
		}
		return write(tenant, () -> {
			// one round trip per 100 inserts or updates instead of one each
			this.entityManager.unwrap(Session.class).setJdbcBatchSize(100);
			Context context = context(tenant);
			UpsertResult[] results = new UpsertResult[drafts.size()];
			Clean[] cleaned = new Clean[drafts.size()];
			for (int i = 0; i < drafts.size(); i++) {
				ContactDraft draft = drafts.get(i);
				try {
					if (ContactPermissions.isStoreLimited(actor)
							&& (draft.storeId() == null || !actor.canActOnStore(draft.storeId()))) {
						throw new InvalidInputException("storeId", "Choose one of your stores");
					}
					cleaned[i] = clean(context, draft);
				}
				catch (InvalidInputException ex) {
					results[i] = UpsertResult.rejected(i, ex.getFieldErrors());
				}
			}
			Identities identities = new Identities(lookup(tenant, cleaned));
			Instant now = now();
			for (int i = 0; i < cleaned.length; i++) {
				if (cleaned[i] != null) {
					results[i] = upsertOne(actor, context, identities, i, cleaned[i], now);
				}
			}
			this.entityManager.flush();
			return List.of(results);
		});
	}

	/**
	 * Merges {@code remove} into {@code keep}: {@code keep}'s values win, and
	 * {@code remove} fills what {@code keep} lacks (fields, identifiers, attributes);
	 * tags are combined, and every {@link ContactDataHolder} moves its data (consent
	 * history, preferences). {@code remove} is deleted.
	 */
	public Contact merge(Actor actor, ContactId keep, ContactId remove) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		if (keep.equals(remove)) {
			throw new InvalidInputException("remove", "Choose two different contacts");
		}
		return write(tenant, () -> {
			Contact kept = live(tenant, keep);
			Contact removed = live(tenant, remove);
			ContactPermissions.requireStore(actor, kept.getStoreId());
			ContactPermissions.requireStore(actor, removed.getStoreId());
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("mergedFrom", remove.toString());
			this.holders.orderedStream()
				.forEach((holder) -> summary.put(holder.section(), holder.merge(tenant, keep, remove)));
			Contact donor = snapshot(removed);
			this.contacts.delete(removed);
			// frees the removed contact's identifiers before the kept one takes them
			this.entityManager.flush();
			List<String> filled = fill(kept, donor);
			if (kept.getTimezone() == null && donor.getTimezone() != null) {
				kept.setTimezone(donor.getTimezone());
				filled.add("timezone");
			}
			kept.touch(now());
			this.entityManager.flush();
			summary.put("filled", filled);
			this.audit.record(actor, "contact.merged", target(kept), null, summary);
			return kept;
		});
	}

	/**
	 * Deletes a contact and, through the database, everything that hangs off it (consent,
	 * preferences). For requests under GDPR use {@link #erase}, which keeps an anonymous
	 * row for statistics.
	 */
	public void delete(Actor actor, ContactId id) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		write(tenant, () -> {
			Contact contact = live(tenant, id);
			ContactPermissions.requireStore(actor, contact.getStoreId());
			Map<String, Object> before = summary("fields", present(contact), contact);
			this.contacts.delete(contact);
			this.entityManager.flush();
			this.audit.record(actor, "contact.deleted", target(contact), before, null);
			return null;
		});
	}

	/**
	 * Everything Herald holds about one contact (GDPR access request), as JSON-able maps
	 * and lists: the contact's fields, and a section per {@link ContactDataHolder}
	 * (consent history and status, preferences). The export itself is audited.
	 */
	public Map<String, Object> exportAll(Actor actor, ContactId id) {
		ContactPermissions.requirePrivacy(actor);
		TenantId tenant = actor.requireTenant();
		return write(tenant, () -> {
			Contact contact = live(tenant, id);
			Map<String, Object> export = new LinkedHashMap<>();
			export.put("exportedAt", now().toString());
			export.put("contact", fields(contact));
			this.holders.orderedStream().forEach((holder) -> export.put(holder.section(), holder.export(tenant, id)));
			this.audit.record(actor, "contact.exported", target(contact), null,
					Map.of("sections", List.copyOf(export.keySet())));
			return export;
		});
	}

	/**
	 * Erases a contact (GDPR erasure): every personal field is removed, the holders
	 * remove or anonymise theirs, and the row stays (id, store, timezone, dates) so
	 * delivery statistics remain whole but anonymous. Suppressions stay: they are kept so
	 * the address is never messaged again.
	 */
	public void erase(Actor actor, ContactId id) {
		ContactPermissions.requirePrivacy(actor);
		TenantId tenant = actor.requireTenant();
		write(tenant, () -> {
			Contact contact = live(tenant, id);
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("erased", present(contact));
			this.holders.orderedStream().forEach((holder) -> summary.put(holder.section(), holder.erase(tenant, id)));
			contact.erase(now());
			this.entityManager.flush();
			this.audit.record(actor, "contact.erased", target(contact), null, summary);
			return null;
		});
	}

	/**
	 * Sets the region numbers without a country code are read in, for contacts without a
	 * store. Tenant admins only.
	 */
	public void updateDefaultPhoneRegion(Actor actor, String region) {
		if (ContactPermissions.isStoreLimited(actor)) {
			throw new PermissionDeniedException("Only tenant admins change contact settings");
		}
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		String code = PhoneNumbers.supportedRegion(region);
		if (code == null) {
			throw new InvalidInputException("defaultPhoneRegion", "Use a two-letter country code, like US or ES");
		}
		write(tenant, () -> {
			String before = defaultRegion(tenant);
			this.queries.saveDefaultPhoneRegion(tenant, code);
			this.audit.record(actor, "contact_settings.updated", AuditTrail.Target.of("tenant", tenant),
					Map.of("defaultPhoneRegion", before), Map.of("defaultPhoneRegion", code));
			return null;
		});
	}

	// ---------------------------------------------------------------- upsert

	private UpsertResult upsertOne(Actor actor, Context context, Identities identities, int index, Clean clean,
			Instant now) {
		Map<String, Contact> matches = identities.match(clean);
		Set<Contact> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
		distinct.addAll(matches.values());
		if (distinct.size() > 1) {
			Map<String, String> errors = new LinkedHashMap<>();
			String owners = matches.entrySet()
				.stream()
				.map((entry) -> label(entry.getKey()) + " belongs to contact " + entry.getValue().getId())
				.collect(Collectors.joining(", "));
			for (String field : matches.keySet()) {
				errors.put(field, "Identifiers of different contacts: " + owners);
			}
			return UpsertResult.conflict(index, errors);
		}
		if (distinct.isEmpty()) {
			Contact contact = new Contact(context.tenant(), ContactId.random(), now);
			List<String> fields = apply(contact, clean, false);
			if (deriveTimezone(contact, context)) {
				fields.add("timezone");
			}
			this.entityManager.persist(contact);
			identities.add(contact);
			this.audit.record(actor, "contact.created", target(contact), null, summary("fields", fields, contact));
			return UpsertResult.done(index, UpsertResult.Outcome.CREATED, contact.getId());
		}
		Contact contact = distinct.iterator().next();
		if (ContactPermissions.isStoreLimited(actor)
				&& (contact.getStoreId() == null || !actor.canActOnStore(contact.getStoreId()))) {
			return UpsertResult.rejected(index,
					Map.of(matches.keySet().iterator().next(), "Matches a contact outside your stores"));
		}
		StoreId before = contact.getStoreId();
		Identity oldIdentity = Identity.of(contact);
		List<String> changed = apply(contact, clean, true);
		if (deriveTimezone(contact, context)) {
			changed.add("timezone");
		}
		if (changed.isEmpty()) {
			return UpsertResult.done(index, UpsertResult.Outcome.UNCHANGED, contact.getId());
		}
		contact.touch(now);
		if (!oldIdentity.equals(Identity.of(contact))) {
			identities.reindex(contact, oldIdentity);
			// write now: an identifier this freed may be taken by a later item, and
			// Hibernate would otherwise order that insert before this update
			this.entityManager.flush();
		}
		this.audit.record(actor, "contact.updated", target(contact), storeSummary(before),
				summary("changed", changed, contact));
		return UpsertResult.done(index, UpsertResult.Outcome.UPDATED, contact.getId());
	}

	private List<Contact> lookup(TenantId tenant, Clean[] cleaned) {
		Set<String> externalIds = new LinkedHashSet<>();
		Set<String> emails = new LinkedHashSet<>();
		Set<String> phones = new LinkedHashSet<>();
		for (Clean clean : cleaned) {
			if (clean != null) {
				addIfPresent(externalIds, clean.externalId());
				addIfPresent(emails, clean.email());
				addIfPresent(phones, clean.phone());
			}
		}
		if (externalIds.isEmpty() && emails.isEmpty() && phones.isEmpty()) {
			return List.of();
		}
		return this.contacts.findLiveByIdentifiers(tenant.value(), orBlank(externalIds), orBlank(emails),
				orBlank(phones));
	}

	private static void addIfPresent(Set<String> values, @Nullable String value) {
		if (value != null) {
			values.add(value);
		}
	}

	private static Collection<String> orBlank(Set<String> values) {
		// stored identifiers are never blank, so "" matches nothing and keeps IN valid
		return values.isEmpty() ? List.of("") : values;
	}

	private static String label(String field) {
		return switch (field) {
			case "externalId" -> "the external id";
			case "email" -> "the email";
			case "phone" -> "the phone";
			default -> field;
		};
	}

	/** The contacts a batch touches, by each identifier, kept current as items apply. */
	private static final class Identities {

		private final Map<String, Contact> byExternalId = new java.util.HashMap<>();

		private final Map<String, Contact> byEmail = new java.util.HashMap<>();

		private final Map<String, Contact> byPhone = new java.util.HashMap<>();

		Identities(List<Contact> contacts) {
			contacts.forEach(this::add);
		}

		/** Which contact each of the item's identifiers belongs to, by field. */
		Map<String, Contact> match(Clean clean) {
			Map<String, Contact> matches = new LinkedHashMap<>();
			putIfPresent(matches, "externalId", this.byExternalId, clean.externalId());
			putIfPresent(matches, "email", this.byEmail, clean.email());
			putIfPresent(matches, "phone", this.byPhone, clean.phone());
			return matches;
		}

		void add(Contact contact) {
			Identity identity = Identity.of(contact);
			putKey(this.byExternalId, identity.externalId(), contact);
			putKey(this.byEmail, identity.email(), contact);
			putKey(this.byPhone, identity.phone(), contact);
		}

		void reindex(Contact contact, Identity old) {
			removeKey(this.byExternalId, old.externalId(), contact);
			removeKey(this.byEmail, old.email(), contact);
			removeKey(this.byPhone, old.phone(), contact);
			add(contact);
		}

		private static void putIfPresent(Map<String, Contact> matches, String field, Map<String, Contact> index,
				@Nullable String value) {
			Contact contact = (value != null) ? index.get(value) : null;
			if (contact != null) {
				matches.put(field, contact);
			}
		}

		private static void putKey(Map<String, Contact> index, @Nullable String key, Contact contact) {
			if (key != null) {
				index.put(key, contact);
			}
		}

		private static void removeKey(Map<String, Contact> index, @Nullable String key, Contact contact) {
			if (key != null && index.get(key) == contact) {
				index.remove(key);
			}
		}

	}

	private record Identity(@Nullable String externalId, @Nullable String email, @Nullable String phone) {

		static Identity of(Contact contact) {
			return new Identity(contact.getExternalId(), contact.getEmail(), contact.getPhone());
		}

	}

	// ---------------------------------------------------------------- cleaning

	/**
	 * A draft or patch after checking: values clean, {@code null} meaning "not given".
	 */
	private record Clean(@Nullable String externalId, @Nullable String firstName, @Nullable String lastName,
			@Nullable String email, @Nullable String phone, @Nullable String locale, @Nullable ZoneId timezone,
			@Nullable StoreId storeId, Map<String, @Nullable Object> attributes, @Nullable Set<String> tags) {

	}

	private Clean clean(Context context, ContactDraft draft) {
		Map<String, String> errors = new LinkedHashMap<>();
		StoreId store = draft.storeId();
		if (store != null && !context.stores().containsKey(store)) {
			errors.put("storeId", "Choose one of the tenant's stores");
		}
		String region = context.regionFor(store);
		Clean clean = new Clean(check(errors, () -> ContactInputs.text("externalId", draft.externalId(), 200)),
				check(errors, () -> ContactInputs.text("firstName", draft.firstName(), 200)),
				check(errors, () -> ContactInputs.text("lastName", draft.lastName(), 200)),
				check(errors, () -> ContactInputs.optionalEmail("email", draft.email())),
				check(errors, () -> blank(draft.phone()) ? null : PhoneNumbers.toE164(draft.phone(), region)),
				check(errors, () -> ContactInputs.locale("locale", draft.locale())),
				check(errors, () -> ContactInputs.timezone("timezone", draft.timezone())), store,
				Objects.requireNonNullElse(
						check(errors, () -> ContactInputs.attributes("attributes", draft.attributes())), Map.of()),
				check(errors, () -> ContactInputs.tags("tags", draft.tags())));
		if (errors.isEmpty() && clean.externalId() == null && clean.email() == null && clean.phone() == null) {
			errors.put("identifier", "Give at least one of external id, email or phone");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return clean;
	}

	/** Cleans the fields a patch mentions; the others come back {@code null}. */
	private Clean cleanPatch(Context context, Contact contact, @Nullable StoreId store, ContactPatch patch) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (store != null && !context.stores().containsKey(store)) {
			errors.put("storeId", "Choose one of the tenant's stores");
		}
		String region = context.regionFor(store);
		Map<ContactPatch.Field, Optional<String>> fields = patch.fields();
		Clean clean = new Clean(
				check(errors,
						() -> ContactInputs.text("externalId", given(fields, ContactPatch.Field.EXTERNAL_ID), 200)),
				check(errors, () -> ContactInputs.text("firstName", given(fields, ContactPatch.Field.FIRST_NAME), 200)),
				check(errors, () -> ContactInputs.text("lastName", given(fields, ContactPatch.Field.LAST_NAME), 200)),
				check(errors, () -> ContactInputs.optionalEmail("email", given(fields, ContactPatch.Field.EMAIL))),
				check(errors, () -> {
					String phone = given(fields, ContactPatch.Field.PHONE);
					return blank(phone) ? null : PhoneNumbers.toE164(phone, region);
				}), check(errors, () -> ContactInputs.locale("locale", given(fields, ContactPatch.Field.LOCALE))),
				check(errors, () -> ContactInputs.timezone("timezone", given(fields, ContactPatch.Field.TIMEZONE))),
				store,
				Objects.requireNonNullElse(
						check(errors, () -> ContactInputs.attributes("attributes", patch.attributes())), Map.of()),
				(patch.tags() != null) ? check(errors, () -> ContactInputs.tags("tags", patch.tags())) : null);
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return clean;
	}

	private static @Nullable String given(Map<ContactPatch.Field, Optional<String>> fields, ContactPatch.Field field) {
		Optional<String> value = fields.get(field);
		return (value != null) ? value.orElse(null) : null;
	}

	private static <T> @Nullable T check(Map<String, String> errors, Supplier<@Nullable T> cleaner) {
		try {
			return cleaner.get();
		}
		catch (InvalidInputException ex) {
			errors.putAll(ex.getFieldErrors());
			return null;
		}
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	// ---------------------------------------------------------------- applying

	/**
	 * Applies a cleaned draft. {@code merge} (upsert): only given fields, attributes
	 * merged, tags added. Otherwise (create): everything as given.
	 * @return the names of what changed ({@code attributes.<key>} per attribute)
	 */
	private static List<String> apply(Contact contact, Clean clean, boolean merge) {
		List<String> changed = new ArrayList<>();
		if (!merge || clean.externalId() != null) {
			mark(changed, "externalId", contact.setExternalId(clean.externalId()));
		}
		if (!merge || clean.firstName() != null) {
			mark(changed, "firstName", contact.setFirstName(clean.firstName()));
		}
		if (!merge || clean.lastName() != null) {
			mark(changed, "lastName", contact.setLastName(clean.lastName()));
		}
		if (!merge || clean.email() != null) {
			mark(changed, "email", contact.setEmail(clean.email()));
		}
		if (!merge || clean.phone() != null) {
			mark(changed, "phone", contact.setPhone(clean.phone()));
		}
		if (!merge || clean.locale() != null) {
			mark(changed, "locale", contact.setLocale(clean.locale()));
		}
		if (!merge || clean.timezone() != null) {
			mark(changed, "timezone", contact.setTimezone(clean.timezone()));
		}
		if (!merge || clean.storeId() != null) {
			mark(changed, "storeId", contact.setStoreId(clean.storeId()));
		}
		changed.addAll(mergeAttributes(contact, clean.attributes()));
		if (clean.tags() != null) {
			Set<String> tags = new TreeSet<>(clean.tags());
			if (merge) {
				tags.addAll(contact.getTags());
			}
			mark(changed, "tags", contact.setTags(tags));
		}
		return changed;
	}

	private static List<String> applyPatch(Contact contact, Clean clean, ContactPatch patch) {
		List<String> changed = new ArrayList<>();
		Map<ContactPatch.Field, Optional<String>> fields = patch.fields();
		if (fields.containsKey(ContactPatch.Field.EXTERNAL_ID)) {
			mark(changed, "externalId", contact.setExternalId(clean.externalId()));
		}
		if (fields.containsKey(ContactPatch.Field.FIRST_NAME)) {
			mark(changed, "firstName", contact.setFirstName(clean.firstName()));
		}
		if (fields.containsKey(ContactPatch.Field.LAST_NAME)) {
			mark(changed, "lastName", contact.setLastName(clean.lastName()));
		}
		if (fields.containsKey(ContactPatch.Field.EMAIL)) {
			mark(changed, "email", contact.setEmail(clean.email()));
		}
		if (fields.containsKey(ContactPatch.Field.PHONE)) {
			mark(changed, "phone", contact.setPhone(clean.phone()));
		}
		if (fields.containsKey(ContactPatch.Field.LOCALE)) {
			mark(changed, "locale", contact.setLocale(clean.locale()));
		}
		if (fields.containsKey(ContactPatch.Field.TIMEZONE)) {
			mark(changed, "timezone", contact.setTimezone(clean.timezone()));
		}
		if (patch.storeChanged()) {
			mark(changed, "storeId", contact.setStoreId(clean.storeId()));
		}
		changed.addAll(mergeAttributes(contact, clean.attributes()));
		if (clean.tags() != null) {
			mark(changed, "tags", contact.setTags(clean.tags()));
		}
		return changed;
	}

	/** Sets or (for {@code null} values) removes attributes. */
	private static List<String> mergeAttributes(Contact contact, Map<String, @Nullable Object> changes) {
		if (changes.isEmpty()) {
			return List.of();
		}
		Map<String, Object> attributes = new LinkedHashMap<>(contact.getAttributes());
		List<String> changed = new ArrayList<>();
		changes.forEach((key, value) -> {
			Object current = attributes.get(key);
			if (value == null) {
				if (attributes.remove(key) != null) {
					changed.add("attributes." + key);
				}
			}
			else if (!sameValue(current, value)) {
				attributes.put(key, value);
				changed.add("attributes." + key);
			}
		});
		if (!changed.isEmpty()) {
			contact.setAttributes(attributes);
		}
		return changed;
	}

	/**
	 * Equal, comparing numbers by value (JSON gives back 5 as an Integer, not a Long).
	 */
	private static boolean sameValue(@Nullable Object current, Object value) {
		if (current instanceof Number a && value instanceof Number b) {
			try {
				return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
			}
			catch (NumberFormatException ex) {
				return a.equals(b);
			}
		}
		return value.equals(current);
	}

	/** What {@code keep} lacks and {@code donor} has. */
	private static List<String> fill(Contact keep, Contact donor) {
		List<String> filled = new ArrayList<>();
		if (keep.getExternalId() == null && donor.getExternalId() != null) {
			mark(filled, "externalId", keep.setExternalId(donor.getExternalId()));
		}
		if (keep.getFirstName() == null && donor.getFirstName() != null) {
			mark(filled, "firstName", keep.setFirstName(donor.getFirstName()));
		}
		if (keep.getLastName() == null && donor.getLastName() != null) {
			mark(filled, "lastName", keep.setLastName(donor.getLastName()));
		}
		if (keep.getEmail() == null && donor.getEmail() != null) {
			mark(filled, "email", keep.setEmail(donor.getEmail()));
		}
		if (keep.getPhone() == null && donor.getPhone() != null) {
			mark(filled, "phone", keep.setPhone(donor.getPhone()));
		}
		if (keep.getLocale() == null && donor.getLocale() != null) {
			mark(filled, "locale", keep.setLocale(donor.getLocale()));
		}
		if (keep.getStoreId() == null && donor.getStoreId() != null) {
			mark(filled, "storeId", keep.setStoreId(donor.getStoreId()));
		}
		Map<String, Object> attributes = new LinkedHashMap<>(keep.getAttributes());
		donor.getAttributes().forEach((key, value) -> {
			if (!attributes.containsKey(key)) {
				attributes.put(key, value);
				filled.add("attributes." + key);
			}
		});
		keep.setAttributes(attributes);
		Set<String> tags = new TreeSet<>(keep.getTags());
		tags.addAll(donor.getTags());
		mark(filled, "tags", keep.setTags(tags));
		return filled;
	}

	/** A detached copy of what merge takes from the removed contact. */
	private static Contact snapshot(Contact source) {
		Contact copy = new Contact(source.tenant(), source.getId(), source.getCreatedAt());
		copy.setExternalId(source.getExternalId());
		copy.setFirstName(source.getFirstName());
		copy.setLastName(source.getLastName());
		copy.setEmail(source.getEmail());
		copy.setPhone(source.getPhone());
		copy.setLocale(source.getLocale());
		copy.setTimezone(source.getTimezone());
		copy.setStoreId(source.getStoreId());
		copy.setAttributes(source.getAttributes());
		copy.setTags(source.getTags());
		return copy;
	}

	/**
	 * Fills a missing timezone from the store, else from the phone number when its area
	 * has exactly one zone.
	 */
	private static boolean deriveTimezone(Contact contact, Context context) {
		if (contact.getTimezone() != null) {
			return false;
		}
		ZoneId zone = context.zoneFor(contact.getStoreId());
		if (zone == null && contact.getPhone() != null) {
			zone = PhoneNumbers.timeZone(contact.getPhone()).orElse(null);
		}
		return zone != null && contact.setTimezone(zone);
	}

	private static void mark(List<String> changed, String field, boolean didChange) {
		if (didChange) {
			changed.add(field);
		}
	}

	// ---------------------------------------------------------------- helpers

	private void requireUnique(TenantId tenant, @Nullable String externalId, @Nullable String email,
			@Nullable String phone, @Nullable ContactId self) {
		if (externalId == null && email == null && phone == null) {
			return;
		}
		for (Contact other : this.contacts.findLiveByIdentifiers(tenant.value(), listOf(externalId), listOf(email),
				listOf(phone))) {
			if (other.getId().equals(self)) {
				continue;
			}
			if (externalId != null && externalId.equals(other.getExternalId())) {
				throw new DuplicateException("externalId", "Another contact has this external id");
			}
			if (email != null && email.equals(other.getEmail())) {
				throw new DuplicateException("email", "Another contact has this email");
			}
			if (phone != null && phone.equals(other.getPhone())) {
				throw new DuplicateException("phone", "Another contact has this phone number");
			}
		}
	}

	private static List<String> listOf(@Nullable String value) {
		return List.of((value != null) ? value : "");
	}

	private Contact live(TenantId tenant, ContactId id) {
		return this.contacts.findByTenantIdAndIdAndErasedAtIsNull(tenant.value(), id.value())
			.orElseThrow(() -> new NotFoundException("Contact", id));
	}

	/**
	 * Runs a write in the tenant, turning a unique-index clash that slipped past the
	 * checks (a concurrent writer) into a {@link DuplicateException}.
	 */
	private <T> T write(TenantId tenant, Supplier<T> work) {
		try {
			return this.transactions.inTenant(tenant, work);
		}
		catch (DataIntegrityViolationException | PersistenceException ex) {
			String message = messages(ex);
			if (message.contains("contacts_email_key")) {
				throw new DuplicateException("email", "Another contact has this email");
			}
			if (message.contains("contacts_phone_key")) {
				throw new DuplicateException("phone", "Another contact has this phone number");
			}
			if (message.contains("contacts_external_id_key")) {
				throw new DuplicateException("externalId", "Another contact has this external id");
			}
			throw ex;
		}
	}

	private static String messages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null && messages.length() < 10_000; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private Context context(TenantId tenant) {
		Map<StoreId, Store> byId = new LinkedHashMap<>();
		for (Store store : this.stores.listAll(tenant)) {
			byId.put(store.getId(), store);
		}
		return new Context(tenant, byId, defaultRegion(tenant));
	}

	private String defaultRegion(TenantId tenant) {
		return this.queries.defaultPhoneRegion(tenant).orElse(PhoneNumbers.DEFAULT_REGION);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** The tenant's stores and default region, read once per command. */
	private record Context(TenantId tenant, Map<StoreId, Store> stores, String defaultRegion) {

		String regionFor(@Nullable StoreId store) {
			Store found = (store != null) ? this.stores.get(store) : null;
			return (found != null) ? found.getDetails().defaultPhoneRegion() : this.defaultRegion;
		}

		@Nullable ZoneId zoneFor(@Nullable StoreId store) {
			Store found = (store != null) ? this.stores.get(store) : null;
			return (found != null) ? found.getTimezone() : null;
		}

	}

	private static AuditTrail.Target target(Contact contact) {
		StoreId store = contact.getStoreId();
		return (store != null) ? AuditTrail.Target.inStore(TARGET, contact.getId(), store)
				: AuditTrail.Target.of(TARGET, contact.getId());
	}

	/** Names of changed fields and the store (an id, not personal data); no values. */
	private static Map<String, Object> summary(String key, List<String> fields, Contact contact) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put(key, List.copyOf(fields));
		if (contact.getStoreId() != null) {
			summary.put("storeId", contact.getStoreId().toString());
		}
		return summary;
	}

	private static @Nullable Map<String, Object> storeSummary(@Nullable StoreId store) {
		return (store != null) ? Map.of("storeId", store.toString()) : null;
	}

	/** The names of the fields a contact holds. */
	private static List<String> present(Contact contact) {
		List<String> fields = new ArrayList<>();
		Map<String, Object> values = fields(contact);
		values.forEach((key, value) -> {
			if (value != null && !(value instanceof Map<?, ?> map && map.isEmpty())
					&& !(value instanceof Collection<?> list && list.isEmpty()) && !"id".equals(key)
					&& !key.endsWith("At")) {
				fields.add(key);
			}
		});
		return fields;
	}

	private static Map<String, Object> fields(Contact contact) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", contact.getId().toString());
		fields.put("externalId", contact.getExternalId());
		fields.put("firstName", contact.getFirstName());
		fields.put("lastName", contact.getLastName());
		fields.put("email", contact.getEmail());
		fields.put("phone", contact.getPhone());
		fields.put("locale", contact.getLocale());
		fields.put("timezone", (contact.getTimezone() != null) ? contact.getTimezone().getId() : null);
		fields.put("storeId", (contact.getStoreId() != null) ? contact.getStoreId().toString() : null);
		fields.put("attributes", new LinkedHashMap<>(contact.getAttributes()));
		fields.put("tags", List.copyOf(contact.getTags()));
		fields.put("createdAt", contact.getCreatedAt().toString());
		fields.put("updatedAt", contact.getUpdatedAt().toString());
		return fields;
	}

}
