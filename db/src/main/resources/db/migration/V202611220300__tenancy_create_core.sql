-- Tenancy core: tenants, stores, user accounts, memberships, invitations, API keys.
-- Row-level security is the isolation guarantee: the application connects as ${app_role}, which does not own
-- these tables, and every tenant-owned table has a policy on tenant_id. Each transaction binds
-- app.tenant_id (SET LOCAL via set_config(..., true)); explicit platform work binds app.platform_access.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        CREATE ROLE ${app_role} NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO ${app_role};

-- NULL when nothing is bound, so every policy fails closed.
CREATE FUNCTION herald_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION herald_platform_access() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(current_setting('app.platform_access', true), '') = 'on' $$;

CREATE TABLE tenants (
    id         uuid PRIMARY KEY,
    slug       varchar(63)  NOT NULL,
    name       varchar(200) NOT NULL,
    status     varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    version    bigint       NOT NULL DEFAULT 0,
    CONSTRAINT tenants_slug_key UNIQUE (slug),
    CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
-- A tenant sees its own row; only platform work creates or changes tenants.
CREATE POLICY tenants_read ON tenants FOR SELECT USING (id = herald_current_tenant() OR herald_platform_access());
CREATE POLICY tenants_write ON tenants FOR ALL USING (herald_platform_access()) WITH CHECK (herald_platform_access());

CREATE TABLE stores (
    tenant_id            uuid         NOT NULL REFERENCES tenants (id),
    id                   uuid         NOT NULL,
    name                 varchar(200) NOT NULL,
    timezone             varchar(64)  NOT NULL,
    address_line1        varchar(200) NOT NULL,
    address_line2        varchar(200),
    city                 varchar(100) NOT NULL,
    region               varchar(100),
    postal_code          varchar(20)  NOT NULL,
    country              varchar(2)   NOT NULL,
    default_phone_region varchar(2)   NOT NULL,
    created_at           timestamptz  NOT NULL DEFAULT now(),
    updated_at           timestamptz  NOT NULL DEFAULT now(),
    version              bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT stores_name_key UNIQUE (tenant_id, name)
);

-- Identities are global (one person may work for several tenants); what they may do lives in memberships.
CREATE TABLE user_accounts (
    id              uuid PRIMARY KEY,
    email           varchar(320) NOT NULL,
    display_name    varchar(200) NOT NULL,
    password_hash   varchar(255),
    super_admin     boolean      NOT NULL DEFAULT false,
    status          varchar(16)  NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
    failed_attempts integer      NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    last_login_at   timestamptz,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    version         bigint       NOT NULL DEFAULT 0,
    CONSTRAINT user_accounts_email_key UNIQUE (email),
    CONSTRAINT user_accounts_email_lower CHECK (email = lower(email))
);

CREATE TABLE memberships (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    id         uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES user_accounts (id),
    role       varchar(32) NOT NULL CHECK (role IN ('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT memberships_user_key UNIQUE (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- tenant_id defaults to the bound tenant so JPA element collections can insert here; RLS checks it.
CREATE TABLE membership_stores (
    tenant_id     uuid NOT NULL DEFAULT herald_current_tenant(),
    membership_id uuid NOT NULL,
    store_id      uuid NOT NULL,
    PRIMARY KEY (tenant_id, membership_id, store_id),
    FOREIGN KEY (tenant_id, membership_id) REFERENCES memberships (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE invitations (
    tenant_id   uuid         NOT NULL REFERENCES tenants (id),
    id          uuid         NOT NULL,
    email       varchar(320) NOT NULL,
    role        varchar(32)  NOT NULL CHECK (role IN ('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')),
    store_ids   uuid[]       NOT NULL DEFAULT '{}',
    token_hash  varchar(64)  NOT NULL,
    invited_by  uuid,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    expires_at  timestamptz  NOT NULL,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    version     bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT invitations_token_key UNIQUE (token_hash)
);

CREATE TABLE api_keys (
    tenant_id    uuid         NOT NULL REFERENCES tenants (id),
    id           uuid         NOT NULL,
    name         varchar(100) NOT NULL,
    prefix       varchar(16)  NOT NULL,
    secret_hash  varchar(64)  NOT NULL,
    role         varchar(32)  NOT NULL CHECK (role IN ('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')),
    created_by   uuid,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    version      bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT api_keys_prefix_key UNIQUE (prefix)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['stores', 'memberships', 'membership_stores', 'invitations', 'api_keys'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = herald_current_tenant() OR herald_platform_access())'
                       ' WITH CHECK (tenant_id = herald_current_tenant() OR herald_platform_access())', t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, stores, user_accounts, memberships, membership_stores, invitations, api_keys
    TO ${app_role};
