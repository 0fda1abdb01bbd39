/* Streaming JSON Lines reader over jansson: one object per line, blank
 * lines skipped, each line parsed and released before the next. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/ingest_int.h"

struct kith_jsonl {
    FILE *f;
    char *display;
    char *line;
    size_t cap;
    long lineno;
    json_t *cur;
    uint64_t consumed, total;
};

kith_code kith__jsonl_open(const char *path, const char *display, kith_jsonl **out,
                           kith_error *err)
{
    *out = NULL;
    kith_jsonl *j = calloc(1, sizeof *j);
    if (!j)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    j->display = strdup(display ? display : path);
    j->f = fopen(path, "rb");
    if (!j->f || !j->display) {
        int e = errno;
        kith__jsonl_close(j);
        return kith_error_set(err, KITH_EIO, "%s: cannot open: %s",
                              display ? display : path, strerror(e));
    }
    struct stat sb;
    if (fstat(fileno(j->f), &sb) == 0)
        j->total = (uint64_t)sb.st_size;
    *out = j;
    return KITH_OK;
}

int kith__jsonl_next(kith_jsonl *j, json_t **obj, long *line, kith_error *err)
{
    json_decref(j->cur);
    j->cur = NULL;
    for (;;) {
        ssize_t n = getline(&j->line, &j->cap, j->f);
        if (n <= 0)
            return 0;
        j->lineno++;
        j->consumed += (uint64_t)n;
        char *p = j->line;
        if (j->lineno == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            n -= 3;
        }
        while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
            p[--n] = '\0';
        size_t i = 0;
        while (i < (size_t)n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        if (i == (size_t)n)
            continue;
        json_error_t je;
        json_t *v = json_loadb(p, (size_t)n, JSON_REJECT_DUPLICATES, &je);
        if (!v) {
            kith_error_set_at(err, KITH_EINPUT, j->display, j->lineno,
                              "column %d: invalid JSON: %s", je.column, je.text);
            return -1;
        }
        if (!json_is_object(v)) {
            json_decref(v);
            kith_error_set_at(err, KITH_EINPUT, j->display, j->lineno,
                              "column 1: each line must be a JSON object");
            return -1;
        }
        memmove(j->line, p, (size_t)n + 1);
        j->cur = v;
        *obj = v;
        *line = j->lineno;
        return 1;
    }
}

const char *kith__jsonl_raw(const kith_jsonl *j)
{
    return j->line ? j->line : "";
}

void kith__jsonl_progress(const kith_jsonl *j, uint64_t *done, uint64_t *total)
{
    *done = j->consumed;
    *total = j->total;
}

void kith__jsonl_close(kith_jsonl *j)
{
    if (!j)
        return;
    json_decref(j->cur);
    if (j->f)
        fclose(j->f);
    free(j->line);
    free(j->display);
    free(j);
}
