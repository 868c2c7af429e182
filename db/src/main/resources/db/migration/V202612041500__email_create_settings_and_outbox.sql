-- Email settings per tenant (store_id NULL) and optionally per store: the sender identity (from name, from address,
-- reply-to), the provider order (primary and an optional secondary that takes over while the primary's circuit is
-- open), the SendGrid API key sealed with the SecretBox (never stored or shown in clear) and the public key SendGrid
-- signs its event webhooks with.
CREATE TABLE email_settings (
    tenant_id               uuid          NOT NULL REFERENCES tenants (id),
    id                      uuid          NOT NULL,
    store_id                uuid,
    from_name               varchar(100),
    from_address            varchar(254),
    reply_to                varchar(254),
    primary_provider        varchar(16)   CHECK (primary_provider IN ('sendgrid', 'smtp')),
    secondary_provider      varchar(16)   CHECK (secondary_provider IN ('sendgrid', 'smtp')),
    sendgrid_api_key_sealed bytea,
    sendgrid_webhook_key    varchar(400),
    updated_at              timestamptz   NOT NULL DEFAULT now(),
    updated_by              varchar(200),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    CHECK (secondary_provider IS NULL OR (primary_provider IS NOT NULL AND secondary_provider <> primary_provider))
);
CREATE UNIQUE INDEX email_settings_scope_key ON email_settings (tenant_id, store_id) NULLS NOT DISTINCT;

-- The sandbox provider's outbox: the email as it would have gone out, with simulated delivery events.
CREATE TABLE email_outbox (
    tenant_id        uuid           NOT NULL REFERENCES tenants (id),
    id               uuid           NOT NULL,
    delivery_id      uuid           NOT NULL,
    store_id         uuid,
    to_address       varchar(320)   NOT NULL,
    from_address     varchar(320)   NOT NULL,
    from_name        varchar(100),
    reply_to         varchar(320),
    subject          text           NOT NULL,
    html             text,
    text_body        text           NOT NULL,
    list_unsubscribe varchar(2000),
    category         varchar(40)    NOT NULL,
    status           varchar(16)    NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered')),
    created_at       timestamptz    NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX email_outbox_delivery_key ON email_outbox (tenant_id, delivery_id);
CREATE INDEX email_outbox_newest_idx ON email_outbox (tenant_id, created_at DESC, id DESC);
CREATE INDEX email_outbox_awaiting_receipt_idx ON email_outbox (created_at) WHERE status = 'sent';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['email_settings', 'email_outbox'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access()) '
                       || 'WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON email_settings, email_outbox TO ${app_role};
