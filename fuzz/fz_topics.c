/* Fuzz target for the rising-topics tokenizer and ranking (src/text/
 * topics.c): the input, cut in two halves, is the text of one post in P-1
 * and one in P (NUL bytes and invalid UTF-8 included, written straight
 * into the store). Checks: no crash or sanitizer report, and every topic
 * has 0 <= shares <= 1, a positive rise, at least one text in P and a
 * non-empty key. */
#include <stdint.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replace the org's texts by the two halves of the input. */
static void put_texts(fuzz_store *fs, const uint8_t *data, size_t size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    size_t half = size / 2;
    if (sqlite3_open(fs->db, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "DELETE FROM activity; DELETE FROM member;"
                     "INSERT INTO member(id, org_id, kinds) VALUES(1, 1, 'customer');",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            db,
            "INSERT INTO activity(org_id, member_id, type, channel, source,"
            " external_id, occurred_at, text) VALUES(1, 1, 'post', 'forum',"
            " 'fuzz', ?1, ?2, ?3)",
            -1, &s, NULL) != SQLITE_OK)
        abort();
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int(s, 1, i);
        sqlite3_bind_int64(s, 2, i ? 1704700800 : 1704096000); /* Jan 8 / Jan 1 2024 */
        sqlite3_bind_text(s, 3, (const char *)data + (i ? half : 0),
                          (int)(i ? size - half : half), SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            abort();
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    fuzz_store *fs = fuzz_store_get();
    if (fs->org != 1)
        abort();
    put_texts(fs, data, size);
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    o.from = 1704672000; /* 2024-01-08 */
    o.to = o.from + 7 * 86400;
    o.min_docs = 1;
    o.limit = 1000;
    kith_topic *k = NULL;
    size_t n = 0;
    kith_topics_stats st;
    kith_error err;
    kith_error_clear(&err);
    if (kith_topics_rising(fs->st, fs->org, &o, &k, &n, &st, &err) != KITH_OK)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!(k[i].share >= 0 && k[i].share <= 1 && k[i].prev_share >= 0 &&
              k[i].prev_share <= 1 && k[i].rise > 0 && k[i].docs >= 1 && k[i].key[0]))
            abort();
    kith_topics_free(k, n);
    return 0;
}
