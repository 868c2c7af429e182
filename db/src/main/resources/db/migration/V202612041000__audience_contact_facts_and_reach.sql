-- Audience counts that row-level security lets use an index.
--
-- Under RLS PostgreSQL only lets LEAKPROOF operators into an index scan ahead of the policy. No jsonb or array
-- operator is LEAKPROOF, so for herald_app the GIN indexes on contacts.attributes and contacts.tags never served an
-- audience (EXPLAIN as herald_app: a sequential scan of the tenant); they only cost every contact write. Replaced by:
--
-- 1. contact_facts: one row per tag ('t:' || tag) and per attribute value ('a:' || key || '=' || lower(value), the
--    same text the compiler compares; values over 200 characters as 'a:' || key || '#' || md5(lower(value)) so the
--    index key stays small). Audiences join it on (tenant_id, fact) with = on uuid and text, which are LEAKPROOF, so
--    "tag vip" or "lead_source = web" reads only the matching contacts' ids from the primary key. Only attribute keys
--    a criteria tree can name (^[a-z][a-z0-9_]{0,62}$, no '=' or '#') get facts, so the text is unambiguous.
-- 2. contacts.reachable_sms / _whatsapp / _email: whether a promotional message may go to the contact on the channel
--    (an address, opted in, address not suppressed, no promotional opt-out: AudienceService's rules), so the reachable
--    counts are a FILTER over rows the count reads anyway instead of three to nine probes per matched contact.
--
-- Both are kept by statement-level triggers with transition tables, so a bulk insert (the generator, an import) pays
-- one set-based statement per table, not a trigger call per row. They run as the writing role, under its RLS. No
-- foreign key from contact_facts: it is derived from contacts (which has them) and an RI check per fact row would
-- cost more than the facts themselves; the triggers remove facts with their contact.

DROP INDEX contacts_attributes_idx;
DROP INDEX contacts_tags_idx;

CREATE TABLE contact_facts (
    tenant_id  uuid NOT NULL,
    fact       text NOT NULL,
    contact_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, fact, contact_id)
);

ALTER TABLE contact_facts ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_facts_tenant ON contact_facts
    USING (tenant_id = (SELECT herald_current_tenant()) OR (SELECT herald_platform_access()))
    WITH CHECK (tenant_id = (SELECT herald_current_tenant()) OR (SELECT herald_platform_access()));
GRANT SELECT, INSERT, DELETE ON contact_facts TO ${app_role};

-- The facts of one contact. The attribute text is exactly what attributes ->> key gives (jsonb_each_text), lowered.
CREATE FUNCTION contact_facts_of(tags text[], attributes jsonb) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 't:' || t FROM unnest(tags) AS t WHERE t IS NOT NULL
    UNION ALL
    SELECT CASE WHEN char_length(lower(e.value)) <= 200 THEN 'a:' || e.key || '=' || lower(e.value)
                ELSE 'a:' || e.key || '#' || md5(lower(e.value)) END
    FROM jsonb_each_text(attributes) AS e
    WHERE e.value IS NOT NULL AND e.key ~ '^[a-z][a-z0-9_]{0,62}$'
$$;

