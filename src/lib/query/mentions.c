/* Mentions of query patterns in clause texts. */
#include <stdio.h>
#include "query/mentions.h"

void patterns_free(patterns_t *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (size_t k = 0; k < p->pats[i].n; k++) {
            free(p->pats[i].slots[k].folded);
            free(p->pats[i].slots[k].exact);
        }
        free(p->pats[i].slots);
    }
    free(p->pats);
    memset(p, 0, sizeof *p);
}

int patterns_add(patterns_t *p, const char *const *folded, const char *const *exact, size_t n, int whole)
{
    pattern_t *np = vb_grow(p->pats, p->n, &p->cap, sizeof *np);
    if (!np) return 0;
    p->pats = np;
    pattern_t *pt = &p->pats[p->n];
    pt->slots = calloc(n ? n : 1, sizeof *pt->slots);
    pt->n = 0;
    if (!pt->slots) return 0;
    p->n++;
    for (size_t i = 0; i < n; i++) {
        slot_t *s = &pt->slots[pt->n++];
        s->folded = vb_strndup(folded[i], strlen(folded[i]));
        s->exact = exact && exact[i] ? vb_strndup(exact[i], strlen(exact[i])) : NULL;
        s->whole = whole;
        if (!s->folded || (exact && exact[i] && !s->exact)) return 0;
    }
    return 1;
}

typedef struct {
    const pattern_t *pats;
    size_t npats;
    const char *text;
    /* recent word tokens (ring), for matching patterns that end at the current one */
    struct { size_t off, end; char folded[64]; char exact[96]; } ring[32];
    size_t seen;
    size_t *out;        /* pairs */
    size_t n, cap;
    int oom;
    int fold;           /* exact forms do not bind */
    size_t ntok;        /* tokens to read (0: all) */
} mctx_t;

static int slot_ok(const slot_t *s, const char *folded, const char *exact, int fold)
{
    if (strcmp(s->folded, folded) != 0) return 0;
    return fold || !s->exact || strcmp(s->exact, exact) == 0;
}

static void add_match(mctx_t *m, size_t a, size_t b)
{
    if (m->n + 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        size_t *no = realloc(m->out, cap * sizeof *no);
        if (!no) { m->oom = 1; return; }
        m->out = no;
        m->cap = cap;
    }
    m->out[m->n++] = a;
    m->out[m->n++] = b;
}

static int mention_token(const vb_token_t *t, void *data)
{
    mctx_t *m = data;
    if (m->ntok && t->pos >= m->ntok) return 1;   /* past the last mention the positions showed */
    if (t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE) {
        for (size_t p = 0; p < m->npats; p++) {
            const pattern_t *pt = &m->pats[p];
            if (pt->n == 1 && pt->slots[0].whole && strcmp(pt->slots[0].folded, t->folded) == 0)
                add_match(m, t->offset, t->offset + t->len);
        }
        return 0;
    }
    size_t r = m->seen % 32;
    m->ring[r].off = t->offset;
    m->ring[r].end = t->offset + t->len;
    /* cut as snprintf would (a longer "word" matches no pattern anyway); snprintf
     * itself was a sixth of a query's time here */
    size_t fl = t->folded_len < sizeof m->ring[r].folded ? t->folded_len : sizeof m->ring[r].folded - 1;
    size_t el = t->exact_len < sizeof m->ring[r].exact ? t->exact_len : sizeof m->ring[r].exact - 1;
    memcpy(m->ring[r].folded, t->folded, fl);
    m->ring[r].folded[fl] = '\0';
    memcpy(m->ring[r].exact, t->exact, el);
    m->ring[r].exact[el] = '\0';
    m->seen++;
    for (size_t p = 0; p < m->npats; p++) {
        const pattern_t *pt = &m->pats[p];
        if (pt->n == 0 || pt->n > 32 || pt->n > m->seen || pt->slots[0].whole) continue;
        int ok = 1;
        for (size_t k = 0; k < pt->n && ok; k++) {
            size_t idx = (m->seen - pt->n + k) % 32;
            ok = slot_ok(&pt->slots[k], m->ring[idx].folded, m->ring[idx].exact, m->fold);
        }
        if (ok) add_match(m, m->ring[(m->seen - pt->n) % 32].off, t->offset + t->len);
    }
    return 0;
}

static int cmp_pair(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

size_t spans_normalize(size_t *spans, size_t n)
{
    if (n < 2) return n;
    qsort(spans, n, 2 * sizeof *spans, cmp_pair);
    size_t k = 0;
    for (size_t i = 0; i < 2 * n; i += 2) {
        if (k && spans[i] < spans[k - 1]) {
            if (spans[i + 1] > spans[k - 1]) spans[k - 1] = spans[i + 1];
            continue;
        }
        spans[k++] = spans[i];
        spans[k++] = spans[i + 1];
    }
    return k / 2;
}

/* Mentions of the patterns in TEXT, sorted, overlaps merged. */
size_t find_mentions(const patterns_t *p, const char *text, size_t len, int fold, size_t ntok, size_t **out)
{
    mctx_t m;
    memset(&m, 0, sizeof m);
    m.fold = fold;
    m.ntok = ntok;
    m.pats = p->pats;
    m.npats = p->n;
    m.text = text;
    *out = NULL;
    if (p->n == 0) return 0;
    vb_tokenize(text, len, VB_TOKENIZE_DEFAULT, 0, mention_token, &m, NULL);
    *out = m.out;
    return spans_normalize(m.out, m.n / 2);
}

typedef struct {
    char *w[32];
    size_t n;
    int oom;
} words_t;

static int field_word(const vb_token_t *t, void *data)
{
    words_t *w = data;
    if (w->n == 32) return 1;
    if (!(w->w[w->n] = vb_strndup(t->folded, t->folded_len))) { w->oom = 1; return 1; }
    w->n++;
    return 0;
}

int patterns_add_text(patterns_t *p, const char *text)
{
    words_t w;
    memset(&w, 0, sizeof w);
    vb_tokenize(text, strlen(text), VB_TOKENIZE_SYLLABLES, 0, field_word, &w, NULL);
    int ok = !w.oom && (w.n == 0 || patterns_add(p, (const char *const *)w.w, NULL, w.n, 0));
    for (size_t i = 0; i < w.n; i++) free(w.w[i]);
    return ok;
}

int refspans_add(refspans_t *r, const char *key, const char *pin)
{
    char fp[128];
    char **nk = realloc(r->keys, (r->n + 1) * sizeof *nk);
    if (!nk) return 0;
    r->keys = nk;
    char **np = realloc(r->pins, (r->n + 1) * sizeof *np);
    if (!np) return 0;
    r->pins = np;
    r->keys[r->n] = vb_strndup(key, strlen(key));
    r->pins[r->n] = NULL;
    if (pin && *pin) {
        size_t pl = vb_term_fold(pin, strlen(pin), fp, sizeof fp);
        r->pins[r->n] = vb_strndup(fp, pl);
        if (!r->pins[r->n]) { free(r->keys[r->n]); return 0; }
    }
    if (!r->keys[r->n]) { free(r->pins[r->n]); return 0; }
    r->n++;
    return 1;
}

void refspans_free(refspans_t *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->keys[i]);
        free(r->pins[i]);
    }
    free(r->keys);
    free(r->pins);
    memset(r, 0, sizeof *r);
}

