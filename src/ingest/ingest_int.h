/* Inside import: the importer state every adapter writes through, the CSV
 * and JSON Lines readers, and the row protocol (begin, bad, end) that makes
 * one file one transaction and sends bad rows to a reject file. */
#ifndef KITH_INGEST_INT_H
#define KITH_INGEST_INT_H

#include <stdint.h>
#include <stdio.h>

#include "core/bloom.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "kith/ingest.h"
#include "store/store_int.h"

/* ================================================================ CSV */

typedef struct kith_csv kith_csv;

/* Open a CSV file for streaming (RFC 4180, strict quoting; a UTF-8 BOM is
 * dropped; CRLF or LF line ends; blank lines skipped). display is the name used in
 * messages. */
kith_code kith__csv_open(const char *path, const char *display, kith_csv **out,
                         kith_error *err);
/* Read from memory instead (for tests and fuzzing); data is borrowed. */
kith_code kith__csv_open_mem(const char *data, size_t len, const char *display,
                             kith_csv **out, kith_error *err);
/* Next record: returns 1 with *fields and *n (borrowed until the next call) and
 * *line = the physical line the record starts on; 0 at end of input; -1 on
 * a malformed record (err set with FILE:LINE and the reason). */
int kith__csv_next(kith_csv *c, char ***fields, int *n, long *line, kith_error *err);
/* Bytes consumed and the file size (0 if unknown), for progress. */
void kith__csv_progress(const kith_csv *c, uint64_t *done, uint64_t *total);
void kith__csv_close(kith_csv *c);
/* Append one CSV-quoted record to a file (used for reject files). */
void kith__csv_write_row(FILE *f, char *const *fields, int n, const char *extra);

/* ================================================================ JSONL */

typedef struct kith_jsonl kith_jsonl;
struct json_t;

kith_code kith__jsonl_open(const char *path, const char *display, kith_jsonl **out,
                           kith_error *err);
/* Next object: 1 with *obj (borrowed until next call), 0 at end, -1 on a
 * line that is not a JSON object (err set with FILE:LINE, column). */
int kith__jsonl_next(kith_jsonl *j, struct json_t **obj, long *line, kith_error *err);
/* The raw text of the current line (borrowed). */
const char *kith__jsonl_raw(const kith_jsonl *j);
void kith__jsonl_progress(const kith_jsonl *j, uint64_t *done, uint64_t *total);
void kith__jsonl_close(kith_jsonl *j);

/* ================================================================ importer */

/* Money amounts of the import in one currency ("" = none given, i.e. the
 * org's), for the summary and the org's first currency (currency.c). */
typedef struct kith__imp_money {
    char code[4];
    int64_t n;          /* amounts added */
    int64_t left_out;   /* no rate in force on their date (known currencies) */
    int64_t first_rate; /* the currency's first rate */
    int has_rate;       /* first_rate is set */
    int looked_up;      /* rates were looked up (org currency chosen) */
} kith__imp_money;
#define KITH_IMP_MONEY_MAX 24

typedef struct kith_importer {
    kith_store *st;
    int64_t org;
    kith_org orginfo;
    const kith_import_opts *opts;
    const char *display; /* file name in messages */
    const char *source;  /* effective source of this import */
    int64_t batch;
    kith_batch_counts counts;
    kith_batch_counts row_counts; /* counts when the current row began */
    kith_strmap ids;              /* "kind\x1fvalue" -> member id */
    unsigned char *kinds; /* by member id: kind bits already ensured (0 unknown) */
    size_t nkinds;
    kith_strmap inits; /* "n\x1fname" / "c\x1fcode" -> initiative id (0 = none) */
    kith_bloom seen;   /* the org's identity keys, when worth loading */
    int64_t id_hits, id_misses; /* identity lookups answered by the cache or not */
    /* Foreign keys are off while activity formats load (see
     * docs/development.md); the importer then checks the ids an activity
     * names itself: a bit per member [0] / initiative [1] id known to exist
     * (created by this import, or looked up once). */
    int journal_off; /* kith__st_bulk_journal switched the journal */
    int fk_off;
    uint64_t *known_bits[2];
    size_t known_words[2];
    kith_error *err;
    FILE *reject;
    long line; /* line of the current row */
    int in_row;
    /* The current raw record, for the reject file. */
    char *const *raw_fields;
    int raw_n;
    const char *raw_text;
    uint64_t last_progress;
    /* Money amounts added, by currency (the last slot takes the rest); a
     * copy at row start for reject mode. */
    kith__imp_money money[KITH_IMP_MONEY_MAX], row_money[KITH_IMP_MONEY_MAX];
    int nmoney, row_nmoney;
    int currency_set, currency_from_file; /* kith__imp_money_finish gave the org
                                             its currency */
    int64_t rates_replaced;
    kith_strmap rate_lines; /* rates: "CUR\x1fT" -> line of this file */

    /* What the summary says (imp_notes.c). */
    const char *path;         /* the input as given */
    const char *read_unit[2]; /* kinds of record read ("users", "messages") */
    int unit;                 /* the kind rows are being read as now (0 or 1) */
    const char *made_unit;    /* what rows_imported counts ("activities") */
    const char *skip_why[KITH_SKIP_KINDS]; /* reasons of counts.skip_n */
    char **pending; /* warnings of the current row, until it is kept */
    int npending, cappending;
    int nnotes;
    char notes[KITH_IMPORT_NOTES][400];
    char *options; /* JSON: what decides the rows written (kith__imp_option) */
    /* Members and initiatives this import created or already kept the
     * row of (member_before): a bit per id, so that a member the import
     * changes is kept once. */
    uint64_t *kept_bits;
    size_t kept_words;

    /* Numeric dates (3/5/24): the org's order (KITH_DATE_MDY/DMY, or
     * KITH_DATE_ASK for auto), the order this file uses once decided
     * (0 not yet), and what the file showed. */
    int date_org;
    int date_file;
    int date_scan;    /* how to read the file for evidence: 0 no, 1 CSV, 2 JSONL */
    int date_scanned; /* evidence gathered from the whole file */
    int date_noted;
    long date_line[2];      /* first line showing month first [0] / day first [1] */
    char date_value[2][48]; /* and its value */

    /* Phone numbers without a country code, none known (tool formats). */
    int64_t phones_no_cc;
    char phone_example[64];
    long phone_line;
} kith_importer;

