package com.herald.audience;

import java.io.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;

import com.herald.contact.ContactId;
import com.herald.contact.ContactInputs;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactSelection;
import com.herald.contact.ContactService;
import com.herald.contact.PhoneNumbers;
import com.herald.csv.CsvReader;
import com.herald.csv.CsvRecord;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Static lists of contacts. Everyone who sees contacts sees the tenant's lists; tenant
 * admins create, rename and delete them (a list spans stores). Members are added and
 * removed by tenant admins and store managers; store managers see, add and remove only
 * their stores' contacts. Every change is audited, without personal data.
 */
@Service
public class ListService {

	public static final int MAX_NAME = 200;

	/** The most contacts one call may add or remove by id. */
	public static final int MAX_SELECTION = 1000;

	/** The most unmatched CSV rows reported one by one (all are counted). */
	public static final int MAX_REPORTED = 1000;

	private static final int CSV_BATCH = 500;

	private static final String LIST_COLUMNS = "l.id, l.name, l.created_at, l.updated_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final ContactService contacts;

	private final AudienceCompiler compiler = new AudienceCompiler();

	ListService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, ContactService contacts) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.contacts = contacts;
	}

	// ---------------------------------------------------------------- lists

	/**
	 * A page of the tenant's lists, by name.
	 * @param search part of the name, any case; blank for every list
	 */
	public Page<ContactList> list(Actor actor, @Nullable String search, int page, int size) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		Scope scope = Scope.of(actor);
		String text = (search != null) ? search.strip().toLowerCase(Locale.ROOT) : "";
		if (text.length() > MAX_NAME) {
			throw new InvalidInputException("q", "Search with at most " + MAX_NAME + " characters");
		}
		String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		String named = " AND lower(l.name) LIKE ? ESCAPE '\\'";
		return this.transactions.readInTenant(tenant, () -> {
			long total = this.jdbc.sql("SELECT count(*) FROM contact_lists l WHERE l.tenant_id = ?" + named)
				.params(tenant.value(), pattern)
				.query(Long.class)
				.single();
			List<Object> params = new ArrayList<>(scope.params(tenant));
			params.addAll(List.of(tenant.value(), pattern, size, (long) page * size));
			List<ContactList> items = this.jdbc
				.sql("SELECT " + LIST_COLUMNS + ", " + memberCount(scope)
						+ " FROM contact_lists l WHERE l.tenant_id = ?" + named
						+ " ORDER BY lower(l.name), l.id LIMIT ? OFFSET ?")
				.params(params)
				.query(ListService::contactList)
				.list();
			return new PageImpl<>(items, PageRequest.of(page, size), total);
		});
	}

	/**
	 * The first {@code limit} lists by name, without member counts: cheap enough for a
	 * picker on every load of the contacts page.
	 */
	public List<ListChoice> choices(Actor actor, int limit) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc
					.sql("SELECT id, name FROM contact_lists WHERE tenant_id = ? ORDER BY lower(name), id LIMIT ?")
					.params(tenant.value(), limit)
					.query((rs, row) -> new ListChoice(rs.getObject("id", UUID.class), rs.getString("name")))
					.list());
	}

	/**
	 * A list to choose from.
	 *
	 * @param id the list
	 * @param name its name
	 */
	public record ListChoice(UUID id, String name) {

	}

	/**
	 * @throws NotFoundException when the tenant has no such list
	 */
	public ContactList get(Actor actor, UUID id) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> find(tenant, Scope.of(actor), id));
	}

	public ContactList create(Actor actor, String name) {
		requireManage(actor);
		TenantId tenant = actor.requireTenant();
		String clean = name(name);
		return this.transactions.inTenant(tenant, () -> {
			UUID id = UUID.randomUUID();
			requireFreeName(tenant, id, clean);
			unique(() -> this.jdbc.sql("INSERT INTO contact_lists (tenant_id, id, name) VALUES (?, ?, ?)")
				.params(tenant.value(), id, clean)
				.update());
			this.audit.record(actor, "list.created", target(id), null, Map.of("name", clean));
			return find(tenant, Scope.ALL, id);
		});
	}

	public ContactList rename(Actor actor, UUID id, String name) {
		requireManage(actor);
		TenantId tenant = actor.requireTenant();
		String clean = name(name);
		return this.transactions.inTenant(tenant, () -> {
			ContactList before = find(tenant, Scope.ALL, id);
			requireFreeName(tenant, id, clean);
			unique(() -> this.jdbc
				.sql("UPDATE contact_lists SET name = ?, updated_at = now() WHERE tenant_id = ? AND id = ?")
				.params(clean, tenant.value(), id)
				.update());
			this.audit.record(actor, "list.renamed", target(id), Map.of("name", before.name()), Map.of("name", clean));
			return find(tenant, Scope.ALL, id);
		});
	}

	/** Deletes the list and its memberships (not the contacts). */
	public void delete(Actor actor, UUID id) {
		requireManage(actor);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			ContactList before = find(tenant, Scope.ALL, id);
			this.jdbc.sql("DELETE FROM contact_lists WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), id)
				.update();
			this.audit.record(actor, "list.deleted", target(id),
					Map.of("name", before.name(), "members", before.members()), null);
		});
	}

	// ---------------------------------------------------------------- members

	/**
	 * A page of the list's members (for store managers: of their stores), newest first.
	 * @param search as on the contacts list (name, email or phone prefix); blank for all
	 */
	public Page<ListMember> members(Actor actor, UUID listId, @Nullable String search, int page, int size) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		Scope scope = Scope.of(actor);
		boolean searching = search != null && !search.isBlank();
		ContactSelection matching = searching ? this.contacts.selection(actor, search, null) : null;
		return this.transactions.readInTenant(tenant, () -> {
			ContactList list = find(tenant, scope, listId);
			Map<String, Object> params = new HashMap<>();
			StringBuilder from = new StringBuilder("""
					FROM contact_list_members m
					JOIN contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id
					WHERE m.tenant_id = :listTenant AND m.list_id = :listId AND c.erased_at IS NULL""");
			params.put("listTenant", tenant.value());
			params.put("listId", listId);
			if (!scope.storeParams().isEmpty()) {
				from.append(" AND c.store_id = ANY(:listStores)");
				params.put("listStores", new SqlArrayValue("uuid", (Object[]) scope.storeParams().get(0)));
			}
			long total = list.members();
			if (matching != null) {
				from.append(" AND m.contact_id IN (").append(matching.sql()).append(")");
				params.putAll(matching.params());
				total = this.jdbc.sql("SELECT count(*) " + from).params(params).query(Long.class).single();
			}
			params.put("limit", size);
			params.put("offset", (long) page * size);
			List<ListMember> items = this.jdbc.sql("""
					SELECT c.id, c.external_id, c.first_name, c.last_name, c.email, c.phone_e164, c.store_id, c.tags,
					       c.created_at, c.updated_at, m.added_at
					""" + from + " ORDER BY m.added_at DESC, m.contact_id LIMIT :limit OFFSET :offset")
				.params(params)
				.query((rs, row) -> new ListMember(AudienceService.summary(rs, row),
						rs.getObject("added_at", OffsetDateTime.class).toInstant()))
				.list();
			return new PageImpl<>(items, PageRequest.of(page, size), total);
		});
	}

	/**
	 * Adds chosen contacts. Each must be a live contact of the tenant (for store
	 * managers: of their stores).
	 * @return how many were not on the list before
	 * @throws NotFoundException for a contact that is not the tenant's
	 * @throws PermissionDeniedException for a store manager's contact of another store
	 */
	public int addMembers(Actor actor, UUID listId, Collection<ContactId> contactIds) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		Set<UUID> ids = selection(contactIds);
		return this.transactions.inTenant(tenant, () -> {
			find(tenant, Scope.ALL, listId);
			requireContacts(actor, tenant, ids);
			int added = insert(tenant, listId, ids);
			touch(tenant, listId);
			this.audit.record(actor, "list.members_added", target(listId), null,
					Map.of("requested", ids.size(), "added", added, "source", "selection"));
			return added;
		});
	}

	/**
	 * Removes chosen contacts from the list (the contacts stay).
	 * @return how many were on it
	 */
	public int removeMembers(Actor actor, UUID listId, Collection<ContactId> contactIds) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		Set<UUID> ids = selection(contactIds);
		return this.transactions.inTenant(tenant, () -> {
			find(tenant, Scope.ALL, listId);
			requireContacts(actor, tenant, ids);
			int removed = this.jdbc
				.sql("DELETE FROM contact_list_members WHERE tenant_id = ? AND list_id = ? AND contact_id = ANY(?)")
				.params(tenant.value(), listId, ids.toArray(UUID[]::new))
				.update();
			touch(tenant, listId);
			this.audit.record(actor, "list.members_removed", target(listId), null,
					Map.of("requested", ids.size(), "removed", removed));
			return removed;
		});
	}

	/**
	 * Adds the contacts a CSV names. The header row names the identifier columns:
	 * {@code email}, {@code phone} and/or {@code external_id}; each row is matched by the
	 * first identifier it gives in that order. Rows that match no contact (for store
	 * managers: none of their stores'), or cannot be read, are reported and do not stop
	 * the others. All of it is one transaction.
	 * @throws InvalidInputException ({@code file}) when the header names no identifier
	 * column or the file is empty
	 */
	public ListUpload addFromCsv(Actor actor, UUID listId, Reader csv) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		Scope scope = Scope.of(actor);
		String region = this.contacts.defaultPhoneRegion(tenant);
		return this.transactions.inTenant(tenant, () -> {
			find(tenant, Scope.ALL, listId);
			Upload upload = new Upload(tenant, scope, listId, region);
			try (CsvReader reader = new CsvReader(csv)) {
				if (!reader.hasNext()) {
					throw new InvalidInputException("file", "The file is empty");
				}
				upload.header(reader.next());
				while (reader.hasNext()) {
					upload.row(reader.next());
				}
			}
			upload.flush();
			touch(tenant, listId);
			ListUpload result = upload.result();
			this.audit.record(actor, "list.members_added", target(listId), null, Map.of("source", "csv", "rows",
					result.rows(), "added", result.added(), "unmatched", result.unmatchedTotal()));
			return result;
		});
	}

	/**
	 * Adds every contact a search of the contacts list matches (all pages), in one
	 * statement; store managers add only their stores' contacts.
	 * @return how many were not on the list before
	 */
	public int addMatching(Actor actor, UUID listId, ContactSelection matching) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			find(tenant, Scope.ALL, listId);
			Map<String, Object> params = new HashMap<>(matching.params());
			params.put("listTenant", tenant.value());
			params.put("listId", listId);
			int added = this.jdbc
				.sql("INSERT INTO contact_list_members (tenant_id, list_id, contact_id) "
						+ "SELECT :listTenant, :listId, s.id FROM (" + matching.sql() + ") s ON CONFLICT DO NOTHING")
				.params(params)
				.update();
			return changed(actor, tenant, listId, "list.members_added", Map.of("added", added, "source", "search"),
					added);
		});
	}

	/**
	 * Adds every contact an audience tree matches (store managers: of their stores), in
	 * one statement.
	 * @return how many were not on the list before
	 * @throws InvalidInputException keyed by the path of a bad node
	 */
	public int addMatching(Actor actor, UUID listId, Criterion tree) {
		return byTree(actor, listId, tree, "list.members_added", "added",
				"INSERT INTO contact_list_members (tenant_id, list_id, contact_id) "
						+ "SELECT ?, ?, c.id FROM contacts c WHERE %s ON CONFLICT DO NOTHING");
	}

	/**
	 * Removes every member an audience tree matches (store managers: of their stores).
	 * @return how many were on the list
	 */
	public int removeMatching(Actor actor, UUID listId, Criterion tree) {
		return byTree(actor, listId, tree, "list.members_removed", "removed",
				"DELETE FROM contact_list_members m WHERE m.tenant_id = ? AND m.list_id = ? "
						+ "AND m.contact_id IN (SELECT c.id FROM contacts c WHERE %s)");
	}

	/**
	 * Runs a statement over the contacts a tree matches, audited.
	 * @param statement with the tenant and list as its first parameters and {@code %s}
	 * where the tree's condition goes
	 * @param counted what the audit calls the rows it changed
	 */
	private int byTree(Actor actor, UUID listId, Criterion tree, String action, String counted, String statement) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		CompiledAudience audience = compile(actor, tenant, tree);
		return this.transactions.inTenant(tenant, () -> {
			find(tenant, Scope.ALL, listId);
			List<Object> params = new ArrayList<>(List.of(tenant.value(), listId));
			params.addAll(audience.params());
			int count = this.jdbc.sql(statement.formatted(audience.where())).params(params).update();
			return changed(actor, tenant, listId, action, Map.of(counted, count, "source", "criteria"), count);
		});
	}

	/**
	 * Creates a list and fills it from a CSV as {@link #addFromCsv} does, all or nothing
	 * (a file without an identifier column leaves no list behind).
	 */
	public Created createFromCsv(Actor actor, String name, Reader csv) {
		requireManage(actor);
		return this.transactions.inTenant(actor.requireTenant(), () -> {
			ContactList list = create(actor, name);
			ListUpload upload = addFromCsv(actor, list.id(), csv);
			return new Created(get(actor, list.id()), upload.added(), upload);
		});
	}

	/**
	 * Creates a list holding chosen contacts, all or nothing.
	 */
	public Created createWith(Actor actor, String name, Collection<ContactId> contactIds) {
		requireManage(actor);
		return this.transactions.inTenant(actor.requireTenant(), () -> {
			ContactList list = create(actor, name);
			int added = contactIds.isEmpty() ? 0 : addMembers(actor, list.id(), contactIds);
			return new Created(get(actor, list.id()), added, null);
		});
	}

	/**
	 * Creates a list holding every contact a search of the contacts list matches.
	 */
	public Created createWith(Actor actor, String name, ContactSelection matching) {
		requireManage(actor);
		return this.transactions.inTenant(actor.requireTenant(), () -> {
			ContactList list = create(actor, name);
			int added = addMatching(actor, list.id(), matching);
			return new Created(get(actor, list.id()), added, null);
		});
	}

	/**
	 * A list just created with its first members.
	 *
	 * @param list the list, with its member count
	 * @param added how many contacts were added
	 * @param upload what the CSV did, when it came from one
	 */
	public record Created(ContactList list, long added, @Nullable ListUpload upload) {

	}

	// ---------------------------------------------------------------- audiences

	/**
	 * Refuses a tree that names a list the tenant does not have, with the path of the
	 * value, so a segment never silently matches nobody.
	 */
	void requireKnownLists(TenantId tenant, Criterion tree) {
		Map<String, UUID> references = new LinkedHashMap<>();
		references(tree, AudienceCompiler.ROOT, references);
		if (references.isEmpty()) {
			return;
		}
		Set<UUID> known = new HashSet<>(this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT id FROM contact_lists WHERE tenant_id = ? AND id = ANY(?)")
					.params(tenant.value(), new HashSet<>(references.values()).toArray(UUID[]::new))
					.query(UUID.class)
					.list()));
		references.forEach((path, id) -> {
			if (!known.contains(id)) {
				throw new InvalidInputException(path, "There is no such list (it may have been deleted)");
			}
		});
	}

	private static void references(@Nullable Criterion node, String path, Map<String, UUID> found) {
		if (node instanceof Group group) {
			for (int i = 0; i < group.children().size(); i++) {
				references(group.children().get(i), path + ".children[" + i + "]", found);
			}
		}
		else if (node instanceof Condition condition && "list".equals(condition.field())) {
			for (int i = 0; i < condition.values().size(); i++) {
				try {
					found.put(path + ".values[" + i + "]", UUID.fromString(condition.values().get(i).strip()));
				}
				catch (RuntimeException ex) {
					// the compiler reports a malformed id
				}
			}
		}
	}

	// ---------------------------------------------------------------- internals

	private ContactList find(TenantId tenant, Scope scope, UUID id) {
		List<Object> params = new ArrayList<>(scope.params(tenant));
		params.addAll(List.of(tenant.value(), id));
		return this.jdbc
			.sql("SELECT " + LIST_COLUMNS + ", " + memberCount(scope)
					+ " FROM contact_lists l WHERE l.tenant_id = ? AND l.id = ?")
			.params(params)
			.query(ListService::contactList)
			.optional()
			.orElseThrow(() -> new NotFoundException("List", id));
	}

	/**
	 * The member count as a column over {@code contact_lists l}, within the scope: the
	 * count kept with the list (V202612042170) for the whole tenant, counted live for a
	 * store manager's stores.
	 */
	private static String memberCount(Scope scope) {
		if (scope.stores() == null) {
			return "l.member_count AS members";
		}
		return """
				(SELECT count(*) FROM contact_list_members m
				 JOIN contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id
				 WHERE m.tenant_id = l.tenant_id AND m.list_id = l.id AND c.erased_at IS NULL AND c.tenant_id = ?"""
				+ scope.condition("c") + ") AS members";
	}

	private void requireContacts(Actor actor, TenantId tenant, Set<UUID> ids) {
		Map<UUID, @Nullable UUID> stores = new HashMap<>();
		this.jdbc.sql("SELECT id, store_id FROM contacts WHERE tenant_id = ? AND id = ANY(?) AND erased_at IS NULL")
			.params(tenant.value(), ids.toArray(UUID[]::new))
			.query((rs) -> {
				stores.put(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class));
			});
		for (UUID id : ids) {
			if (!stores.containsKey(id)) {
				throw new NotFoundException("Contact", id);
			}
			UUID store = stores.get(id);
			ContactPermissions.requireStore(actor, (store != null) ? new StoreId(store) : null);
		}
	}

	private int insert(TenantId tenant, UUID listId, Collection<UUID> contactIds) {
		if (contactIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				INSERT INTO contact_list_members (tenant_id, list_id, contact_id)
				SELECT ?, ?, unnest(?::uuid[])
				ON CONFLICT DO NOTHING""").params(tenant.value(), listId, contactIds.toArray(UUID[]::new)).update();
	}

	private int changed(Actor actor, TenantId tenant, UUID listId, String action, Map<String, Object> details,
			int count) {
		touch(tenant, listId);
		this.audit.record(actor, action, target(listId), null, details);
		return count;
	}

	private CompiledAudience compile(Actor actor, TenantId tenant, Criterion tree) {
		Set<StoreId> scope = ContactPermissions.isStoreLimited(actor) ? actor.storeIds() : null;
		CompiledAudience audience = this.compiler.compile(tenant, scope, tree);
		requireKnownLists(tenant, tree);
		return audience;
	}

	private void touch(TenantId tenant, UUID listId) {
		this.jdbc.sql("UPDATE contact_lists SET updated_at = now() WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), listId)
			.update();
	}

	private static Set<UUID> selection(Collection<ContactId> contactIds) {
		if (contactIds.isEmpty()) {
			throw new InvalidInputException("contactIds", "Choose at least one contact");
		}
		if (contactIds.size() > MAX_SELECTION) {
			throw new InvalidInputException("contactIds", "Choose at most " + MAX_SELECTION + " contacts at a time");
		}
		Set<UUID> ids = new LinkedHashSet<>();
		contactIds.forEach((id) -> ids.add(id.value()));
		return ids;
	}

	private static void requireManage(Actor actor) {
		ContactPermissions.requireChange(actor);
		if (ContactPermissions.isStoreLimited(actor)) {
			throw new PermissionDeniedException("Only tenant admins create, rename and delete lists");
		}
	}

	private static String name(@Nullable String name) {
		String clean = ContactInputs.text("name", name, MAX_NAME);
		if (clean == null) {
			throw new InvalidInputException("name", "Give the list a name");
		}
		return clean;
	}

	/**
	 * Refuses a name another list has before writing: a unique-key violation would abort
	 * the transaction a list made with its members shares.
	 */
	private void requireFreeName(TenantId tenant, UUID id, String name) {
		boolean taken = this.jdbc
			.sql("SELECT count(*) FROM contact_lists WHERE tenant_id = ? AND lower(name) = lower(?) AND id <> ?")
			.params(tenant.value(), name, id)
			.query(Long.class)
			.single() > 0;
		if (taken) {
			throw new DuplicateException("name", "Another list has this name");
		}
	}

	private static void unique(Supplier<Integer> write) {
		DuplicateException.onDuplicateKey("name", "Another list has this name", write);
	}

	private static AuditTrail.Target target(UUID id) {
		return AuditTrail.Target.of("list", id);
	}

	private static ContactList contactList(ResultSet rs, int row) throws SQLException {
		return new ContactList(rs.getObject("id", UUID.class), rs.getString("name"), rs.getLong("members"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	/** Store managers' limit: their stores' contacts only. */
	private record Scope(@Nullable Set<StoreId> stores) {

		static final Scope ALL = new Scope(null);

		static Scope of(Actor actor) {
			return ContactPermissions.isStoreLimited(actor) ? new Scope(Set.copyOf(actor.storeIds())) : ALL;
		}

		/** {@code AND alias.store_id = ANY(?)}, or nothing. */
		String condition(String alias) {
			return (this.stores == null) ? "" : " AND " + alias + ".store_id = ANY(?)";
		}

		/** The parameters of {@link #memberCount}, in order. */
		List<Object> params(TenantId tenant) {
			if (this.stores == null) {
				return List.of();
			}
			List<Object> params = new ArrayList<>();
			params.add(tenant.value());
			params.addAll(storeParams());
			return params;
		}

		/** The parameter of {@link #condition}, if any. */
		List<Object> storeParams() {
			// one parameter holding the array (List.of would spread it)
			return (this.stores == null) ? List.of()
					: Collections.singletonList(this.stores.stream().map(StoreId::value).toArray(UUID[]::new));
		}

	}

	/** One CSV upload: rows are resolved and inserted in batches. */
	private final class Upload {

		private final TenantId tenant;

		private final Scope scope;

		private final UUID listId;

		private final String region;

		private final Map<String, Integer> columns = new LinkedHashMap<>();

		private final List<Row> batch = new ArrayList<>();

		private final Set<UUID> seen = new HashSet<>();

		private final List<ListUpload.Unmatched> unmatched = new ArrayList<>();

		private long rows;

		private long added;

		private long already;

		private long unmatchedTotal;

		Upload(TenantId tenant, Scope scope, UUID listId, String region) {
			this.tenant = tenant;
			this.scope = scope;
			this.listId = listId;
			this.region = region;
		}

		void header(CsvRecord header) {
			for (int i = 0; i < header.fields().size(); i++) {
				String name = header.field(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace("-", "_");
				String kind = switch (name) {
					case "email", "e_mail", "email_address" -> "email";
					case "phone", "phone_number", "mobile" -> "phone";
					case "external_id", "externalid", "id" -> "external_id";
					default -> null;
				};
				if (kind != null) {
					this.columns.putIfAbsent(kind, i);
				}
			}
			if (this.columns.isEmpty()) {
				throw new InvalidInputException("file",
						"The first row must name an identifier column: email, phone or external_id");
			}
		}

		void row(CsvRecord record) {
			if (record.blank()) {
				return;
			}
			this.rows++;
			if (record.malformed()) {
				unmatched(record.line(), String.join(",", record.fields()), "Unreadable row: " + record.problem());
				return;
			}
			for (String kind : List.of("email", "phone", "external_id")) {
				Integer column = this.columns.get(kind);
				String value = (column != null) ? record.field(column).strip() : "";
				if (value.isEmpty()) {
					continue;
				}
				try {
					String key = switch (kind) {
						case "email" -> ContactInputs.email("email", value);
						case "phone" -> PhoneNumbers.toE164(value, this.region);
						default -> value;
					};
					this.batch.add(new Row(record.line(), value, kind, key));
				}
				catch (InvalidInputException ex) {
					unmatched(record.line(), value, String.join(" ", ex.getFieldErrors().values()));
				}
				if (this.batch.size() >= CSV_BATCH) {
					flush();
				}
				return;
			}
			unmatched(record.line(), String.join(",", record.fields()), "No email, phone or external id");
		}

		void flush() {
			if (this.batch.isEmpty()) {
				return;
			}
			Map<String, UUID> found = new HashMap<>();
			for (String kind : List.of("email", "phone", "external_id")) {
				String[] keys = this.batch.stream()
					.filter((row) -> row.kind().equals(kind))
					.map(Row::key)
					.distinct()
					.toArray(String[]::new);
				if (keys.length == 0) {
					continue;
				}
				String column = switch (kind) {
					case "email" -> "email";
					case "phone" -> "phone_e164";
					default -> "external_id";
				};
				List<Object> params = new ArrayList<>(List.of(this.tenant.value(), keys));
				params.addAll(this.scope.storeParams());
				ListService.this.jdbc
					.sql("SELECT id, " + column + " AS key FROM contacts WHERE tenant_id = ? AND " + column
							+ " = ANY(?) AND erased_at IS NULL" + this.scope.condition("contacts"))
					.params(params)
					.query((rs) -> {
						found.put(kind + ":" + rs.getString("key"), rs.getObject("id", UUID.class));
					});
			}
			List<UUID> fresh = new ArrayList<>();
			for (Row row : this.batch) {
				UUID id = found.get(row.kind() + ":" + row.key());
				if (id == null) {
					unmatched(row.line(), row.raw(), "No contact has this " + label(row.kind()));
				}
				else if (this.seen.add(id)) {
					fresh.add(id);
				}
				else {
					this.already++;
				}
			}
			int inserted = insert(this.tenant, this.listId, fresh);
			this.added += inserted;
			this.already += fresh.size() - inserted;
			this.batch.clear();
		}

		ListUpload result() {
			List<ListUpload.Unmatched> byLine = new ArrayList<>(this.unmatched);
			byLine.sort(Comparator.comparingLong(ListUpload.Unmatched::line));
			return new ListUpload(this.rows, this.added, this.already, this.unmatchedTotal, byLine);
		}

		private void unmatched(long line, String identifier, String reason) {
			this.unmatchedTotal++;
			if (this.unmatched.size() < MAX_REPORTED) {
				String shown = (identifier.length() > 200) ? identifier.substring(0, 200) + "…" : identifier;
				this.unmatched.add(new ListUpload.Unmatched(line, shown, reason));
			}
		}

		private static String label(String kind) {
			return switch (kind) {
				case "email" -> "email";
				case "phone" -> "phone number";
				default -> "external id";
			};
		}

	}

	private record Row(long line, String raw, String kind, String key) {

	}

}