-- The fact an audience looks up for "attribute key equals value" (key already validated by the compiler).
CREATE FUNCTION contact_attribute_fact(key text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(lower(value)) <= 200 THEN 'a:' || key || '=' || lower(value)
                ELSE 'a:' || key || '#' || md5(lower(value)) END
$$;

ALTER TABLE contacts
    ADD COLUMN reachable_sms      boolean NOT NULL DEFAULT false,
    ADD COLUMN reachable_whatsapp boolean NOT NULL DEFAULT false,
    ADD COLUMN reachable_email    boolean NOT NULL DEFAULT false;

-- Recomputes the reachable flags of the given contacts; writes only the rows whose flags change.
CREATE FUNCTION contact_reach_refresh(tenants uuid[], ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
    WITH wanted AS (
        SELECT DISTINCT w.tenant_id, w.id FROM unnest(tenants, ids) AS w (tenant_id, id)
    ), computed AS (
        SELECT c.tenant_id, c.id,
               c.phone_e164 IS NOT NULL
                   AND EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id AND cs.contact_id = c.id
                                   AND cs.channel = 'sms' AND cs.status = 'opted_in')
                   AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = c.tenant_id AND s.channel = 'sms'
                                       AND s.address = c.phone_e164)
                   AND NOT EXISTS (SELECT 1 FROM contact_category_preferences p WHERE p.tenant_id = c.tenant_id
                                       AND p.contact_id = c.id AND p.channel = 'sms' AND p.category = 'promotional'
                                       AND NOT p.opted_in) AS sms,
               c.phone_e164 IS NOT NULL
                   AND EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id AND cs.contact_id = c.id
                                   AND cs.channel = 'whatsapp' AND cs.status = 'opted_in')
                   AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = c.tenant_id
                                       AND s.channel = 'whatsapp' AND s.address = c.phone_e164)
                   AND NOT EXISTS (SELECT 1 FROM contact_category_preferences p WHERE p.tenant_id = c.tenant_id
                                       AND p.contact_id = c.id AND p.channel = 'whatsapp'
                                       AND p.category = 'promotional' AND NOT p.opted_in) AS whatsapp,
               c.email IS NOT NULL
                   AND EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id AND cs.contact_id = c.id
                                   AND cs.channel = 'email' AND cs.status = 'opted_in')
                   AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = c.tenant_id AND s.channel = 'email'
                                       AND s.address = c.email)
                   AND NOT EXISTS (SELECT 1 FROM contact_category_preferences p WHERE p.tenant_id = c.tenant_id
                                       AND p.contact_id = c.id AND p.channel = 'email' AND p.category = 'promotional'
                                       AND NOT p.opted_in) AS email
        FROM contacts c JOIN wanted w ON c.tenant_id = w.tenant_id AND c.id = w.id
    )
    UPDATE contacts c
    SET reachable_sms = r.sms, reachable_whatsapp = r.whatsapp, reachable_email = r.email
    FROM computed r
    WHERE c.tenant_id = r.tenant_id AND c.id = r.id
      AND (c.reachable_sms, c.reachable_whatsapp, c.reachable_email) IS DISTINCT FROM (r.sms, r.whatsapp, r.email)
$$;

-- contacts: facts follow tags and attributes; the flags follow the addresses (and erasure, which blanks them).
CREATE FUNCTION contacts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_facts (tenant_id, fact, contact_id)
    SELECT n.tenant_id, f.fact, n.id FROM new_rows n CROSS JOIN LATERAL contact_facts_of(n.tags, n.attributes) AS f (fact)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION contacts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT o.tenant_id, o.id, o.tags AS old_tags, o.attributes AS old_attributes, n.tags AS new_tags,
               n.attributes AS new_attributes
        FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.id = o.id
        WHERE o.tags IS DISTINCT FROM n.tags OR o.attributes IS DISTINCT FROM n.attributes
    ), old_facts AS (
        SELECT c.tenant_id, f.fact, c.id FROM changed c CROSS JOIN LATERAL contact_facts_of(c.old_tags, c.old_attributes) AS f (fact)
    ), new_facts AS (
        SELECT c.tenant_id, f.fact, c.id FROM changed c CROSS JOIN LATERAL contact_facts_of(c.new_tags, c.new_attributes) AS f (fact)
    ), removed AS (
        DELETE FROM contact_facts cf
        USING (SELECT * FROM old_facts EXCEPT SELECT * FROM new_facts) AS gone (tenant_id, fact, id)
        WHERE cf.tenant_id = gone.tenant_id AND cf.fact = gone.fact AND cf.contact_id = gone.id
    )
    INSERT INTO contact_facts (tenant_id, fact, contact_id)
    SELECT * FROM new_facts EXCEPT SELECT * FROM old_facts
    ON CONFLICT DO NOTHING;

    PERFORM contact_reach_refresh(array_agg(n.tenant_id), array_agg(n.id))
    FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.id = o.id
    WHERE o.phone_e164 IS DISTINCT FROM n.phone_e164 OR o.email IS DISTINCT FROM n.email
       OR o.erased_at IS DISTINCT FROM n.erased_at
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION contacts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM contact_facts cf
    USING (SELECT o.tenant_id, f.fact, o.id FROM old_rows o
           CROSS JOIN LATERAL contact_facts_of(o.tags, o.attributes) AS f (fact)) AS gone (tenant_id, fact, id)
    WHERE cf.tenant_id = gone.tenant_id AND cf.fact = gone.fact AND cf.contact_id = gone.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER contacts_facts_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contacts_inserted();
