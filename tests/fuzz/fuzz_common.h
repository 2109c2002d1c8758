/*
 * fuzz_common.h — invariant checks shared by the libFuzzer harnesses in
 * tests/fuzz/ and by tests/unit/check_regress.c, which includes the harness
 * sources to replay tests/fuzz/regressions/ and the seed corpora.
 *
 * A broken invariant prints what failed and calls abort(): libFuzzer saves
 * the input as a crash, a Check test run with CK_FORK=yes reports a signal.
 */
#ifndef VB_FUZZ_COMMON_H
#define VB_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vanban.h"

/* What a failed check does after printing: abort() for libFuzzer; the
 * regression suite defines it to fail the Check test instead. */
#ifndef FZ_FAIL
#define FZ_FAIL() abort()
#endif

#define FZ_CHECK(cond, ...)                                                        \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n  ", __FILE__,     \
                    __LINE__, #cond);                                              \
            fprintf(stderr, __VA_ARGS__);                                          \
            fputc('\n', stderr);                                                   \
            FZ_FAIL();                                                             \
        }                                                                          \
    } while (0)

/* Length of the strict UTF-8 character at S (N > 0 bytes left): shortest
 * form, no surrogates, nothing above U+10FFFF; 0 when invalid or cut. */
static inline size_t fz_utf8_step(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < need) return 0;
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    return need;
}

/* Offset of the first byte of STR (N bytes) that is not strict UTF-8, or N. */
static inline size_t fz_utf8_bad(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        size_t k = fz_utf8_step(s + i, n - i);
        if (!k) return i;
        i += k;
    }
    return n;
}

static inline int fz_utf8_valid(const char *s, size_t n) { return fz_utf8_bad(s, n) == n; }

/* A NUL-terminated string (may be NULL) that is valid UTF-8. */
static inline void fz_check_str(const char *what, const char *s)
{
    if (!s) return;
    size_t n = strlen(s);
    FZ_CHECK(fz_utf8_valid(s, n), "%s is not valid UTF-8 at byte %zu: \"%.200s\"", what,
             fz_utf8_bad(s, n), s);
}

/* Is byte offset OFF of S (N bytes) a character boundary? */
static inline int fz_boundary(const char *s, size_t n, size_t off)
{
    return off == n || (off < n && ((unsigned char)s[off] & 0xC0) != 0x80);
}

/* Code points in S (N bytes of valid UTF-8). */
static inline size_t fz_codepoints(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
    return k;
}

/* Number of lines of a normalized text: newlines + 1. */
static inline size_t fz_line_count(const char *s, size_t n)
{
    size_t k = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n') k++;
    return k;
}

/* ---------------------------------------------------------------- tokens */

typedef struct {
    const char *text;      /* the tokenized text */
    size_t len;
    int text_valid;        /* TEXT is valid UTF-8: offsets must be on boundaries */
    uint32_t first_pos;
    uint32_t last_pos;     /* highest position seen */
    size_t last_off;
    size_t count;
    int stop_after;        /* > 0: ask to stop after this many tokens */
    unsigned char *steps;  /* invalid TEXT: steps[i] = 1 where a decoding step starts */
} fz_tokstate_t;

/* Where decoding steps start in S (N bytes): a valid character or a single
 * invalid byte each make one step (as vb_utf8_decode() reads). N+1 flags,
 * freed by the caller. */
static inline unsigned char *fz_step_map(const char *s, size_t n)
{
    unsigned char *m = calloc(n + 1, 1);
    FZ_CHECK(m != NULL, "out of memory");
    size_t i = 0;
    while (i < n) {
        m[i] = 1;
        size_t k = fz_utf8_step((const unsigned char *)s + i, n - i);
        i += k ? k : 1;
    }
    m[n] = 1;
    return m;
}

