-- The contact generator writes the contact_facts of its own rows in the same statement that inserts them, through
-- contact_facts_of like this trigger (so the facts are the same: ContactGeneratorIntegrationTests compares both
-- ways row by row), without the DISTINCT over the transition table, which spilled to disk and cost about a sixth of
-- the facts' time. It tells this trigger so with a transaction-local setting (set_config(..., true)) around that one
-- statement: other writers never set it, it ends with the statement's transaction (or savepoint) at the latest, and
-- row-level security still checks every fact row the generator writes.

CREATE OR REPLACE FUNCTION contacts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('herald.bulk_facts', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO contact_facts (tenant_id, fact, contact_id)
    SELECT DISTINCT n.tenant_id, f.fact, n.id
    FROM new_rows n CROSS JOIN LATERAL contact_facts_of(n.tags, n.attributes) AS f (fact);
    RETURN NULL;
END
$$;
