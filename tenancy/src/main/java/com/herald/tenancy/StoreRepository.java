package com.herald.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface StoreRepository extends JpaRepository<Store, UUID> {

	Page<Store> findByTenantId(UUID tenantId, Pageable pageable);

	List<Store> findByTenantIdOrderByName(UUID tenantId);

	Optional<Store> findByTenantIdAndId(UUID tenantId, UUID id);

	boolean existsByTenantIdAndNameIgnoreCase(UUID tenantId, String name);

	long countByTenantIdAndIdIn(UUID tenantId, Collection<UUID> ids);

}
