/* The database schema as a list of versioned migrations. Version N of the
 * schema is migrations[0..N-1] applied in order; the version lives in
 * PRAGMA user_version. A database newer than this build is refused. */
#include "store/store_int.h"

#include <stdio.h>

/* Migration 1: the full data model of DESIGN.md. Every table carries org_id.
 * Timestamps are integer seconds since the epoch, UTC. */
static const char *const migration_1[] = {
    "CREATE TABLE org("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " timezone TEXT NOT NULL DEFAULT 'UTC',"
    " currency TEXT NOT NULL DEFAULT 'EUR',"
    " local_area TEXT NOT NULL DEFAULT '[]',"
    " community_channels TEXT NOT NULL DEFAULT '[]',"
    " tags TEXT NOT NULL DEFAULT '[]',"
    " phone_country_code TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL);",

    /* kinds: comma list of customer,employee,supplier,partner,local_org,
     * online,other; flags: comma list of team,bot,local. A member merged
     * into another keeps its row with merged_into set, so that unmerge can
     * bring it back exactly. */
    "CREATE TABLE member("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " display_name TEXT,"
    " kinds TEXT NOT NULL DEFAULT '',"
    " flags TEXT NOT NULL DEFAULT '',"
    " first_seen INTEGER,"
    " location TEXT, postcode TEXT, lat REAL, lon REAL,"
    " interests TEXT, expertise TEXT,"
    " employed_from INTEGER, employed_to INTEGER,"
    " attributes TEXT NOT NULL DEFAULT '{}',"
    " consent TEXT NOT NULL DEFAULT '{}',"
    " merged_into INTEGER REFERENCES member(id),"
    " created_batch INTEGER);",
    "CREATE INDEX member_org ON member(org_id, merged_into);",
    "CREATE INDEX member_postcode ON member(org_id, postcode);",

    "CREATE TABLE identity("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " member_id INTEGER NOT NULL REFERENCES member(id),"
    " kind TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " source TEXT,"
    " UNIQUE(org_id, kind, value));",
    "CREATE INDEX identity_member ON identity(member_id);",

    "CREATE TABLE initiative("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " name TEXT NOT NULL,"
    " kind TEXT, channel TEXT,"
    " starts_at INTEGER, ends_at INTEGER,"
    " cost REAL NOT NULL DEFAULT 0,"
    " in_kind_cost REAL NOT NULL DEFAULT 0,"
    " volunteer_hours REAL NOT NULL DEFAULT 0,"
    " codes TEXT NOT NULL DEFAULT '',"
    " utm_campaign TEXT,"
    " UNIQUE(org_id, name));",

    "CREATE TABLE activity("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " member_id INTEGER NOT NULL REFERENCES member(id),"
    " type TEXT NOT NULL,"
    " subtype TEXT,"
    " channel TEXT,"
    " source TEXT NOT NULL,"
    " external_id TEXT NOT NULL,"
    " occurred_at INTEGER NOT NULL,"
    " value REAL,"
    " currency TEXT,"
    " text TEXT,"
    " target_member_id INTEGER REFERENCES member(id),"
    " initiative_id INTEGER REFERENCES initiative(id),"
    " code TEXT,"
    " thread_id TEXT,"
    " parent_external_id TEXT,"
    " url TEXT,"
    " attributes TEXT,"
    " batch_id INTEGER,"
    " UNIQUE(org_id, source, external_id));",
    "CREATE INDEX activity_member ON activity(member_id, occurred_at);",
    "CREATE INDEX activity_target ON activity(target_member_id)"
    " WHERE target_member_id IS NOT NULL;",

    "CREATE TABLE idea("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " external_id TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " origin_member_id INTEGER REFERENCES member(id),"
    " origin_activity_id INTEGER REFERENCES activity(id),"
    " status TEXT NOT NULL,"
    " proposed_at INTEGER NOT NULL,"
    " status_changed_at INTEGER,"
    " shipped_at INTEGER,"
    " batch_id INTEGER,"
    " UNIQUE(org_id, external_id));",
    "CREATE INDEX idea_origin ON idea(origin_member_id);",

    "CREATE TABLE social_post("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " channel TEXT NOT NULL,"
    " external_id TEXT NOT NULL,"
    " published_at INTEGER NOT NULL,"
    " reach INTEGER NOT NULL DEFAULT 0,"
    " impressions INTEGER NOT NULL DEFAULT 0,"
    " reactions INTEGER NOT NULL DEFAULT 0,"
    " comments INTEGER NOT NULL DEFAULT 0,"
    " shares INTEGER NOT NULL DEFAULT 0,"
    " saves INTEGER NOT NULL DEFAULT 0,"
    " batch_id INTEGER,"
    " UNIQUE(org_id, channel, external_id));",

    "CREATE TABLE web_sessions("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " day INTEGER NOT NULL,"
    " source TEXT NOT NULL DEFAULT '',"
    " medium TEXT NOT NULL DEFAULT '',"
    " campaign TEXT NOT NULL DEFAULT '',"
    " region TEXT NOT NULL DEFAULT '',"
    " city TEXT NOT NULL DEFAULT '',"
    " sessions INTEGER NOT NULL DEFAULT 0,"
    " conversions INTEGER NOT NULL DEFAULT 0,"
    " batch_id INTEGER,"
    " UNIQUE(org_id, day, source, medium, campaign, region, city));",

    "CREATE TABLE stakeholder("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " grp TEXT NOT NULL,"
    " influence REAL, interest REAL, legitimacy REAL, urgency REAL,"
    " notes TEXT,"
    " UNIQUE(org_id, grp));",

    "CREATE TABLE outcome("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " stakeholder_grp TEXT,"
    " initiative_id INTEGER REFERENCES initiative(id),"
    " indicator TEXT NOT NULL,"
    " quantity REAL NOT NULL,"
    " proxy_value REAL NOT NULL,"
    " deadweight REAL NOT NULL DEFAULT 0,"
    " displacement REAL NOT NULL DEFAULT 0,"
    " attribution REAL NOT NULL DEFAULT 0,"
    " drop_off REAL NOT NULL DEFAULT 0,"
    " duration INTEGER NOT NULL DEFAULT 1);",

    "CREATE TABLE goal("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " metric TEXT NOT NULL, segment TEXT,"
    " target REAL NOT NULL, deadline INTEGER);",

    "CREATE TABLE import_batch("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " file_name TEXT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " format TEXT NOT NULL,"
    " source TEXT,"
    " rows_read INTEGER NOT NULL DEFAULT 0,"
    " rows_imported INTEGER NOT NULL DEFAULT 0,"
    " rows_duplicate INTEGER NOT NULL DEFAULT 0,"
    " rows_rejected INTEGER NOT NULL DEFAULT 0,"
    " members_created INTEGER NOT NULL DEFAULT 0,"
    " merges INTEGER NOT NULL DEFAULT 0,"
    " started_at INTEGER NOT NULL,"
    " finished_at INTEGER,"
    " status TEXT NOT NULL,"
    " message TEXT);",

    /* The merge log: every merge, automatic or by hand. merge_kept holds
     * the kept member's row as it was, so unmerge restores it exactly; the
     * rows the merge moved are listed in merge_moved. */
    "CREATE TABLE merge_log("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " kept_id INTEGER NOT NULL REFERENCES member(id),"
    " merged_id INTEGER NOT NULL REFERENCES member(id),"
    " reason TEXT NOT NULL,"
    " score REAL,"
    " automatic INTEGER NOT NULL,"
    " batch_id INTEGER,"
    " created_at INTEGER NOT NULL,"
    " undone_at INTEGER);",
    "CREATE TABLE merge_kept("
    " merge_id INTEGER PRIMARY KEY REFERENCES merge_log(id),"
    " display_name TEXT, kinds TEXT, flags TEXT, first_seen INTEGER,"
    " location TEXT, postcode TEXT, lat REAL, lon REAL,"
    " interests TEXT, expertise TEXT, employed_from INTEGER, employed_to INTEGER,"
    " attributes TEXT, consent TEXT);",
    "CREATE TABLE merge_moved("
    " merge_id INTEGER NOT NULL REFERENCES merge_log(id),"
    " tbl TEXT NOT NULL,"
    " col TEXT NOT NULL,"
    " row_id INTEGER NOT NULL);",
    "CREATE INDEX merge_moved_merge ON merge_moved(merge_id);",

    /* Per-org parameters of the metrics (issue: KPI engine). */
    "CREATE TABLE config("
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " key TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY(org_id, key));",
    NULL};

