/* The English stopword list of rising topics (stopwords.c). */
#ifndef KITH_TEXT_STOPWORDS_H
#define KITH_TEXT_STOPWORDS_H

#include <stddef.h>

/* 1 when w[0..len) (lowercase, NUL-terminated) is a stopword. O(log n). */
int kith__stopword(const char *w, size_t len);

#endif
