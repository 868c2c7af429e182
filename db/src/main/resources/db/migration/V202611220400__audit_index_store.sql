-- The audit page filters by store; without this, a store's events are found by walking the tenant's whole chain
-- backwards. Partial: most events (sign-ins, memberships, keys) belong to no store.
CREATE INDEX audit_events_store_idx ON audit_events (tenant_id, store_id, seq DESC) WHERE store_id IS NOT NULL;