/* An adapter reads the file at path and writes rows through imp. */
typedef kith_code (*kith_adapter_fn)(kith_importer *imp, const char *path);

/* Start a row at the given input line (savepoint in reject mode). */
kith_code kith__imp_row_begin(kith_importer *imp, long line);
/* Report a bad value: sets err to "FILE:LINE: column 'col': reason" and
 * returns KITH_EINPUT, which kith__imp_row_end turns into a rejected row in
 * reject mode. */
kith_code kith__imp_bad(kith_importer *imp, const char *col, const char *fmt, ...)
    KITH_PRINTF(3, 4);
/* Finish the row: rc is what the row's processing returned. Returns the
 * code the adapter must act on (KITH_OK to go on). */
kith_code kith__imp_row_end(kith_importer *imp, kith_code rc);
/* Set the raw record that a rejected row writes to the reject file. */
void kith__imp_raw_fields(kith_importer *imp, char *const *fields, int n);
void kith__imp_raw_text(kith_importer *imp, const char *text);
/* Report progress (rate-limited). */
void kith__imp_progress(kith_importer *imp, uint64_t done, uint64_t total);

/* Identity keys: normalise raw values into rec->ids. Return 0 when added,
 * 1 when the raw value is empty (nothing added), -1 when invalid (err set
 * through kith__imp_bad with column col). */
int kith__imp_add_email(kith_importer *imp, kith_member_rec *rec, const char *col,
                        const char *raw);
int kith__imp_add_phone(kith_importer *imp, kith_member_rec *rec, const char *col,
                        const char *raw);
int kith__imp_add_handle(kith_importer *imp, kith_member_rec *rec, const char *col,
                         const char *platform, const char *raw);
int kith__imp_add_external(kith_importer *imp, kith_member_rec *rec, const char *col,
                           const char *ns, const char *raw);

/* "kind\x1fvalue": the key of an identity in the importer's caches. */
void kith__imp_ident_key(char *key, size_t n, const kith_ident *id);

/* Resolve the member a record names: find by identity, create when none,
 * merge (logged) when the identities name several members, add missing
 * identities. update=1 also writes the record's fields onto an existing
 * member (member files); otherwise only kinds are united. */
kith_code kith__imp_member(kith_importer *imp, const kith_member_rec *rec, int update,
                           int64_t *member_id);
/* Insert an activity (idempotent); counts imported/duplicate. */
kith_code kith__imp_activity(kith_importer *imp, kith_activity_rec *rec);
/* Initiative id by name (created bare when missing) or by code/UTM (0 when
 * none matches). Cached per import. */
kith_code kith__imp_initiative_by_name(kith_importer *imp, const char *name, int64_t *id);
kith_code kith__imp_initiative_by_code(kith_importer *imp, const char *code, int64_t *id);

/* Money (currency.c). A currency code: blank -> "" (the org's), else
 * three letters upper-cased into out; anything else is a bad value of
 * column col (returns KITH_EINPUT). */
kith_code kith__imp_currency(kith_importer *imp, const char *col, const char *raw,
                             char out[4]);
