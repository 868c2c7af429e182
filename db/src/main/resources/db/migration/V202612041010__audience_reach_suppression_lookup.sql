-- The suppression triggers look up the contacts holding an address. The unique indexes on phone and email are
-- partial (WHERE ... IS NOT NULL AND erased_at IS NULL), and PostgreSQL only uses a partial index when the query's own
-- conditions imply its predicate; a join condition does not count. Without the explicit IS NOT NULL the lookup used
-- another index of the tenant and filtered (68 ms per suppressed address on 20,000 contacts, seconds per batch in the
-- generator). Same results, now one unique-index probe per address.

CREATE OR REPLACE FUNCTION contact_reach_new_suppressions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(x.tenant_id), array_agg(x.id))
    FROM (SELECT c.tenant_id, c.id FROM new_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.phone_e164 = s.address
              AND c.phone_e164 IS NOT NULL AND c.erased_at IS NULL
          WHERE s.channel IN ('sms', 'whatsapp')
          UNION ALL
          SELECT c.tenant_id, c.id FROM new_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.email = s.address
              AND c.email IS NOT NULL AND c.erased_at IS NULL
          WHERE s.channel = 'email') x
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION contact_reach_old_suppressions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(x.tenant_id), array_agg(x.id))
    FROM (SELECT c.tenant_id, c.id FROM old_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.phone_e164 = s.address
              AND c.phone_e164 IS NOT NULL AND c.erased_at IS NULL
          WHERE s.channel IN ('sms', 'whatsapp')
          UNION ALL
          SELECT c.tenant_id, c.id FROM old_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.email = s.address
              AND c.email IS NOT NULL AND c.erased_at IS NULL
          WHERE s.channel = 'email') x
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;
