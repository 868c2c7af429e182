package com.herald.api.audience;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.api.ApiPage;
import com.herald.audience.CriteriaJson;
import com.herald.audience.ListService;
import com.herald.contact.ContactId;
import com.herald.contact.ContactService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * Static lists of contacts. Everyone who sees contacts reads them; tenant admins create,
 * rename and delete them; tenant admins and store managers add and remove members (store
 * managers: their stores' contacts only, and they see only those). Another tenant's list
 * or contact id answers 404.
 */
@RestController
@RequestMapping("/api/v1/lists")
@Tag(name = "Lists", description = "Static lists of contacts, from a selection or a CSV; usable as audiences")
class ListApiController {

	private static final String READ = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private static final String MEMBERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')";

	private static final String MANAGE = "hasRole('TENANT_ADMIN')";

	private final ListService lists;

	private final ContactService contacts;

	private final CurrentActor currentActor;

	ListApiController(ListService lists, ContactService contacts, CurrentActor currentActor) {
		this.lists = lists;
		this.contacts = contacts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READ)
	@Operation(summary = "List the static lists by name, a page at a time; q: part of the name")
	public ApiPage<ListResponse> list(@RequestParam(name = "q", required = false) @Nullable String q,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			HttpServletRequest request) {
		Pageable pageable = ApiPage.request(page, size, Sort.unsorted());
		return ApiPage.of(this.lists.list(actor(request), q, pageable.getPageNumber(), pageable.getPageSize()),
				ListResponse::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize(READ)
	public ListResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return ListResponse.of(this.lists.get(actor(request), id));
	}

	@PostMapping
	@PreAuthorize(MANAGE)
	@Operation(summary = "Create a list, empty or with up to 1,000 contacts (contactIds)")
	public ResponseEntity<ListResponse> create(@RequestBody ListRequest body, HttpServletRequest request) {
		Actor actor = actor(request);
		List<ContactId> ids = (body.contactIds() != null) ? contactIds(body.contactIds()) : List.of();
		ListService.Created created = this.lists.createWith(actor, name(body.name()), ids);
		return ResponseEntity.created(location(created)).body(ListResponse.of(created.list()));
	}

	// no "consumes": a request of another type reaches the role check, then gets a 400
	@PostMapping("/csv")
	@PreAuthorize(MANAGE)
	@Operation(summary = "Create a list from a CSV (multipart parts 'name' and 'file'), all or nothing",
			description = "The file is read as for POST /{id}/members/csv; a file without an identifier column "
					+ "creates no list.")
	public ResponseEntity<ListCreatedResponse> createFromCsv(
			@RequestParam(name = "name", required = false) @Nullable String name,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file, HttpServletRequest request) {
		Actor actor = actor(request);
		return created(read(file, (reader) -> this.lists.createFromCsv(actor, name(name), reader)));
	}

	@PatchMapping("/{id}")
	@PreAuthorize(MANAGE)
	@Operation(summary = "Rename a list")
	public ListResponse rename(@PathVariable UUID id, @RequestBody ListRequest body, HttpServletRequest request) {
		this.lists.get(actor(request), id);
		if (body.contactIds() != null) {
			throw new InvalidInputException("contactIds", "Add members with POST /api/v1/lists/{id}/members");
		}
		return ListResponse.of(this.lists.rename(actor(request), id, name(body.name())));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize(MANAGE)
	@Operation(summary = "Delete a list and its memberships (the contacts stay)")
	public ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest request) {
		this.lists.delete(actor(request), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/members")
	@PreAuthorize(READ)
	@Operation(summary = "The list's contacts, newest members first, a page at a time; "
			+ "q: name, email or phone prefix, as on the contacts list")
	public ApiPage<ListMemberResponse> members(@PathVariable UUID id,
			@RequestParam(name = "q", required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		Pageable pageable = ApiPage.request(page, size, Sort.unsorted());
		return ApiPage.of(this.lists.members(actor(request), id, q, pageable.getPageNumber(), pageable.getPageSize()),
				ListMemberResponse::of);
	}

	@PostMapping("/{id}/members")
	@PreAuthorize(MEMBERS)
	@Operation(summary = "Add up to 1,000 contacts by id (those already on the list are left as they are)")
	public MembersResponse addMembers(@PathVariable UUID id, @RequestBody MembersRequest body,
			HttpServletRequest request) {
		Actor actor = actor(request);
		int added = this.lists.addMembers(actor, id, contactIds(body.contactIds()));
		return new MembersResponse(added, ListResponse.of(this.lists.get(actor, id)));
	}

	@PostMapping("/{id}/members/remove")
	@PreAuthorize(MEMBERS)
	@Operation(summary = "Remove up to 1,000 contacts by id from the list (the contacts stay)")
	public MembersResponse removeMembers(@PathVariable UUID id, @RequestBody MembersRequest body,
			HttpServletRequest request) {
		Actor actor = actor(request);
		int removed = this.lists.removeMembers(actor, id, contactIds(body.contactIds()));
		return new MembersResponse(removed, ListResponse.of(this.lists.get(actor, id)));
	}

	@PostMapping("/{id}/members/matching")
	@PreAuthorize(MEMBERS)
	@Operation(summary = "Add every contact a criteria tree, or a contacts-list search and/or store, matches",
			description = "Set-based: any number of contacts in one call. Store managers add their stores' only.")
	public MembersResponse addMatching(@PathVariable UUID id, @RequestBody MatchingRequest body,
			HttpServletRequest request) {
		Actor actor = actor(request);
		// another tenant's list is missing whatever the body
		this.lists.get(actor, id);
		int added;
		if (body.criteria() != null && !body.criteria().isNull()) {
			if (body.search() != null || body.storeId() != null) {
				throw new InvalidInputException("criteria", "Give either a criteria tree or a search, not both");
			}
			added = this.lists.addMatching(actor, id, CriteriaJson.read(body.criteria().toString()));
		}
		else if ((body.search() == null || body.search().isBlank()) && body.storeId() == null) {
			throw new InvalidInputException("criteria", "Give a criteria tree, a search or a storeId");
		}
		else {
			StoreId store = (body.storeId() != null) ? new StoreId(body.storeId()) : null;
			added = this.lists.addMatching(actor, id, this.contacts.selection(actor, body.search(), store));
		}
		return new MembersResponse(added, ListResponse.of(this.lists.get(actor, id)));
	}

	@PostMapping("/{id}/members/remove-matching")
	@PreAuthorize(MEMBERS)
	@Operation(summary = "Remove every member a criteria tree matches (the contacts stay)")
	public MembersResponse removeMatching(@PathVariable UUID id, @RequestBody MatchingRequest body,
			HttpServletRequest request) {
		Actor actor = actor(request);
		this.lists.get(actor, id);
		if (body.criteria() == null || body.criteria().isNull()) {
			throw new InvalidInputException("criteria", "Give the criteria tree of the members to remove");
		}
		int removed = this.lists.removeMatching(actor, id, CriteriaJson.read(body.criteria().toString()));
		return new MembersResponse(removed, ListResponse.of(this.lists.get(actor, id)));
	}

	// no "consumes": a request of another type reaches the role check, then gets a 400
	@PostMapping("/{id}/members/csv")
	@PreAuthorize(MEMBERS)
	@Operation(
			summary = "Add the contacts a CSV (multipart part 'file') names (UTF-8, header row with email, phone and/or external_id)",
			description = "Each row is matched by its email, else its phone (read in the tenant's default region), "
					+ "else its external id. Rows that match no contact are reported with their line and reason; "
					+ "they do not stop the others.")
	public ListUploadResponse upload(@PathVariable UUID id,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file, HttpServletRequest request) {
		Actor actor = actor(request);
		// another tenant's list is missing whatever the body
		this.lists.get(actor, id);
		return ListUploadResponse.of(read(file, (reader) -> this.lists.addFromCsv(actor, id, reader)));
	}

	private static ResponseEntity<ListCreatedResponse> created(ListService.Created created) {
		return ResponseEntity.created(location(created)).body(ListCreatedResponse.of(created));
	}

	private static URI location(ListService.Created created) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/v1/lists/{id}")
			.buildAndExpand(created.list().id())
			.toUri();
	}

	private static <T> T read(@Nullable MultipartFile file, Function<Reader, T> work) {
		if (file == null || file.isEmpty()) {
			throw new InvalidInputException("file", "Choose a CSV file");
		}
		try (Reader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
			return work.apply(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Actor actor(HttpServletRequest request) {
		return this.currentActor.get(request);
	}

	private static String name(@Nullable String name) {
		return (name != null) ? name : "";
	}

	private static List<ContactId> contactIds(@Nullable List<UUID> contactIds) {
		List<UUID> ids = (contactIds != null) ? contactIds : List.of();
		if (ids.stream().anyMatch(java.util.Objects::isNull)) {
			throw new InvalidInputException("contactIds", "Give contact ids, not null");
		}
		return ids.stream().map(ContactId::new).toList();
	}

}
