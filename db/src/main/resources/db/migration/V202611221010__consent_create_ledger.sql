-- Consent, preferences and suppression.
-- consent_records is the ledger: one row per change, never rewritten by the application (it may only blank ip and
-- user_agent, when a contact is erased). consent_status is the current status per contact and channel, derived from
-- the ledger in the same transaction; no row means "unknown". A contact's rows go when the contact is deleted.

CREATE TABLE consent_records (
    tenant_id   uuid         NOT NULL,
    id          uuid         NOT NULL,
    contact_id  uuid         NOT NULL,
    channel     varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    status      varchar(16)  NOT NULL CHECK (status IN ('opted_in', 'opted_out')),
    source      varchar(16)  NOT NULL CHECK (source IN ('import', 'form', 'keyword', 'api', 'admin')),
    occurred_at timestamptz  NOT NULL,
    recorded_at timestamptz  NOT NULL DEFAULT clock_timestamp(),
    ip          varchar(64),
    user_agent  varchar(512),
    wording     text,
    actor_type  varchar(16)  NOT NULL CHECK (actor_type IN ('USER', 'API_KEY', 'SYSTEM', 'ANONYMOUS')),
    actor_id    varchar(64),
    actor_label varchar(320),
    -- set on records copied from a contact merged into this one: the record's original id
    merged_from uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consent_records_contact_idx ON consent_records (tenant_id, contact_id, occurred_at DESC, recorded_at DESC);

CREATE TABLE consent_status (
    tenant_id   uuid        NOT NULL,
    contact_id  uuid        NOT NULL,
    channel     varchar(16) NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    status      varchar(16) NOT NULL CHECK (status IN ('opted_in', 'opted_out')),
    source      varchar(16) NOT NULL CHECK (source IN ('import', 'form', 'keyword', 'api', 'admin')),
    occurred_at timestamptz NOT NULL,
    record_id   uuid        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact_id, channel),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
-- Audiences count reachable contacts per channel: "opted in to sms" is an index range.
CREATE INDEX consent_status_channel_idx ON consent_status (tenant_id, channel, status, contact_id);

-- Per contact: quiet hours (local to the contact's timezone; start > end spans midnight) and a frequency cap.
CREATE TABLE contact_preferences (
    tenant_id           uuid        NOT NULL,
    contact_id          uuid        NOT NULL,
    quiet_start         time,
    quiet_end           time,
    frequency_cap_count integer,
    frequency_cap_days  integer,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT contact_preferences_quiet CHECK ((quiet_start IS NULL) = (quiet_end IS NULL)
        AND (quiet_start IS NULL OR quiet_start <> quiet_end)),
    CONSTRAINT contact_preferences_cap CHECK ((frequency_cap_count IS NULL) = (frequency_cap_days IS NULL)
        AND (frequency_cap_count IS NULL OR (frequency_cap_count BETWEEN 1 AND 1000
                                             AND frequency_cap_days BETWEEN 1 AND 365)))
);

-- Per contact, channel and category: an explicit choice. No row means the contact has not said (consent decides).
CREATE TABLE contact_category_preferences (
    tenant_id  uuid        NOT NULL,
    contact_id uuid        NOT NULL,
    channel    varchar(16) NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    category   varchar(63) NOT NULL CHECK (category ~ '^[a-z][a-z0-9_]{0,62}$'),
    opted_in   boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact_id, channel, category),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);

-- Tenant-level messaging defaults; a tenant without a row uses these column defaults. Promotional SMS may only be
-- sent between quiet_end and quiet_start recipient-local time: 08:00 to 21:00 by default (TCPA). NULL turns the
-- tenant-level quiet hours off.
CREATE TABLE tenant_messaging_settings (
    tenant_id                   uuid        NOT NULL REFERENCES tenants (id),
    promotional_sms_quiet_start time                 DEFAULT '21:00',
    promotional_sms_quiet_end   time                 DEFAULT '08:00',
    categories                  text[]      NOT NULL DEFAULT '{promotional,transactional}',
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    version                     bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id),
    CONSTRAINT tenant_messaging_settings_quiet CHECK (
        (promotional_sms_quiet_start IS NULL) = (promotional_sms_quiet_end IS NULL)
        AND (promotional_sms_quiet_start IS NULL OR promotional_sms_quiet_start <> promotional_sms_quiet_end)),
    CONSTRAINT tenant_messaging_settings_categories CHECK (categories @> '{promotional,transactional}')
);

-- Addresses that must never be messaged on a channel, whatever consent says. Keyed by address (E.164 phone, lowercase
-- email, push token), not by contact, so a suppressed person stays suppressed if deleted and imported again.
CREATE TABLE suppressions (
    tenant_id   uuid         NOT NULL REFERENCES tenants (id),
    id          uuid         NOT NULL,
    channel     varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    address     varchar(512) NOT NULL,
    reason      varchar(16)  NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complaint', 'stop', 'manual')),
    note        varchar(500),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    actor_label varchar(320),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT suppressions_address_key UNIQUE (tenant_id, channel, address)
);
CREATE INDEX suppressions_created_idx ON suppressions (tenant_id, created_at DESC, id DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['consent_records', 'consent_status', 'contact_preferences', 'contact_category_preferences',
                             'tenant_messaging_settings', 'suppressions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access())'
                       ' WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

-- The ledger: append-only for the application, except blanking the client details of an erased contact.
GRANT SELECT, INSERT ON consent_records TO ${app_role};
GRANT UPDATE (ip, user_agent) ON consent_records TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON consent_status, contact_preferences, contact_category_preferences, suppressions
    TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON tenant_messaging_settings TO ${app_role};