static inline int fz_token_cb(const vb_token_t *t, void *data)
{
    fz_tokstate_t *st = data;
    FZ_CHECK(t->kind == VB_TOK_WORD || t->kind == VB_TOK_NUMBER || t->kind == VB_TOK_SYMBOL ||
                 t->kind == VB_TOK_DATE, "token kind %d", (int)t->kind);
    FZ_CHECK(t->len > 0, "empty token at %zu", t->offset);
    FZ_CHECK(t->offset <= st->len && t->len <= st->len - t->offset,
             "token [%zu,+%zu) outside the text (%zu bytes)", t->offset, t->len, st->len);
    if (st->text_valid) {
        FZ_CHECK(fz_boundary(st->text, st->len, t->offset), "token start %zu not on a character boundary", t->offset);
        FZ_CHECK(fz_boundary(st->text, st->len, t->offset + t->len), "token end %zu not on a character boundary",
                 t->offset + t->len);
    } else if (st->steps) {
        FZ_CHECK(st->steps[t->offset], "token start %zu inside a character", t->offset);
        FZ_CHECK(st->steps[t->offset + t->len], "token end %zu inside a character", t->offset + t->len);
    }
    FZ_CHECK(t->pos >= st->first_pos, "position %u before first_pos %u", t->pos, st->first_pos);
    if (st->count > 0) {
        FZ_CHECK(t->pos >= st->last_pos, "position %u after %u", t->pos, st->last_pos);
        FZ_CHECK(t->offset >= st->last_off, "token at %zu after one at %zu", t->offset, st->last_off);
    }
    FZ_CHECK(t->exact && t->folded, "NULL term form");
    FZ_CHECK(strlen(t->exact) == t->exact_len, "exact_len %zu, strlen %zu", t->exact_len, strlen(t->exact));
    FZ_CHECK(strlen(t->folded) == t->folded_len, "folded_len %zu, strlen %zu", t->folded_len, strlen(t->folded));
    FZ_CHECK(t->exact_len <= 245 && t->folded_len <= 245, "term longer than Xapian allows");
    /* term forms are valid UTF-8 even of invalid text: tokens hold only valid characters */
    fz_check_str("exact form", t->exact);
    fz_check_str("folded form", t->folded);
    if (t->kind == VB_TOK_DATE) {
        FZ_CHECK(t->exact_len == 10 && t->exact[4] == '-' && t->exact[7] == '-', "date term \"%s\"", t->exact);
    }
    st->last_pos = t->pos;
    st->last_off = t->offset;
    st->count++;
    return st->stop_after > 0 && st->count >= (size_t)st->stop_after;
}

/* Tokenize TEXT and check every token; returns the token count.  TEXT_VALID:
 * TEXT is known to be valid UTF-8 (else it is checked here). */
static inline size_t fz_tokenize_check(const char *text, size_t len, int text_valid, unsigned flags,
                                       uint32_t first_pos, int stop_after)
{
    fz_tokstate_t st;
    memset(&st, 0, sizeof st);
    st.text = text;
    st.len = len;
    st.text_valid = text_valid || fz_utf8_valid(text, len);
    if (!st.text_valid) st.steps = fz_step_map(text, len);
    st.first_pos = first_pos;
    st.stop_after = stop_after;
    uint32_t last = 0;
    vb_status_t rc = vb_tokenize(text, len, flags, first_pos, fz_token_cb, &st, &last);
    if (stop_after > 0 && st.count >= (size_t)stop_after)
        FZ_CHECK(rc == VB_ERR_CANCELLED, "vb_tokenize returned %d after a stop", (int)rc);
    else
        FZ_CHECK(rc == VB_OK, "vb_tokenize returned %d", (int)rc);
    FZ_CHECK(last >= first_pos, "last_pos %u < first_pos %u", last, first_pos);
    if (st.count > 0 && rc == VB_OK) FZ_CHECK(last > st.last_pos, "last_pos %u not after %u", last, st.last_pos);
    free(st.steps);
    return st.count;
}

/* ---------------------------------------------------------------- documents */

/* ISO date "YYYY-MM-DD". */
static inline int fz_iso_date(const char *s)
{
    if (strlen(s) != 10) return 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
        else if (s[i] < '0' || s[i] > '9') return 0;
    }
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A pinpoint clause path: ^d[0-9]+[a-z]?(\.([0-9a-z]|đ)+)*$ — "d19", "d19.1",
 * "d19.1.h", "d5.2.đ"; an article may carry a letter ("Điều 19a" -> "d19a"). */
static inline int fz_pinpoint_ok(const char *p)
{
    size_t i = 0;
    if (p[i++] != 'd') return 0;
    size_t b = i;
    while (p[i] >= '0' && p[i] <= '9') i++;
    if (i == b) return 0;
    if (p[i] >= 'a' && p[i] <= 'z') i++;
    while (p[i] == '.') {
        i++;
        b = i;
        for (;;) {
            if ((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'z')) i++;
            else if ((unsigned char)p[i] == 0xC4 && (unsigned char)p[i + 1] == 0x91) i += 2;   /* đ */
            else break;
        }
        if (i == b) return 0;
    }
    return p[i] == '\0';
}

static inline int fz_strptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static inline void fz_check_strs(const char *what, char *const *v, size_t n)
{
    FZ_CHECK(n == 0 || v != NULL, "%s: %zu entries, NULL array", what, n);
    for (size_t i = 0; i < n; i++) {
        FZ_CHECK(v[i] != NULL, "%s[%zu] NULL", what, i);
        fz_check_str(what, v[i]);
    }
}

