package com.herald.contact;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ContactRepository extends JpaRepository<Contact, UUID> {

	Optional<Contact> findByTenantIdAndIdAndErasedAtIsNull(UUID tenantId, UUID id);

	Optional<Contact> findByTenantIdAndId(UUID tenantId, UUID id);

	/**
	 * Live contacts holding any of these identifiers. Callers pass a placeholder for an
	 * empty list; stored identifiers are never blank.
	 */
	@Query("""
			select c from Contact c
			where c.tenantId = :tenantId and c.erasedAt is null
			  and (c.externalId in :externalIds or c.email in :emails or c.phone in :phones)
			""")
	List<Contact> findLiveByIdentifiers(UUID tenantId, Collection<String> externalIds, Collection<String> emails,
			Collection<String> phones);

}
