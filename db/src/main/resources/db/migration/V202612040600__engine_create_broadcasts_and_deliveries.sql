-- The broadcast engine: broadcasts (what to send, to whom, when, and where they stand), the audience snapshot taken at
-- launch, one delivery per recipient x channel x step (the send queue), delivery events, per-broadcast rollups and
-- per-minute send counts, and tenant settings for approvals, test numbers and channel quotas.

CREATE TABLE broadcasts (
    tenant_id         uuid         NOT NULL REFERENCES tenants (id),
    id                uuid         NOT NULL,
    store_id          uuid,
    name              varchar(200) NOT NULL,
    channel           varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    status            varchar(20)  NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'awaiting_approval', 'scheduled',
                                   'sending', 'paused', 'completed', 'cancelled', 'failed')),
    -- audience: a saved segment, a static list, or an ad-hoc criteria tree
    audience_kind     varchar(16)  CHECK (audience_kind IN ('segment', 'list', 'criteria')),
    segment_id        uuid,
    list_id           uuid,
    criteria          jsonb        CHECK (criteria IS NULL OR jsonb_typeof(criteria) = 'object'),
    -- content: the Liquid body (copied from the template when one was picked, so later template edits do not
    -- change an approved broadcast)
    template_id       uuid,
    body              text,
    category          varchar(63)  NOT NULL DEFAULT 'promotional' CHECK (category ~ '^[a-z][a-z0-9_]{0,62}$'),
    -- schedule: now; at an instant; at a local date and time in each recipient's timezone; spread over a window
    schedule_kind     varchar(16)  NOT NULL DEFAULT 'now' CHECK (schedule_kind IN ('now', 'at', 'local_time', 'window')),
    send_at           timestamptz,
    local_send_at     timestamp,
    window_end        timestamptz,
    max_per_minute    integer      CHECK (max_per_minute IS NULL OR max_per_minute > 0),
    max_per_hour      integer      CHECK (max_per_hour IS NULL OR max_per_hour > 0),
    jitter_seconds    integer      CHECK (jitter_seconds IS NULL OR jitter_seconds BETWEEN 0 AND 3600),
    unit_cost_micros  bigint       NOT NULL DEFAULT 0 CHECK (unit_cost_micros >= 0),
    -- who wrote it and who approved it; approval is cleared by any edit
    author_id         varchar(64),
    author_label      varchar(320),
    author_role       varchar(32),
    submitted_at      timestamptz,
    approved_by       varchar(64),
    approved_by_label varchar(320),
    approved_at       timestamptz,
    review_comment    varchar(2000),
    failure_reason    varchar(500),
    launched_at       timestamptz,
    finished_at       timestamptz,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    version           bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX broadcasts_created_idx ON broadcasts (tenant_id, created_at DESC, id DESC);
-- Dispatch workers look for broadcasts that are sending, across tenants: a handful of rows.
CREATE INDEX broadcasts_sending_idx ON broadcasts (status, tenant_id, id) WHERE status IN ('sending', 'paused');

-- The audience as it was at launch (kept for history), with the reason a matched contact got no delivery.
CREATE TABLE broadcast_recipients (
    tenant_id       uuid        NOT NULL,
    broadcast_id    uuid        NOT NULL,
    contact_id      uuid        NOT NULL,
    excluded_reason varchar(24) CHECK (excluded_reason IN ('invalid_address', 'suppressed', 'opted_out', 'no_consent',
                                                          'category_opted_out', 'frequency_cap')),
    PRIMARY KEY (tenant_id, broadcast_id, contact_id),
    FOREIGN KEY (tenant_id, broadcast_id) REFERENCES broadcasts (tenant_id, id) ON DELETE CASCADE
);

-- The send queue. status: queued (waiting for not_before), sending (claimed by a worker), held (outcome unknown,
-- to reconcile before any retry), sent / delivered / undelivered (the provider took it), failed (dead letter),
-- skipped (cancelled before it went).
CREATE TABLE deliveries (
    tenant_id           uuid         NOT NULL,
    id                  uuid         NOT NULL,
    broadcast_id        uuid         NOT NULL,
    contact_id          uuid         NOT NULL,
    channel             varchar(16)  NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    step                smallint     NOT NULL DEFAULT 0,
    store_id            uuid,
    address             varchar(512) NOT NULL,
    status              varchar(16)  NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'held', 'sent',
                                     'delivered', 'undelivered', 'failed', 'skipped')),
    not_before          timestamptz  NOT NULL,
    attempts            integer      NOT NULL DEFAULT 0,
    claimed_by          varchar(100),
    claimed_at          timestamptz,
    provider            varchar(32),
    provider_message_id varchar(100),
    error_code          varchar(32),
    error_message       varchar(500),
    sent_at             timestamptz,
    status_at           timestamptz,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, broadcast_id) REFERENCES broadcasts (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT deliveries_recipient_key UNIQUE (tenant_id, broadcast_id, contact_id, channel, step)
);
-- Workers claim due rows of one tenant x channel in not_before order; only queued rows are indexed.
CREATE INDEX deliveries_due_idx ON deliveries (tenant_id, channel, not_before) WHERE status = 'queued';
-- The reconciler finds claims whose worker went away, and held sends.
CREATE INDEX deliveries_inflight_idx ON deliveries (claimed_at) WHERE status IN ('sending', 'held');
-- Status callbacks carry Herald's delivery id or the provider's message id, without a tenant.
CREATE INDEX deliveries_id_idx ON deliveries (id);
CREATE INDEX deliveries_provider_message_idx ON deliveries (provider, provider_message_id)
    WHERE provider_message_id IS NOT NULL;
