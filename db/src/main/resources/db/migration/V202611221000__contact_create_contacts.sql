-- Contacts: the people a tenant reaches. Typed core fields, free attributes (jsonb) and tags; optionally tied to a
-- store. An erased contact keeps its row (id, tenant, store, dates) for anonymous statistics, with every personal
-- field nulled and erased_at set; the partial unique indexes ignore erased rows.

CREATE TABLE contacts (
    tenant_id   uuid         NOT NULL REFERENCES tenants (id),
    id          uuid         NOT NULL,
    external_id varchar(200),
    first_name  varchar(200),
    last_name   varchar(200),
    email       varchar(320),
    phone_e164  varchar(16),
    locale      varchar(35),
    timezone    varchar(64),
    store_id    uuid,
    attributes  jsonb        NOT NULL DEFAULT '{}',
    tags        text[]       NOT NULL DEFAULT '{}',
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    erased_at   timestamptz,
    version     bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
    CONSTRAINT contacts_email_lower CHECK (email = lower(email)),
    CONSTRAINT contacts_phone_e164 CHECK (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
    CONSTRAINT contacts_attributes_object CHECK (jsonb_typeof(attributes) = 'object'),
    CONSTRAINT contacts_erased_blank CHECK (erased_at IS NULL OR (external_id IS NULL AND first_name IS NULL
        AND last_name IS NULL AND email IS NULL AND phone_e164 IS NULL AND attributes = '{}' AND tags = '{}'))
);

-- Identifiers are unique per tenant among live contacts. text_pattern_ops serves both the equality lookups of
-- upserts and the prefix searches of the contact list, whatever the database collation.
CREATE UNIQUE INDEX contacts_email_key ON contacts (tenant_id, email text_pattern_ops)
    WHERE email IS NOT NULL AND erased_at IS NULL;
CREATE UNIQUE INDEX contacts_phone_key ON contacts (tenant_id, phone_e164 text_pattern_ops)
    WHERE phone_e164 IS NOT NULL AND erased_at IS NULL;
CREATE UNIQUE INDEX contacts_external_id_key ON contacts (tenant_id, external_id)
    WHERE external_id IS NOT NULL AND erased_at IS NULL;

-- Name search is a case-insensitive prefix match on either name.
CREATE INDEX contacts_first_name_idx ON contacts (tenant_id, lower(first_name) text_pattern_ops)
    WHERE erased_at IS NULL;
CREATE INDEX contacts_last_name_idx ON contacts (tenant_id, lower(last_name) text_pattern_ops)
    WHERE erased_at IS NULL;

-- The list's keyset order (newest first).
CREATE INDEX contacts_created_idx ON contacts (tenant_id, created_at DESC, id DESC) WHERE erased_at IS NULL;
CREATE INDEX contacts_store_idx ON contacts (tenant_id, store_id);

-- Audiences filter on attributes (containment, @>) and tags (&&, @>).
CREATE INDEX contacts_attributes_idx ON contacts USING gin (attributes jsonb_path_ops);
CREATE INDEX contacts_tags_idx ON contacts USING gin (tags);

-- Per-tenant contact settings; a tenant without a row uses the defaults.
CREATE TABLE contact_settings (
    tenant_id            uuid        NOT NULL REFERENCES tenants (id),
    default_phone_region varchar(2)  NOT NULL DEFAULT 'US' CHECK (default_phone_region ~ '^[A-Z]{2}$'),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contacts', 'contact_settings'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access())'
                       ' WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON contact_settings TO ${app_role};
