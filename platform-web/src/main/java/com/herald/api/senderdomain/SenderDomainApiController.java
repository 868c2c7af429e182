package com.herald.api.senderdomain;

import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.api.ApiPage;
import com.herald.email.dkim.SenderDomainService;
import com.herald.security.CurrentActor;

@RestController
@Tag(name = "Sender domains",
		description = "Domains email is sent from, their DKIM keys and DNS records (tenant admins)")
class SenderDomainApiController {

	private final SenderDomainService domains;

	private final CurrentActor currentActor;

	SenderDomainApiController(SenderDomainService domains, CurrentActor currentActor) {
		this.domains = domains;
		this.currentActor = currentActor;
	}

	/** The tenant's sender domains, alphabetically. */
	@GetMapping("/api/v1/sender-domains")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ApiPage<SenderDomainResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(this.domains.list(this.currentActor.get(request), page, size), SenderDomainResponse::of);
	}

	/** Adds a domain: Herald generates its DKIM key and answers with the DNS records. */
	@PostMapping("/api/v1/sender-domains")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<SenderDomainResponse> add(@RequestBody NewSenderDomain body, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(SenderDomainResponse.of(this.domains.add(this.currentActor.get(request), body.domain())));
	}

	@GetMapping("/api/v1/sender-domains/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public SenderDomainResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return SenderDomainResponse.of(this.domains.get(this.currentActor.get(request), id));
	}

	/**
	 * Confirms the DKIM record is published ({@code signing: true}): email from the
	 * domain is signed from now on; {@code false} stops signing.
	 */
	@PutMapping("/api/v1/sender-domains/{id}/signing")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public SenderDomainResponse signing(@PathVariable UUID id, @RequestBody Signing body, HttpServletRequest request) {
		return SenderDomainResponse
			.of(this.domains.confirmPublished(this.currentActor.get(request), id, Boolean.TRUE.equals(body.signing())));
	}

	/** Removes the domain and its key. */
	@DeleteMapping("/api/v1/sender-domains/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<Void> remove(@PathVariable UUID id, HttpServletRequest request) {
		this.domains.remove(this.currentActor.get(request), id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param domain the domain to add, like {@code news.example.com}
	 */
	public record NewSenderDomain(@Nullable String domain) {
	}

	/**
	 * @param signing whether email from the domain is signed
	 */
	public record Signing(@Nullable Boolean signing) {
	}

}
