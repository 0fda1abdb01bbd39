/* Bloom filter (see bloom.h): one 64-bit FNV-1a hash, mixed, split into two
 * 32-bit halves; the k probe positions are h1 + i*h2 (Kirsch-Mitzenmacher
 * double hashing), which is as good as k independent hashes. */
#include "core/bloom.h"

#include <stdlib.h>

/* 8 MiB at most, whatever the file's size: beyond about 5.6M keys the
 * false "maybe"s grow, which only costs index searches. */
#define BLOOM_MAX_BITS (1ULL << 26)
#define BLOOM_K 7 /* optimal for 12 bits a key: 12 * ln 2 ~ 8; 7 is cheaper */

static uint64_t hash64(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    /* splitmix64 finaliser: FNV's low bits alone are weakly mixed. */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

kith_code kith__bloom_init(kith_bloom *b, uint64_t n)
{
    uint64_t want = n * 12, bits = 65536;
    while (bits < want && bits < BLOOM_MAX_BITS)
        bits <<= 1;
    b->bits = calloc(bits / 64, sizeof *b->bits);
    b->mask = b->bits ? bits - 1 : 0;
    return b->bits ? KITH_OK : KITH_ENOMEM;
}

void kith__bloom_free(kith_bloom *b)
{
    free(b->bits);
    b->bits = NULL;
    b->mask = 0;
}

void kith__bloom_add(kith_bloom *b, const char *key, size_t len)
{
    if (!b->bits)
        return;
    uint64_t h = hash64(key, len);
    uint64_t h1 = h & 0xffffffffu, h2 = (h >> 32) | 1;
    for (int i = 0; i < BLOOM_K; i++) {
        uint64_t bit = (h1 + (uint64_t)i * h2) & b->mask;
        b->bits[bit >> 6] |= 1ULL << (bit & 63);
    }
}

int kith__bloom_maybe(const kith_bloom *b, const char *key, size_t len)
{
    if (!b->bits)
        return 1;
    uint64_t h = hash64(key, len);
    uint64_t h1 = h & 0xffffffffu, h2 = (h >> 32) | 1;
    for (int i = 0; i < BLOOM_K; i++) {
        uint64_t bit = (h1 + (uint64_t)i * h2) & b->mask;
        if (!(b->bits[bit >> 6] & (1ULL << (bit & 63))))
            return 0;
    }
    return 1;
}
