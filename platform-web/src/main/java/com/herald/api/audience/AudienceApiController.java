package com.herald.api.audience;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.herald.api.contact.ContactListResponse;
import com.herald.audience.AudienceService;
import com.herald.audience.CriteriaJson;
import com.herald.audience.Criterion;
import com.herald.security.CurrentActor;
import com.herald.tenancy.InvalidInputException;

/**
 * Live counts and samples of an unsaved criteria tree, for whoever sees contacts (as for
 * segments): store managers count only their stores' contacts. A bad tree answers 400
 * with an error per bad node, keyed by its path ({@code root.children[1].values[0]}).
 * POST because the tree travels in the body; nothing is changed.
 */
@RestController
@RequestMapping("/api/v1/audiences")
@Tag(name = "Audiences", description = "Matched and reachable counts, and samples, of a criteria tree")
class AudienceApiController {

	static final int DEFAULT_SAMPLE = 10;

	private static final String READ = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private final AudienceService audiences;

	private final CurrentActor currentActor;

	AudienceApiController(AudienceService audiences, CurrentActor currentActor) {
		this.audiences = audiences;
		this.currentActor = currentActor;
	}

	@PostMapping("/count")
	@PreAuthorize(READ)
	@Operation(summary = "Count the contacts a criteria tree matches, and how many are reachable per channel")
	public AudienceCountResponse count(@RequestBody AudienceRequest body, HttpServletRequest request) {
		return AudienceCountResponse.of(this.audiences.counts(this.currentActor.get(request), criteria(body)));
	}

	@PostMapping("/sample")
	@PreAuthorize(READ)
	@Operation(summary = "Some contacts a criteria tree matches, newest first (limit 1 to 50, default 10)")
	public AudienceSampleResponse sample(@RequestBody AudienceRequest body, HttpServletRequest request) {
		int limit = (body.limit() != null) ? body.limit() : DEFAULT_SAMPLE;
		return new AudienceSampleResponse(this.audiences.sample(this.currentActor.get(request), criteria(body), limit)
			.stream()
			.map(ContactListResponse.Item::of)
			.toList(), limit);
	}

	private static Criterion criteria(AudienceRequest body) {
		if (body.criteria() == null || body.criteria().isNull()) {
			throw new InvalidInputException("criteria", "Give a criteria tree (a group or a condition)");
		}
		return CriteriaJson.read(body.criteria().toString());
	}

}
