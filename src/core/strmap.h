/* String-keyed hash map to int64 values (open addressing, linear probing).
 * Keys are copied into blocks the map owns. Used as the identity cache of
 * an import, where it saves one index lookup per row. */
#ifndef KITH_CORE_STRMAP_H
#define KITH_CORE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"

typedef struct kith_strmap_slot {
    const char *key; /* NULL = empty */
    uint64_t hash;
    int64_t value;
} kith_strmap_slot;

typedef struct kith_strmap {
    kith_strmap_slot *slots;
    size_t cap; /* power of two */
    size_t count;
    char **blocks; /* key storage */
    size_t nblocks, blocks_cap;
    size_t block_used, block_size;
} kith_strmap;

void kith__strmap_init(kith_strmap *m);
void kith__strmap_free(kith_strmap *m);
/* Looks key up; returns 1 and sets *value if found, else 0. O(1) expected. */
int kith__strmap_get(const kith_strmap *m, const char *key, int64_t *value);
/* Inserts or replaces. */
kith_code kith__strmap_put(kith_strmap *m, const char *key, int64_t value);
/* Drops everything (keeps the allocation of the slot array). */
void kith__strmap_clear(kith_strmap *m);

#endif
