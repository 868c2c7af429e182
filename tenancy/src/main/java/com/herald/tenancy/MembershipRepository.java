package com.herald.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface MembershipRepository extends JpaRepository<Membership, UUID> {

	List<Membership> findByUserId(UUID userId);

	Optional<Membership> findByTenantIdAndUserId(UUID tenantId, UUID userId);

	Optional<Membership> findByTenantIdAndId(UUID tenantId, UUID id);

	Page<Membership> findByTenantId(UUID tenantId, Pageable pageable);

	long countByTenantIdAndRole(UUID tenantId, Role role);

}
