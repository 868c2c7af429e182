package com.herald.tenancy;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

	Optional<ApiKey> findByPrefix(String prefix);

	Optional<ApiKey> findByTenantIdAndId(UUID tenantId, UUID id);

	Page<ApiKey> findByTenantId(UUID tenantId, Pageable pageable);

}