/* Migration 2: the index the KPI queries scan by (activities of a type in
 * a period, e.g. purchases in P and P-1). */
static const char *const migration_2[] = {
    "CREATE INDEX activity_type_time ON activity(org_id, type, occurred_at);", NULL};

/* Migration 3: the local area and community channel lists live in the
 * metrics' config (kith config set local_area ...), one place only. */
static const char *const migration_3[] = {
    "ALTER TABLE org DROP COLUMN local_area;",
    "ALTER TABLE org DROP COLUMN community_channels;", NULL};

/* Migration 4: money keeps its currency (issue 13). org.currency_chosen is
 * 1 when the user gave the org's currency (kith init --currency) or an
 * import with amounts set it, 0 for an org created without one: its first
 * import with amounts then sets it. Orgs made before keep theirs as
 * chosen. fx_rate holds the user's exchange rates (kith import rates): one
 * unit of currency is worth rate units of base (the org's currency when the
 * rate was imported), from valid_from until the next rate of the currency. */
static const char *const migration_4[] = {
    "ALTER TABLE org ADD COLUMN currency_chosen INTEGER NOT NULL DEFAULT 1;",
    "CREATE TABLE fx_rate("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " base TEXT NOT NULL,"
    " currency TEXT NOT NULL,"
    " valid_from INTEGER NOT NULL,"
    " rate REAL NOT NULL CHECK(rate > 0),"
    " batch_id INTEGER,"
    " UNIQUE(org_id, base, currency, valid_from));",
    NULL};