/* Count an added activity's amount (money types with a value). */
kith_code kith__imp_money_add(kith_importer *imp, const kith_activity_rec *rec);
/* At the end of an import: give an org without a currency the one of the
 * amounts added, and fill res's money fields. */
kith_code kith__imp_money_finish(kith_importer *imp);
void kith__imp_money_result(const kith_importer *imp, kith_import_result *res);

/* Parse helpers that report through kith__imp_bad. A numeric date (3/5/24)
 * is read in the order the file shows (a day above 12 anywhere in it), else
 * in the org's date_order; a file that shows both orders leaves its
 * ambiguous dates an error naming that setting (imp_parse.c). */
kith_code kith__imp_time(kith_importer *imp, const char *col, const char *raw,
                         int64_t *out);
kith_code kith__imp_number(kith_importer *imp, const char *col, const char *raw,
                           double *out);
kith_code kith__imp_int(kith_importer *imp, const char *col, const char *raw,
                        int64_t *out);
/* 1 if type is a known activity type. */
int kith__activity_type_known(const char *type);
/* Stable external id from the given strings (sha256 prefix, "h:" + hex). */
void kith__hash_id(char out[40], const char *const *parts, int n);

/* ================================================================ summary */

/* The kinds of record the adapter reads (one or two, e.g. "users" and
 * "messages"; static strings) and what its new records are. Rows begun
 * count as unit (0 or 1) until it is changed. */
void kith__imp_units(kith_importer *imp, const char *read0, const char *read1,
                     const char *made);
/* The current row is read and left out on purpose (a join, a voided
 * order...); why is a static short plural label ("joins and leaves"). */
void kith__imp_skip(kith_importer *imp, const char *why);
/* An optional field of a tool's export that cannot be read and is left out
 * of the current record: "FILE:LINE: column 'X': msg" (CSV, where = the
 * column) or "FILE: PATH: msg" (JSON documents, where = the JSON path).
 * Counted, and given to opts->warn (and written to the reject file) when
 * the record is kept. Returns KITH_OK or KITH_ENOMEM. */
kith_code kith__imp_warn(kith_importer *imp, const char *where, const char *fmt, ...)
    KITH_PRINTF(3, 4);
/* Hand the current row's warnings to opts->warn and the reject file
 * (kept = 1), or forget them (its row was rejected). */
void kith__imp_warnings_flush(kith_importer *imp, int kept);
/* A note about the whole file for the summary (kept once; at most
 * KITH_IMPORT_NOTES). */
void kith__imp_note(kith_importer *imp, const char *fmt, ...) KITH_PRINTF(2, 3);
/* Record an option that decides what the import writes (the score column
 * chosen, the maps, ...), compared with an earlier import of the same file
 * (kith_import refuses a second reading of one file). value NULL: absent. */
kith_code kith__imp_option(kith_importer *imp, const char *key, const char *value);
/* Tool formats' optional identities: a value that cannot be read is left
 * out with a warning ("...; imported the <what> without it") instead of
 * failing the row. Return 0 added, 1 blank or left out, -1 on an error
 * that must stop the row (err set). cc: the calling code the record's own
 * country gives (NULL or "": the org's phone_country_code). A national
 * number (07700 900123) without any country code known is left out and
 * counted for one note, never stored without its country. */
int kith__imp_opt_email(kith_importer *imp, kith_member_rec *rec, const char *where,
                        const char *raw, const char *what);
int kith__imp_opt_phone(kith_importer *imp, kith_member_rec *rec, const char *where,
                        const char *raw, const char *cc, const char *what);
/* Keep the member's row as it is before this import first changes it
 * (member_before, for kith_import_undo). */
kith_code kith__imp_member_before(kith_importer *imp, int64_t member);

/* ================================================================ adapters */
kith_code kith__adapt_members(kith_importer *imp, const char *path);
kith_code kith__adapt_activities(kith_importer *imp, const char *path);
kith_code kith__adapt_initiatives(kith_importer *imp, const char *path);
kith_code kith__adapt_ideas(kith_importer *imp, const char *path);
kith_code kith__adapt_social_posts(kith_importer *imp, const char *path);
kith_code kith__adapt_web_sessions(kith_importer *imp, const char *path);
kith_code kith__adapt_shopify_orders(kith_importer *imp, const char *path);
kith_code kith__adapt_eventbrite(kith_importer *imp, const char *path);
kith_code kith__adapt_slack(kith_importer *imp, const char *path);
kith_code kith__adapt_discord(kith_importer *imp, const char *path);
kith_code kith__adapt_google_forms_nps(kith_importer *imp, const char *path);
kith_code kith__adapt_rates(kith_importer *imp, const char *path);

#endif
