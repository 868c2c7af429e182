-- Message templates: a named body (Liquid) for one channel and one message category, reused by broadcasts. The body is
-- checked (syntax, known variables) before it is saved; subject is for email only.
CREATE TABLE message_templates (
    tenant_id  uuid         NOT NULL REFERENCES tenants (id),
    id         uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    channel    varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    category   varchar(64)  NOT NULL,
    subject    varchar(998),
    body       text         NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT message_templates_subject_email CHECK (subject IS NULL OR channel = 'email')
);
-- Unique names per tenant, and the list's order (by name) in one index.
CREATE UNIQUE INDEX message_templates_name_key ON message_templates (tenant_id, lower(name));

ALTER TABLE message_templates ENABLE ROW LEVEL SECURITY;
CREATE POLICY message_templates_tenant ON message_templates
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());

GRANT SELECT, INSERT, UPDATE, DELETE ON message_templates TO ${app_role};