/* Migration 5 (issue 13): the day/month order of an org's numeric dates,
 * and what undoing an import needs. import_batch keeps the options that
 * decide what an import writes (to tell a repeat from a different reading
 * of the same file), the counts in the import's own units, and when it was
 * undone. Identities and initiatives name the import that created them.
 * member_before / initiative_before hold, per import, the row of a member
 * or initiative that existed before and that the import changed, as it
 * was before its first change (merges keep theirs in merge_kept);
 * fx_rate_before the exchange rates an import replaced. */
static const char *const migration_5[] = {
    "ALTER TABLE org ADD COLUMN date_order TEXT NOT NULL DEFAULT 'auto';",
    "ALTER TABLE import_batch ADD COLUMN options TEXT;",
    "ALTER TABLE import_batch ADD COLUMN details TEXT;",
    "ALTER TABLE import_batch ADD COLUMN undone_at INTEGER;",
    "ALTER TABLE identity ADD COLUMN batch_id INTEGER;",
    "ALTER TABLE initiative ADD COLUMN created_batch INTEGER;",
    "CREATE TABLE member_before("
    " batch_id INTEGER NOT NULL REFERENCES import_batch(id),"
    " member_id INTEGER NOT NULL REFERENCES member(id),"
    " display_name TEXT, kinds TEXT, flags TEXT, first_seen INTEGER,"
    " location TEXT, postcode TEXT, lat REAL, lon REAL,"
    " interests TEXT, expertise TEXT, employed_from INTEGER, employed_to INTEGER,"
    " attributes TEXT, consent TEXT,"
    " PRIMARY KEY(batch_id, member_id));",
    "CREATE INDEX member_before_member ON member_before(member_id);",
    "CREATE TABLE initiative_before("
    " batch_id INTEGER NOT NULL REFERENCES import_batch(id),"
    " initiative_id INTEGER NOT NULL REFERENCES initiative(id),"
    " name TEXT, kind TEXT, channel TEXT, starts_at INTEGER, ends_at INTEGER,"
    " cost REAL, in_kind_cost REAL, volunteer_hours REAL, codes TEXT,"
    " utm_campaign TEXT,"
    " PRIMARY KEY(batch_id, initiative_id));",
    /* A rate an import replaced, as it was (kith import rates; undo). */
    "CREATE TABLE fx_rate_before("
    " batch_id INTEGER NOT NULL REFERENCES import_batch(id),"
    " org_id INTEGER NOT NULL, base TEXT NOT NULL, currency TEXT NOT NULL,"
    " valid_from INTEGER NOT NULL, rate REAL NOT NULL, old_batch INTEGER,"
    " PRIMARY KEY(batch_id, org_id, base, currency, valid_from));",
    NULL};

