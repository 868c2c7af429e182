-- What one SMS segment costs, by the recipient's country (ISO 3166-1 alpha-2), in USD. Platform list prices (close to
-- Twilio's public outbound prices at the time of writing) that every tenant starts from; 'ZZ' prices any country not
-- listed. Tenants override any country, ZZ included, with their own contracted prices.
CREATE TABLE sms_default_prices (
    country           varchar(2)     PRIMARY KEY CHECK (country ~ '^[A-Z]{2}$'),
    price_per_segment numeric(10, 5) NOT NULL CHECK (price_per_segment >= 0)
);
INSERT INTO sms_default_prices (country, price_per_segment) VALUES
    ('US', 0.00830), -- also every +1 (NANP) number: Canada and the Caribbean share the calling code
    ('GB', 0.05240),
    ('IE', 0.08270),
    ('DE', 0.11210),
    ('FR', 0.08580),
    ('ES', 0.08930),
    ('IT', 0.09130),
    ('NL', 0.11580),
    ('MX', 0.05420),
    ('BR', 0.05740),
    ('IN', 0.08320),
    ('AU', 0.05150),
    ('NZ', 0.11270),
    ('ZZ', 0.10000);
GRANT SELECT ON sms_default_prices TO ${app_role};

CREATE TABLE sms_tenant_prices (
    tenant_id         uuid           NOT NULL REFERENCES tenants (id),
    country           varchar(2)     NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    price_per_segment numeric(10, 5) NOT NULL CHECK (price_per_segment >= 0),
    updated_at        timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, country)
);
ALTER TABLE sms_tenant_prices ENABLE ROW LEVEL SECURITY;
CREATE POLICY sms_tenant_prices_tenant ON sms_tenant_prices
    USING (tenant_id = herald_current_tenant() OR herald_platform_access())
    WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access());
GRANT SELECT, INSERT, UPDATE, DELETE ON sms_tenant_prices TO ${app_role};
