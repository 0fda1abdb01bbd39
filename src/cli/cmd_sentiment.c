/* kith sentiment score: VADER scores of one text per line, as TSV. The
 * metrics subcommands are in cmd_sentiment_metrics.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "kith/metrics.h"

#define DEFAULT_MAX_LINE ((size_t)16 << 20)

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith sentiment score [--lexicon PATH] [--max-line BYTES] [-q] [FILE...]\n"
        "\n"
        "Score every line of the FILEs (standard input when none, or '-') with\n"
        "VADER (Hutto & Gilbert 2014), exactly as the reference vader-sentiment\n"
        "1.1.3 does. One TSV line out per line in:\n"
        "  neg  neu  pos  compound  text\n"
        "A text with no word of the lexicon (empty, not English, ...) is\n"
        "unscored: its four score fields are empty. Invalid UTF-8 and NUL bytes\n"
        "are read as U+FFFD (as Node.js reads them). Lines longer than\n"
        "--max-line (default 16 MiB) are skipped: empty fields and text.\n"
        "A summary of the counts goes to standard error (-q: none).\n"
        "\n"
        "The lexicon is the first of: --lexicon PATH; $KITH_VADER_LEXICON; the\n"
        "config key sentiment.lexicon of the organisation when the database\n"
        "exists; the built-in default\n"
        "  %s\n"
        "which scripts/setup.sh installs (npm ci, vader-sentiment 1.1.3).\n",
        kith_sentiment_default_lexicon());
}

/* ------------------------------------------------------------ lexicon */

/* The config key of the org, when the database exists and has one; any
 * problem with the database just means "no config" here: scoring text
 * does not need a database. Returns malloc'ed path or NULL. */
static char *config_lexicon(cli_global *g)
{
    struct stat sb;
    kith_store *st = NULL;
    kith_org org;
    char *path = NULL;
    if (stat(g->db, &sb) != 0)
        return NULL;
    if (kith_store_open_existing(g->db, &st, NULL) != KITH_OK)
        return NULL;
    char buf[4096];
    int is_default = 1;
    if (kith_org_find(st, g->org, &org, NULL) == KITH_OK &&
        kith_config_get(st, org.id, "sentiment.lexicon", buf, sizeof buf, &is_default,
                        NULL) == KITH_OK &&
        !is_default && buf[0])
        path = strdup(buf);
    kith_store_close(st);
    return path;
}

static int open_lexicon(cli_global *g, const char *flag, kith_sentiment **out)
{
    kith_error err;
    kith_error_clear(&err);
    char *from_config = NULL;
    const char *path = flag;
    const char *how = "--lexicon";
    if (!path || !*path) {
        path = getenv("KITH_VADER_LEXICON");
        how = "KITH_VADER_LEXICON";
    }
    if (!path || !*path) {
        path = from_config = config_lexicon(g);
        how = "config sentiment.lexicon";
    }
    if (!path || !*path) {
        path = kith_sentiment_default_lexicon();
        how = "built-in default";
    }
    kith_code rc = kith_sentiment_open(path, out, &err);
    free(from_config);
    if (rc != KITH_OK) {
        int code = cli_fail(&err);
        fprintf(stderr,
                "kith: (lexicon path from %s; another can be given with "
                "--lexicon PATH or KITH_VADER_LEXICON)\n",
                how);
        return code;
    }
    return 0;
}

/* ------------------------------------------------------------ lines */

/* Reads lines of any length up to max; longer ones are skipped in
 * constant memory. */
typedef struct line_reader {
    FILE *f;
    char *buf;
    size_t cap, start, end, max;
    int eof;
} line_reader;

static int grow(line_reader *r)
{
    size_t cap = r->cap ? r->cap * 2 : 1 << 16;
    if (cap > r->max + 1)
        cap = r->max + 1;
    char *b = realloc(r->buf, cap);
    if (!b)
        return -1;
    r->buf = b;
    r->cap = cap;
    return 0;
}

/* Drop the rest of an over-long line. */
static void discard_line(line_reader *r)
{
    r->start = r->end = 0;
    for (;;) {
        size_t got = fread(r->buf, 1, r->cap, r->f);
        if (got == 0) {
            r->eof = 1;
            return;
        }
        char *nl = memchr(r->buf, '\n', got);
        if (nl) {
            r->start = (size_t)(nl - r->buf) + 1;
            r->end = got;
            return;
        }
    }
}

/* Next line: 1 and *line, *len (without "\n" or "\r\n"), *skipped when it
 * was too long; 0 at the end; -1 on a read or memory error. */
static int next_line(line_reader *r, const char **line, size_t *len, int *skipped)
{
    *skipped = 0;
    for (;;) {
        char *nl =
            r->end > r->start ? memchr(r->buf + r->start, '\n', r->end - r->start) : NULL;
        if (nl || (r->eof && r->end > r->start)) {
            size_t e = nl ? (size_t)(nl - r->buf) : r->end;
            *line = r->buf + r->start;
            *len = e - r->start;
            r->start = nl ? e + 1 : e;
            if (*len && (*line)[*len - 1] == '\r')
                (*len)--;
            return 1;
        }
        if (r->eof)
            return 0;
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->end - r->start);
            r->end -= r->start;
            r->start = 0;
        }
        if (r->end == r->cap) {
            if (r->cap > r->max) {
                discard_line(r);
                *line = "";
                *len = 0;
                *skipped = 1;
                return 1;
            }
            if (grow(r) != 0)
                return -1;
        }
        size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->f);
        r->end += got;
        if (got == 0) {
            if (ferror(r->f))
                return -1;
            r->eof = 1;
        }
    }
}

