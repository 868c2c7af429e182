package com.herald.api.contact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactId;
import com.herald.contact.ContactPatch;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.contact.UpsertResult;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * The caller's tenant's contacts. Tenant admins and store managers (for their stores'
 * contacts) write; compliance officers read, export and erase. Another tenant's contact
 * id answers 404.
 */
@RestController
@RequestMapping("/api/v1/contacts")
@Tag(name = "Contacts",
		description = "The tenant's contacts: CRUD, upsert and batch sync, merge, GDPR export and erasure")
class ContactApiController {

	private static final String READ = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private static final String CHANGE = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')";

	private static final String PRIVACY = "hasAnyRole('TENANT_ADMIN', 'COMPLIANCE_OFFICER')";

	private final ContactService contacts;

	private final CurrentActor currentActor;

	ContactApiController(ContactService contacts, CurrentActor currentActor) {
		this.contacts = contacts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READ)
	@Operation(summary = "List contacts, newest first (keyset pages: pass nextCursor as cursor)")
	public ContactListResponse list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable UUID storeId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(defaultValue = "" + ContactQuery.DEFAULT_LIMIT) int limit, HttpServletRequest request) {
		ContactQuery query = new ContactQuery(q, (storeId != null) ? new StoreId(storeId) : null, cursor, limit);
		return ContactListResponse.of(this.contacts.list(actor(request), query), limit);
	}

	@GetMapping("/{id}")
	@PreAuthorize(READ)
	public ContactResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return ContactResponse.of(this.contacts.get(actor(request), new ContactId(id)));
	}

	@PostMapping
	@PreAuthorize(CHANGE)
	@Operation(summary = "Create a contact (409 when an identifier belongs to another contact)")
	public ResponseEntity<ContactResponse> create(@RequestBody ContactRequest body, HttpServletRequest request) {
		Contact contact = this.contacts.create(actor(request), draft(body));
		return ResponseEntity.created(
				ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(contact.getId()).toUri())
			.body(ContactResponse.of(contact));
	}

	@PatchMapping("/{id}")
	@PreAuthorize(CHANGE)
	@Operation(summary = "Change what the body mentions: null clears a field, attributes merge, tags replace")
	public ContactResponse patch(@PathVariable UUID id, @RequestBody Map<String, @Nullable Object> body,
			HttpServletRequest request) {
		return ContactResponse.of(this.contacts.update(actor(request), new ContactId(id), patch(body)));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize(CHANGE)
	@Operation(summary = "Delete a contact and its consent and preferences (use erase for GDPR requests)")
	public ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest request) {
		this.contacts.delete(actor(request), new ContactId(id));
		return ResponseEntity.noContent().build();
	}

	@PutMapping
	@PreAuthorize(CHANGE)
	@Operation(summary = "Create or update one contact, matched by externalId, then email, then phone",
			description = "The contact is found by the identifiers the body gives, in this order: externalId, email, "
					+ "phone. Identifiers of different contacts answer 409 (never merged). "
					+ "201 when created, 200 otherwise.")
	public ResponseEntity<UpsertContactResponse> upsert(@RequestBody ContactRequest body, HttpServletRequest request) {
		Actor actor = actor(request);
		UpsertResult result = this.contacts.upsert(actor, draft(body));
		ContactId id = Objects.requireNonNull(result.contactId());
		UpsertContactResponse response = new UpsertContactResponse(result.outcome().name(),
				ContactResponse.of(this.contacts.get(actor, id)));
		return ResponseEntity
			.status((result.outcome() == UpsertResult.Outcome.CREATED) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(response);
	}

	@PostMapping("/batch")
	@PreAuthorize(CHANGE)
	@Operation(summary = "Upsert up to 1,000 contacts; bad items are reported per item and do not stop the others")
	public BatchResponse batch(@RequestBody BatchRequest body, HttpServletRequest request) {
		List<ContactRequest> items = (body.items() != null) ? body.items() : List.of();
		if (items.isEmpty() || items.size() > ContactService.MAX_BATCH) {
			throw new InvalidInputException("items", "Send 1 to " + ContactService.MAX_BATCH + " contacts at a time");
		}
		Map<Integer, UpsertResult> unreadable = new LinkedHashMap<>();
		List<ContactDraft> drafts = new ArrayList<>();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			try {
				drafts.add(draft(items.get(i)));
				positions.add(i);
			}
			catch (InvalidInputException ex) {
				unreadable.put(i, new UpsertResult(i, UpsertResult.Outcome.REJECTED, null, ex.getFieldErrors()));
			}
		}
		UpsertResponse[] results = new UpsertResponse[items.size()];
		unreadable.forEach((index, result) -> results[index] = UpsertResponse.of(result));
		if (!drafts.isEmpty()) {
			List<UpsertResult> done = this.contacts.batchUpsert(actor(request), drafts);
			for (int i = 0; i < done.size(); i++) {
				UpsertResult result = done.get(i);
				int index = positions.get(i);
				results[index] = UpsertResponse
					.of(new UpsertResult(index, result.outcome(), result.contactId(), result.errors()));
			}
		}
		return BatchResponse.of(List.of(results));
	}

	@PostMapping("/{id}/merge")
	@PreAuthorize(CHANGE)
	@Operation(
			summary = "Merge removeId into this contact: this one's values win, the other fills the gaps and is deleted")
	public ContactResponse merge(@PathVariable UUID id, @RequestBody MergeRequest body, HttpServletRequest request) {
		if (body.removeId() == null) {
			throw new InvalidInputException("removeId", "This field is required");
		}
		return ContactResponse
			.of(this.contacts.merge(actor(request), new ContactId(id), new ContactId(body.removeId())));
	}

	@GetMapping("/{id}/export")
	@PreAuthorize(PRIVACY)
	@Operation(summary = "Everything Herald holds about the contact (GDPR access request); audited")
	public Map<String, Object> export(@PathVariable UUID id, HttpServletRequest request) {
		return this.contacts.exportAll(actor(request), new ContactId(id));
	}

	@PostMapping("/{id}/erase")
	@PreAuthorize(PRIVACY)
	@Operation(summary = "Erase the contact's personal data (GDPR erasure); anonymous statistics stay; audited")
	public ResponseEntity<Void> erase(@PathVariable UUID id, HttpServletRequest request) {
		this.contacts.erase(actor(request), new ContactId(id));
		return ResponseEntity.noContent().build();
	}

	private Actor actor(HttpServletRequest request) {
		return this.currentActor.get(request);
	}

	private static ContactDraft draft(ContactRequest body) {
		ContactDraft.Builder draft = ContactDraft.builder()
			.externalId(body.externalId())
			.firstName(body.firstName())
			.lastName(body.lastName())
			.email(body.email())
			.phone(body.phone())
			.locale(body.locale())
			.timezone(body.timezone())
			.storeId((body.storeId() != null) ? new StoreId(body.storeId()) : null);
		if (body.attributes() != null) {
			draft.attributes(body.attributes());
		}
		if (body.tags() != null) {
			if (body.tags().stream().anyMatch(Objects::isNull)) {
				throw new InvalidInputException("tags", "Use tags, without nulls");
			}
			draft.tags(Set.copyOf(body.tags()));
		}
		return draft.build();
	}

	private static ContactPatch patch(Map<String, @Nullable Object> body) {
		ContactPatch.Builder patch = ContactPatch.builder();
		Map<String, String> errors = new LinkedHashMap<>();
		body.forEach((field, value) -> {
			ContactPatch.Field text = TEXT_FIELDS.get(field);
			if (text != null) {
				if (value == null || value instanceof String) {
					patch.set(text, (String) value);
				}
				else {
					errors.put(field, "Use text or null");
				}
				return;
			}
			switch (field) {
				case "storeId" -> {
					if (value == null) {
						patch.storeId(null);
					}
					else {
						try {
							patch.storeId(new StoreId(UUID.fromString(value.toString())));
						}
						catch (IllegalArgumentException ex) {
							errors.put(field, "Use a store id or null");
						}
					}
				}
				case "attributes" -> {
					if (value instanceof Map<?, ?> map) {
						map.forEach((key, attribute) -> patch.attribute(String.valueOf(key), attribute));
					}
					else {
						errors.put(field, "Use an object of attributes");
					}
				}
				case "tags" -> {
					if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
						patch.tags(list.stream().map(String.class::cast).collect(Collectors.toSet()));
					}
					else {
						errors.put(field, "Use an array of tags");
					}
				}
				default -> errors.put(field, "Not a field of a contact");
			}
		});
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return patch.build();
	}

	private static final Map<String, ContactPatch.Field> TEXT_FIELDS = Map.of("externalId",
			ContactPatch.Field.EXTERNAL_ID, "firstName", ContactPatch.Field.FIRST_NAME, "lastName",
			ContactPatch.Field.LAST_NAME, "email", ContactPatch.Field.EMAIL, "phone", ContactPatch.Field.PHONE,
			"locale", ContactPatch.Field.LOCALE, "timezone", ContactPatch.Field.TIMEZONE);

}
