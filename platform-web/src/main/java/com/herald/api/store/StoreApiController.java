package com.herald.api.store;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
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
import com.herald.security.CurrentActor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreDetails;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;

/**
 * The caller's tenant's stores: tenant admins manage all of them, store managers see and
 * edit their own.
 */
@RestController
@RequestMapping("/api/v1/stores")
@Tag(name = "Stores", description = "The tenant's stores (tenant admins; store managers for their own stores)")
class StoreApiController {

	private final StoreService stores;

	private final CurrentActor currentActor;

	StoreApiController(StoreService stores, CurrentActor currentActor) {
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')")
	public ApiPage<StoreResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(
				this.stores.list(this.currentActor.get(request), ApiPage.request(page, size, Sort.by("name"))),
				StoreResponse::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')")
	public StoreResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return StoreResponse.of(this.stores.get(this.currentActor.get(request), new StoreId(id)));
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<StoreResponse> create(@RequestBody StoreRequest body, HttpServletRequest request) {
		Store store = this.stores.create(this.currentActor.get(request), details(body));
		return ResponseEntity.created(
				ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(store.getId()).toUri())
			.body(StoreResponse.of(store));
	}

	@PutMapping("/{id}")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')")
	public StoreResponse update(@PathVariable UUID id, @RequestBody StoreRequest body, HttpServletRequest request) {
		return StoreResponse.of(this.stores.update(this.currentActor.get(request), new StoreId(id), details(body)));
	}

	private static StoreDetails details(StoreRequest body) {
		return new StoreDetails(body.name(), zone(body.timezone()), body.addressLine1(), body.addressLine2(),
				body.city(), body.region(), body.postalCode(), body.country(), body.defaultPhoneRegion());
	}

	private static ZoneId zone(@Nullable String timezone) {
		if (timezone == null || timezone.isBlank()) {
			throw new InvalidInputException("timezone", "This field is required");
		}
		try {
			return ZoneId.of(timezone.strip());
		}
		catch (DateTimeException ex) {
			throw new InvalidInputException("timezone", "Use an IANA time zone, like America/New_York");
		}
	}

}