-- Per-broadcast recipient lists, dead letters, frequency caps and reply attribution.
CREATE INDEX deliveries_broadcast_idx ON deliveries (tenant_id, broadcast_id, status);
CREATE INDEX deliveries_contact_idx ON deliveries (tenant_id, contact_id, channel, created_at DESC);

-- What happened to a delivery, once per kind: a repeated callback records nothing new.
CREATE TABLE delivery_events (
    tenant_id     uuid         NOT NULL,
    delivery_id   uuid         NOT NULL,
    kind          varchar(24)  NOT NULL,
    occurred_at   timestamptz  NOT NULL,
    recorded_at   timestamptz  NOT NULL DEFAULT now(),
    error_code    varchar(32),
    detail        varchar(500),
    PRIMARY KEY (tenant_id, delivery_id, kind)
);

-- Counters per broadcast, kept by the code that changes deliveries (never recomputed by scanning them).
-- total = deliveries materialised; sent + failed + skipped = total once finished; delivered and undelivered are
-- provider receipts of sent messages.
CREATE TABLE broadcast_stats (
    tenant_id    uuid   NOT NULL,
    broadcast_id uuid   NOT NULL,
    recipients   bigint NOT NULL DEFAULT 0,
    excluded     bigint NOT NULL DEFAULT 0,
    total        bigint NOT NULL DEFAULT 0,
    sent         bigint NOT NULL DEFAULT 0,
    delivered    bigint NOT NULL DEFAULT 0,
    undelivered  bigint NOT NULL DEFAULT 0,
    failed       bigint NOT NULL DEFAULT 0,
    skipped      bigint NOT NULL DEFAULT 0,
    replies      bigint NOT NULL DEFAULT 0,
    opt_outs     bigint NOT NULL DEFAULT 0,
    cost_micros  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, broadcast_id),
    FOREIGN KEY (tenant_id, broadcast_id) REFERENCES broadcasts (tenant_id, id) ON DELETE CASCADE
);

-- Messages sent per minute, for the send-rate sparkline.
CREATE TABLE broadcast_send_minutes (
    tenant_id    uuid        NOT NULL,
    broadcast_id uuid        NOT NULL,
    minute       timestamptz NOT NULL,
    sent         bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, broadcast_id, minute),
    FOREIGN KEY (tenant_id, broadcast_id) REFERENCES broadcasts (tenant_id, id) ON DELETE CASCADE
);

-- Per tenant: who needs approval, the numbers test sends go to; a tenant without a row uses the defaults.
CREATE TABLE broadcast_settings (
    tenant_id         uuid        NOT NULL REFERENCES tenants (id),
    approval_required varchar(16) NOT NULL DEFAULT 'never' CHECK (approval_required IN ('never', 'store_managers',
                                                                                        'everyone')),
    test_numbers      text[]      NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);

-- Per tenant x channel send quotas; NULL means the platform default (herald.dispatch.quota.*).
CREATE TABLE channel_quotas (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    channel    varchar(16) NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    per_second integer     CHECK (per_second IS NULL OR per_second > 0),
    per_minute integer     CHECK (per_minute IS NULL OR per_minute > 0),
    per_day    integer     CHECK (per_day IS NULL OR per_day > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['broadcasts', 'broadcast_recipients', 'deliveries', 'delivery_events', 'broadcast_stats',
                             'broadcast_send_minutes', 'broadcast_settings', 'channel_quotas'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access())'
                       ' WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON broadcasts, broadcast_recipients, deliveries, broadcast_stats,
    broadcast_send_minutes, broadcast_settings, channel_quotas TO ${app_role};
-- Events are a record: the application adds, never rewrites.
GRANT SELECT, INSERT ON delivery_events TO ${app_role};

-- The first instant at or after "at" outside the daily quiet period [quiet_start, quiet_end) in zone "tz" (a start
-- after the end spans midnight); "at" itself when either bound is NULL. Mirrors consent.QuietHours#nextAllowed, so
-- materialisation can set not_before set-based.
CREATE FUNCTION herald_next_allowed(at timestamptz, tz text, quiet_start time, quiet_end time) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN quiet_start IS NULL OR quiet_end IS NULL THEN at
        WHEN quiet_start < quiet_end THEN
            CASE WHEN (at AT TIME ZONE tz)::time >= quiet_start AND (at AT TIME ZONE tz)::time < quiet_end
                 THEN ((at AT TIME ZONE tz)::date + quiet_end) AT TIME ZONE tz ELSE at END
        WHEN (at AT TIME ZONE tz)::time >= quiet_start
            THEN ((at AT TIME ZONE tz)::date + 1 + quiet_end) AT TIME ZONE tz
        WHEN (at AT TIME ZONE tz)::time < quiet_end
            THEN ((at AT TIME ZONE tz)::date + quiet_end) AT TIME ZONE tz
        ELSE at
    END
$$;