/* Migration 6 (impact, issue 12): the stakeholder, outcome and goal tables
 * of migration 1 as SRCI, the stakeholder map and SMART goals need them.
 * Nothing wrote them before, so each is rebuilt (rows are copied over):
 * - outcome: per initiative (required) and stakeholder group, with the
 *   outcome's name, proxy source, quantity_from ('metric:<id>', quantity
 *   NULL then) and the import batch; one row per (initiative, group,
 *   outcome), names without regard to case, so a re-import updates it.
 * - stakeholder: power (was influence), interest (NULL until the person
 *   decides), legitimacy and urgency as 0/1 flags, the member kind a group
 *   stands for (its interest can be suggested from engagement).
 * - goal: deadline required, owner and creation time.
 * - outcome_before: an outcome an import changed, as it was (undo). */
static const char *const migration_6[] = {
    "CREATE TABLE outcome_v2("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " initiative_id INTEGER NOT NULL REFERENCES initiative(id),"
    " stakeholder_grp TEXT NOT NULL COLLATE NOCASE,"
    " outcome TEXT NOT NULL COLLATE NOCASE,"
    " indicator TEXT,"
    " quantity REAL,"
    " quantity_from TEXT,"
    " proxy_value REAL NOT NULL,"
    " proxy_source TEXT,"
    " deadweight REAL NOT NULL DEFAULT 0,"
    " displacement REAL NOT NULL DEFAULT 0,"
    " attribution REAL NOT NULL DEFAULT 0,"
    " drop_off REAL NOT NULL DEFAULT 0,"
    " duration INTEGER NOT NULL DEFAULT 1,"
    " batch_id INTEGER,"
    " CHECK((quantity IS NULL) <> (quantity_from IS NULL)),"
    " UNIQUE(org_id, initiative_id, stakeholder_grp, outcome));",
    "INSERT INTO outcome_v2(id, org_id, initiative_id, stakeholder_grp, outcome,"
    " indicator, quantity, proxy_value, deadweight, displacement, attribution,"
    " drop_off, duration)"
    " SELECT id, org_id, initiative_id, coalesce(stakeholder_grp, ''), indicator,"
    " indicator, quantity, proxy_value, deadweight, displacement, attribution,"
    " drop_off, duration FROM outcome WHERE initiative_id IS NOT NULL;",
    "DROP TABLE outcome;", "ALTER TABLE outcome_v2 RENAME TO outcome;",
    "CREATE INDEX outcome_initiative ON outcome(initiative_id);",

    "CREATE TABLE stakeholder_v2("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " grp TEXT NOT NULL COLLATE NOCASE,"
    " power REAL NOT NULL,"
    " interest REAL,"
    " legitimacy INTEGER NOT NULL DEFAULT 0,"
    " urgency INTEGER NOT NULL DEFAULT 0,"
    " member_kind TEXT,"
    " notes TEXT,"
    " UNIQUE(org_id, grp));",
    "INSERT INTO stakeholder_v2(id, org_id, grp, power, interest, legitimacy, urgency,"
    " notes)"
    " SELECT id, org_id, grp, coalesce(influence, 0), interest,"
    " coalesce(legitimacy, 0) > 0, coalesce(urgency, 0) > 0, notes FROM stakeholder;",
    "DROP TABLE stakeholder;", "ALTER TABLE stakeholder_v2 RENAME TO stakeholder;",

    "CREATE TABLE goal_v2("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " metric TEXT NOT NULL,"
    " segment TEXT,"
    " target REAL NOT NULL,"
    " deadline INTEGER NOT NULL,"
    " owner TEXT,"
    " created_at INTEGER NOT NULL);",
    "INSERT INTO goal_v2(id, org_id, metric, segment, target, deadline, created_at)"
    " SELECT id, org_id, metric, segment, target, coalesce(deadline, 0), 0 FROM goal;",
    "DROP TABLE goal;", "ALTER TABLE goal_v2 RENAME TO goal;",

    /* An outcome an import changed, as it was before (kith import
     * outcomes; undo puts it back with the import it came from). */
    "CREATE TABLE outcome_before("
    " batch_id INTEGER NOT NULL REFERENCES import_batch(id),"
    " outcome_id INTEGER NOT NULL,"
    " stakeholder_grp TEXT, outcome TEXT, indicator TEXT, quantity REAL,"
    " quantity_from TEXT, proxy_value REAL, proxy_source TEXT, deadweight REAL,"
    " displacement REAL, attribution REAL, drop_off REAL, duration INTEGER,"
    " old_batch INTEGER,"
    " PRIMARY KEY(batch_id, outcome_id));",
    NULL};

