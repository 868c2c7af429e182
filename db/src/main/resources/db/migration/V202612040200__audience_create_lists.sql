-- Static lists: contacts chosen by hand (a selection on the contacts page, or a CSV of identifiers). Unlike a segment,
-- membership does not change when a contact's fields do. A member row goes with its contact (deleted contacts) and
-- with its list; erasure removes it explicitly.
CREATE TABLE contact_lists (
    tenant_id  uuid         NOT NULL REFERENCES tenants (id),
    id         uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX contact_lists_name_key ON contact_lists (tenant_id, lower(name));

CREATE TABLE contact_list_members (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    list_id    uuid        NOT NULL,
    contact_id uuid        NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, list_id, contact_id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES contact_lists (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
-- The primary key serves "members of a list" and the audience condition (list_id, contact_id); this one serves a
-- contact's lists (export, merge, erasure) and the cascade from contacts.
CREATE INDEX contact_list_members_contact_idx ON contact_list_members (tenant_id, contact_id);
-- The members page, newest first.
CREATE INDEX contact_list_members_added_idx ON contact_list_members (tenant_id, list_id, added_at DESC, contact_id);

ALTER TABLE contact_lists ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_lists_tenant ON contact_lists
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());

ALTER TABLE contact_list_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_list_members_tenant ON contact_list_members
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());

GRANT SELECT, INSERT, UPDATE, DELETE ON contact_lists TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON contact_list_members TO ${app_role};
