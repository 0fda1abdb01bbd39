/* Identity normalisation: the deterministic keys on which members merge.
 * Two raw values that normalise to the same string are the same person. */
#ifndef KITH_CORE_NORM_H
#define KITH_CORE_NORM_H

#include <stddef.h>

/* Email: trim, lowercase; must be local@domain with a dot in the domain and
 * no spaces. Writes to out (size n). Returns 0 or -1 (not an email). */
int kith__norm_email(const char *in, char *out, size_t n);
/* Phone: keep digits; "+" or "00" prefix marks an international number,
 * whose digits are kept as they are (less a "(0)" trunk prefix). A
 * national number is read with default_cc (the calling code, digits; may
 * be NULL/""): its trunk 0 is replaced by the code (07700 900123, 44 ->
 * 447700900123; Italy, San Marino and the Vatican keep the 0 after the
 * code); with code 1 (North America) a 10-digit number gets the 1 in
 * front and an 11-digit one starting with 1 is taken as it is; with code
 * 7 a trunk 8 is replaced. Other numbers are kept as digits. Needs 6 to
 * 15 digits. Returns 0, -1 (not a phone number), or -2: a national number
 * (a trunk 0) and no default_cc to read it with. */
int kith__norm_phone(const char *in, const char *default_cc, char *out, size_t n);
/* The calling code of a country named by its ISO 3166 alpha-2 code ("CA"
 * -> "1", "za" -> "27"; surrounding blanks ignored), NULL when unknown. */
const char *kith__country_calling_code(const char *country);
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
