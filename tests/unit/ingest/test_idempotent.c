/* Importing the same files again adds nothing: every row counts as a
 * duplicate and every table but the batch log is byte-identical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const struct {
    const char *format, *name, *text;
    int rows;
} files[] = {
    {"members", "members.csv",
     "email,phone,name,kinds,postcode,handle:discord,favourite\n"
     "ann@example.com,07700 900123,Ann,customer,AB1 2CD,ann#1,rye\n"
     "ben@example.com,,Ben,partner,,,\n",
     2},
    {"initiatives", "initiatives.csv",
     "name,kind,starts_at,cost,codes\nSpring Fair,event,2024-03-01,120,FAIR\n", 1},
    {"activities", "orders.csv",
     "id,type,occurred_at,email,value,code\n"
     "o1,purchase,2024-03-05 14:22:01 -0500,ann@example.com,12.5,fair\n"
     "o2,purchase,2024-03-06,cat@example.com,3,\n",
     2},
    /* No id column: the content hash is the id. */
    {"activities", "visits.csv",
     "type,occurred_at,email,phone\n"
     "event_attend,2024-03-07,ben@example.com,\n"
     "event_attend,2024-03-07,,+44 7700 900123\n"
     "event_attend,2024-03-08,ben@example.com,\n",
     3},
    {"activities", "chat.jsonl",
     "{\"type\":\"post\",\"occurred_at\":\"2024-03-05T10:00:00Z\",\"handle\":\"discord:"
     "ann#1\","
     "\"text\":\"hello\"}\n"
     "{\"type\":\"reply\",\"occurred_at\":1709633100,\"handle\":\"discord:dan\","
     "\"target_handle\":\"discord:ann#1\",\"text\":\"hi\"}\n",
     2},
    {"ideas", "ideas.csv",
     "title,status,proposed_at,email\nSourdough "
     "Sundays,proposed,2024-01-10,ben@example.com\n",
     1},
    {"social_posts", "posts.csv",
     "id,channel,published_at,reach\np1,instagram,2024-03-05,10\n", 1},
    {"web_sessions", "web.csv", "day,source,sessions\n2024-03-05,google,5\n", 1},
};

#define NFILES ((int)(sizeof files / sizeof files[0]))

static void test_twice(void **state)
{
    (void)state;
    char db[300], dir[256], path[400];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    /* So that Ann's "07700 900123" and "+44 7700 900123" are one number. */
    tu_sql_exec(db, "UPDATE org SET phone_country_code='44'");
    tu_tmpdir(dir, sizeof dir);
    kith_error err;
    kith_import_result r;
    int64_t members = 0;
    for (int i = 0; i < NFILES; i++) {
        tu_file(dir, files[i].name, files[i].text, path, sizeof path);
        assert_int_equal(tu_import(st, org, files[i].format, path, NULL, &r, &err),
                         KITH_OK);
        assert_int_equal(r.rows_read, files[i].rows);
        assert_int_equal(r.rows_imported, files[i].rows);
        members += r.members_created;
    }
    /* ann, ben, cat, dan. */
    assert_int_equal(members, 4);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 7);
    const char *skip[] = {"import_batch", "revision", NULL}; /* bookkeeping */
    char *before = tu_db_dump_except(db, skip);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < NFILES; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
            assert_int_equal(tu_import(st, org, files[i].format, path, NULL, &r, &err),
                             KITH_OK);
            assert_int_equal(r.rows_read, files[i].rows);
            assert_int_equal(r.rows_imported, 0);
            assert_int_equal(r.rows_duplicate, files[i].rows);
            assert_int_equal(r.members_created, 0);
            assert_int_equal(r.merges, 0);
        }
        char *after = tu_db_dump_except(db, skip);
        tu_assert_same(after, before);
        free(after);
    }
    /* Each run is still logged, with its counts. */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM import_batch"), 3 * NFILES);
    assert_int_equal(tu_sql_int(db,
                                "SELECT count(*) FROM import_batch WHERE id > 8 AND"
                                " rows_imported = 0 AND rows_duplicate = rows_read AND"
                                " status = 'ok'"),
                     2 * NFILES);
    /* The same file under another source would be every row again:
     * refused with the import to undo first, nothing written (issue 13;
     * test_generic_import covers the message). */
    snprintf(path, sizeof path, "%s/orders.csv", dir);
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "activities";
    o.source = "till-2";
    kith_error_clear(&err);
    assert_int_equal(kith_import(st, org, path, &o, &r, &err), KITH_ESTATE);
    char *after = tu_db_dump_except(db, skip);
    tu_assert_same(after, before);
    free(after);
    free(before);
    kith_store_close(st);
}

/* Duplicates inside one file count as duplicates too. */
static void test_within_one_file(void **state)
{
    (void)state;
    char db[300], dir[256], path[400];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    kith_error err;
    kith_import_result r;
    tu_file(dir, "dups.csv",
            "id,type,occurred_at,email,value\n"
            "o1,purchase,2024-03-05,ann@example.com,1\n"
            "o1,purchase,2024-03-05,ann@example.com,1\n"
            "o2,purchase,2024-03-05,ANN@example.com,2\n",
            path, sizeof path);
    assert_int_equal(tu_import(st, org, "activities", path, NULL, &r, &err), KITH_OK);
    assert_int_equal(r.rows_read, 3);
    assert_int_equal(r.rows_imported, 2);
    assert_int_equal(r.rows_duplicate, 1);
    assert_int_equal(r.members_created, 1);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twice),
        cmocka_unit_test(test_within_one_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
