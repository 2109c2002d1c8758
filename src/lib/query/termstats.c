/* The term statistics of a compilation (termstats.h): read from the
 * database, recorded for a client, or summed from the shards' answers. */
#include <stdio.h>
#include <stdlib.h>
#include "query/termstats.h"

typedef struct {
    size_t off, len;     /* in the side's bytes */
} span_t;

typedef struct {
    span_t prefix;
    size_t first, count; /* its terms: terms[first .. first + count) */
} listing_t;

typedef struct {
    span_t term;
    unsigned freq;
} freq_t;

/* One shard's figures (a recorder has one side, its own). */
typedef struct {
    int have;
    unsigned docs;
    listing_t *lists;
    size_t nlists, caplists;
    span_t *terms;
    size_t nterms, capterms;
    freq_t *freqs;
    size_t nfreqs, capfreqs;
    vb_buf_t arena;      /* a recorder's copies of the strings */
    char *body;          /* a reader's: the answer the spans point into */
} side_t;

struct vb_termstats {
    int recording;
    size_t nsides;
    side_t *sides;
};

static int more_lists(side_t *s)
{
    listing_t *p = vb_grow(s->lists, s->nlists, &s->caplists, sizeof *p);
    return p ? (s->lists = p, 1) : 0;
}

static int more_terms(side_t *s)
{
    span_t *p = vb_grow(s->terms, s->nterms, &s->capterms, sizeof *p);
    return p ? (s->terms = p, 1) : 0;
}

static int more_freqs(side_t *s)
{
    freq_t *p = vb_grow(s->freqs, s->nfreqs, &s->capfreqs, sizeof *p);
    return p ? (s->freqs = p, 1) : 0;
}

static termstats_t *ts_new(size_t nsides, int recording)
{
    termstats_t *ts = calloc(1, sizeof *ts);
    if (!ts) return NULL;
    ts->sides = calloc(nsides ? nsides : 1, sizeof *ts->sides);
    if (!ts->sides) { free(ts); return NULL; }
    ts->nsides = nsides;
    ts->recording = recording;
    return ts;
}

termstats_t *vb_termstats_recorder(void) { return ts_new(1, 1); }

termstats_t *vb_termstats_reader(size_t nshards) { return nshards ? ts_new(nshards, 0) : NULL; }

void vb_termstats_free(termstats_t *ts)
{
    if (!ts) return;
    for (size_t i = 0; i < ts->nsides; i++) {
        side_t *s = &ts->sides[i];
        free(s->lists);
        free(s->terms);
        free(s->freqs);
        vb_buf_free(&s->arena);
        free(s->body);
    }
    free(ts->sides);
    free(ts);
}

int vb_termstats_complete(const termstats_t *ts)
{
    for (size_t i = 0; ts && i < ts->nsides; i++)
        if (!ts->sides[i].have) return 0;
    return ts != NULL;
}

/* ---- lookups in one side */

static const char *base(const side_t *s) { return s->body ? s->body : s->arena.data; }

static int span_is(const side_t *s, span_t sp, const char *t, size_t n)
{
    return sp.len == n && memcmp(base(s) + sp.off, t, n) == 0;
}

static const listing_t *find_listing(const side_t *s, const char *prefix, size_t plen)
{
    for (size_t i = 0; i < s->nlists; i++)
        if (span_is(s, s->lists[i].prefix, prefix, plen)) return &s->lists[i];
    return NULL;
}

static const freq_t *find_freq(const side_t *s, const char *t, size_t n)
{
    for (size_t i = 0; i < s->nfreqs; i++)
        if (span_is(s, s->freqs[i].term, t, n)) return &s->freqs[i];
    return NULL;
}

static int listed(const side_t *s, const listing_t *l, const char *t, size_t n)
{
    for (size_t i = 0; i < l->count; i++)
        if (span_is(s, s->terms[l->first + i], t, n)) return 1;
    return 0;
}

/* Term T's frequency on side S: 1 and *F when known (noted, or absent from a
 * complete listing of a prefix of it), else 0. */
static int side_freq(const side_t *s, const char *t, size_t n, unsigned *f)
{
    const freq_t *fr = find_freq(s, t, n);
    if (fr) { *f = fr->freq; return 1; }
    for (size_t i = 0; i < s->nlists; i++) {
        const listing_t *l = &s->lists[i];
        if (l->prefix.len <= n && memcmp(base(s) + l->prefix.off, t, l->prefix.len) == 0 && !listed(s, l, t, n)) {
            *f = 0;
            return 1;
        }
    }
    return 0;
}

/* ---- recording */

