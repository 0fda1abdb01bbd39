/* A Bloom filter of strings: "certainly absent" or "maybe present". The
 * import keeps one of the org's identity keys so that an identity seen for
 * the first time skips the SQLite index search (most identities of a member
 * file are new). A false "maybe" only costs the search it would have made
 * anyway, so the filter may be sized low without harm to correctness. */
#ifndef KITH_CORE_BLOOM_H
#define KITH_CORE_BLOOM_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"

typedef struct kith_bloom {
    uint64_t *bits;
    uint64_t mask; /* number of bits - 1 (a power of two) */
} kith_bloom;

/* Sized for about n keys at roughly 1% false positives (12 bits a key,
 * at least 64 Kbit, at most 2^26 bits = 8 MiB, so memory
 * stays bounded whatever the file size). */
kith_code kith__bloom_init(kith_bloom *b, uint64_t n);
void kith__bloom_free(kith_bloom *b);
/* Adds the key of len bytes. */
void kith__bloom_add(kith_bloom *b, const char *key, size_t len);
/* 0 when the key was certainly never added, 1 when it may have been. An
 * uninitialised (zeroed) filter answers 1: it knows nothing. */
int kith__bloom_maybe(const kith_bloom *b, const char *key, size_t len);

#endif
