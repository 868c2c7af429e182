-- What one email costs a tenant: the platform's price is configuration (herald.pricing.email-price); a tenant with a
-- contracted price sets its own here. Costs of sent emails (deliveries.cost_micros) and review estimates use it.
CREATE TABLE email_tenant_prices (
    tenant_id       uuid           PRIMARY KEY REFERENCES tenants (id),
    price_per_email numeric(10, 5) NOT NULL CHECK (price_per_email >= 0),
    updated_at      timestamptz    NOT NULL DEFAULT now()
);
ALTER TABLE email_tenant_prices ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_tenant_prices FORCE ROW LEVEL SECURITY;
CREATE POLICY email_tenant_prices_tenant ON email_tenant_prices
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());
GRANT SELECT, INSERT, UPDATE, DELETE ON email_tenant_prices TO ${app_role};