static span_t keep(side_t *s, const char *t, size_t n)
{
    span_t sp = { s->arena.len, n };
    vb_buf_append(&s->arena, t, n);
    return sp;
}

static vb_status_t note_term(const char *t, size_t n, unsigned docs, void *data)
{
    side_t *s = data;
    (void)docs;
    if (!more_terms(s)) return VB_ERR_NOMEM;
    s->terms[s->nterms++] = keep(s, t, n);
    return VB_OK;
}

static vb_status_t record_listing(vb_index_t *ix, side_t *s, const char *prefix)
{
    if (!more_lists(s)) return VB_ERR_NOMEM;
    listing_t l = { keep(s, prefix, strlen(prefix)), s->nterms, 0 };
    vb_status_t st = vb_for_each_term(ix, prefix, 0, note_term, s);
    l.count = s->nterms - l.first;
    if (st == VB_OK && s->arena.oom) st = VB_ERR_NOMEM;
    if (st != VB_OK) { s->nterms = l.first; return st; }
    s->lists[s->nlists++] = l;
    return VB_OK;
}

void vb_termstats_write(const termstats_t *ts, vb_buf_t *b)
{
    const side_t *s = &ts->sides[0];
    const char *bs = base(s);
    vb_buf_printf(b, "n %u\n", s->docs);
    for (size_t i = 0; i < s->nlists; i++) {
        const listing_t *l = &s->lists[i];
        vb_buf_printf(b, "a %zu\n", l->prefix.len);
        vb_buf_append(b, bs + l->prefix.off, l->prefix.len);
        vb_buf_putc(b, '\n');
        for (size_t j = 0; j < l->count; j++) {
            span_t t = s->terms[l->first + j];
            vb_buf_printf(b, "l %zu\n", t.len);
            vb_buf_append(b, bs + t.off, t.len);
            vb_buf_putc(b, '\n');
        }
    }
    for (size_t i = 0; i < s->nfreqs; i++) {
        vb_buf_printf(b, "t %zu %u\n", s->freqs[i].term.len, s->freqs[i].freq);
        vb_buf_append(b, bs + s->freqs[i].term.off, s->freqs[i].term.len);
        vb_buf_putc(b, '\n');
    }
}

/* ---- reading an answer */


/* "LEN\n<LEN bytes>\n" at *P (after the key and its space): the bytes' span. */
static int read_bytes(const char **p, const char *end, const char *body, unsigned long long len, span_t *sp)
{
    if (*p >= end || **p != '\n') return 0;
    (*p)++;
    if ((unsigned long long)(end - *p) < len + 1 || (*p)[len] != '\n') return 0;
    sp->off = (size_t)(*p - body);
    sp->len = (size_t)len;
    *p += len + 1;
    return 1;
}

int vb_termstats_add(termstats_t *ts, size_t shard, char *body, size_t len)
{
    if (!ts || ts->recording || shard >= ts->nsides || ts->sides[shard].have) { free(body); return 0; }
    side_t *s = &ts->sides[shard];
    s->body = body;
    const char *p = body, *end = body + len;
    unsigned long long v, f;
    if (end - p < 2 || memcmp(p, "n ", 2) != 0) return 0;
    p += 2;
    if (!vb_read_uint(&p, end, UINT32_MAX, &v) || p >= end || *p++ != '\n') return 0;
    s->docs = (unsigned)v;
    listing_t *cur = NULL;
    while (p < end) {
        char key = *p;
        if (end - p < 2 || p[1] != ' ') return 0;
        p += 2;
        if (!vb_read_uint(&p, end, 1u << 20, &v)) return 0;
        span_t sp;
        if (key == 'a') {
            if (!read_bytes(&p, end, body, v, &sp) || !more_lists(s)) return 0;
            cur = &s->lists[s->nlists++];
            cur->prefix = sp;
            cur->first = s->nterms;
            cur->count = 0;
        } else if (key == 'l') {
            if (!cur || !read_bytes(&p, end, body, v, &sp) || !more_terms(s)) return 0;
            s->terms[s->nterms++] = sp;
            cur->count++;
        } else if (key == 't') {
            if (p >= end || *p++ != ' ' || !vb_read_uint(&p, end, UINT32_MAX, &f)) return 0;
            if (!read_bytes(&p, end, body, v, &sp) || !more_freqs(s)) return 0;
            s->freqs[s->nfreqs].term = sp;
            s->freqs[s->nfreqs++].freq = (unsigned)f;
            cur = NULL;
        } else {
            return 0;
        }
    }
    s->have = 1;
    return 1;
}

/* ---- what the compiler calls */

