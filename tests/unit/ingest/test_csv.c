/* The streaming CSV reader (libcsv underneath) through kith__csv_open_mem:
 * each case writes out the records it must yield, as "LINE:[f1|f2|...]",
 * with the physical line each record starts on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ingest/ingest_int.h"

/* Reads every record of data into a "L:[a|b]\n..." text (malloc'ed). On a
 * reader error appends "ERR where: msg". */
static char *read_all(const char *data, size_t len)
{
    kith_csv *c = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith__csv_open_mem(data, len, "t.csv", &c, &err), KITH_OK);
    size_t cap = 4096, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (;;) {
        char **f = NULL;
        int n = 0;
        long line = 0;
        int got = kith__csv_next(c, &f, &n, &line, &err);
        char rec[2048];
        size_t r = 0;
        if (got < 0) {
            assert_int_equal(err.code, KITH_EINPUT);
            r = (size_t)snprintf(rec, sizeof rec, "ERR %s: %s", err.where, err.msg);
        } else if (got == 0) {
            break;
        } else {
            r = (size_t)snprintf(rec, sizeof rec, "%ld:[", line);
            for (int i = 0; i < n; i++)
                r +=
                    (size_t)snprintf(rec + r, sizeof rec - r, "%s%s", i ? "|" : "", f[i]);
            r += (size_t)snprintf(rec + r, sizeof rec - r, "]\n");
        }
        assert_true(used + r + 1 < cap);
        memcpy(out + used, rec, r + 1);
        used += r;
        if (got < 0)
            break;
    }
    kith__csv_close(c);
    return out;
}

static void expect(const char *data, const char *want)
{
    char *got = read_all(data, strlen(data));
    if (strcmp(got, want) != 0)
        fprintf(stderr, "input:\n%s\n-- got:\n%s\n-- want:\n%s\n", data, got, want);
    assert_string_equal(got, want);
    free(got);
}

/* For errors: the records before, then the error line must start with
 * want_prefix. */
static void expect_err(const char *data, size_t len, const char *want_prefix)
{
    char *got = read_all(data, len);
    if (strncmp(got, want_prefix, strlen(want_prefix)) != 0)
        fprintf(stderr, "-- got:\n%s\n-- want prefix:\n%s\n", got, want_prefix);
    assert_int_equal(strncmp(got, want_prefix, strlen(want_prefix)), 0);
    free(got);
}

/* Literal inputs may hold NUL bytes: their length is the literal's. */
#define EXPECT_ERR(lit, want) expect_err(lit, sizeof(lit) - 1, want)

static void test_plain(void **state)
{
    (void)state;
    expect("", "");
    expect("a,b,c\n1,2,3\n", "1:[a|b|c]\n2:[1|2|3]\n");
    expect("a,b\n1,2", "1:[a|b]\n2:[1|2]\n"); /* no final newline */
    expect("x\n", "1:[x]\n");
}

static void test_quoted_commas_and_quotes(void **state)
{
    (void)state;
    expect("name,note\n\"Smith, J\",\"a,b,c\"\n", "1:[name|note]\n2:[Smith, J|a,b,c]\n");
    expect("\"He said \"\"hi\"\"\",x\n", "1:[He said \"hi\"|x]\n");
    expect("\"\"\"\",\"\"\n", "1:[\"|]\n"); /* one quote, then empty */
    expect("\"1,234.50\",EUR\n", "1:[1,234.50|EUR]\n");
}

static void test_embedded_newlines(void **state)
{
    (void)state;
    /* Records start on lines 1, 2 and 5: the quoted field spans 2-4. */
    expect("id,text\n1,\"line one\nline two\nline three\"\n2,after\n",
           "1:[id|text]\n2:[1|line one\nline two\nline three]\n5:[2|after]\n");
    /* A quoted field can begin with the newline. */
    expect("a\n\"\nb\"\nc\n", "1:[a]\n2:[\nb]\n4:[c]\n");
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    expect("\xEF\xBB\xBFid,name\r\n1,Ann\r\n", "1:[id|name]\n2:[1|Ann]\n");
    /* Only a BOM at the very start is dropped. */
    expect("a\n\xEF\xBB\xBF"
           "b\n",
           "1:[a]\n2:[\xEF\xBB\xBF"
           "b]\n");
    expect("a,b\r\n1,2\r\n3,4", "1:[a|b]\n2:[1|2]\n3:[3|4]\n");
    /* CRLF inside a quoted field is data; line numbers still count it. */
    expect("a,b\r\n\"x\r\ny\",z\r\nq,r\r\n", "1:[a|b]\n2:[x\r\ny|z]\n4:[q|r]\n");
}

static void test_blank_lines(void **state)
{
    (void)state;
    expect("a\n\n\nb\n\n", "1:[a]\n4:[b]\n");
    expect("\n\na,b\n", "3:[a|b]\n");
    expect("a\r\n\r\nb\r\n", "1:[a]\n3:[b]\n");
}

