/* Import: generic CSV/JSON Lines formats and real tools' exports, with
 * identity merge. One file is one transaction: it is imported whole or not
 * at all (unless bad rows go to a reject file). */
#ifndef KITH_INGEST_H
#define KITH_INGEST_H

#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_import_opts {
    const char *format;      /* see kith_import_formats(); required */
    const char *source;      /* source name for idempotency; NULL = default */
    const char *reject_file; /* NULL: stop at the first bad row */
    const char *const *map;  /* nmap "column=field" renames (generic CSV) */
    int nmap;
    const char *question;    /* google-forms-nps: header text or 1-based column */
    const char *survey_kind; /* google-forms-nps: "nps" (default) or "enps" */
    int include_private;     /* discord: import direct messages and group DMs too */
    /* Each optional field a tool's export had but kith could not read and
     * left out (a warning), as "WHERE: what; imported the X without it",
     * once the record it belongs to is kept. May be NULL: the warnings are
     * still counted. */
    void (*warn)(void *ud, const char *text);
    void *warn_ud;
    /* Progress in bytes of the input; called at most a few times a second.
     * total is 0 when unknown. May be NULL. */
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
} kith_import_opts;

/* Money amounts an import added in one currency other than the org's. */
typedef struct kith_import_currency {
    char currency[8];
    int64_t amounts;     /* purchases, refunds, donations, supply added */
    int64_t left_out;    /* of them, with no rate in force on their date */
    char first_rate[16]; /* the currency's first rate, YYYY-MM-DD in the
                            org's time zone; "" when it has none */
} kith_import_currency;

#define KITH_IMPORT_MAX_CURRENCIES 8
#define KITH_IMPORT_NOTES 6

typedef struct kith_import_result {
    int64_t batch_id;
    int64_t rows_read;      /* input records read (CSV rows, JSON lines, messages) */
    int64_t rows_imported;  /* new records written, counted in made_unit */
    int64_t rows_duplicate; /* already there from an earlier import */
    int64_t rows_rejected;  /* written to the reject file */
    int64_t members_created;
    int64_t merges; /* automatic merges done */
    /* Money (docs/import.md, "Money and currencies"). */
    char currency[8];       /* the org's currency after the import */
    int currency_set;       /* 1: this import gave the org its currency */
    int currency_from_file; /* with currency_set: 1 taken from the amounts, 0 the
                               default because they name no currency */
    int64_t amounts;        /* money amounts added, in any currency */
    /* Amounts added in other currencies than the org's, most first. */
    kith_import_currency foreign[KITH_IMPORT_MAX_CURRENCIES];
    int nforeign;
    int64_t foreign_more;   /* amounts in further currencies than those */
    int64_t rates_replaced; /* rates: stored rates this file changed */
    /* The same counts in the import's own units: what was read, in up to
     * two kinds of record (read_unit[i] "" when unused; e.g. "users" and
     * "messages", or "orders"), and what the new records are ("activities",
     * "members", ...). Unit names are static strings. */
    const char *read_unit[2];
    int64_t read[2];
    const char *made_unit;
    int64_t skipped;       /* records read and left out on purpose */
    char skipped_why[200]; /* what they were: "joins and leaves 3, pins 1" */
    int64_t warnings;      /* optional fields left out (see opts->warn) */
    /* What the user should know about how the file was read: the survey
     * column used, the day/month order of its dates, phone numbers that
     * could not be read without a country code, ... */
    int nnotes;
    char notes[KITH_IMPORT_NOTES][400];
} kith_import_result;

typedef struct kith_format_info {
    const char *name;
    const char *summary;
} kith_format_info;

/* The formats kith_import understands, ending with {NULL, NULL}. */
KITH_API const kith_format_info *kith_import_formats(void);

/* Import the file (or, for slack, the export folder) at path into org.
 * Amounts keep their currency; an org without a chosen currency takes the
 * one of its first import that adds money amounts (res->currency_set).
 * On a bad row without opts->reject_file: KITH_EINPUT, err->where
 * "FILE:LINE", err->msg "column 'X': reason", and the database unchanged.
 * On any error *res is zero but for rows_read: the records read before
 * it (0 when the input was refused whole, e.g. a damaged archive).
 * Errors: KITH_EINPUT, KITH_EUSAGE (unknown format or option),
 * KITH_EIO (cannot read), KITH_EDB, KITH_ENOMEM. Time: O(rows); memory
 * bounded by the largest record, not the file (JSON documents of the slack
 * and discord formats are read one file at a time). */
KITH_API kith_code kith_import(kith_store *st, int64_t org_id, const char *path,
                               const kith_import_opts *opts, kith_import_result *res,
                               kith_error *err);

/* Import history ------------------------------------------------------- */

/* One recorded import (a row of import_batch). Strings are borrowed for the
 * duration of the callback. status is "ok", "partial" (rows went to a
 * reject file) or "undone" (kith_import_undo; message says what it took
 * out); failed imports leave nothing, not even a record. */
