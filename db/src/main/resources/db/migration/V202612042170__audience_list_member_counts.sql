-- A list's member count, kept with the list: the list pages and the static-list picker showed it by counting the
-- members of every list on every render (a join over contacts per list: seconds for a few lists of a million).
-- Members whose contact is erased lose their membership with the erasure (ListContactData.erase) and deleted
-- contacts take theirs along (ON DELETE CASCADE), so the count of member rows is the count of live members.
-- Statement-level triggers: one update per list per statement, however many members it adds or removes.
ALTER TABLE contact_lists ADD COLUMN member_count bigint NOT NULL DEFAULT 0;

UPDATE contact_lists l SET member_count = m.n
FROM (SELECT tenant_id, list_id, count(*) AS n FROM contact_list_members GROUP BY tenant_id, list_id) m
WHERE l.tenant_id = m.tenant_id AND l.id = m.list_id;

CREATE FUNCTION contact_list_members_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE contact_lists l SET member_count = l.member_count + d.n
        FROM (SELECT tenant_id, list_id, count(*) AS n FROM new_rows GROUP BY tenant_id, list_id) d
        WHERE l.tenant_id = d.tenant_id AND l.id = d.list_id;
    ELSE
        -- a list being deleted takes its members along: its row is gone and nothing is updated
        UPDATE contact_lists l SET member_count = l.member_count - d.n
        FROM (SELECT tenant_id, list_id, count(*) AS n FROM old_rows GROUP BY tenant_id, list_id) d
        WHERE l.tenant_id = d.tenant_id AND l.id = d.list_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER contact_list_members_count_insert AFTER INSERT ON contact_list_members
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_list_members_counted();
CREATE TRIGGER contact_list_members_count_delete AFTER DELETE ON contact_list_members
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_list_members_counted();