/* Every invariant of a parsed document of TEXT (LEN bytes). */
static inline void fz_check_doc(const vb_doc_t *d, const char *text, size_t len)
{
    size_t nlines = fz_line_count(text, len);
    fz_check_str("number", d->number);
    fz_check_str("type", d->type);
    fz_check_str("place", d->place);
    fz_check_str("subject", d->subject);
    fz_check_str("signer title", d->signer.title);
    fz_check_str("signer name", d->signer.name);
    if (d->date) FZ_CHECK(fz_iso_date(d->date), "document date \"%.40s\"", d->date);
    fz_check_strs("issuer", d->issuer, d->issuer_count);
    fz_check_strs("recipient", d->recipients, d->recipient_count);
    fz_check_strs("cc", d->cc, d->cc_count);
    fz_check_strs("warning", d->warnings, d->warning_count);

    FZ_CHECK(d->clause_count == 0 || d->clauses != NULL, "clauses NULL");
    const char **paths = malloc((d->clause_count ? d->clause_count : 1) * sizeof *paths);
    FZ_CHECK(paths != NULL, "out of memory");
    unsigned prev_line = 0;
    for (size_t i = 0; i < d->clause_count; i++) {
        const vb_clause_t *c = &d->clauses[i];
        FZ_CHECK(c->path && c->path[0], "clause %zu has no path", i);
        fz_check_str("clause path", c->path);
        FZ_CHECK(c->label != NULL, "clause %s has no label", c->path);
        fz_check_str("clause label", c->label);
        fz_check_str("clause assignee", c->assignee);
        fz_check_str("clause context", c->context);
        FZ_CHECK(c->line >= 1 && c->line <= nlines, "clause %s at line %u of %zu", c->path, c->line, nlines);
        FZ_CHECK(c->line >= prev_line, "clause %s at line %u after one at line %u (not in text order)", c->path,
                 c->line, prev_line);
        prev_line = c->line;
        FZ_CHECK(c->text != NULL, "clause %s has no text", c->path);
        FZ_CHECK(c->text[c->text_len] == '\0' && memchr(c->text, '\0', c->text_len) == NULL,
                 "clause %s: text_len %zu, strlen %zu", c->path, c->text_len, strlen(c->text));
        FZ_CHECK(fz_utf8_valid(c->text, c->text_len), "clause %s text not valid UTF-8 at byte %zu", c->path,
                 fz_utf8_bad(c->text, c->text_len));
        paths[i] = c->path;
    }
    if (d->clause_count > 1) qsort(paths, d->clause_count, sizeof *paths, fz_strptr_cmp);
    for (size_t i = 1; i < d->clause_count; i++)
        FZ_CHECK(strcmp(paths[i - 1], paths[i]) != 0, "clause path \"%s\" twice", paths[i]);

    FZ_CHECK(d->citation_count == 0 || d->citations != NULL, "citations NULL");
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *t = &d->citations[i];
        fz_check_str("citation type", t->type);
        fz_check_str("citation number", t->number);
        fz_check_str("citation date", t->date);
        fz_check_str("citation issuer", t->issuer);
        fz_check_str("citation pinpoint", t->pinpoint);
        fz_check_str("citation text", t->text);
        fz_check_str("citation name", t->name);
        /* a citation names its instrument by number, or by name (Luật …) */
        FZ_CHECK(t->number != NULL || t->name != NULL, "citation %zu without a number or a name", i);
        FZ_CHECK(t->text != NULL, "citation %zu without text", i);
        /* ISO, or the year alone for a law cited by name and year (vanban.h) */
        if (t->date)
            FZ_CHECK(fz_iso_date(t->date) || (strlen(t->date) == 4 && t->date[0] >= '1' && t->date[0] <= '2' &&
                                             strspn(t->date, "0123456789") == 4),
                     "citation date \"%.40s\"", t->date);
        if (t->pinpoint) FZ_CHECK(fz_pinpoint_ok(t->pinpoint), "pinpoint \"%.60s\"", t->pinpoint);
        FZ_CHECK(t->clause != NULL, "citation %zu without a clause", i);
        const char **hit = d->clause_count
            ? bsearch(&t->clause, paths, d->clause_count, sizeof *paths, fz_strptr_cmp) : NULL;
        FZ_CHECK(hit != NULL, "citation %zu in clause \"%s\", which does not exist", i, t->clause);
        FZ_CHECK(t->line >= 1 && t->line <= nlines, "citation %zu at line %u of %zu", i, t->line, nlines);
        /* (a citation may stand on a line before its clause's own line: the
         * chapter and section headings above an article go into the text of
         * the article's clause, which starts at the article's line) */
    }
    free(paths);
}

/* Decode BYTES as ENC, parse the text, check the document (doc and cite harnesses). */
static inline void fz_decode_parse_check(const void *bytes, size_t n, vb_encoding_t enc)
{
    vb_text_t *t = NULL;
    vb_status_t rc = vb_text_decode(bytes, n, enc, &t);
    FZ_CHECK(rc == VB_OK, "vb_text_decode returned %d", (int)rc);
    vb_doc_t *d = NULL;
    rc = vb_doc_parse(t->text, t->len, &d);
    FZ_CHECK(rc == VB_OK && d != NULL, "vb_doc_parse returned %d", (int)rc);
    fz_check_doc(d, t->text, t->len);
    vb_doc_free(d);
    vb_text_free(t);
}

#endif