typedef struct kith_import_batch {
    int64_t id;
    const char *file_name, *format, *source, *status, *message;
    int64_t rows_read, rows_imported, rows_duplicate, rows_rejected;
    int64_t members_created, merges, started_at, finished_at;
    /* JSON (NULL for imports recorded before kith kept them): options,
     * what decided the rows written ({"source": ..., "map": ...}); details,
     * the counts in the import's own units ({"read": {"users": 5,
     * "messages": 9}, "made": "activities", "skipped": 2, "skipped_why":
     * {...}, "warnings": 0, "notes": [...]}). */
    const char *options, *details;
    int64_t undone_at; /* 0: not undone */
} kith_import_batch;
typedef void (*kith_import_batch_cb)(void *ud, const kith_import_batch *row);

/* Every import of the org, oldest first. */
KITH_API kith_code kith_imports_list(kith_store *st, int64_t org_id,
                                     kith_import_batch_cb cb, void *ud, kith_error *err);
/* The same as JSON text: {"imports":[{id, file, format, source, status,
 * rows_read, rows_imported, rows_duplicate, rows_rejected,
 * members_created, merges, started_at, finished_at}]}. *out malloc'ed. */
KITH_API kith_code kith_imports_json(kith_store *st, int64_t org_id, char **out,
                                     kith_error *err);
/* The line that says what an import did, in its own units, as kith import
 * prints it: "FILE: 6 orders read; 7 activities imported, 0 already
 * there, 1 skipped (voided or expired orders 1), 0 rejected; 4 new
 * members, 0 merges (batch 1)" (no newline). Written into out (n bytes,
 * cut to fit); returns out. */
KITH_API char *kith_import_summary(const char *file, const kith_import_result *r,
                                   char *out, size_t n);
/* The counts of one import as JSON text: {file, format, batch_id,
 * rows_read, rows_imported, rows_duplicate, rows_rejected,
 * members_created, merges, summary (kith_import_summary), skipped,
 * skipped_why, warnings, notes[]}. */
KITH_API kith_code kith_import_result_json(const char *file, const char *format,
                                           const kith_import_result *r, char **out,
                                           kith_error *err);
/* kith_import_formats as JSON text: {"formats":[{name, summary}]}. */
KITH_API kith_code kith_import_formats_json(char **out, kith_error *err);

/* What kith_import_undo took out or put back. */
typedef struct kith_undo_result {
    int64_t activities, ideas, social_posts, web_sessions;
    int64_t members_removed; /* created by the import, used by nothing else */
    int64_t members_kept;    /* created by the import, used by a later one */
    int64_t identities_removed;
    int64_t merges_undone;
    int64_t members_restored; /* changed by the import, put back as they were */
    int64_t members_left;     /* changed by it and again by a later import */
    int64_t initiatives_removed, initiatives_restored;
    int64_t rates;             /* exchange rates it wrote, removed */
    int64_t rates_restored;    /* rates it had replaced, put back */
    int64_t outcomes;          /* SRCI outcomes it added, removed */
    int64_t outcomes_restored; /* outcomes it changed, put back as they were */
} kith_undo_result;

/* Undo import batch_id: everything it added goes (activities, ideas,
 * social posts, web session rows; the identities it added; the members it
 * created that nothing else uses; the exchange rates it wrote, with
 * those it replaced put back; the SRCI outcomes it added, with those it
 * changed put back unless a later import changed them again), the merges it caused are
 * undone exactly and forgotten, the members and initiatives it changed are put back as
 * they were before it (unless a later import changed them again), and the
 * import stays in the history as "undone". Importing the same file again
 * afterwards writes the same rows as the first time. One transaction: on
 * error nothing changed. res may be NULL. Errors: KITH_ENOTFOUND (no such
 * import), KITH_ESTATE (already undone, or a later merge or idea builds on
 * it: the message says what to undo first), KITH_EDB. Time: O(activities
 * of the org) (one pass to find the import's rows). */
KITH_API kith_code kith_import_undo(kith_store *st, int64_t org_id, int64_t batch_id,
                                    kith_undo_result *res, kith_error *err);

/* Members (identity merge by hand) ------------------------------------- */

/* Merge member drop into keep, logged; returns the merge id. */
KITH_API kith_code kith_members_merge(kith_store *st, int64_t org_id, int64_t keep,
                                      int64_t drop, const char *reason, int64_t *merge_id,
                                      kith_error *err);
/* Undo a merge exactly (identities, activities, the kept member's fields). */
KITH_API kith_code kith_members_unmerge(kith_store *st, int64_t org_id, int64_t merge_id,
                                        kith_error *err);

typedef struct kith_merge_suggestion {
    int64_t a, b; /* member ids, a < b */
    double score; /* 0..1 */
    char reason[256];
} kith_merge_suggestion;

/* Likely duplicates that identity keys did not merge (same name and
 * postcode, same email local part, similar names with a shared phone
 * suffix...). *out is malloc'ed (caller frees), sorted by score
 * descending. Nothing is merged. */
KITH_API kith_code kith_members_suggest_merges(kith_store *st, int64_t org_id,
                                               double min_score,
                                               kith_merge_suggestion **out, size_t *n,
                                               kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