/* ------------------------------------------------------------ scoring */

typedef struct counts {
    unsigned long long texts, scored, unscored, empty, replaced, skipped;
} counts;

typedef struct scorer {
    kith_sentiment *vader;
    char *echo;
    size_t echo_cap;
    counts n;
} scorer;

static int score_line(scorer *sc, const char *line, size_t len, int skipped)
{
    kith_sentiment_scores r;
    kith_error err;
    kith_error_clear(&err);
    sc->n.texts++;
    if (skipped) {
        sc->n.skipped++;
        fputs("\t\t\t\t\n", stdout);
        return 0;
    }
    if (kith_sentiment_score(sc->vader, line, len, &r, &err) != KITH_OK)
        return cli_fail(&err);
    if (3 * len + 1 > sc->echo_cap) {
        char *e = realloc(sc->echo, 3 * len + 1);
        if (!e) {
            kith_error_set(&err, KITH_ENOMEM, "out of memory");
            return cli_fail(&err);
        }
        sc->echo = e;
        sc->echo_cap = 3 * len + 1;
    }
    size_t elen = kith_sentiment_clean_text(line, len, sc->echo);
    sc->n.replaced += r.replaced > 0;
    if (r.scored) {
        sc->n.scored++;
        printf("%.3f\t%.3f\t%.3f\t%.4f\t", r.neg, r.neu, r.pos, r.compound);
    } else {
        sc->n.unscored++;
        sc->n.empty += r.words == 0;
        fputs("\t\t\t\t", stdout);
    }
    fwrite(sc->echo, 1, elen, stdout);
    putchar('\n');
    return 0;
}

static int score_file(scorer *sc, FILE *f, const char *name, size_t max)
{
    line_reader r = {f, NULL, 0, 0, 0, max, 0};
    const char *line;
    size_t len;
    int skipped, got, rc = 0;
    while (rc == 0 && (got = next_line(&r, &line, &len, &skipped)) == 1)
        rc = score_line(sc, line, len, skipped);
    if (rc == 0 && got < 0) {
        fprintf(stderr, "kith sentiment: %s: %s\n", name,
                errno ? strerror(errno) : "read error");
        rc = kith_exit_code(KITH_EIO);
    }
    free(r.buf);
    return rc;
}

static int parse_size(const char *s, size_t *out)
{
    int64_t v = 0;
    if (cli_parse_i64(s, &v) != 0 || (uint64_t)v > ((size_t)-1) / 4)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int cmd_score(cli_global *g, int argc, char **argv)
{
    const char *lexicon = NULL;
    size_t max = DEFAULT_MAX_LINE;
    int quiet = 0, c, rc = 0;
    static const struct option opts[] = {{"lexicon", required_argument, 0, 'l'},
                                         {"max-line", required_argument, 0, 'm'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            lexicon = optarg;
            break;
        case 'm':
            if (parse_size(optarg, &max) != 0)
                return cli_usage("sentiment score", "--max-line wants a byte count > 0");
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    int nfiles = argc - optind;
    FILE **files = calloc((size_t)(nfiles > 0 ? nfiles : 1), sizeof(FILE *));
    scorer sc;
    memset(&sc, 0, sizeof sc);
    if (!files)
        return kith_exit_code(KITH_ENOMEM);
    /* Open every file first: a wrong name fails before any output. */
    for (int i = 0; i < nfiles && rc == 0; i++) {
        const char *name = argv[optind + i];
        files[i] = strcmp(name, "-") ? fopen(name, "rb") : stdin;
        if (!files[i]) {
            fprintf(stderr, "kith sentiment: %s: %s\n", name, strerror(errno));
            rc = kith_exit_code(KITH_EINPUT);
        }
    }
    if (rc == 0)
        rc = open_lexicon(g, lexicon, &sc.vader);
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (rc == 0 && nfiles == 0)
        rc = score_file(&sc, stdin, "<stdin>", max);
    for (int i = 0; i < nfiles && rc == 0; i++)
        rc = score_file(&sc, files[i], argv[optind + i], max);
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, "kith sentiment: writing the output: %s\n", strerror(errno));
        rc = kith_exit_code(KITH_EIO);
    }
    if (rc == 0 && !quiet)
        fprintf(
            stderr,
            "kith sentiment: %llu texts: %llu scored, %llu unscored (%llu empty); "
            "%llu with invalid UTF-8 or NUL (read as U+FFFD); %llu too long (skipped)\n",
            sc.n.texts, sc.n.scored, sc.n.unscored, sc.n.empty, sc.n.replaced,
            sc.n.skipped);
    for (int i = 0; i < nfiles; i++)
        if (files[i] && files[i] != stdin)
            fclose(files[i]);
    free(files);
    free(sc.echo);
    kith_sentiment_close(sc.vader);
    return rc;
}

int cmd_sentiment(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "score"))
        return cmd_score(g, argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "alerts"))
        return cli_sentiment_metrics(g, argc - 1, argv + 1, 1);
    if (argc >= 2 && argv[1][0] != '-')
        return cli_usage("sentiment",
                         "unknown subcommand '%s' (want: score, alerts, "
                         "or options of kith sentiment)",
                         argv[1]);
    return cli_sentiment_metrics(g, argc, argv, 0);
}
