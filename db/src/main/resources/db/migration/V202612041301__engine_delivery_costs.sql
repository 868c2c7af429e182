-- What each message cost when the provider took it: its segments times the tenant's price per segment for the
-- recipient's country. A broadcast's cost so far (broadcast_stats.cost_micros) is the sum over what went out.
ALTER TABLE deliveries ADD COLUMN segments smallint CHECK (segments IS NULL OR segments >= 0),
    ADD COLUMN cost_micros bigint CHECK (cost_micros IS NULL OR cost_micros >= 0);
