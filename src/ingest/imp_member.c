/* The importer's identity resolution: identity keys normalised into a
 * record, the member a record names found (through a cache, a Bloom filter
 * and the identity index), created or merged, and the activities and
 * initiatives an import writes, with the ids they name checked while
 * foreign keys are off. Part of the row protocol of import.c. */
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "ingest/ingest_int.h"

/* ================================================================ identities */

static int add_ident(kith_importer *imp, kith_member_rec *rec, const char *col,
                     const char *kind, const char *value)
{
    for (int i = 0; i < rec->nids; i++)
        if (strcmp(rec->ids[i].kind, kind) == 0 && strcmp(rec->ids[i].value, value) == 0)
            return 0;
    if (rec->nids >= KITH_MAX_IDENTS) {
        kith__imp_bad(imp, col, "too many identities on one row (at most %d)",
                      KITH_MAX_IDENTS);
        return -1;
    }
    size_t kl = strlen(kind), vl = strlen(value);
    if (kl >= KITH_IDENT_KIND_MAX || vl >= KITH_IDENT_VALUE_MAX) {
        kith__imp_bad(imp, col, "identity too long (at most %d bytes)",
                      KITH_IDENT_VALUE_MAX - 1);
        return -1;
    }
    /* Lengths checked above; memcpy, as this runs for every identity. */
    memcpy(rec->ids[rec->nids].kind, kind, kl + 1);
    memcpy(rec->ids[rec->nids].value, value, vl + 1);
    rec->nids++;
    return 0;
}

int kith__imp_add_email(kith_importer *imp, kith_member_rec *rec, const char *col,
                        const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX];
    if (kith__norm_email(raw, v, sizeof v) != 0) {
        kith__imp_bad(imp, col, "'%.80s' is not an email address", raw);
        return -1;
    }
    return add_ident(imp, rec, col, "email", v);
}

int kith__imp_add_phone(kith_importer *imp, kith_member_rec *rec, const char *col,
                        const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX];
    int r = kith__norm_phone(raw, imp->orginfo.phone_country_code, v, sizeof v);
    if (r == -2) {
        kith__imp_bad(imp, col,
                      "'%.80s' is a national number (it starts with 0) and the "
                      "organisation has no phone_country_code to read it with: set it "
                      "(kith org set phone_country_code 44) or write the number with its "
                      "+country code",
                      raw);
        return -1;
    }
    if (r != 0) {
        kith__imp_bad(
            imp, col,
            "'%.80s' is not a phone number (6-15 digits, optional +country code)", raw);
        return -1;
    }
    return add_ident(imp, rec, col, "phone", v);
}

int kith__imp_add_handle(kith_importer *imp, kith_member_rec *rec, const char *col,
                         const char *platform, const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX], kind[KITH_IDENT_KIND_MAX], plat[40];
    if (kith__norm_handle(raw, v, sizeof v) != 0) {
        kith__imp_bad(imp, col, "'%.80s' is not a handle (no spaces allowed)", raw);
        return -1;
    }
    if (!platform || kith__norm_handle(platform, plat, sizeof plat) != 0) {
        kith__imp_bad(imp, col, "a handle needs its platform (e.g. discord:alice)");
        return -1;
    }
    snprintf(kind, sizeof kind, "handle:%s", plat);
    return add_ident(imp, rec, col, kind, v);
}

int kith__imp_add_external(kith_importer *imp, kith_member_rec *rec, const char *col,
                           const char *ns, const char *raw)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX], kind[KITH_IDENT_KIND_MAX];
    snprintf(v, sizeof v, "%s", raw);
    kith__trim(v);
    snprintf(kind, sizeof kind, "external:%s", ns);
    return add_ident(imp, rec, col, kind, v);
}

static void known_set(kith_importer *imp, int t, int64_t id);
static void kept_set(kith_importer *imp, int64_t id);
static kith_code member_unchanged(kith_importer *imp, int64_t member);

