/* Error table lookups and the error record (see include/kith/error.h). */
#include "kith/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *msg;
    int exitc;
    int http;
} kith_error_info[] = {
#define KITH_X_INFO(name, msg, exitc, http) {msg, exitc, http},
    KITH_ERROR_TABLE(KITH_X_INFO)
#undef KITH_X_INFO
};

static int code_ok(kith_code code)
{
    return (int)code >= 0 && code < KITH_CODE_COUNT;
}

const char *kith_strerror(kith_code code)
{
    return code_ok(code) ? kith_error_info[code].msg : "unknown error";
}

int kith_exit_code(kith_code code)
{
    return code_ok(code) ? kith_error_info[code].exitc : 4;
}

int kith_http_status(kith_code code)
{
    return code_ok(code) ? kith_error_info[code].http : 500;
}

void kith_error_clear(kith_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

static void vset(kith_error *err, kith_code code, const char *fmt, va_list ap)
    KITH_PRINTF(3, 0);
static void vset(kith_error *err, kith_code code, const char *fmt, va_list ap)
{
    err->code = code;
    if (fmt)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    else
        snprintf(err->msg, sizeof err->msg, "%s", kith_strerror(code));
}

kith_code kith_error_set(kith_error *err, kith_code code, const char *fmt, ...)
{
    if (!err || err->code != KITH_OK || code == KITH_OK)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

kith_code kith_error_set_at(kith_error *err, kith_code code, const char *file, long line,
                            const char *fmt, ...)
{
    if (!err || err->code != KITH_OK || code == KITH_OK)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, fmt, ap);
    va_end(ap);
    if (file && line > 0)
        snprintf(err->where, sizeof err->where, "%s:%ld", file, line);
    else if (file)
        snprintf(err->where, sizeof err->where, "%s", file);
    return code;
}

const char *kith_error_format(const kith_error *err, char *buf, size_t n)
{
    if (!buf || n == 0)
        return "";
    if (!err || err->code == KITH_OK)
        snprintf(buf, n, "ok");
    else if (err->where[0])
        snprintf(buf, n, "%s: %s", err->where, err->msg);
    else
        snprintf(buf, n, "%s", err->msg);
    return buf;
}
