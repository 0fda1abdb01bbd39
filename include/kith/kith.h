/* kith: community intelligence for small businesses. This header includes
 * every public area header. */
#ifndef KITH_H
#define KITH_H

#include "kith/error.h"
#include "kith/store.h"
#include "kith/ingest.h"
#include "kith/metrics.h"
#include "kith/report.h"
#include "kith/segments.h"
#include "kith/sentiment.h"
#include "kith/time.h"
#include "kith/topics.h"
#include "kith/graph.h"
#include "kith/impact.h"
#include "kith/clv.h"
#include "kith/churn.h"
#include "kith/auth.h"
#include "kith/members.h"
#include "kith/demo.h"
#include "kith/server.h"

/* Version string of the library ("0.1.0"). */
KITH_API const char *kith_version(void);

/* The path of a data file rel ("web/index.html", "vader_lexicon.txt") into
 * out (size n): $KITH_DATA_DIR/rel when that variable is set; else
 * PREFIX/share/kith/rel when the running executable is in PREFIX/bin and
 * PREFIX/share/kith exists (an installed kith); else in the source tree of
 * the build folder the executable runs from (its kith-source-dir file
 * names the tree), where the npm files are under node_modules. The file
 * itself is not checked. Errors: KITH_ENOTFOUND (none applies),
 * KITH_EUSAGE (the path does not fit in n). */
KITH_API kith_code kith_data_path(const char *rel, char *out, size_t n, kith_error *err);

#endif
