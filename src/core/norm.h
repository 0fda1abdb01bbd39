/* Identity normalisation: the deterministic keys on which members merge.
 * Two raw values that normalise to the same string are the same person. */
#ifndef KITH_CORE_NORM_H
#define KITH_CORE_NORM_H

#include <stddef.h>

/* Email: trim, lowercase; must be local@domain with a dot in the domain and
 * no spaces. Writes to out (size n). Returns 0 or -1 (not an email). */
int kith__norm_email(const char *in, char *out, size_t n);
/* Phone: keep digits; "+" or "00" prefix marks an international number,
 * whose digits are kept as they are (less a "(0)" trunk prefix); a
 * national number starting with 0 gets default_cc (digits, may be
 * NULL/"") instead of the 0. Needs 6 to 15 digits. Returns 0 or -1. */
int kith__norm_phone(const char *in, const char *default_cc, char *out, size_t n);
/* Platform handle: trim, strip one leading '@', lowercase ASCII. Returns 0
 * or -1 (empty, or contains white space inside). */
int kith__norm_handle(const char *in, char *out, size_t n);
/* Currency code: trim, uppercase; must be three ASCII letters (the form
 * of ISO 4217, e.g. "cad " -> "CAD"). Returns 0, 1 when in is blank (out
 * = ""), or -1 when it is not a code. */
int kith__norm_currency(const char *in, char out[4]);
/* Trim ASCII white space in place; returns s. */
char *kith__trim(char *s);
/* 1 if s is NULL or only white space. */
int kith__blank(const char *s);

#endif