CREATE TRIGGER contacts_facts_update AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contacts_updated();
CREATE TRIGGER contacts_facts_delete AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contacts_deleted();

-- consent_status and contact_category_preferences: the contacts whose rows changed. One function reads the new rows,
-- one the old (a transition table is only visible to the function its trigger calls); an update fires both.
CREATE FUNCTION contact_reach_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(n.tenant_id), array_agg(n.contact_id)) FROM new_rows n HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- A new row can only change reachability by saying yes to consent or no to a category: without a row the contact was
-- not opted in (not reachable) and had not opted out of anything. Bulk writers (the generator, imports) mostly insert
-- rows that change nothing else, so those are not recomputed.
CREATE FUNCTION contact_reach_new_consent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(n.tenant_id), array_agg(n.contact_id)) FROM new_rows n
    WHERE n.status = 'opted_in' HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION contact_reach_new_category_choices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(n.tenant_id), array_agg(n.contact_id)) FROM new_rows n
    WHERE NOT n.opted_in HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION contact_reach_old_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(o.tenant_id), array_agg(o.contact_id)) FROM old_rows o HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- suppressions: the live contacts holding a suppressed (or no longer suppressed) address. Phone and email are two
-- joins, each served by its unique index (one join with OR would scan the tenant's contacts).
CREATE FUNCTION contact_reach_new_suppressions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(x.tenant_id), array_agg(x.id))
    FROM (SELECT c.tenant_id, c.id FROM new_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.phone_e164 = s.address AND c.erased_at IS NULL
          WHERE s.channel IN ('sms', 'whatsapp')
          UNION ALL
          SELECT c.tenant_id, c.id FROM new_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.email = s.address AND c.erased_at IS NULL
          WHERE s.channel = 'email') x
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION contact_reach_old_suppressions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM contact_reach_refresh(array_agg(x.tenant_id), array_agg(x.id))
    FROM (SELECT c.tenant_id, c.id FROM old_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.phone_e164 = s.address AND c.erased_at IS NULL
          WHERE s.channel IN ('sms', 'whatsapp')
          UNION ALL
          SELECT c.tenant_id, c.id FROM old_rows s
          JOIN contacts c ON c.tenant_id = s.tenant_id AND c.email = s.address AND c.erased_at IS NULL
          WHERE s.channel = 'email') x
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER consent_status_reach_insert AFTER INSERT ON consent_status REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_new_consent();
CREATE TRIGGER consent_status_reach_update_new AFTER UPDATE ON consent_status REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_new_rows();
CREATE TRIGGER consent_status_reach_update_old AFTER UPDATE ON consent_status REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_old_rows();
CREATE TRIGGER consent_status_reach_delete AFTER DELETE ON consent_status REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_old_rows();

CREATE TRIGGER category_preferences_reach_insert AFTER INSERT ON contact_category_preferences REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_new_category_choices();
CREATE TRIGGER category_preferences_reach_update_new AFTER UPDATE ON contact_category_preferences REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_new_rows();
CREATE TRIGGER category_preferences_reach_update_old AFTER UPDATE ON contact_category_preferences REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_old_rows();
CREATE TRIGGER category_preferences_reach_delete AFTER DELETE ON contact_category_preferences REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_old_rows();

CREATE TRIGGER suppressions_reach_insert AFTER INSERT ON suppressions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_new_suppressions();
CREATE TRIGGER suppressions_reach_update_new AFTER UPDATE ON suppressions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_new_suppressions();
CREATE TRIGGER suppressions_reach_update_old AFTER UPDATE ON suppressions REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_old_suppressions();
CREATE TRIGGER suppressions_reach_delete AFTER DELETE ON suppressions REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION contact_reach_old_suppressions();

-- Existing data.
INSERT INTO contact_facts (tenant_id, fact, contact_id)
SELECT c.tenant_id, f.fact, c.id FROM contacts c CROSS JOIN LATERAL contact_facts_of(c.tags, c.attributes) AS f (fact)
ON CONFLICT DO NOTHING;
SELECT contact_reach_refresh(array_agg(c.tenant_id), array_agg(c.id)) FROM contacts c;
