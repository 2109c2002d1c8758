/* Internal helpers shared by the library's C files (not installed). */
#ifndef VB_INTERNAL_H
#define VB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vanban.h"

/* ---- growable byte buffer: one owner, freed with vb_buf_free ---- */
typedef struct {
    char *data;
    size_t len, cap;
    int oom;          /* set once an allocation failed; later appends are no-ops */
} vb_buf_t;

int vb_buf_grow(vb_buf_t *b, size_t extra);        /* the slow path of vb_buf_reserve */

/* Room for EXTRA more bytes (and a NUL); 0 after an allocation failure.
 * Inline, with vb_buf_append and vb_buf_putc: the tokenizer and the parser
 * call them for nearly every character (callgrind: ~9% of an index run). */
static inline int vb_buf_reserve(vb_buf_t *b, size_t extra)
{
    if (!b->oom && b->len + extra + 1 <= b->cap) return 1;
    return vb_buf_grow(b, extra);
}

static inline void vb_buf_append(vb_buf_t *b, const void *p, size_t n)
{
    if (!vb_buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void vb_buf_putc(vb_buf_t *b, char c)
{
    if (!vb_buf_reserve(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void vb_buf_puts(vb_buf_t *b, const char *s);
void vb_buf_put_cp(vb_buf_t *b, uint32_t cp);      /* UTF-8 encode */
void vb_buf_printf(vb_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *vb_buf_steal(vb_buf_t *b);                    /* NUL-terminated; buffer reset */
void vb_buf_free(vb_buf_t *b);

/* ---- whole files (util.c) ---- */
#define VB_MAX_INPUT ((size_t)2 << 30)   /* the largest input the library reads */
vb_status_t vb_read_whole(const char *path, char **out, size_t *outlen);

/* ---- per-thread error message behind vb_last_error() ---- */
void vb_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vb_clear_error(void);

/* ---- UTF-8 ---- */
/* Decode one code point at S (N bytes left). Returns its byte length (>= 1);
 * *CP = 0xFFFD and length 1 for an invalid or truncated sequence. Well-formed
 * 1- to 3-byte sequences are decoded inline (called for nearly every character). */
size_t vb_utf8_decode_multi(const unsigned char *s, size_t n, uint32_t *cp);
static inline size_t vb_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    /* well-formed 2- and 3-byte sequences (all of Vietnamese) straight through */
    if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(c & 0x1F) << 6 | (uint32_t)(s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        uint32_t v = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (uint32_t)(s[2] & 0x3F);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
    }
    return vb_utf8_decode_multi(s, n, cp);
}
/* The base letter ('a'..'z') of every code point U+00C0..U+024F (2-byte
 * sequences C3 80..C9 8F) and U+1E00..U+1EFF (E1 B8 80..E1 BB BF) that has
 * a letter entry (vb_letter_info), else 0: the folding loops and the
 * tokenizer read a letter's base straight from its bytes. Filled by
 * vb_letter_tables(), which the readers call once first. */
extern char vb_base2[7 * 64], vb_base3[4 * 64];
void vb_letter_tables(void);
/* The base of the 2- or 3-byte letter at S (N bytes left) from those tables,
 * its length into *K; 0 when S starts no such letter. */
static inline char vb_seq_base(const unsigned char *s, size_t n, size_t *k)
{
    unsigned c = s[0];
    if (c >= 0xC3 && c <= 0xC9) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *k = 2;
        return vb_base2[(c - 0xC3) << 6 | (s[1] & 0x3Fu)];
    }
    if (c == 0xE1 && n >= 3 && s[1] >= 0xB8 && s[1] <= 0xBB && (s[2] & 0xC0) == 0x80) {
        *k = 3;
        return vb_base3[(s[1] - 0xB8u) << 6 | (s[2] & 0x3Fu)];
    }
    return 0;
}
/* Encode CP into OUT (4 bytes room); returns the length. */
size_t vb_utf8_encode(uint32_t cp, char *out);

/* 64-bit FNV-1a (store/record.c), for file ids, content hashes and hash tables */
uint64_t vb_hash64(const void *p, size_t n, uint64_t h);
#define VB_HASH_INIT 0xcbf29ce484222325ULL

/* strdup of N bytes; NULL on OOM. */
char *vb_strndup(const char *s, size_t n);
/* An unsigned decimal at *P (before END; advanced past it), at most MAX,
 * into *OUT: 1, or 0 when there is none or it is larger (the protocols of
 * query/shardpage.c and query/termstats.c). */
int vb_read_uint(const char **p, const char *end, unsigned long long max, unsigned long long *out);
/* ARR (N elements in use of *CAP, each SIZE bytes) with room for one more:
 * ARR itself, or a larger copy (*CAP doubled, 16 at first); NULL when out
 * of memory or the size overflows (ARR then untouched, still the caller's).
 * Typical use: T *p = vb_grow(a->v, a->n, &a->cap, sizeof *p); if (!p) fail;
 * a->v = p; a->v[a->n++] = x; */
void *vb_grow_more(void *arr, size_t *cap, size_t size);
/* inline: it sits in loops that push each position (the room check stays in the loop) */
static inline void *vb_grow(void *arr, size_t n, size_t *cap, size_t size)
{
    return n < *cap ? arr : vb_grow_more(arr, cap, size);
}
/* The first index of the N ascending values of V whose value is not below X
 * (N when none): the one binary search of docid lists, position lists and
 * clause bases (uint32_t is unsigned on every target we build). Inline: the
 * query's evaluation calls it for each position it places in a clause. */
static inline size_t vb_lower_bound(const unsigned *v, size_t n, unsigned x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
/* 1 when X is among the N sorted values of V (a binary search). */
static inline int vb_sorted_has(const unsigned *v, size_t n, unsigned x)
{
    size_t i = vb_lower_bound(v, n, x);
    return i < n && v[i] == x;
}
/* qsort comparator of unsigned ints; and V's N values sorted, each once (the new count). */
int vb_cmp_unsigned(const void *a, const void *b);
size_t vb_sort_unique(unsigned *v, size_t n);

/* 1 when PATH names a directory (a regular file), following links. */
int vb_path_is_dir(const char *path);
int vb_path_is_file(const char *path);

/* A pause for tests at a named point of a race window: the environment
 * variable VANBAN_TEST_PAUSE=POINT:MS makes vb_test_pause(POINT) sleep MS
 * milliseconds (at most 10 s), after saying so on stderr. Nothing else reads it; unset, it costs a
 * getenv() at the few points that call it. */
void vb_test_pause(const char *point);

/* ---- diacritics of a text (text/marks.c) ---- */

/* Count the syllables of TEXT (runs of at most 7 Latin letters) and those
 * that carry a Vietnamese mark. */
void vb_text_marks(const char *text, size_t len, size_t *syllables, size_t *marked);
/* 1 when a text of SYLLABLES syllables, MARKED of them marked, counts as
 * typed without diacritics (under 10 % marked, at least 40 syllables). */
int vb_text_marks_without(size_t syllables, size_t marked);

/* ---- Vietnamese letters (vnletter.c) ---- */
enum { VB_MOD_NONE = 0, VB_MOD_CIRC, VB_MOD_BREVE, VB_MOD_HORN, VB_MOD_BAR };
enum { VB_TONE_NONE = 0, VB_TONE_GRAVE, VB_TONE_ACUTE, VB_TONE_HOOK, VB_TONE_TILDE, VB_TONE_DOT };

typedef struct {
    char base;         /* lower-case ASCII base letter, 0 when not a Latin letter we know */
    uint8_t mod;       /* VB_MOD_* */
    uint8_t tone;      /* VB_TONE_* */
    uint8_t upper;     /* 1 for capitals */
    uint8_t foreign;   /* carries a mark Vietnamese does not use (ü, ç, …) */
} vb_letter_t;

/* Describe CP; returns 0 when CP is not a (possibly accented) Latin letter. */
int vb_letter_info(uint32_t cp, vb_letter_t *out);
/* vb_letter_info of CP >= 0x80 in short, for vb_text_marks: 0 not a letter,
 * 1 a letter, 2 a letter with a Vietnamese mark (not foreign, a modifier or a tone). */
int vb_letter_mark(uint32_t cp);
/* Compose a lower-case letter from base, modifier and tone; 0 when impossible. */
uint32_t vb_letter_compose(char base, int mod, int tone);

/* Is the lower-case letter sequence a well-formed Vietnamese syllable?
 * Used by encoding detection. LETTERS has N entries. */
int vb_syllable_valid(const vb_letter_t *letters, size_t n);

/* vb_term_fold, then runs of spaces, tabs, '*' and no-break spaces made one
 * space, none at either end: the same bytes as folding first and collapsing
 * after, in one pass (the document parser folds every line and word). */
size_t vb_term_fold_collapse(const char *s, size_t len, char *buf, size_t cap);

/* vb_term_exact into EXACT (ECAP bytes, its length in *EXACT_LEN) and
 * vb_term_fold into FOLD (FCAP bytes): the same bytes as the two calls,
 * the letters decoded once. Returns the folded length. */
size_t vb_term_forms(const char *s, size_t len, char *exact, size_t ecap, size_t *exact_len, char *fold, size_t fcap);

/* The first occurrence of ND (NN bytes) in H (HN bytes), or NULL (memmem, which
 * is not C11; quicker than it on a line). */
const char *vb_memmem(const char *h, size_t hn, const char *nd, size_t nn);

/* Maximum bytes of a term form we produce (Xapian's limit is 245). */
#define VB_TERM_MAX 200

#endif
