-- The preference center: where consent changes come from (unsubscribe links, the preference page), why a recipient
-- gets nothing from a broadcast (paused), a contact's pause of all but transactional messages, and tenant branding
-- for the public pages.

-- Adds values to a CHECK (column = ANY (ARRAY[...])) constraint, keeping every value it already allows, so parallel
-- migrations that extend the same list do not undo each other.
CREATE FUNCTION pg_temp.herald_allow_values(tbl text, con text, col text, extra text[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    allowed text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO allowed
    FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') AS m
    WHERE c.conrelid = tbl::regclass AND c.conname = con;
    IF allowed IS NULL THEN
        RAISE EXCEPTION 'constraint % on % not found', con, tbl;
    END IF;
    allowed := ARRAY(SELECT DISTINCT v FROM unnest(allowed || extra) AS v ORDER BY v);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', tbl, con);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I::text = ANY (%L::text[]))', tbl, con, col, allowed);
END
$$;

SELECT pg_temp.herald_allow_values('consent_records', 'consent_records_source_check', 'source',
                                   ARRAY['unsubscribe_link', 'preference_page']);
SELECT pg_temp.herald_allow_values('consent_status', 'consent_status_source_check', 'source',
                                   ARRAY['unsubscribe_link', 'preference_page']);
SELECT pg_temp.herald_allow_values('broadcast_recipients', 'broadcast_recipients_excluded_reason_check',
                                   'excluded_reason', ARRAY['paused']);

-- Until when the contact asked for a break from everything but transactional messages.
ALTER TABLE contact_preferences ADD COLUMN paused_until timestamptz;

-- How the public pages (unsubscribe, preferences) look for a tenant's recipients. No row: the tenant's name, Herald's
-- colours, no logo.
CREATE TABLE tenant_branding (
    tenant_id    uuid          NOT NULL REFERENCES tenants (id),
    display_name varchar(200),
    logo_url     varchar(2000) CHECK (logo_url IS NULL OR logo_url ~ '^https://'),
    accent_color varchar(7)    CHECK (accent_color IS NULL OR accent_color ~ '^#[0-9a-f]{6}$'),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    version      bigint        NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id)
);
ALTER TABLE tenant_branding ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_branding_tenant ON tenant_branding
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());
GRANT SELECT, INSERT, UPDATE ON tenant_branding TO ${app_role};
