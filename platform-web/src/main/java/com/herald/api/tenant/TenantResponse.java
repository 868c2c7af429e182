package com.herald.api.tenant;

import java.time.Instant;
import java.util.UUID;

import com.herald.tenancy.Tenant;

/**
 * A tenant.
 *
 * @param id its id
 * @param slug its unique short name
 * @param name what people see
 * @param status {@code ACTIVE} or {@code SUSPENDED}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record TenantResponse(UUID id, String slug, String name, String status, Instant createdAt, Instant updatedAt) {

	static TenantResponse of(Tenant tenant) {
		return new TenantResponse(tenant.getId().value(), tenant.getSlug(), tenant.getName(), tenant.getStatus().name(),
				tenant.getCreatedAt(), tenant.getUpdatedAt());
	}

}
