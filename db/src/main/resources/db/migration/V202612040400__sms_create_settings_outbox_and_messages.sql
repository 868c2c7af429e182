-- SMS provider settings per tenant (store_id NULL) and optionally per store. The Twilio auth token is sealed with the
-- SecretBox (Tink AEAD, associated data = tenant + purpose); it is never stored or shown in clear.
CREATE TABLE sms_settings (
    tenant_id             uuid         NOT NULL REFERENCES tenants (id),
    id                    uuid         NOT NULL,
    store_id              uuid,
    account_sid           varchar(34),
    auth_token_sealed     bytea,
    from_number           varchar(20),
    messaging_service_sid varchar(34),
    whatsapp_from         varchar(20),
    help_text             varchar(480),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    updated_by            varchar(200),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    CHECK ((account_sid IS NULL) = (auth_token_sealed IS NULL))
);
CREATE UNIQUE INDEX sms_settings_scope_key ON sms_settings (tenant_id, store_id) NULLS NOT DISTINCT;
-- inbound webhooks find the tenant by the number a contact wrote to, so a number belongs to one tenant (or store)
CREATE UNIQUE INDEX sms_settings_from_number_key ON sms_settings (from_number) WHERE from_number IS NOT NULL;
CREATE UNIQUE INDEX sms_settings_whatsapp_from_key ON sms_settings (whatsapp_from) WHERE whatsapp_from IS NOT NULL;

-- The sandbox provider's outbox: what Herald would have sent, with a simulated delivery receipt.
CREATE TABLE sms_outbox (
    tenant_id    uuid         NOT NULL REFERENCES tenants (id),
    id           uuid         NOT NULL,
    delivery_id  uuid         NOT NULL,
    store_id     uuid,
    channel      varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
    to_address   varchar(40)  NOT NULL,
    from_address varchar(40)  NOT NULL,
    body         text         NOT NULL,
    status       varchar(16)  NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered')),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX sms_outbox_delivery_key ON sms_outbox (tenant_id, delivery_id);
CREATE INDEX sms_outbox_newest_idx ON sms_outbox (tenant_id, created_at DESC, id DESC);
CREATE INDEX sms_outbox_awaiting_receipt_idx ON sms_outbox (created_at) WHERE status = 'sent';

-- The newest status Twilio reported per message: callbacks repeat and arrive out of order, so a status only ever
-- moves forward (status_rank), and every report is kept in sms_status_events.
CREATE TABLE sms_message_statuses (
    tenant_id     uuid         NOT NULL REFERENCES tenants (id),
    message_sid   varchar(64)  NOT NULL,
    delivery_id   uuid,
    status        varchar(16)  NOT NULL,
    status_rank   smallint     NOT NULL,
    error_code    varchar(16),
    error_message varchar(500),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_sid)
);
CREATE INDEX sms_message_statuses_delivery_idx ON sms_message_statuses (tenant_id, delivery_id);

CREATE TABLE sms_status_events (
    tenant_id   uuid         NOT NULL REFERENCES tenants (id),
    id          uuid         NOT NULL,
    message_sid varchar(64)  NOT NULL,
    delivery_id uuid,
    status      varchar(16)  NOT NULL,
    error_code  varchar(16),
    received_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sms_status_events_message_idx ON sms_status_events (tenant_id, message_sid);

-- Messages contacts sent to a tenant's number: keywords (STOP, START, HELP) and replies.
CREATE TABLE sms_inbound_messages (
    tenant_id    uuid         NOT NULL REFERENCES tenants (id),
    id           uuid         NOT NULL,
    message_sid  varchar(64)  NOT NULL,
    channel      varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
    from_address varchar(40)  NOT NULL,
    to_address   varchar(40)  NOT NULL,
    body         text         NOT NULL,
    kind         varchar(16)  NOT NULL CHECK (kind IN ('opt_out', 'opt_in', 'help', 'reply')),
    contact_id   uuid,
    received_at  timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX sms_inbound_messages_sid_key ON sms_inbound_messages (tenant_id, message_sid);
CREATE INDEX sms_inbound_messages_newest_idx ON sms_inbound_messages (tenant_id, received_at DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sms_settings', 'sms_outbox', 'sms_message_statuses', 'sms_status_events',
                             'sms_inbound_messages'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access()) '
                       || 'WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON sms_settings, sms_outbox, sms_message_statuses TO ${app_role};
GRANT SELECT, INSERT ON sms_status_events, sms_inbound_messages TO ${app_role};