/* The identity and kind caches only save lookups: past this many entries
 * they start over, so that memory stays bounded however many people a
 * file names (about 30 MB at the limit). */
#define IMP_CACHE_MAX 262144

static kith_code cache_put(kith_importer *imp, kith_strmap *m, const char *key,
                           int64_t value)
{
    if (m->count >= IMP_CACHE_MAX)
        kith__strmap_clear(m);
    if (kith__strmap_put(m, key, value) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

/* "kind\x1fvalue"; kind and value are bounded by add_ident, so the key
 * always fits (built by hand: this runs for every identity of every row). */
void kith__imp_ident_key(char *key, size_t n, const kith_ident *id)
{
    size_t k = strlen(id->kind), v = strlen(id->value);
    if (k + v + 2 > n) {
        snprintf(key, n, "%s\x1f%s", id->kind, id->value);
        return;
    }
    memcpy(key, id->kind, k);
    key[k] = '\x1f';
    memcpy(key + k + 1, id->value, v + 1);
}

static kith_code find_ident(kith_importer *imp, const kith_ident *id, int64_t *member)
{
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    kith__imp_ident_key(key, sizeof key, id);
    size_t klen = strlen(key);
    /* Ask the likelier oracle first. In a member file most keys are new:
     * the Bloom filter (one cache line) then says "absent" without the
     * hash map's miss. In an activity file most are cached people. The
     * filter holds every key of the org and of this import, so "absent"
     * is final either way. */
    int bloom_first = imp->id_misses > imp->id_hits;
    if (bloom_first && !kith__bloom_maybe(&imp->seen, key, klen)) {
        imp->id_misses++;
        return KITH_ENOTFOUND;
    }
    if (kith__strmap_get(&imp->ids, key, member)) {
        imp->id_hits++;
        return *member ? KITH_OK : KITH_ENOTFOUND;
    }
    imp->id_misses++;
    if (!bloom_first && !kith__bloom_maybe(&imp->seen, key, klen))
        return KITH_ENOTFOUND;
    kith_code rc =
        kith__st_identity_find(imp->st, imp->org, id->kind, id->value, member, imp->err);
    if (rc == KITH_OK)
        return cache_put(imp, &imp->ids, key, *member);
    return rc;
}

static kith_code remember_ident(kith_importer *imp, const kith_ident *id, int64_t member)
{
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    kith__imp_ident_key(key, sizeof key, id);
    kith__bloom_add(&imp->seen, key, strlen(key));
    return cache_put(imp, &imp->ids, key, member);
}

/* Members past this id are not cached: their kinds are written each time. */
#define KINDS_MAX_ID ((int64_t)1 << 24)

/* The kinds cache is one byte a member id (kind bits fit in 7): an
 * activity row asks it once, and a hash lookup there cost 4% of a load. */
static unsigned char *kinds_slot(kith_importer *imp, int64_t member)
{
    if (member <= 0 || member >= KINDS_MAX_ID)
        return NULL;
    if ((size_t)member >= imp->nkinds) {
        size_t n = imp->nkinds ? imp->nkinds : 4096;
        while (n <= (size_t)member)
            n *= 2;
        unsigned char *p = realloc(imp->kinds, n);
        if (!p)
            return NULL; /* not cached: written each time */
        memset(p + imp->nkinds, 0, n - imp->nkinds);
        imp->kinds = p;
        imp->nkinds = n;
    }
    return &imp->kinds[member];
}

static kith_code ensure_kinds(kith_importer *imp, int64_t member, unsigned kinds)
{
    if (!kinds)
        return KITH_OK;
    unsigned char *have = kinds_slot(imp, member);
    if (have && (*have | kinds) == *have)
        return KITH_OK;
    /* Kept for undo only when the kinds do change (not on a re-import). */
    unsigned now = 0;
    kith_code rc = kith__st_member_kinds(imp->st, member, &now, imp->err);
    if (rc == KITH_OK && (now | kinds) != now)
        rc = kith__imp_member_before(imp, member);
    if (rc == KITH_OK && (now | kinds) != now)
        rc = kith__st_member_add_kinds(imp->st, member, kinds, imp->err);
    if (rc == KITH_OK && have)
        *have = (unsigned char)(*have | now | kinds);
    return rc;
}

kith_code kith__imp_member(kith_importer *imp, const kith_member_rec *rec, int update,
                           int64_t *member_id)
{
    int64_t found[KITH_MAX_IDENTS];
    int nfound = 0;
    int known[KITH_MAX_IDENTS]; /* 1 when rec->ids[i] already names someone */
    const int nids = rec->nids;
    kith_code rc = KITH_OK;

    if (nids == 0)
        return kith__imp_bad(imp, NULL,
                             "no identity on this row: give an email, phone, "
                             "handle or member id (names alone are never merged)");
    for (int i = 0; i < nids; i++) {
        int64_t m = 0;
        rc = find_ident(imp, &rec->ids[i], &m);
        if (rc == KITH_ENOTFOUND) {
            known[i] = 0;
            continue;
        }
        if (rc != KITH_OK)
            return rc;
        known[i] = 1;
        int dup = 0;
        for (int k = 0; k < nfound; k++)
            dup |= found[k] == m;
        if (!dup)
            found[nfound++] = m;
    }
    int64_t keep = 0;
    if (nfound == 0) {
        rc = kith__st_member_insert(imp->st, imp->org, rec, imp->batch, &keep, imp->err);
        if (rc != KITH_OK)
            return rc;
        known_set(imp, 0, keep);
        kept_set(imp, keep); /* created here: nothing to keep for undo */
        imp->counts.members_created++;
    } else {
        keep = found[0];
        for (int k = 1; k < nfound; k++)
            if (found[k] < keep)
                keep = found[k];
        for (int k = 0; k < nfound; k++) {
            int64_t drop = found[k];
            if (drop == keep)
                continue;
            if (kith__st_keep_apart(imp->st, keep, drop))
                continue; /* a person split these two by hand: respect it */
            /* Name the identity that ties them in the log. */
            char reason[600] = "same identity";
            for (int i = 0; i < nids; i++) {
                int64_t m = 0;
                if (known[i] && find_ident(imp, &rec->ids[i], &m) == KITH_OK &&
                    m == drop) {
                    for (int j = 0; j < nids; j++) {
                        int64_t m2 = 0;
                        if (j != i && known[j] &&
                            find_ident(imp, &rec->ids[j], &m2) == KITH_OK && m2 == keep) {
                            /* JSON documents have no line per record. */
                            char at[32] = "";
                            if (imp->line > 0)
                                snprintf(at, sizeof at, " line %ld", imp->line);
                            snprintf(reason, sizeof reason,
                                     "one record (%s%s) has %s %s and %s %s",
                                     imp->display, at, rec->ids[j].kind,
                                     rec->ids[j].value, rec->ids[i].kind,
                                     rec->ids[i].value);
                            break;
                        }
                    }
                    break;
                }
            }
            /* The kept member as it was before this import, not as the
             * merge found it (undo puts back the merge, then this row). */
            rc = kith__imp_member_before(imp, keep);
            if (rc != KITH_OK)
                return rc;
            rc = kith__st_merge(imp->st, imp->org, keep, drop, reason, 1.0, 1, imp->batch,
                                NULL, imp->err);
            if (rc != KITH_OK)
                return rc;
            imp->counts.merges++;
            /* Every cached identity of the merged member now means keep. */
            for (size_t s = 0; s < imp->ids.cap; s++)
                if (imp->ids.slots[s].key && imp->ids.slots[s].value == drop)
                    imp->ids.slots[s].value = keep;
            unsigned char *kept = kinds_slot(imp, keep);
            if (kept)
                *kept = 0; /* it now has the dropped member's kinds too */
        }
        if (update) {
            rc = kith__imp_member_before(imp, keep);
            if (rc == KITH_OK)
                rc = kith__st_member_update(imp->st, keep, rec, imp->err);
            /* An update that changed nothing (a re-import) leaves no trace. */
            if (rc == KITH_OK)
                rc = member_unchanged(imp, keep);
            if (rc != KITH_OK)
                return rc;
        } else {
            rc = ensure_kinds(imp, keep, rec->kinds);
            if (rc != KITH_OK)
                return rc;
        }
    }
    /* The identities not found above are new: add them. Found ones now name
     * keep (directly or through the merge just made); looking them up again
     * would cost an index search per identity per row. */
    for (int i = 0; i < nids; i++) {
        if (known[i])
            continue;
        rc = kith__st_identity_insert(imp->st, imp->org, keep, rec->ids[i].kind,
                                      rec->ids[i].value, imp->source, imp->batch,
                                      imp->err);
        if (rc != KITH_OK)
            return rc;
        rc = remember_ident(imp, &rec->ids[i], keep);
        if (rc != KITH_OK)
            return rc;
    }
    *member_id = keep;
    return KITH_OK;
}

/* Bitmaps of ids known to exist; ids past this are checked every time. */
#define KNOWN_MAX_ID ((int64_t)1 << 28)

static void known_set(kith_importer *imp, int t, int64_t id)
{
    if (!imp->fk_off || id <= 0 || id >= KNOWN_MAX_ID)
        return;
    size_t w = (size_t)id >> 6;
    if (w >= imp->known_words[t]) {
        size_t n = imp->known_words[t] ? imp->known_words[t] : 1024;
        while (n <= w)
            n *= 2;
        uint64_t *p = realloc(imp->known_bits[t], n * sizeof *p);
        if (!p)
            return; /* not remembered: checked in the database next time */
        memset(p + imp->known_words[t], 0, (n - imp->known_words[t]) * sizeof *p);
        imp->known_bits[t] = p;
        imp->known_words[t] = n;
    }
    imp->known_bits[t][w] |= (uint64_t)1 << (id & 63);
}

/* With foreign keys off: the member (t = 0) or initiative (t = 1) id an
 * activity names must exist, as the foreign key would have demanded. A
 * failure is a bug in an adapter or the resolver, never bad input. */
static kith_code known_check(kith_importer *imp, int t, int64_t id)
{
    if (id > 0 && id < KNOWN_MAX_ID && (size_t)id >> 6 < imp->known_words[t] &&
        (imp->known_bits[t][(size_t)id >> 6] >> (id & 63) & 1))
        return KITH_OK;
    int have = id > 0 ? kith__st_row_exists(imp->st, t, id, imp->err) : 0;
    if (have < 0)
        return KITH_EDB;
    if (!have)
        return kith_error_set(imp->err, KITH_EINTERNAL,
                              "%s:%ld: activity names %s %lld, which does not exist",
                              imp->display, imp->line, t ? "initiative" : "member",
                              (long long)id);
    known_set(imp, t, id);
    return KITH_OK;
}

/* Members past this id are not remembered: their row is offered to
 * member_before each time (INSERT OR IGNORE keeps the first). */
#define KEPT_MAX_ID ((int64_t)1 << 28)

static void kept_set(kith_importer *imp, int64_t id)
{
    if (id <= 0 || id >= KEPT_MAX_ID)
        return;
    size_t w = (size_t)id >> 6;
    if (w >= imp->kept_words) {
        size_t n = imp->kept_words ? imp->kept_words : 1024;
        while (n <= w)
            n *= 2;
        uint64_t *p = realloc(imp->kept_bits, n * sizeof *p);
        if (!p)
            return;
        memset(p + imp->kept_words, 0, (n - imp->kept_words) * sizeof *p);
        imp->kept_bits = p;
        imp->kept_words = n;
    }
    imp->kept_bits[w] |= (uint64_t)1 << (id & 63);
}

static int kept_has(const kith_importer *imp, int64_t id)
{
    return id > 0 && id < KEPT_MAX_ID && (size_t)id >> 6 < imp->kept_words &&
           (imp->kept_bits[(size_t)id >> 6] >> (id & 63) & 1);
}

kith_code kith__imp_member_before(kith_importer *imp, int64_t member)
{
    if (kept_has(imp, member))
        return KITH_OK;
    kith_code rc = kith__st_member_before(imp->st, imp->batch, member, imp->err);
    if (rc == KITH_OK)
        kept_set(imp, member);
    return rc;
}

/* After an update of member: when it changed nothing, its kept row goes
 * (and a later change keeps it again). */
static kith_code member_unchanged(kith_importer *imp, int64_t member)
{
    int gone = kith__st_member_before_prune(imp->st, imp->batch, member, imp->err);
    if (gone < 0)
        return KITH_EDB;
    if (gone && kept_has(imp, member))
        imp->kept_bits[(size_t)member >> 6] &= ~((uint64_t)1 << (member & 63));
    return KITH_OK;
}

kith_code kith__imp_activity(kith_importer *imp, kith_activity_rec *rec)
{
    if (imp->fk_off) {
        kith_code ck = known_check(imp, 0, rec->member_id);
        if (ck == KITH_OK && rec->target_member_id)
            ck = known_check(imp, 0, rec->target_member_id);
        if (ck == KITH_OK && rec->initiative_id)
            ck = known_check(imp, 1, rec->initiative_id);
        if (ck != KITH_OK)
            return ck;
    }
    if (!rec->source)
        rec->source = imp->source;
    rec->batch_id = imp->batch;
    /* An amount's currency is stored as three capital letters, or NULL for
     * the org's; on other types it is kept as given (metrics ignore it). */
    const char *given = rec->currency;
    char cur[4];
    int money = rec->has_value &&
                (!strcmp(rec->type, "purchase") || !strcmp(rec->type, "refund") ||
                 !strcmp(rec->type, "donation") || !strcmp(rec->type, "supply"));
    if (money && given) {
        kith_code ck = kith__imp_currency(imp, "currency", given, cur);
        if (ck != KITH_OK)
            return ck;
        rec->currency = cur[0] ? cur : NULL;
    }
    int inserted = 0;
    kith_code rc = kith__st_activity_insert(imp->st, imp->org, rec, &inserted, imp->err);
    if (rc == KITH_OK && inserted)
        rc = kith__imp_money_add(imp, rec);
    rec->currency = given; /* cur dies with this call; the caller may reuse rec */
    if (rc != KITH_OK)
        return rc;
    if (inserted)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
}

kith_code kith__imp_initiative_by_name(kith_importer *imp, const char *name, int64_t *id)
{
    char key[600];
    snprintf(key, sizeof key, "n\x1f%s", name);
    if (kith__strmap_get(&imp->inits, key, id))
        return KITH_OK;
    kith_code rc =
        kith__st_initiative_by_name(imp->st, imp->org, name, 1, imp->batch, id, imp->err);
    if (rc != KITH_OK)
        return rc;
    if (kith__strmap_put(&imp->inits, key, *id) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

kith_code kith__imp_initiative_by_code(kith_importer *imp, const char *code, int64_t *id)
{
    char key[600];
    snprintf(key, sizeof key, "c\x1f%s", code);
    if (kith__strmap_get(&imp->inits, key, id))
        return KITH_OK;
    *id = 0;
    kith_code rc = kith__st_initiative_by_code(imp->st, imp->org, code, id, imp->err);
    if (rc != KITH_OK && rc != KITH_ENOTFOUND)
        return rc;
    if (rc == KITH_ENOTFOUND)
        *id = 0;
    if (kith__strmap_put(&imp->inits, key, *id) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}
