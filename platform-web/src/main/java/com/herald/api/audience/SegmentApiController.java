package com.herald.api.audience;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.api.ApiPage;
import com.herald.api.contact.ContactListResponse;
import com.herald.audience.AudienceService;
import com.herald.audience.CriteriaJson;
import com.herald.audience.Criterion;
import com.herald.audience.Segment;
import com.herald.audience.SegmentService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;

/**
 * Saved segments: dynamic audiences, re-evaluated at every use. Everyone who sees
 * contacts lists, reads, counts and samples them (store managers count and sample their
 * stores' contacts only); tenant admins create, change and delete them. Another tenant's
 * segment id answers 404.
 */
@RestController
@RequestMapping("/api/v1/segments")
@Tag(name = "Segments", description = "Saved, dynamic audiences: criteria trees with a live count and sample")
class SegmentApiController {

	private static final String READ = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private static final String CHANGE = "hasRole('TENANT_ADMIN')";

	private final SegmentService segments;

	private final AudienceService audiences;

	private final CurrentActor currentActor;

	SegmentApiController(SegmentService segments, AudienceService audiences, CurrentActor currentActor) {
		this.segments = segments;
		this.audiences = audiences;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READ)
	@Operation(summary = "List segments by name, a page at a time")
	public ApiPage<SegmentResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		Pageable pageable = ApiPage.request(page, size, Sort.unsorted());
		Page<Segment> found = this.segments.list(actor(request), pageable.getPageNumber(), pageable.getPageSize());
		return ApiPage.of(found, SegmentResponse::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize(READ)
	public SegmentResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return SegmentResponse.of(this.segments.get(actor(request), id));
	}

	@PostMapping
	@PreAuthorize(CHANGE)
	@Operation(summary = "Save a criteria tree as a segment",
			description = "A bad tree answers 400 with the path of the bad node, e.g. root.children[1].operator")
	public ResponseEntity<SegmentResponse> create(@RequestBody SegmentRequest body, HttpServletRequest request) {
		Segment segment = this.segments.create(actor(request), name(body), criteria(body.criteria()));
		return ResponseEntity
			.created(
					ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(segment.id()).toUri())
			.body(SegmentResponse.of(segment));
	}

	@PutMapping("/{id}")
	@PreAuthorize(CHANGE)
	@Operation(summary = "Replace a segment's name and criteria")
	public SegmentResponse update(@PathVariable UUID id, @RequestBody SegmentRequest body, HttpServletRequest request) {
		return SegmentResponse.of(this.segments.update(actor(request), id, name(body), criteria(body.criteria())));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize(CHANGE)
	public ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest request) {
		this.segments.delete(actor(request), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/count")
	@PreAuthorize(READ)
	@Operation(summary = "Count the contacts the segment matches now, and those reachable per channel")
	public AudienceCountResponse count(@PathVariable UUID id, HttpServletRequest request) {
		Actor actor = actor(request);
		return AudienceCountResponse.of(this.audiences.counts(actor, this.segments.get(actor, id).criteria()));
	}

	@GetMapping("/{id}/sample")
	@PreAuthorize(READ)
	@Operation(summary = "Up to limit (1 to 50) matched contacts, newest first")
	public List<ContactListResponse.Item> sample(@PathVariable UUID id, @RequestParam(defaultValue = "10") int limit,
			HttpServletRequest request) {
		Actor actor = actor(request);
		return this.audiences.sample(actor, this.segments.get(actor, id).criteria(), limit)
			.stream()
			.map(ContactListResponse.Item::of)
			.toList();
	}

	private Actor actor(HttpServletRequest request) {
		return this.currentActor.get(request);
	}

	private static String name(SegmentRequest body) {
		return (body.name() != null) ? body.name() : "";
	}

	private static Criterion criteria(@Nullable JsonNode criteria) {
		if (criteria == null || criteria.isNull()) {
			throw new InvalidInputException("criteria", "Give the criteria tree");
		}
		return CriteriaJson.read(criteria.toString());
	}

}