/* Migration 7: accounts of the web server (issue 9). Users belong to one
 * org and log in by email (unique over the whole file); passwords are
 * argon2id strings (libsodium crypto_pwhash_str). Tokens and sessions are
 * stored as the SHA-256 of the secret only. The audit log keeps who did
 * what, when and from where; org_id is NULL for a failed login of an
 * unknown account. revision is one counter every library write
 * transaction increments (kith__st_commit), the key of the server's answer
 * cache: it changes whichever connection or process wrote. */
static const char *const migration_7[] = {
    "CREATE TABLE app_user("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " email TEXT NOT NULL UNIQUE,"
    " role TEXT NOT NULL CHECK(role IN ('owner','manager','viewer')),"
    " password_hash TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " last_login_at INTEGER);",
    "CREATE INDEX app_user_org ON app_user(org_id);",
    "CREATE TABLE api_token("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER NOT NULL REFERENCES org(id),"
    " user_id INTEGER NOT NULL REFERENCES app_user(id),"
    " name TEXT NOT NULL DEFAULT '',"
    " hash TEXT NOT NULL UNIQUE,"
    " prefix TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " revoked_at INTEGER);",
    "CREATE INDEX api_token_org ON api_token(org_id);",
    "CREATE TABLE app_session("
    " id INTEGER PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES app_user(id),"
    " hash TEXT NOT NULL UNIQUE,"
    " csrf TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL,"
    " address TEXT);",
    "CREATE INDEX app_session_user ON app_session(user_id);",
    "CREATE TABLE audit_log("
    " id INTEGER PRIMARY KEY,"
    " org_id INTEGER REFERENCES org(id),"
    " at INTEGER NOT NULL,"
    " actor TEXT NOT NULL,"
    " actor_user_id INTEGER,"
    " action TEXT NOT NULL,"
    " target TEXT,"
    " detail TEXT,"
    " address TEXT);",
    "CREATE INDEX audit_log_org ON audit_log(org_id, id);",
    "CREATE TABLE revision(id INTEGER PRIMARY KEY CHECK(id = 1), n INTEGER NOT NULL);",
    "INSERT INTO revision(id, n) VALUES(1, 0);",
    NULL};

static const char *const *const migrations[] = {migration_1, migration_2, migration_3,
                                                migration_4, migration_5, migration_6,
                                                migration_7};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int kith__schema_latest(void)
{
    return N_MIGRATIONS;
}

kith_code kith__schema_migrate(kith_store *st, kith_error *err)
{
    int version = 0;
    kith_code rc = kith__st_user_version(st, &version, err);
    if (rc != KITH_OK)
        return rc;
    if (version > N_MIGRATIONS)
        return kith_error_set(err, KITH_ESCHEMA,
                              "%s: database schema version %d is newer than "
                              "this kith understands (%d); upgrade kith",
                              st->path, version, N_MIGRATIONS);
    if (version == N_MIGRATIONS)
        return KITH_OK;
    rc = kith__st_exec(st, "BEGIN IMMEDIATE", err);
    if (rc != KITH_OK)
        return rc;
    for (int v = version; v < N_MIGRATIONS; v++) {
        for (int i = 0; migrations[v][i] && rc == KITH_OK; i++)
            rc = kith__st_exec(st, migrations[v][i], err);
        if (rc != KITH_OK)
            goto fail;
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v + 1);
        rc = kith__st_exec(st, sql, err);
        if (rc != KITH_OK)
            goto fail;
    }
    return kith__st_exec(st, "COMMIT", err);
fail:
    kith__st_exec(st, "ROLLBACK", NULL);
    return rc;
}
