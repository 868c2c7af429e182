-- Multi-channel broadcasts: a broadcast lists its channels in order and a mode.
--   all:      each recipient gets every listed channel they can legally receive;
--   fallback: each recipient gets the first listed channel they can legally receive.
-- broadcasts.channel stays the first listed channel (a one-channel broadcast is the degenerate case); channels NULL
-- (rows written before this) means just that one channel.
ALTER TABLE broadcasts
    ADD COLUMN channels     varchar(16)[],
    ADD COLUMN channel_mode varchar(16) NOT NULL DEFAULT 'all' CHECK (channel_mode IN ('all', 'fallback'));
UPDATE broadcasts SET channels = ARRAY[channel];
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_channels CHECK (channels IS NULL OR (
    cardinality(channels) BETWEEN 1 AND 4 AND channels[1] = channel
    AND channels <@ ARRAY['sms', 'whatsapp', 'email', 'push']::varchar[]));

-- Per listed channel, why a recipient of a multi-channel broadcast cannot get it (NULL: reachable), in channel
-- order; NULL for a one-channel broadcast, whose reason is excluded_reason alone. excluded_reason stays the
-- recipient's overall reason: set only when no channel reaches them (the first channel's reason).
ALTER TABLE broadcast_recipients ADD COLUMN channel_reasons varchar(24)[];

-- Per-channel content: email parts stay in broadcast_contents (channel 'email'); the text body SMS, WhatsApp and
-- push render stays in broadcasts.body, shared by the text channels a broadcast lists (one copy, nothing to keep in
-- step).

-- Counters per broadcast x channel, kept by the same code as broadcast_stats (never recomputed by scanning
-- deliveries): reachable and excluded (by reason) from the launch snapshot, the rest from delivery changes.
CREATE TABLE broadcast_channel_stats (
    tenant_id    uuid        NOT NULL,
    broadcast_id uuid        NOT NULL,
    channel      varchar(16) NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push')),
    position     smallint    NOT NULL,
    reachable    bigint      NOT NULL DEFAULT 0,
    excluded     bigint      NOT NULL DEFAULT 0,
    exclusions   jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(exclusions) = 'object'),
    total        bigint      NOT NULL DEFAULT 0,
    sent         bigint      NOT NULL DEFAULT 0,
    delivered    bigint      NOT NULL DEFAULT 0,
    undelivered  bigint      NOT NULL DEFAULT 0,
    failed       bigint      NOT NULL DEFAULT 0,
    skipped      bigint      NOT NULL DEFAULT 0,
    cost_micros  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, broadcast_id, channel),
    FOREIGN KEY (tenant_id, broadcast_id) REFERENCES broadcasts (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE broadcast_channel_stats ENABLE ROW LEVEL SECURITY;
CREATE POLICY broadcast_channel_stats_tenant ON broadcast_channel_stats
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());
GRANT SELECT, INSERT, UPDATE, DELETE ON broadcast_channel_stats TO ${app_role};
