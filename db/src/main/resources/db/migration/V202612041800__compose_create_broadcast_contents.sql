-- Email content: per-channel content of a broadcast, and email fields on message templates.
--
-- broadcast_contents holds what a broadcast says on one channel, one row per broadcast x channel, so a broadcast can
-- later carry SMS and email content side by side. Today an email broadcast keeps its subject, preheader and HTML here
-- (the plain-text part is derived from the HTML when rendered); an SMS broadcast still keeps its body in
-- broadcasts.body, which the multi-channel step can move into rows with channel 'sms' (column body).
CREATE TABLE broadcast_contents (
    tenant_id    uuid          NOT NULL,
    broadcast_id uuid          NOT NULL,
    channel      varchar(16)   NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    subject      varchar(998),
    preheader    varchar(500),
    html         text,
    body         text,
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, broadcast_id, channel),
    FOREIGN KEY (tenant_id, broadcast_id) REFERENCES broadcasts (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT broadcast_contents_email_parts CHECK (channel = 'email' OR (subject IS NULL AND preheader IS NULL
                                                                           AND html IS NULL))
);

ALTER TABLE broadcast_contents ENABLE ROW LEVEL SECURITY;
CREATE POLICY broadcast_contents_tenant ON broadcast_contents
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());
GRANT SELECT, INSERT, UPDATE, DELETE ON broadcast_contents TO ${app_role};

-- Email templates: subject (already there), preheader and sanitized HTML; their body (the SMS/push text) is unused.
ALTER TABLE message_templates ADD COLUMN preheader varchar(500), ADD COLUMN html text,
    ALTER COLUMN body DROP NOT NULL;
UPDATE message_templates SET html = body, body = NULL WHERE channel = 'email';
ALTER TABLE message_templates
    ADD CONSTRAINT message_templates_content CHECK (CASE WHEN channel = 'email' THEN html IS NOT NULL AND body IS NULL
                                                         ELSE body IS NOT NULL AND html IS NULL
                                                             AND preheader IS NULL END);
