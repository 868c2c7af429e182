package com.herald.audience;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.contact.ContactDataHolder;
import com.herald.contact.ContactId;
import com.herald.tenancy.TenantId;

/**
 * Static lists' part in a contact's export, merge and erasure: which lists the contact is
 * on. Runs inside the contact service's transaction.
 */
@Component
class ListContactData implements ContactDataHolder {

	private final JdbcClient jdbc;

	ListContactData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "lists";
	}

	@Override
	public Map<String, Object> export(TenantId tenant, ContactId contact) {
		List<Map<String, Object>> memberships = this.jdbc.sql("""
				SELECT l.id, l.name, m.added_at FROM contact_list_members m
				JOIN contact_lists l ON l.tenant_id = m.tenant_id AND l.id = m.list_id
				WHERE m.tenant_id = ? AND m.contact_id = ? ORDER BY m.added_at, l.id""")
			.params(tenant.value(), contact.value())
			.query((rs, row) -> {
				Map<String, Object> membership = new LinkedHashMap<>();
				membership.put("listId", rs.getObject("id", UUID.class).toString());
				membership.put("name", rs.getString("name"));
				membership.put("addedAt", rs.getObject("added_at", OffsetDateTime.class).toInstant().toString());
				return membership;
			})
			.list();
		return Map.of("memberships", memberships);
	}

	@Override
	public Map<String, Object> merge(TenantId tenant, ContactId keep, ContactId remove) {
		int copied = this.jdbc.sql("""
				INSERT INTO contact_list_members (tenant_id, list_id, contact_id, added_at)
				SELECT tenant_id, list_id, ?, added_at FROM contact_list_members WHERE tenant_id = ? AND contact_id = ?
				ON CONFLICT DO NOTHING""").params(keep.value(), tenant.value(), remove.value()).update();
		return Map.of("membershipsCopied", copied);
	}

	@Override
	public Map<String, Object> erase(TenantId tenant, ContactId contact) {
		int removed = this.jdbc.sql("DELETE FROM contact_list_members WHERE tenant_id = ? AND contact_id = ?")
			.params(tenant.value(), contact.value())
			.update();
		return Map.of("membershipsRemoved", removed);
	}

}
