/* Error codes and the error record every fallible kith function fills.
 * One X-macro table gives the enum, the message, the CLI exit code and the
 * HTTP status, so the four can never disagree. */
#ifndef KITH_ERROR_H
#define KITH_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define KITH_API __attribute__((visibility("default")))
#define KITH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KITH_API
#define KITH_PRINTF(f, a)
#endif

/*   name              message                           exit http */
#define KITH_ERROR_TABLE(X)                                                              \
    X(KITH_OK, "ok", 0, 200)                                                             \
    X(KITH_EUSAGE, "usage error", 1, 400)                                                \
    X(KITH_EINPUT, "bad input", 2, 400)                                                  \
    X(KITH_ENOTFOUND, "not found", 3, 404)                                               \
    X(KITH_ESTATE, "data or state error", 3, 409)                                        \
    X(KITH_ENODATA, "too little data", 3, 422)                                           \
    X(KITH_ESCHEMA, "database schema is not supported", 3, 500)                          \
    X(KITH_EIO, "i/o error", 4, 500)                                                     \
    X(KITH_EDB, "database error", 4, 500)                                                \
    X(KITH_ENOMEM, "out of memory", 4, 500)                                              \
    X(KITH_EINTERNAL, "internal error", 4, 500)

typedef enum kith_code {
#define KITH_X_ENUM(name, msg, exitc, http) name,
    KITH_ERROR_TABLE(KITH_X_ENUM)
#undef KITH_X_ENUM
        KITH_CODE_COUNT
} kith_code;

/* The error record. `where` holds "file:line" of the input when there is
 * one; `cause` the underlying library's code (SQLite, errno, ...). The first
 * (innermost) error set wins: later kith_error_set calls leave it alone. */
typedef struct kith_error {
    kith_code code;
    int cause;
    char where[512];
    char msg[1024];
} kith_error;

/* Static description of a code; never NULL. */
KITH_API const char *kith_strerror(kith_code code);
/* Process exit code for a code (0 ok, 1 usage, 2 bad input, 3 data, 4 internal). */
KITH_API int kith_exit_code(kith_code code);
/* HTTP status for a code. */
KITH_API int kith_http_status(kith_code code);

/* Reset err to KITH_OK. err may be NULL. */
KITH_API void kith_error_clear(kith_error *err);
/* Set err unless it already holds an error; returns code. err may be NULL. */
KITH_API kith_code kith_error_set(kith_error *err, kith_code code, const char *fmt, ...)
    KITH_PRINTF(3, 4);
/* As kith_error_set, also recording "where" (file:line) of the input. */
KITH_API kith_code kith_error_set_at(kith_error *err, kith_code code, const char *file,
                                     long line, const char *fmt, ...) KITH_PRINTF(5, 6);
/* Write "where: msg" (or just msg) into buf of size n; returns buf. */
KITH_API const char *kith_error_format(const kith_error *err, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
