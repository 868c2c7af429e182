-- CSV imports of contacts. An import is uploaded (its file stored in chunks, never whole in memory), mapped (columns
-- to fields or attributes, duplicates policy, consent wording), then run in the background by a worker holding a
-- lease on the row. Each chunk of rows commits with its checkpoint (records_done and the counters) in one
-- transaction, so a worker that dies is replaced, once its lease expires, by one that resumes exactly there.

CREATE TABLE contact_imports (
    tenant_id         uuid         NOT NULL REFERENCES tenants (id),
    id                uuid         NOT NULL,
    store_id          uuid,
    file_name         varchar(255) NOT NULL,
    file_bytes        bigint       NOT NULL,
    delimiter         char(1)      NOT NULL,
    header            jsonb        NOT NULL CHECK (jsonb_typeof(header) = 'array'),
    preview           jsonb        NOT NULL CHECK (jsonb_typeof(preview) = 'array'),
    total_rows        bigint       NOT NULL,
    status            varchar(16)  NOT NULL CHECK (status IN ('uploaded', 'queued', 'running', 'completed', 'failed')),
    mapping           jsonb,
    duplicates        varchar(8)   CHECK (duplicates IN ('skip', 'update')),
    consent_wording   text,
    consent_channels  text[]       NOT NULL DEFAULT '{}',
    -- who started it: the worker acts (and audits, and records consent) as them
    actor_type        varchar(16)  NOT NULL,
    actor_id          varchar(64),
    actor_label       varchar(320),
    actor_role        varchar(32),
    actor_stores      uuid[]       NOT NULL DEFAULT '{}',
    records_done      bigint       NOT NULL DEFAULT 0,
    created_count     bigint       NOT NULL DEFAULT 0,
    updated_count     bigint       NOT NULL DEFAULT 0,
    skipped_count     bigint       NOT NULL DEFAULT 0,
    failed_count      bigint       NOT NULL DEFAULT 0,
    attempts          integer      NOT NULL DEFAULT 0,
    lease_owner       varchar(100),
    lease_expires_at  timestamptz,
    error             text,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    queued_at         timestamptz,
    started_at        timestamptz,
    finished_at       timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX contact_imports_created_idx ON contact_imports (tenant_id, created_at DESC, id DESC);
-- what workers look for: queued or running imports whose lease is free or expired
CREATE INDEX contact_imports_work_idx ON contact_imports (queued_at) WHERE status IN ('queued', 'running');

-- The uploaded file, in order; deleted when the import ends (the rejects keep what a person needs).
CREATE TABLE contact_import_chunks (
    tenant_id uuid    NOT NULL,
    import_id uuid    NOT NULL,
    seq       integer NOT NULL,
    data      bytea   NOT NULL,
    PRIMARY KEY (tenant_id, import_id, seq),
    FOREIGN KEY (tenant_id, import_id) REFERENCES contact_imports (tenant_id, id) ON DELETE CASCADE
);

-- Rows that were not imported, with the reason and the row as read, for the rejects download.
CREATE TABLE contact_import_rejects (
    tenant_id uuid   NOT NULL,
    import_id uuid   NOT NULL,
    record    bigint NOT NULL,
    line      bigint NOT NULL,
    reason    text   NOT NULL,
    fields    text[] NOT NULL,
    PRIMARY KEY (tenant_id, import_id, record),
    FOREIGN KEY (tenant_id, import_id) REFERENCES contact_imports (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contact_imports', 'contact_import_chunks', 'contact_import_rejects'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access())'
                       ' WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON contact_imports TO ${app_role};
GRANT SELECT, INSERT, DELETE ON contact_import_chunks TO ${app_role};
GRANT SELECT, INSERT ON contact_import_rejects TO ${app_role};
