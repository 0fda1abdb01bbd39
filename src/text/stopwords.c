/* English stopwords for rising topics: function words, pronouns, auxiliary
 * verbs and the pieces contractions leave once apostrophes split words
 * ("don't" -> don, t). Committed rather than taken from a package: Debian
 * has no small stopword list package, and this one is short enough to
 * read. Sorted, searched by bisection. */
#include <stdlib.h>
#include <string.h>

#include "text/stopwords.h"

static const char *const words[] = {
    "about",      "above",   "after",     "again",    "against",   "all",    "also",
    "am",         "an",      "and",       "any",      "are",       "aren",   "as",
    "at",         "be",      "because",   "been",     "before",    "being",  "below",
    "between",    "both",    "but",       "by",       "can",       "could",  "couldn",
    "did",        "didn",    "do",        "does",     "doesn",     "doing",  "don",
    "down",       "during",  "each",      "even",     "ever",      "few",    "for",
    "from",       "further", "get",       "got",      "had",       "hadn",   "has",
    "hasn",       "have",    "haven",     "having",   "he",        "her",    "here",
    "hers",       "herself", "him",       "himself",  "his",       "how",    "i",
    "if",         "im",      "in",        "into",     "is",        "isn",    "it",
    "its",        "itself",  "just",      "ll",       "me",        "more",   "most",
    "much",       "my",      "myself",    "no",       "nor",       "not",    "now",
    "of",         "off",     "on",        "once",     "only",      "or",     "other",
    "our",        "ours",    "ourselves", "out",      "over",      "own",    "re",
    "same",       "shan",    "she",       "should",   "shouldn",   "so",     "some",
    "such",       "than",    "that",      "the",      "their",     "theirs", "them",
    "themselves", "then",    "there",     "these",    "they",      "this",   "those",
    "through",    "to",      "too",       "under",    "until",     "up",     "us",
    "ve",         "very",    "was",       "wasn",     "we",        "were",   "weren",
    "what",       "when",    "where",     "which",    "while",     "who",    "whom",
    "why",        "will",    "with",      "without",  "won",       "would",  "wouldn",
    "you",        "your",    "yours",     "yourself", "yourselves"};

static int cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

int kith__stopword(const char *w, size_t len)
{
    (void)len;
    return bsearch(w, words, sizeof words / sizeof words[0], sizeof words[0], cmp) !=
           NULL;
}
