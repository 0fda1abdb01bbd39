/* String-keyed hash map (see strmap.h). FNV-1a hashing, linear probing,
 * load factor at most 1/2. */
#include "core/strmap.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_MIN 65536

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return h;
}

void kith__strmap_init(kith_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void kith__strmap_free(kith_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nblocks; i++)
        free(m->blocks[i]);
    free(m->blocks);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void kith__strmap_clear(kith_strmap *m)
{
    for (size_t i = 0; i < m->nblocks; i++)
        free(m->blocks[i]);
    m->nblocks = 0;
    m->block_used = m->block_size = 0;
    if (m->slots)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->count = 0;
}

int kith__strmap_get(const kith_strmap *m, const char *key, int64_t *value)
{
    if (!m->cap)
        return 0;
    uint64_t h = fnv1a(key);
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const kith_strmap_slot *s = &m->slots[i];
        if (!s->key)
            return 0;
        if (s->hash == h && strcmp(s->key, key) == 0) {
            *value = s->value;
            return 1;
        }
    }
}

static kith_code grow(kith_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    kith_strmap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return KITH_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        kith_strmap_slot *s = &m->slots[i];
        if (!s->key)
            continue;
        size_t j = s->hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return KITH_OK;
}

static char *store_key(kith_strmap *m, const char *key)
{
    size_t len = strlen(key) + 1;
    if (!m->nblocks || m->block_used + len > m->block_size) {
        size_t size = len > BLOCK_MIN ? len : BLOCK_MIN;
        if (m->nblocks == m->blocks_cap) {
            size_t nc = m->blocks_cap ? m->blocks_cap * 2 : 16;
            char **nb = realloc(m->blocks, nc * sizeof *nb);
            if (!nb)
                return NULL;
            m->blocks = nb;
            m->blocks_cap = nc;
        }
        char *b = malloc(size);
        if (!b)
            return NULL;
        m->blocks[m->nblocks++] = b;
        m->block_used = 0;
        m->block_size = size;
    }
    char *dst = m->blocks[m->nblocks - 1] + m->block_used;
    memcpy(dst, key, len);
    m->block_used += len;
    return dst;
}

kith_code kith__strmap_put(kith_strmap *m, const char *key, int64_t value)
{
    if ((m->count + 1) * 2 > m->cap) {
        kith_code rc = grow(m);
        if (rc != KITH_OK)
            return rc;
    }
    uint64_t h = fnv1a(key);
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        kith_strmap_slot *s = &m->slots[i];
        if (!s->key)
            break;
        if (s->hash == h && strcmp(s->key, key) == 0) {
            s->value = value;
            return KITH_OK;
        }
    }
    char *k = store_key(m, key);
    if (!k)
        return KITH_ENOMEM;
    m->slots[i].key = k;
    m->slots[i].hash = h;
    m->slots[i].value = value;
    m->count++;
    return KITH_OK;
}
