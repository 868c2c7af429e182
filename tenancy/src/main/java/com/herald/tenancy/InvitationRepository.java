package com.herald.tenancy;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface InvitationRepository extends JpaRepository<Invitation, UUID> {

	Optional<Invitation> findByTokenHash(String tokenHash);

	Optional<Invitation> findByTenantIdAndId(UUID tenantId, UUID id);

	Page<Invitation> findByTenantId(UUID tenantId, Pageable pageable);

}
