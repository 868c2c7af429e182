-- Counter changes of a broadcast, appended by the code that changes deliveries (status callbacks, dispatch batches,
-- replies) instead of an UPDATE of the one broadcast_stats row (and broadcast_channel_stats row) every change would
-- queue on. A periodic job folds them into those rows (delete + add in one statement), and the *_now views add the
-- deltas not yet folded, so what readers see stays exact: counters = row + deltas, in one snapshot.
-- channel: the channel of the deliveries that changed (it adds to that channel's row too); NULL for replies and
-- opt-outs, which count per broadcast only.
-- No foreign keys: each would take a share lock on the one broadcast row per insert; nothing deletes broadcasts, and
-- the fold removes every delta it adds.
CREATE TABLE broadcast_stat_deltas (
    tenant_id    uuid        NOT NULL,
    broadcast_id uuid        NOT NULL,
    channel      varchar(16),
    sent         bigint      NOT NULL DEFAULT 0,
    delivered    bigint      NOT NULL DEFAULT 0,
    undelivered  bigint      NOT NULL DEFAULT 0,
    failed       bigint      NOT NULL DEFAULT 0,
    skipped      bigint      NOT NULL DEFAULT 0,
    replies      bigint      NOT NULL DEFAULT 0,
    opt_outs     bigint      NOT NULL DEFAULT 0,
    cost_micros  bigint      NOT NULL DEFAULT 0
);
CREATE INDEX broadcast_stat_deltas_broadcast_idx ON broadcast_stat_deltas (tenant_id, broadcast_id);

ALTER TABLE broadcast_stat_deltas ENABLE ROW LEVEL SECURITY;
ALTER TABLE broadcast_stat_deltas FORCE ROW LEVEL SECURITY;
CREATE POLICY broadcast_stat_deltas_tenant ON broadcast_stat_deltas
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());
GRANT SELECT, INSERT, DELETE ON broadcast_stat_deltas TO ${app_role};

-- The counters as they are now: the row plus the deltas not yet folded into it. security_invoker: the caller's
-- row-level security applies to the tables underneath.
CREATE VIEW broadcast_stats_now WITH (security_invoker = true) AS
SELECT s.tenant_id, s.broadcast_id, s.recipients, s.excluded, s.total,
       s.sent + coalesce(d.sent, 0) AS sent,
       s.delivered + coalesce(d.delivered, 0) AS delivered,
       s.undelivered + coalesce(d.undelivered, 0) AS undelivered,
       s.failed + coalesce(d.failed, 0) AS failed,
       s.skipped + coalesce(d.skipped, 0) AS skipped,
       s.replies + coalesce(d.replies, 0) AS replies,
       s.opt_outs + coalesce(d.opt_outs, 0) AS opt_outs,
       s.cost_micros + coalesce(d.cost_micros, 0) AS cost_micros
FROM broadcast_stats s
LEFT JOIN LATERAL (SELECT sum(x.sent) AS sent, sum(x.delivered) AS delivered, sum(x.undelivered) AS undelivered,
                          sum(x.failed) AS failed, sum(x.skipped) AS skipped, sum(x.replies) AS replies,
                          sum(x.opt_outs) AS opt_outs, sum(x.cost_micros) AS cost_micros
                   FROM broadcast_stat_deltas x
                   WHERE x.tenant_id = s.tenant_id AND x.broadcast_id = s.broadcast_id) d ON true;

CREATE VIEW broadcast_channel_stats_now WITH (security_invoker = true) AS
SELECT s.tenant_id, s.broadcast_id, s.channel, s.position, s.reachable, s.excluded, s.exclusions, s.total,
       s.sent + coalesce(d.sent, 0) AS sent,
       s.delivered + coalesce(d.delivered, 0) AS delivered,
       s.undelivered + coalesce(d.undelivered, 0) AS undelivered,
       s.failed + coalesce(d.failed, 0) AS failed,
       s.skipped + coalesce(d.skipped, 0) AS skipped,
       s.cost_micros + coalesce(d.cost_micros, 0) AS cost_micros,
       s.fell_back, s.fallbacks
FROM broadcast_channel_stats s
LEFT JOIN LATERAL (SELECT sum(x.sent) AS sent, sum(x.delivered) AS delivered, sum(x.undelivered) AS undelivered,
                          sum(x.failed) AS failed, sum(x.skipped) AS skipped, sum(x.cost_micros) AS cost_micros
                   FROM broadcast_stat_deltas x
                   WHERE x.tenant_id = s.tenant_id AND x.broadcast_id = s.broadcast_id
                     AND x.channel = s.channel) d ON true;

GRANT SELECT ON broadcast_stats_now, broadcast_channel_stats_now TO ${app_role};
