-- Saved segments: a named criteria tree, stored as JSON and compiled again at every use (dynamic), so a segment always
-- means "the contacts matching this now".
CREATE TABLE audience_segments (
    tenant_id  uuid         NOT NULL REFERENCES tenants (id),
    id         uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    criteria   jsonb        NOT NULL CHECK (jsonb_typeof(criteria) = 'object'),
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX audience_segments_name_key ON audience_segments (tenant_id, lower(name));

ALTER TABLE audience_segments ENABLE ROW LEVEL SECURITY;
CREATE POLICY audience_segments_tenant ON audience_segments
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());

GRANT SELECT, INSERT, UPDATE, DELETE ON audience_segments TO ${app_role};
