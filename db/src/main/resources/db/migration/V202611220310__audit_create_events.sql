-- The audit trail: append-only for the application role and hash-chained per tenant.
-- tenant_id 00000000-0000-0000-0000-000000000000 is the platform chain (tenant lifecycle, sign-ins without a tenant).

CREATE TABLE audit_events (
    tenant_id   uuid         NOT NULL,
    seq         bigint       NOT NULL,
    id          uuid         NOT NULL DEFAULT gen_random_uuid(),
    occurred_at timestamptz  NOT NULL,
    actor_type  varchar(16)  NOT NULL CHECK (actor_type IN ('USER', 'API_KEY', 'SYSTEM', 'ANONYMOUS')),
    actor_id    varchar(64),
    actor_label varchar(320),
    actor_role  varchar(32),
    store_id    uuid,
    action      varchar(64)  NOT NULL,
    target_type varchar(64),
    target_id   varchar(64),
    summary     jsonb,
    ip          varchar(64),
    user_agent  varchar(512),
    prev_hash   bytea,
    hash        bytea        NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_time_idx ON audit_events (tenant_id, occurred_at DESC, seq DESC);
CREATE INDEX audit_events_action_idx ON audit_events (tenant_id, action, seq DESC);
CREATE INDEX audit_events_actor_idx ON audit_events (tenant_id, actor_id, seq DESC);
CREATE INDEX audit_events_target_idx ON audit_events (tenant_id, target_type, target_id, seq DESC);

-- The one definition of an event's hash, used when writing and when verifying. The text form is the jsonb
-- rendering of an array (canonical, escapes everything, keeps NULLs); the time is rendered in UTC so the
-- session time zone cannot change it.
CREATE FUNCTION audit_event_hash(e audit_events) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT sha256(convert_to(jsonb_build_array(
        encode(e.prev_hash, 'hex'), e.tenant_id, e.seq,
        to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.actor_type, e.actor_id, e.actor_label, e.actor_role, e.store_id, e.action,
        e.target_type, e.target_id, e.summary, e.ip, e.user_agent)::text, 'UTF8'))
$$;

-- Chains every insert: serialises writers of one tenant with a transaction-scoped advisory lock, then links to
-- the newest event. The server's clock stamps the event, after the lock, so time never runs backwards in a chain.
-- SECURITY DEFINER so the link is found whatever the caller's row-level security shows.
CREATE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    last record;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || NEW.tenant_id::text, 0));
    SELECT seq, hash INTO last FROM audit_events WHERE tenant_id = NEW.tenant_id ORDER BY seq DESC LIMIT 1;
    NEW.seq := coalesce(last.seq, 0) + 1;
    NEW.prev_hash := last.hash;
    NEW.occurred_at := date_trunc('microseconds', clock_timestamp());
    NEW.hash := audit_event_hash(NEW);
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

-- Belt and braces: the application role has no UPDATE/DELETE grant, and this stops the owner too.
CREATE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_events_read ON audit_events FOR SELECT
    USING (tenant_id = herald_current_tenant() OR herald_platform_access());
CREATE POLICY audit_events_append ON audit_events FOR INSERT
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());

GRANT SELECT, INSERT ON audit_events TO ${app_role};
GRANT EXECUTE ON FUNCTION audit_event_hash(audit_events) TO ${app_role};
