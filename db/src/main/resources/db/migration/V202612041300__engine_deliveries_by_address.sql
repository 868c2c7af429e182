-- Replies to a number several tenants share (the platform's default sender) are routed to the tenant that last sent
-- to the person: looked up by address across tenants, like a status callback by delivery id.
CREATE INDEX deliveries_address_idx ON deliveries (address, channel, sent_at DESC) WHERE sent_at IS NOT NULL;
