-- SMTP server settings per tenant (store_id NULL) and optionally per store. The password is sealed with the SecretBox
-- (Tink AEAD, associated data = tenant + purpose); it is never stored or shown in clear.
CREATE TABLE email_smtp_settings (
    tenant_id       uuid         NOT NULL REFERENCES tenants (id),
    id              uuid         NOT NULL,
    store_id        uuid,
    host            varchar(253) NOT NULL,
    port            integer      NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security        varchar(16)  NOT NULL CHECK (security IN ('starttls', 'ssl', 'none')),
    username        varchar(320),
    password_sealed bytea,
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    updated_by      varchar(200),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    CHECK (password_sealed IS NULL OR username IS NOT NULL)
);
CREATE UNIQUE INDEX email_smtp_settings_scope_key ON email_smtp_settings (tenant_id, store_id) NULLS NOT DISTINCT;

-- Sender domains: one DKIM key pair per domain (RSA 2048). The private key (PKCS#8) is sealed with the SecretBox; the
-- public key is what the DNS TXT record publishes. Messages are signed only once an admin confirmed the record is
-- published (verified_at), because a signature the receiver cannot check helps no one.
CREATE TABLE email_sender_domains (
    tenant_id          uuid         NOT NULL REFERENCES tenants (id),
    id                 uuid         NOT NULL,
    domain             varchar(253) NOT NULL,
    selector           varchar(63)  NOT NULL,
    public_key         text         NOT NULL,
    private_key_sealed bytea        NOT NULL,
    verified_at        timestamptz,
    verified_by        varchar(200),
    created_at         timestamptz  NOT NULL DEFAULT now(),
    created_by         varchar(200),
    PRIMARY KEY (tenant_id, id),
    CHECK (domain = lower(domain))
);
CREATE UNIQUE INDEX email_sender_domains_domain_key ON email_sender_domains (tenant_id, domain);

-- Herald's own open pixel and click redirect for SMTP email, per tenant; off unless the tenant turns it on.
CREATE TABLE email_tracking_settings (
    tenant_id  uuid         NOT NULL REFERENCES tenants (id),
    enabled    boolean      NOT NULL DEFAULT false,
    updated_at timestamptz  NOT NULL DEFAULT now(),
    updated_by varchar(200),
    PRIMARY KEY (tenant_id)
);

DO
$$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY ['email_smtp_settings', 'email_sender_domains', 'email_tracking_settings'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access())'
                       ' WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON email_smtp_settings, email_sender_domains, email_tracking_settings TO ${app_role};
