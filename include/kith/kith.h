/* kith: community intelligence for small businesses. This header includes
 * every public area header. */
#ifndef KITH_H
#define KITH_H

#include "kith/error.h"
#include "kith/store.h"
#include "kith/ingest.h"
#include "kith/metrics.h"
#include "kith/report.h"
#include "kith/sentiment.h"
#include "kith/topics.h"
#include "kith/auth.h"
#include "kith/members.h"
#include "kith/demo.h"

/* Version string of the library ("0.1.0"). */
KITH_API const char *kith_version(void);

#endif
