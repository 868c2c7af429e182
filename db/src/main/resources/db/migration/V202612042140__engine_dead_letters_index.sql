-- Dead letters of a tenant, newest failure first: the dead-letter page's keyset paging
-- ((updated_at, id) below the cursor) reads this index in order.
CREATE INDEX deliveries_dead_letters_idx ON deliveries (tenant_id, updated_at DESC, id DESC) WHERE status = 'failed';
