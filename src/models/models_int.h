/* Inside src/models/: limits and helpers shared by the segment models
 * (k-means, RFM, segments). The only headers here that may use GSL types
 * are .c files of src/models/; this one stays GSL-free so the metrics
 * engine can include it. */
#ifndef KITH_MODELS_INT_H
#define KITH_MODELS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"

/* Largest k and number of features kith_kmeans takes (fixed-size scratch
 * for the renumbering). */
#define KITH__KMEANS_MAX_K 64
#define KITH__KMEANS_MAX_D 64

/* Turn GSL's abort-on-error handler off, once per process. */
void kith__models_init(void);

/* Mean silhouettes of nlab labellings of the same rows (labels[l] with
 * ks[l] clusters) in one pass over the pairs: out[l]. Errors as
 * kith_silhouette. O(n^2 (d + nlab)). */
kith_code kith__silhouette_multi(const double *x, size_t n, size_t d, int nlab,
                                 const int32_t *const *labels, const int *ks, double *out,
                                 kith_error *err);

/* m of the rows 0..n-1 drawn without replacement (seeded), in increasing
 * order; malloc'ed (caller frees), NULL when out of memory. m <= n. */
size_t *kith__sample_rows(size_t n, size_t m, uint64_t seed);

#endif
