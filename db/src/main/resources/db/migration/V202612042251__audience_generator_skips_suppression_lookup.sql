-- The suppression insert trigger looks up the contacts holding each new address. On a fresh, never-analysed contacts
-- table its plan ties between the unique phone/email index and any tenant-prefixed index (auto_explain, first
-- generator batch of 20,000: a walk of contacts_last_name_idx per suppression, 66 of the batch's 161 s), and the
-- plan stays cached for the session. The generator's suppressions only name addresses of contacts it inserted in the
-- same statement, with their reachable flags already computed (no other live contact can hold them: the addresses
-- are unique per tenant), so under herald.bulk_facts (see V202612042250) the lookup has nothing to change and is
-- skipped. Every other writer keeps the lookup; making its plan independent of statistics is still open.

CREATE OR REPLACE FUNCTION contact_reach_new_suppressions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('herald.bulk_facts', true) = 'on' THEN
        RETURN NULL;
    END IF;
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