static void test_empty_fields_and_ragged(void **state)
{
    (void)state;
    /* Empty trailing fields are fields: three in, three out. */
    expect("a,b,c\n1,,\n,,\n", "1:[a|b|c]\n2:[1||]\n3:[||]\n");
    /* The reader hands ragged rows on as they are; the importer rejects
     * them against the header (test_generic_import). */
    expect("a,b,c\n1,2\n1,2,3,4\n", "1:[a|b|c]\n2:[1|2]\n3:[1|2|3|4]\n");
}

static void test_errors(void **state)
{
    (void)state;
    /* A bare CR ends a record inside a physical line. */
    EXPECT_ERR("a,b\n1,2\rc,d\n",
               "1:[a|b]\nERR t.csv:2: column 2: a bare carriage return");
    /* The same in a last line without a newline: found at the end. */
    EXPECT_ERR("a,b\n1,2\rc,d", "1:[a|b]\nERR t.csv:2: column 2: a bare carriage return");
    /* (found by fz_csv: a CR then one more byte at the end of the file) */
    EXPECT_ERR("id,name\r\n1,Ac,\r\x0e", "1:[id|name]\n2:[1|Ac|]\nERR t.csv:2: column 3: "
                                         "a bare carriage return");
    /* NUL bytes. */
    EXPECT_ERR("a,b\n1,x\0y\n", "1:[a|b]\nERR t.csv:2: column 2: NUL byte in the data");
    EXPECT_ERR("\0", "ERR t.csv:1: column 1: NUL byte");
    EXPECT_ERR("a\n\"x\ny\0\",z\n", "1:[a]\nERR t.csv:3: column 1: NUL byte");
    /* A quote left open runs to the end of the file: the error names the
     * line where the field started. */
    EXPECT_ERR("a,b\n1,2\n3,\"open\n4,5\n6,7\n",
               "1:[a|b]\n2:[1|2]\nERR t.csv:3: column 2: quoted field is not closed "
               "before the end of the file");
    /* A quote inside an unquoted field (strict RFC 4180). */
    EXPECT_ERR("a,b\n1,x\"y\n", "1:[a|b]\nERR t.csv:2: column 2: malformed CSV quoting");
    /* Text after a closing quote. */
    EXPECT_ERR("a,b\n\"x\"y,2\n",
               "1:[a|b]\nERR t.csv:2: column 1: malformed CSV quoting");
}

static void test_write_row(void **state)
{
    (void)state;
    char dir[256], path[300];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/r.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", ""};
    kith__csv_write_row(f, fields, 5, "t.csv:3: column 'x': bad");
    kith__csv_write_row(f, fields, 1, NULL);
    kith__csv_write_row(f, NULL, 0, "only");
    fclose(f);
    char *got = tu_read_file(path);
    assert_string_equal(got, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,"
                             "t.csv:3: column 'x': bad\nplain\nonly\n");
    /* What was written reads back as the same fields. */
    char *back = read_all(got, strlen(got));
    assert_string_equal(back,
                        "1:[plain|a,b|say \"hi\"|two\nlines||t.csv:3: column 'x': bad]\n"
                        "3:[plain]\n4:[only]\n");
    free(back);
    free(got);
}

static void test_open_file(void **state)
{
    (void)state;
    char dir[256], path[300];
    tu_tmpdir(dir, sizeof dir);
    kith_csv *c = NULL;
    kith_error err;
    kith_error_clear(&err);
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    assert_int_equal(kith__csv_open(path, "missing.csv", &c, &err), KITH_EIO);
    assert_null(c);
    assert_non_null(strstr(err.msg, "missing.csv: cannot open"));
    kith_error_clear(&err);
    assert_int_equal(kith__csv_open(dir, "d", &c, &err), KITH_EUSAGE);
    assert_non_null(strstr(err.msg, "is a folder"));
    /* A real file: same records and line numbers as from memory, and the
     * progress reaches the file size. */
    snprintf(path, sizeof path, "%s/ok.csv", dir);
    const char *text = "a,b\r\n\"1\n2\",3\r\n";
    tu_write_file(path, text);
    kith_error_clear(&err);
    assert_int_equal(kith__csv_open(path, "ok.csv", &c, &err), KITH_OK);
    char **f;
    int n;
    long line;
    assert_int_equal(kith__csv_next(c, &f, &n, &line, &err), 1);
    assert_int_equal(line, 1);
    assert_int_equal(kith__csv_next(c, &f, &n, &line, &err), 1);
    assert_int_equal(line, 2);
    assert_int_equal(n, 2);
    assert_string_equal(f[0], "1\n2");
    assert_int_equal(kith__csv_next(c, &f, &n, &line, &err), 0);
    assert_int_equal(kith__csv_next(c, &f, &n, &line, &err), 0);
    uint64_t done, total;
    kith__csv_progress(c, &done, &total);
    assert_int_equal(done, strlen(text));
    assert_int_equal(total, strlen(text));
    kith__csv_close(c);
    kith__csv_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_quoted_commas_and_quotes),
        cmocka_unit_test(test_embedded_newlines),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_empty_fields_and_ragged),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_write_row),
        cmocka_unit_test(test_open_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
