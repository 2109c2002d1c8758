/* Mentions: where a query's words and phrases stand in a clause text, found
 * with the same tokenizer as the index (byte offsets for display). */
#ifndef VB_MENTIONS_H
#define VB_MENTIONS_H

#include "internal.h"

/* One position of a pattern: a token matches when its folded form is equal
 * and, when exact is set, its exact form too. */
typedef struct {
    char *folded;
    char *exact;       /* NULL: diacritics optional */
    int whole;         /* a symbol or date: compare with whole tokens */
} slot_t;

typedef struct {
    slot_t *slots;
    size_t n;
} pattern_t;

typedef struct {
    pattern_t *pats;
    size_t n, cap;
} patterns_t;

/* Add a pattern of N positions (FOLDED[i], EXACT[i] or NULL). WHOLE: one
 * symbol/date token. Returns 0 on out of memory. */
int patterns_add(patterns_t *p, const char *const *folded, const char *const *exact, size_t n, int whole);
void patterns_free(patterns_t *p);

/* Mentions of the patterns in TEXT: *OUT gets [start, end) byte pairs, sorted,
 * overlaps merged (malloc'd; free()); returns the number of pairs. FOLD: the
 * exact forms do not bind (a text typed without diacritics). NTOK: read only
 * the first NTOK tokens (the search knows from the positions where the last
 * mention ends; a clause can be a 100 KB table), 0 all. */
size_t find_mentions(const patterns_t *p, const char *text, size_t len, int fold, size_t ntok, size_t **out);

/* Add the words of TEXT as one pattern, diacritics optional (a field value
 * shown where it stands: giao:). Returns 0 on out of memory. */
int patterns_add_text(patterns_t *p, const char *text);

/* Sort the N [start, end) pairs of SPANS and merge overlaps; returns the
 * number of pairs left. */
size_t spans_normalize(size_t *spans, size_t n);

/* ref: conditions, shown as the text of the citations they match: the
 * keys they stand for (number or name keys, refkeys.h) and the folded
 * pinpoint (NULL: any). */
typedef struct {
    char **keys, **pins;
    size_t n;
} refspans_t;
/* Returns 0 on out of memory. */
int refspans_add(refspans_t *r, const char *key, const char *pin);
void refspans_free(refspans_t *r);

#endif
