-- Audience counts scan a tenant's contacts and join its consent, suppressions and promotional opt-outs.
--
-- 1. The tenant policies of those tables compare each row with herald_current_tenant(), which PostgreSQL evaluates
--    per row in a scan (an inlined current_setting() call and a text-to-uuid cast): on a million contacts that alone
--    made counting all of them five times slower for herald_app than for the owner (1.3 s against 0.25 s). Written
--    as scalar subqueries, the functions run once per statement as InitPlans and the per-row test is a plain uuid
--    comparison. Same meaning: both functions are STABLE, so they answer the same within a statement.
-- 2. The count's LEFT JOIN on promotional opt-outs reads, per channel, the tenant's "no" answers; a partial index
--    keeps that a short range instead of a scan of every tenant's preferences.
--
-- Not here, on purpose: indexes for attribute and tag conditions. GIN (jsonb_path_ops, tags) serves @> and &&, but
-- those operators are not LEAKPROOF, so under row-level security PostgreSQL does not use them in an index scan for
-- herald_app (checked with EXPLAIN as herald_app); such indexes would only cost writes. See docs/performance.md.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contacts', 'consent_status', 'suppressions', 'contact_category_preferences'] LOOP
        EXECUTE format('DROP POLICY %I ON %I', t || '_tenant', t);
        EXECUTE format('CREATE POLICY %I ON %I'
                       ' USING (tenant_id = (SELECT herald_current_tenant()) OR (SELECT herald_platform_access()))'
                       ' WITH CHECK (tenant_id = (SELECT herald_current_tenant()) OR (SELECT herald_platform_access()))',
                       t || '_tenant', t);
    END LOOP;
END
$$;

CREATE INDEX contact_category_preferences_opt_out_idx
    ON contact_category_preferences (tenant_id, channel, category, contact_id) WHERE NOT opted_in;
