/* Where kith's data files are (kith_data_path): the VADER lexicon and the
 * dashboard's files. An installed kith finds them relative to its own
 * executable (PREFIX/bin/kith -> PREFIX/share/kith, KITH_DATA_REL), a
 * build folder through
 * the kith-source-dir file CMake writes into it, anyone through
 * $KITH_DATA_DIR. No source path is compiled in. */
#include "core/timeparse.h"
#include "kith/kith.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the data files are from the installed binary's folder (CMake
 * computes it from the install layout). */
#ifndef KITH_DATA_REL
#define KITH_DATA_REL "../share/kith"
#endif

/* Installed names whose file lives elsewhere in a source tree (the npm
 * packages scripts/setup.sh installs). Every other name is the same
 * relative path in both. */
static const struct {
    const char *installed, *source;
} source_names[] = {
    {"vader_lexicon.txt", "node_modules/vader-sentiment/vader_lexicon.txt"},
    {"web/vendor/chart.umd.min.js", "node_modules/chart.js/dist/chart.umd.min.js"},
};

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The folder of the running executable into dir (no trailing slash). */
static int exe_dir(char *dir, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0 || (size_t)len >= n)
        return -1;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(dir, n, "%s", exe);
    return 0;
}

/* The source tree named by a kith-source-dir file in dir or up to two
 * folders above it (a build folder and its tests/ or fuzz/). */
static int source_tree(const char *dir, char *out, size_t n)
{
    char d[PATH_MAX], f[PATH_MAX + 32];
    snprintf(d, sizeof d, "%s", dir);
    for (int up = 0; up < 3; up++) {
        snprintf(f, sizeof f, "%s/kith-source-dir", d);
        FILE *fp = fopen(f, "r");
        if (fp) {
            int ok = fgets(out, (int)n, fp) != NULL;
            fclose(fp);
            if (ok) {
                out[strcspn(out, "\r\n")] = '\0';
                return out[0] ? 0 : -1;
            }
        }
        char *slash = strrchr(d, '/');
        if (!slash || slash == d)
            break;
        *slash = '\0';
    }
    return -1;
}

kith_code kith_data_path(const char *rel, char *out, size_t n, kith_error *err)
{
    char dir[PATH_MAX], root[PATH_MAX];
    char env[PATH_MAX]; /* under the TZ lock: may run on a server request */
    kith__env_get("KITH_DATA_DIR", env, sizeof env);
    int len = -1;
    if (!rel)
        rel = "";
    if (env[0]) {
        len = snprintf(out, n, "%s/%s", env, rel);
    } else if (exe_dir(dir, sizeof dir) == 0) {
        char share[PATH_MAX + 64];
        snprintf(share, sizeof share, "%s/%s", dir, KITH_DATA_REL);
        if (is_dir(share)) {
            len = snprintf(out, n, "%s/%s", share, rel);
        } else if (source_tree(dir, root, sizeof root) == 0) {
            const char *src = rel;
            for (size_t i = 0; i < sizeof source_names / sizeof source_names[0]; i++)
                if (!strcmp(rel, source_names[i].installed))
                    src = source_names[i].source;
            len = snprintf(out, n, "%s/%s", root, src);
        }
    }
    if (len < 0)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "cannot tell where kith's data files are: install kith "
                              "(cmake --install) or set KITH_DATA_DIR");
    if ((size_t)len >= n)
        return kith_error_set(err, KITH_EUSAGE, "the data path of '%s' is too long", rel);
    return KITH_OK;
}
