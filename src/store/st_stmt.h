/* Cached prepared statements of the store (internal to src/store/). */
#ifndef KITH_ST_STMT_H
#define KITH_ST_STMT_H

#include <sqlite3.h>

#include "store/store_int.h"

/* The cached statement id, prepared from sql on first use, reset and with
 * bindings cleared on every later use. NULL (and err set) on failure. */
sqlite3_stmt *kith__st_stmt(kith_store *st, kith_stmt_id id, const char *sql,
                            kith_error *err);
/* Bind text, or NULL when s is NULL or empty. */
void kith__st_bind_text(sqlite3_stmt *s, int i, const char *v);

#endif