vb_status_t vb_ts_doccount(vb_index_t *ix, unsigned *n)
{
    termstats_t *ts = ix->tstats;
    if (ts && !ts->recording) {
        unsigned long long sum = 0;
        for (size_t i = 0; i < ts->nsides; i++) sum += ts->sides[i].docs;
        *n = sum > UINT32_MAX ? UINT32_MAX : (unsigned)sum;
        return VB_OK;
    }
    vb_status_t st = vb_index_xerr(vbx_db_doccount(ix->db, n), ix->path);
    if (st == VB_OK && ts) ts->sides[0].docs = *n;
    return st;
}

vb_status_t vb_ts_termfreq(vb_index_t *ix, const char *term, size_t len, unsigned *freq)
{
    termstats_t *ts = ix->tstats;
    if (ts && !ts->recording) {
        unsigned long long sum = 0;
        size_t i;
        for (i = 0; i < ts->nsides; i++) {
            unsigned f = 0;
            if (!side_freq(&ts->sides[i], term, len, &f)) break;
            sum += f;
        }
        if (i == ts->nsides) {
            *freq = sum > UINT32_MAX ? UINT32_MAX : (unsigned)sum;
            return VB_OK;
        }
    }
    if (ts && ts->recording) {
        const freq_t *fr = find_freq(&ts->sides[0], term, len);
        if (fr) { *freq = fr->freq; return VB_OK; }
    }
    vb_status_t st = vb_index_xerr(vbx_db_termfreq(ix->db, term, len, freq), ix->path);
    if (st == VB_OK && ts && ts->recording) {
        side_t *s = &ts->sides[0];
        if (!more_freqs(s)) return VB_ERR_NOMEM;
        s->freqs[s->nfreqs].term = keep(s, term, len);
        s->freqs[s->nfreqs++].freq = *freq;
        if (s->arena.oom) return VB_ERR_NOMEM;
    }
    return st;
}

/* Byte order, as Xapian lists terms. */
static int cmp_term(const char *a, size_t an, const char *b, size_t bn)
{
    int d = memcmp(a, b, an < bn ? an : bn);
    return d ? d : an < bn ? -1 : an > bn;
}

/* The shards' listings of PREFIX merged, each term once, to FN. */
static vb_status_t merged(const termstats_t *ts, const listing_t **ls, vb_term_fn fn, void *data)
{
    size_t *at = calloc(ts->nsides, sizeof *at);
    if (!at) return VB_ERR_NOMEM;
    vb_status_t st = VB_OK;
    for (;;) {
        const char *best = NULL;
        size_t bl = 0;
        for (size_t i = 0; i < ts->nsides; i++) {
            if (at[i] == ls[i]->count) continue;
            span_t t = ts->sides[i].terms[ls[i]->first + at[i]];
            const char *s = base(&ts->sides[i]) + t.off;
            if (!best || cmp_term(s, t.len, best, bl) < 0) { best = s; bl = t.len; }
        }
        if (!best) break;
        if ((st = fn(best, bl, 0, data)) != VB_OK) break;
        for (size_t i = 0; i < ts->nsides; i++) {   /* past it everywhere */
            if (at[i] == ls[i]->count) continue;
            span_t t = ts->sides[i].terms[ls[i]->first + at[i]];
            if (cmp_term(base(&ts->sides[i]) + t.off, t.len, best, bl) == 0) at[i]++;
        }
    }
    free(at);
    return st;
}

vb_status_t vb_ts_allterms(vb_index_t *ix, const char *prefix, vb_term_fn fn, void *data)
{
    termstats_t *ts = ix->tstats;
    size_t plen = strlen(prefix);
    if (ts && !ts->recording) {
        const listing_t **ls = calloc(ts->nsides, sizeof *ls);
        if (!ls) return VB_ERR_NOMEM;
        size_t i;
        for (i = 0; i < ts->nsides && (ls[i] = find_listing(&ts->sides[i], prefix, plen)); i++) {}
        vb_status_t st = i == ts->nsides ? merged(ts, ls, fn, data) : VB_ERR_NOT_FOUND;
        free(ls);
        if (st != VB_ERR_NOT_FOUND) return st;
    }
    if (ts && ts->recording) {
        side_t *s = &ts->sides[0];
        const listing_t *l = find_listing(s, prefix, plen);
        if (!l) {
            vb_status_t st = record_listing(ix, s, prefix);
            if (st != VB_OK) return st;
            l = &s->lists[s->nlists - 1];
        }
        vb_status_t st = VB_OK;
        for (size_t j = 0; j < l->count && st == VB_OK; j++) {
            span_t t = s->terms[l->first + j];
            st = fn(base(s) + t.off, t.len, 0, data);
        }
        return st;
    }
    return vb_for_each_term(ix, prefix, 0, fn, data);
}
