package com.herald.audit;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * A chain of its own for one test: a tenant id no other test uses (audit events need no
 * tenant row), written through the real {@link AuditTrail} in a transaction per event,
 * read by a compliance officer of that tenant.
 */
record TestChain(TenantId tenant, AuditTrail trail, TenantTransactions transactions) {

	static TestChain fresh(AuditTrail trail, TenantTransactions transactions) {
		return new TestChain(TenantId.random(), trail, transactions);
	}

	Actor reader() {
		return new Actor(Actor.Type.USER, "u-reader", "reader@example.test", this.tenant, Role.COMPLIANCE_OFFICER,
				Set.of(), "203.0.113.9", "test");
	}

	Actor actor(String id, String label) {
		return new Actor(Actor.Type.USER, id, label, this.tenant, Role.TENANT_ADMIN, Set.of(), "203.0.113.7", "test");
	}

	void record(String action, AuditTrail.Target target) {
		record(actor("u-1", "ann@example.test"), action, target, null, null);
	}

	void record(Actor actor, String action, AuditTrail.Target target) {
		record(actor, action, target, null, null);
	}

	void record(Actor actor, String action, AuditTrail.@Nullable Target target, @Nullable Map<String, ?> before,
			@Nullable Map<String, ?> after) {
		this.transactions.runInTenant(this.tenant, () -> this.trail.record(actor, action, target, before, after));
	}

}
