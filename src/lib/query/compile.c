/* The query compiler: the query tree (qparse.c) becomes two things:
 *  - a Xapian query that finds the candidate files (a superset: exclusions
 *    are left out, AND means "somewhere in the file");
 *  - an evaluation tree that decides, clause by clause, from the positions
 *    of the terms in each candidate file, which clauses match, how often the
 *    query's words stand in them, and their score (eval.c). */
#include <math.h>
#include <stdio.h>
#include "query/query_internal.h"
#include "text/abbrev.h"
#include "query/refkeys.h"
#include "query/termstats.h"
#include "doc/doc_internal.h"

static void alts_free(alts_t *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        for (size_t k = 0; k < a[i].n; k++) free(a[i].terms[k]);
        free(a[i].terms);
        for (size_t k = 0; a[i].docs && k < a[i].n; k++) free(a[i].docs[k]);
        for (size_t k = 0; a[i].wdfs && k < a[i].n; k++) free(a[i].wdfs[k]);
        free(a[i].docs);
        free(a[i].wdfs);
        free(a[i].ndocs);
        free(a[i].bterm);
        free(a[i].bdocs);
        free(a[i].bwdfs);
    }
    free(a);
}

static void ev_free(ev_t *e)
{
    if (!e) return;
    alts_free(e->slots, e->nslots);
    alts_free(e->exact_slots, e->exact_slots ? e->nslots : 0);
    alts_free(e->fold_slots, e->fold_slots ? e->nslots : 0);
    for (size_t i = 0; i < e->nterms; i++) free(e->terms[i]);
    free(e->terms);
    free(e->docids);
    for (size_t i = 0; i < e->nkids; i++) ev_free(e->kids[i]);
    free(e->kids);
    free(e);
}

static ev_t *ev_new(ev_kind_t kind)
{
    ev_t *e = calloc(1, sizeof *e);
    if (e) e->kind = kind;
    return e;
}

static int alts_push(alts_t *a, const char *t, size_t n)
{
    char **nt = realloc(a->terms, (a->n + 1) * sizeof *nt);
    if (!nt) return 0;
    a->terms = nt;
    a->terms[a->n] = vb_strndup(t, n);
    if (!a->terms[a->n]) return 0;
    a->n++;
    return 1;
}


void vb_query_node_free(node_t *n)
{
    vbx_query_free(n->q);
    ev_free(n->ev);
    n->q = NULL;
    n->ev = NULL;
}

static void fail_st(compiler_t *c, vb_status_t st, const char *what)
{
    if (c->st == VB_OK) c->st = st == VB_ERR_NOMEM ? st : vb_index_xerr(st, what);
}

static vbx_query_t *term_q(compiler_t *c, const char *term, size_t len)
{
    vbx_query_t *q = NULL;
    vb_status_t st = vbx_query_term(term, len, 1, 0, &q);
    if (st != VB_OK) fail_st(c, st, "query");
    return q;
}

/* Combine SUBS (consumed) with OP. */
static vbx_query_t *combine(compiler_t *c, vbx_query_op_t op, vbx_query_t **subs, size_t n, unsigned window)
{
    vbx_query_t *q = NULL;
    int ok = c->st == VB_OK;
    for (size_t i = 0; i < n; i++)
        if (!subs[i]) ok = 0;
    if (ok) {
        vb_status_t st = n == 1 && op != VBX_QUERY_PHRASE ? VB_OK : vbx_query_combine(op, subs, n, window, &q);
        if (n == 1 && op != VBX_QUERY_PHRASE) { q = subs[0]; subs[0] = NULL; }
        if (st != VB_OK) fail_st(c, st, "query");
    } else if (c->st == VB_OK) {
        c->st = VB_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) vbx_query_free(subs[i]);
    return q;
}

vbx_query_t *vb_query_match_all(compiler_t *c)
{
    vbx_query_t *q = NULL;
    vb_status_t st = vbx_query_match_all(&q);
    if (st != VB_OK) fail_st(c, st, "query");
    return q;
}

/* Tokens of a text, for building queries. */
typedef struct {
    vb_token_kind_t kind;
    char *exact, *folded;
} qtok_t;

typedef struct {
    qtok_t *t;
    size_t n, cap;
    int whole_only;    /* the text is exactly one symbol or date */
    size_t text_len;
} qtoks_t;

static int collect_qtok(const vb_token_t *t, void *data)
{
    qtoks_t *q = data;
    qtok_t *nt = vb_grow(q->t, q->n, &q->cap, sizeof *nt);
    if (!nt) return 1;
    q->t = nt;
    q->t[q->n].kind = t->kind;
    q->t[q->n].exact = vb_strndup(t->exact, t->exact_len);
    q->t[q->n].folded = vb_strndup(t->folded, t->folded_len);
    if (!q->t[q->n].exact || !q->t[q->n].folded) {
        free(q->t[q->n].exact);
        free(q->t[q->n].folded);
        return 1;
    }
    if ((t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE) && t->offset == 0 && t->len == q->text_len)
        q->whole_only = 1;
    q->n++;
    return 0;
}

static void qtoks_free(qtoks_t *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->t[i].exact);
        free(q->t[i].folded);
    }
    free(q->t);
    memset(q, 0, sizeof *q);
}

static vb_status_t qtoks_of(const char *s, qtoks_t *q)
{
    memset(q, 0, sizeof *q);
    while (*s == ' ') s++;   /* trimmed, so that a lone symbol is the whole text */
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    q->text_len = n;
    vb_status_t st = vb_tokenize(s, n, VB_TOKENIZE_DEFAULT, 0, collect_qtok, q, NULL);
    return st == VB_OK ? VB_OK : VB_ERR_NOMEM;
}

static vb_status_t push_alt(const char *t, size_t n, unsigned docs, void *data)
{
    (void)docs;
    return alts_push(data, t, n) ? VB_OK : VB_ERR_NOMEM;
}

/* The index terms of one syllable: "f" and every "f:<exact>" in the index; with
 * EXACT only "f:<exact>" (or "f" when the two forms are the same). */
static int syllable_alts(compiler_t *c, const qtok_t *t, int exact, alts_t *a)
{
    char term[VB_TERM_MAX * 2 + 4];
    size_t fl = strlen(t->folded), el = strlen(t->exact);
    int same = fl == el && memcmp(t->folded, t->exact, fl) == 0;
    memcpy(term, t->folded, fl);
    if (exact) {
        size_t n = fl;
        if (!same) {
            term[n++] = VB_EXACT_SEP;
            memcpy(term + n, t->exact, el);
            n += el;
        }
        return alts_push(a, term, n);
    }
    if (!alts_push(a, t->folded, fl)) return 0;
    term[fl] = VB_EXACT_SEP;
    term[fl + 1] = '\0';
    vb_status_t st = vb_ts_allterms(c->ix, term, push_alt, a);
    if (st != VB_OK) { fail_st(c, st, "query"); return 0; }
    return 1;
}

/* OR of a position's alternatives (PHRASE accepts OR subqueries in Xapian 1.4). */
static vbx_query_t *alts_q(compiler_t *c, const alts_t *a)
{
    vbx_query_t **subs = calloc(a->n ? a->n : 1, sizeof *subs);
    if (!subs) { c->st = VB_ERR_NOMEM; return NULL; }
    for (size_t i = 0; i < a->n; i++) subs[i] = term_q(c, a->terms[i], strlen(a->terms[i]));
    vbx_query_t *q = combine(c, VBX_QUERY_OR, subs, a->n, 0);
    free(subs);
    return q;
}

static double alts_idf(compiler_t *c, alts_t *a)
{
    unsigned df = 0;
    if (c->gdf_given) {   /* a shard's page: scores in the archive's terms (shardpage.c) */
        if (c->gdf_used < c->ngdf) df = c->gdf[c->gdf_used++];
        else c->gdf_mismatch = 1;
    } else {
        for (size_t i = 0; i < a->n; i++) {
            unsigned f = 0;
            if (vb_ts_termfreq(c->ix, a->terms[i], strlen(a->terms[i]), &f) == VB_OK) df += f;
        }
        if (c->gdf_keep) {
            unsigned *g = vb_grow(c->gdf, c->ngdf, &c->capgdf, sizeof *g);
            if (g) c->gdf = g;
            if (g) c->gdf[c->ngdf++] = df;
            else c->gdf_mismatch = 1;   /* out of memory: no shard pages for this query */
        }
    }
    a->df = df;   /* kept for the bounded search (search.c): a remote shard answers each question by a round trip */
    a->have_df = 1;
    if (df > c->ndocs) df = c->ndocs;
    return log(1.0 + (double)(c->ndocs ? c->ndocs : 1) / (double)(df ? df : 1));
}

/* The candidate query of a sequence of slots: a phrase of their alternatives. */
static vbx_query_t *phrase_q(compiler_t *c, alts_t *slots, size_t n, double *idf)
{
    vbx_query_t **subs = calloc(n, sizeof *subs);
    if (!subs) { c->st = VB_ERR_NOMEM; return NULL; }
    for (size_t i = 0; i < n && c->st == VB_OK; i++) {
        subs[i] = alts_q(c, &slots[i]);
        if (idf) *idf += alts_idf(c, &slots[i]);
    }
    /* bounded search (search.c): Xapian need not check positions in every
     * candidate file; the evaluation of the files read does */
    vbx_query_t *q = combine(c, c->words_only && n > 1 ? VBX_QUERY_AND : VBX_QUERY_PHRASE, subs, n, 0);
    free(subs);
    return q;
}

/* Words or a phrase of body text. RECORD: its mentions are shown.
 *
 * Diacritics as typed: a syllable typed with a mark (or đ) matches that
 * spelling only (its exact term; tone placement is canonical in both), one
 * typed without marks every spelling. Files typed without diacritics
 * (VB_SLOT_UNMARKED) cannot tell "mua" from "mưa": there every syllable
 * matches every spelling (FOLD_SLOTS). --exact binds every syllable as
 * typed, --fold none. */
static node_t text_node(compiler_t *c, const char *text, int record)
{
    node_t out = { NULL, NULL };
    qtoks_t q;
    if (qtoks_of(text, &q) != VB_OK) { c->st = VB_ERR_NOMEM; qtoks_free(&q); return out; }
    int exact = (c->flags & VB_SEARCH_EXACT) != 0, fold = !exact && (c->flags & VB_SEARCH_FOLD) != 0;
    /* the positions: the whole symbol/date, or the syllables */
    size_t n = 0;
    for (size_t i = 0; i < q.n; i++)
        if (q.whole_only ? (q.t[i].kind == VB_TOK_SYMBOL || q.t[i].kind == VB_TOK_DATE)
                         : (q.t[i].kind != VB_TOK_SYMBOL && q.t[i].kind != VB_TOK_DATE))
            n++;
    if (q.whole_only) n = 1;
    ev_t *e = ev_new(EV_TEXT);
    if (!e) { c->st = VB_ERR_NOMEM; qtoks_free(&q); return out; }
    out.ev = e;
    if (n == 0) {
        /* nothing searchable (only punctuation): matches nothing */
        vbx_query_match_nothing(&out.q);
        qtoks_free(&q);
        return out;
    }
    e->nslots = n;
    e->slots = calloc(n, sizeof *e->slots);
    int diacritics = 0;
    for (size_t i = 0; i < q.n; i++) diacritics |= strcmp(q.t[i].exact, q.t[i].folded) != 0;
    int bonus = !exact && diacritics && !q.whole_only;
    /* as typed, with a mark somewhere: files typed without diacritics need every spelling */
    int as_typed = !exact && !fold && diacritics && !q.whole_only;
    if (bonus) e->exact_slots = calloc(n, sizeof *e->exact_slots);
    if (as_typed) e->fold_slots = calloc(n, sizeof *e->fold_slots);
    const char **pf = calloc(n, sizeof *pf), **pe = calloc(n, sizeof *pe);
    if (!e->slots || (bonus && !e->exact_slots) || (as_typed && !e->fold_slots) || !pf || !pe) c->st = VB_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < q.n && c->st == VB_OK; i++) {
        const qtok_t *t = &q.t[i];
        int sym = t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE;
        if (q.whole_only != sym) continue;
        if (sym) {
            char term[VB_TERM_MAX + 4];
            int tl = snprintf(term, sizeof term, "%s%s", t->kind == VB_TOK_SYMBOL ? VB_P_SYMBOL : VB_P_DATE, t->folded);
            if (!alts_push(&e->slots[0], term, (size_t)tl)) c->st = VB_ERR_NOMEM;
            pf[0] = t->folded;
            k = 1;
            break;
        }
        int binding = exact || (as_typed && strcmp(t->exact, t->folded) != 0);
        if (!syllable_alts(c, t, binding, &e->slots[k])) break;
        if (bonus && !syllable_alts(c, t, 1, &e->exact_slots[k])) break;
        if (as_typed && !syllable_alts(c, t, 0, &e->fold_slots[k])) break;
        pf[k] = t->folded;
        pe[k] = binding ? t->exact : NULL;
        k++;
    }
    if (c->st == VB_OK) {
        e->idf = 0;
        out.q = phrase_q(c, e->slots, n, &e->idf);
        /* the candidates: the phrase as typed, or as folded in the files typed without */
        if (as_typed && c->st == VB_OK && c->unmarked_docs) {
            vbx_query_t *sub[2] = { phrase_q(c, e->fold_slots, n, NULL), term_q(c, VB_P_UNMARKED, strlen(VB_P_UNMARKED)) };
            vbx_query_t *either[2] = { out.q, combine(c, VBX_QUERY_AND, sub, 2, 0) };
            out.q = combine(c, VBX_QUERY_OR, either, 2, 0);
        }
    }
    if (c->st == VB_OK && record && !patterns_add(&c->pats, pf, pe, n, q.whole_only)) c->st = VB_ERR_NOMEM;
    free(pf);
    free(pe);
    qtoks_free(&q);
    return out;
}

/* Field text as the index stores it: one syllable is a term; several are an
 * AND of their neighbouring pairs. Fills TERMS (n) and returns the count. */
static size_t field_terms(compiler_t *c, const char *prefix, const char *text, char ***terms)
{
    qtoks_t q;
    *terms = NULL;
    if (qtoks_of(text, &q) != VB_OK) { c->st = VB_ERR_NOMEM; qtoks_free(&q); return 0; }
    const char **syl = calloc(q.n ? q.n : 1, sizeof *syl);
    char **out = calloc(q.n ? q.n : 1, sizeof *out);
    size_t ns = 0, k = 0;
    if (!syl || !out) { free(syl); free(out); qtoks_free(&q); c->st = VB_ERR_NOMEM; return 0; }
    for (size_t i = 0; i < q.n; i++)
        if (q.t[i].kind != VB_TOK_SYMBOL && q.t[i].kind != VB_TOK_DATE) syl[ns++] = q.t[i].folded;
    char term[2 * VB_TERM_MAX + 16];
    for (size_t i = 0; i < ns; i++) {
        if (ns > 1 && i + 1 == ns) break;
        int n = ns == 1 ? snprintf(term, sizeof term, "%s%.100s", prefix, syl[i])
                        : snprintf(term, sizeof term, "%s%.100s %.100s", prefix, syl[i], syl[i + 1]);
        out[k] = vb_strndup(term, (size_t)n);
        if (!out[k]) { c->st = VB_ERR_NOMEM; break; }
        k++;
    }
    free(syl);
    qtoks_free(&q);
    *terms = out;
    return k;
}

static vbx_query_t *and_of_terms(compiler_t *c, char **terms, size_t n)
{
    if (n == 0) {
        vbx_query_t *q = NULL;
        vbx_query_match_nothing(&q);
        return q;
    }
    vbx_query_t **subs = calloc(n, sizeof *subs);
    if (!subs) { c->st = VB_ERR_NOMEM; return NULL; }
    for (size_t i = 0; i < n; i++) subs[i] = term_q(c, terms[i], strlen(terms[i]));
    vbx_query_t *q = combine(c, VBX_QUERY_AND, subs, n, 0);
    free(subs);
    return q;
}

/* The documents matching Q (consumed), as a sorted docid set. */
static ev_t *docset(compiler_t *c, vbx_query_t *q)
{
    ev_t *e = ev_new(EV_DOCSET);
    if (!e || !q) { c->st = c->st ? c->st : VB_ERR_NOMEM; vbx_query_free(q); ev_free(e); return NULL; }
    vbx_enquire_t *en = NULL;
    vbx_mset_t *m = NULL;
    vb_status_t st = vbx_enquire_new(c->ix->db, &en);
    if (st == VB_OK) st = vbx_enquire_set_query(en, q);
    if (st == VB_OK) st = vbx_enquire_set_weighting_bool(en);
    if (st == VB_OK) st = vbx_enquire_set_docid_order(en, VBX_ASC);
    if (st == VB_OK) st = vbx_enquire_get_mset(en, 0, c->ndocs ? c->ndocs : 1, 0, &m);
    vbx_query_free(q);
    if (st == VB_OK) {
        e->ndocids = vbx_mset_size(m);
        e->docids = malloc((e->ndocids ? e->ndocids : 1) * sizeof *e->docids);
        if (!e->docids) st = VB_ERR_NOMEM;
        for (size_t i = 0; st == VB_OK && i < e->ndocids; i++) e->docids[i] = vbx_mset_docid(m, i);
    }
    vbx_mset_free(m);
    vbx_enquire_free(en);
    if (st != VB_OK) { fail_st(c, st, "query"); ev_free(e); return NULL; }
    return e;
}

/* A document-level condition: the candidate query is Q itself, the clause
 * evaluation a docid set computed from it. */
static node_t doc_node(compiler_t *c, vbx_query_t *q)
{
    node_t out = { NULL, NULL };
    if (!q) return out;
    vbx_query_t *copy = NULL;
    vbx_query_t *subs[1] = { q };
    vb_status_t st = vbx_query_combine(VBX_QUERY_AND, subs, 1, 0, &copy);
    if (st != VB_OK) { fail_st(c, st, "query"); vbx_query_free(q); return out; }
    out.q = q;
    out.ev = docset(c, copy);
    return out;
}

/* A clause-level field: TERMS (consumed) all at one clause's first position. */
static node_t posfield_node(compiler_t *c, char **terms, size_t n)
{
    node_t out = { NULL, NULL };
    out.q = and_of_terms(c, terms, n);
    out.ev = ev_new(EV_POSFIELD);
    if (!out.ev) {
        c->st = VB_ERR_NOMEM;
        for (size_t i = 0; i < n; i++) free(terms[i]);
        free(terms);
        return out;
    }
    out.ev->terms = terms;
    out.ev->nterms = n;
    return out;
}

static node_t group_node(compiler_t *c, ev_kind_t kind, node_t *kids, size_t n, vbx_query_op_t op)
{
    node_t out = { NULL, NULL };
    out.ev = ev_new(kind);
    vbx_query_t **subs = calloc(n ? n : 1, sizeof *subs);
    if (!out.ev || !subs) { c->st = VB_ERR_NOMEM; free(subs); for (size_t i = 0; i < n; i++) vb_query_node_free(&kids[i]); return out; }
    out.ev->kids = calloc(n ? n : 1, sizeof *out.ev->kids);
    if (!out.ev->kids) c->st = VB_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (out.ev->kids) out.ev->kids[out.ev->nkids++] = kids[i].ev;
        else ev_free(kids[i].ev);
        kids[i].ev = NULL;
        /* exclusions do not narrow the candidates: a file may hold the excluded words
         * in one clause and a match in another */
        if (kids[i].q) subs[k++] = kids[i].q;
        kids[i].q = NULL;
    }
    out.q = k ? combine(c, op, subs, k, 0) : vb_query_match_all(c);
    free(subs);
    return out;
}


static node_t topic_node(compiler_t *c, const char *topic, int negated)
{
    const char *const *words = NULL;
    size_t n = 0;
    node_t out = { NULL, NULL };
    c->topics = 1;
    if (c->thesaurus) {
        vb_status_t st = vb_thesaurus_lookup(c->ix, c->thesaurus, topic, &words, &n);
        if (st != VB_OK) { c->st = st; return out; }
    }
    if (n == 0) return text_node(c, topic, !negated); /* not in the thesaurus: the words themselves */
    node_t kids[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 32; i++)
        if (*words[i]) kids[k++] = text_node(c, words[i], !negated);
    return group_node(c, EV_OR, kids, k, VBX_QUERY_OR);
}

static node_t number_node(compiler_t *c, const char *prefix, const char *number, const char *pin, int clause_level)
{
    char term[320];
    size_t tl = vb_number_term(term, sizeof term, prefix, number, pin, pin ? strlen(pin) : 0);
    if (clause_level) {
        char **terms = malloc(sizeof *terms);
        if (!terms || !(terms[0] = vb_strndup(term, tl))) { free(terms); c->st = VB_ERR_NOMEM; node_t z = { NULL, NULL }; return z; }
        return posfield_node(c, terms, 1);
    }
    return doc_node(c, term_q(c, term, tl));
}

/* ref: the citations of what VALUE names as people type it (refkeys.c):
 * any of its keys, with the pinpoint or one under it, at a clause. */
static node_t ref_node(compiler_t *c, const char *value, const char *pin, int negated)
{
    /* with vaitro: beside it, the terms that hold the key and the role together */
    char rprefix[40] = VB_P_REF;
    if (c->ref_role && !negated) {
        snprintf(rprefix, sizeof rprefix, "%s%s:", VB_P_ROLE, vb_cite_role_name((vb_cite_role_t)(c->ref_role - 1)));
        pin = NULL;   /* role terms carry no pinpoint */
    }
    node_t out = { NULL, NULL };
    refkeys_t k;
    vb_status_t st = vb_ref_keys(c->ix, value, &k);
    if (st != VB_OK) { fail_st(c, st, "query"); return out; }
    node_t *kids = calloc(k.n ? k.n : 1, sizeof *kids);
    if (!kids) { c->st = VB_ERR_NOMEM; refkeys_free(&k); return out; }
    size_t nk = 0;
    for (size_t i = 0; i < k.n && c->st == VB_OK; i++) {
        char term[320];
        size_t tl = vb_key_term(term, sizeof term, rprefix, k.keys[i], strlen(k.keys[i]), pin, pin ? strlen(pin) : 0);
        if (!tl) continue;
        if (!negated && !refspans_add(&c->refs, k.keys[i], pin)) { c->st = VB_ERR_NOMEM; break; }
        char **terms = malloc(sizeof *terms);
        if (!terms || !(terms[0] = vb_strndup(term, tl))) { free(terms); c->st = VB_ERR_NOMEM; break; }
        kids[nk++] = posfield_node(c, terms, 1);
    }
    refkeys_free(&k);
    if (c->st != VB_OK || nk == 0) {
        for (size_t i = 0; i < nk; i++) vb_query_node_free(&kids[i]);
        free(kids);
        if (c->st == VB_OK) {
            out.ev = ev_new(EV_TEXT);   /* a key too long for a term: matches nothing */
            vbx_query_match_nothing(&out.q);
            if (!out.ev) c->st = VB_ERR_NOMEM;
        }
        return out;
    }
    out = nk == 1 ? kids[0] : group_node(c, EV_OR, kids, nk, VBX_QUERY_OR);
    free(kids);
    return out;
}

/* giao:/chutri: — the bodies are stored with abbreviations written out, so a
 * value typed with one ("UBND các quận") also asks for its long form. A clause's
 * leads are under VB_P_LEAD, the other bodies it gives work to under
 * VB_P_ASSIGNEE (store/schema.h): chutri: asks the first, giao: both. */
static node_t assignee_node(compiler_t *c, int leads_only, const char *text, int negated)
{
    static const char *const prefixes[2] = { VB_P_LEAD, VB_P_ASSIGNEE };
    size_t np = leads_only ? 1 : 2;
    char **alts = NULL;
    size_t na = vb_abbrev_alternatives(text, &alts);
    node_t kids[8];
    size_t k = 0;
    /* the value and at most three of its long forms, each under each prefix */
    for (size_t i = 0; i <= na && i < 4; i++) {
        const char *t = i ? alts[i - 1] : text;
        if (i && c->st != VB_OK) break;
        if (!negated && !patterns_add_text(&c->fpats, t)) c->st = VB_ERR_NOMEM;
        for (size_t p = 0; p < np; p++) {
            char **terms = NULL;
            size_t nt = field_terms(c, prefixes[p], t, &terms);
            kids[k++] = posfield_node(c, terms, nt);
        }
    }
    for (size_t i = 0; i < na; i++) free(alts[i]);
    free(alts);
    if (k == 1) return kids[0];
    return group_node(c, EV_OR, kids, k, VBX_QUERY_OR);
}

static node_t field_node(compiler_t *c, const vb_qnode_t *n, int negated)
{
    node_t out = { NULL, NULL };
    char **terms = NULL;
    size_t nt;
    switch (n->field) {
    case VB_QF_NUMBER:
        return number_node(c, VB_P_NUMBER, n->number ? n->number : n->text, NULL, 0);
    case VB_QF_REF:
        return ref_node(c, n->number ? n->number : n->text, n->pinpoint, negated);
    case VB_QF_TYPE: {
        const char *canon = vb_doc_type_canonical(n->text, strlen(n->text));
        char term[VB_TERM_MAX + 4];
        size_t k = vb_field_term(term, sizeof term, VB_P_TYPE, canon ? canon : n->text, strlen(canon ? canon : n->text));
        return doc_node(c, term_q(c, term, k));
    }
    case VB_QF_ISSUER:
    case VB_QF_SIGNER: {
        nt = field_terms(c, n->field == VB_QF_ISSUER ? VB_P_ISSUER : VB_P_SIGNER, n->text, &terms);
        vbx_query_t *q = and_of_terms(c, terms, nt);
        for (size_t i = 0; i < nt; i++) free(terms[i]);
        free(terms);
        if (n->field == VB_QF_ISSUER && q && c->st == VB_OK) {
            /* any spelling or abbreviation of a body: the issuers are indexed in their
             * canonical spelling (d_body_canonical), so the value's canonical spelling
             * matches too ("UBND tỉnh Bắc Ninh", "BTC", "BLĐTBXH") */
            char *canon = d_body_canonical(n->text, strlen(n->text));
            char a[VB_TERM_MAX + 4], b[VB_TERM_MAX + 4];
            if (!canon) c->st = VB_ERR_NOMEM;
            else {
                size_t al = vb_term_fold(canon, strlen(canon), a, sizeof a);
                size_t bl = vb_term_fold(n->text, strlen(n->text), b, sizeof b);
                if (al && (al != bl || memcmp(a, b, al))) {
                    nt = field_terms(c, VB_P_ISSUER, canon, &terms);
                    vbx_query_t *subs[2] = { q, and_of_terms(c, terms, nt) };
                    for (size_t i = 0; i < nt; i++) free(terms[i]);
                    free(terms);
                    if (subs[1]) q = combine(c, VBX_QUERY_OR, subs, 2, 0);
                }
                free(canon);
            }
        }
        return doc_node(c, q);
    }
    case VB_QF_ASSIGNEE:
        /* the work a clause gives: any body it gives work to, at the clause (giao:) */
        return assignee_node(c, 0, n->text, negated);
    case VB_QF_LEAD:
        /* only a body that leads the work (chutri:) */
        return assignee_node(c, 1, n->text, negated);
    case VB_QF_TO:
        /* whom the document is addressed to (Kính gửi): every clause of it (gui:) */
        nt = field_terms(c, VB_P_RECIPIENT, n->text, &terms);
        out = doc_node(c, and_of_terms(c, terms, nt));
        for (size_t i = 0; i < nt; i++) free(terms[i]);
        free(terms);
        return out;
    case VB_QF_YEAR:
    case VB_QF_DATE: {
        vbx_query_t *q = NULL;
        vb_status_t st;
        if (n->lo[0] && n->hi[0]) st = vbx_query_value_range(VB_SLOT_DATE, n->lo, strlen(n->lo), n->hi, strlen(n->hi), &q);
        else if (n->lo[0]) st = vbx_query_value_ge(VB_SLOT_DATE, n->lo, strlen(n->lo), &q);
        else if (n->hi[0]) st = vbx_query_value_le(VB_SLOT_DATE, n->hi, strlen(n->hi), &q);
        else st = vbx_query_match_all(&q);
        if (st != VB_OK) { fail_st(c, st, "query"); return out; }
        return doc_node(c, q);
    }
    case VB_QF_TOPIC:
        return topic_node(c, n->text, negated);
    case VB_QF_ROLE: {
        vb_cite_role_t r = VB_CITE_DAN_CHIEU;
        vb_cite_role_parse(n->text, strlen(n->text), &r);
        char term[40];
        int tl = snprintf(term, sizeof term, "%s%s", VB_P_ROLE, vb_cite_role_name(r));
        char **ts = malloc(sizeof *ts);
        if (!ts || !(ts[0] = vb_strndup(term, (size_t)tl))) { free(ts); c->st = VB_ERR_NOMEM; return out; }
        return posfield_node(c, ts, 1);
    }
    case VB_QF_EFFECTIVE: {
        vbx_query_t *q = NULL;
        vb_status_t st;
        const unsigned slot = VB_SLOT_EFFECTIVE;
        if (n->lo[0] && n->hi[0]) st = vbx_query_value_range(slot, n->lo, strlen(n->lo), n->hi, strlen(n->hi), &q);
        else if (n->lo[0]) st = vbx_query_value_ge(slot, n->lo, strlen(n->lo), &q);
        else if (n->hi[0]) st = vbx_query_value_le(slot, n->hi, strlen(n->hi), &q);
        else st = vbx_query_value_ge(slot, "0", 1, &q);   /* any stated date */
        if (st != VB_OK) { fail_st(c, st, "query"); return out; }
        return doc_node(c, q);
    }
    default:
        c->st = VB_ERR_QUERY_SYNTAX;
        snprintf(c->err, sizeof c->err, "unsupported field at column %zu", n->column);
        c->errcol = n->column;
        return out;
    }
}

/* Where the document symbols of TEXT stand: byte ranges into SPANS (at most MAX). */
typedef struct {
    size_t (*spans)[2];
    size_t n, max;
} symspans_t;

static int collect_symbol(const vb_token_t *t, void *data)
{
    symspans_t *s = data;
    if (t->kind != VB_TOK_SYMBOL || s->n == s->max) return 0;
    s->spans[s->n][0] = t->offset;
    s->spans[s->n][1] = t->offset + t->len;
    s->n++;
    return 0;
}

/* Has S[a..b) a letter or digit (something a search can hold on to)? */
static int searchable(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80) return 1;
    }
    return 0;
}

/* Words with a document symbol among them ("Nghị định 145/2020/NĐ-CP"): the
 * symbol is its whole-symbol term wherever it stands in the clause, and the
 * words around it are matched as typed, all in one clause. The texts write
 * "Nghị định số 145/2020/NĐ-CP", "Quyết định số: 1949/QĐ-UBND", which a
 * phrase of the typed words would miss. 0 when TEXT is not such a text. */
static int symbol_split(compiler_t *c, const vb_qnode_t *n, int negated, node_t *out)
{
    size_t spans[8][2];
    symspans_t ss = { spans, 0, 8 };
    const char *t = n->text;
    size_t len = strlen(t);
    vb_tokenize(t, len, VB_TOKENIZE_SYMBOLS, 0, collect_symbol, &ss, NULL);
    if (ss.n == 0) return 0;
    if (ss.n == 1 && !searchable(t, 0, spans[0][0]) && !searchable(t, spans[0][1], len)) return 0;
    node_t kids[17];
    size_t k = 0, at = 0;
    for (size_t i = 0; i <= ss.n && c->st == VB_OK; i++) {
        size_t a = at, b = i < ss.n ? spans[i][0] : len;
        for (int part = 0; part < 2; part++) {
            if (part == 1) {
                if (i == ss.n) break;
                a = spans[i][0];
                b = at = spans[i][1];
            }
            if (!searchable(t, a, b)) continue;
            vb_qnode_t sub = *n;
            sub.text = vb_strndup(t + a, b - a);
            if (!sub.text) { c->st = VB_ERR_NOMEM; break; }
            kids[k++] = vb_query_compile(c, &sub, negated);
            free(sub.text);
        }
    }
    *out = group_node(c, EV_AND, kids, k, VBX_QUERY_AND);
    return 1;
}

node_t vb_query_compile(compiler_t *c, const vb_qnode_t *n, int negated)
{
    node_t out = { NULL, NULL };
    if (c->st != VB_OK) return out;
    switch (n->kind) {
    case VB_QN_TERM:
    case VB_QN_PHRASE: {
        if (symbol_split(c, n, negated, &out)) return out;
        /* abbreviations match their long forms and the other way round */
        char **alts = NULL;
        size_t na = vb_abbrev_alternatives(n->text, &alts);
        if (na == 0) return text_node(c, n->text, !negated);
        node_t kids[3];
        kids[0] = text_node(c, n->text, !negated);
        /* an alternative carries the table's diacritics, not the user's: typed
         * without any ("ban chi dao"), its forms match every spelling too */
        size_t syl = 0, marked = 0;
        vb_text_marks(n->text, strlen(n->text), &syl, &marked);
        unsigned flags = c->flags;
        if (marked == 0 && !(flags & VB_SEARCH_EXACT)) c->flags |= VB_SEARCH_FOLD;
        for (size_t i = 0; i < na; i++) {
            kids[i + 1] = text_node(c, alts[i], !negated);
            free(alts[i]);
        }
        c->flags = flags;
        free(alts);
        return group_node(c, EV_OR, kids, na + 1, VBX_QUERY_OR);
    }
    case VB_QN_FIELD:
        return field_node(c, n, negated);
    case VB_QN_NOT: {
        node_t kid = vb_query_compile(c, n->kids[0], !negated);
        out.ev = ev_new(EV_NOT);
        if (!out.ev || !(out.ev->kids = malloc(sizeof *out.ev->kids))) {
            c->st = VB_ERR_NOMEM;
            vb_query_node_free(&kid);
            return out;
        }
        out.ev->kids[0] = kid.ev;
        out.ev->nkids = 1;
        vbx_query_free(kid.q);
        out.q = NULL; /* no narrowing: see group_node */
        return out;
    }
    case VB_QN_AND:
    case VB_QN_OR: {
        node_t *kids = calloc(n->nkids, sizeof *kids);
        if (!kids) { c->st = VB_ERR_NOMEM; return out; }
        /* ref:X vaitro:Y in one AND: X cited with role Y by the same citation */
        int saved_role = c->ref_role;
        if (n->kind == VB_QN_AND && !negated)
            for (size_t i = 0; i < n->nkids; i++) {
                const vb_qnode_t *k = n->kids[i];
                vb_cite_role_t r;
                if (k->kind == VB_QN_FIELD && k->field == VB_QF_ROLE && k->text &&
                    vb_cite_role_parse(k->text, strlen(k->text), &r) == VB_OK)
                    c->ref_role = 1 + (int)r;
            }
        for (size_t i = 0; i < n->nkids; i++) kids[i] = vb_query_compile(c, n->kids[i], negated);
        c->ref_role = saved_role;
        if (n->kind == VB_QN_AND) out = group_node(c, EV_AND, kids, n->nkids, VBX_QUERY_AND);
        else {
            /* an OR with an exclusion inside cannot narrow the candidates */
            int all = 0;
            for (size_t i = 0; i < n->nkids; i++) all |= kids[i].q == NULL;
            if (all)
                for (size_t i = 0; i < n->nkids; i++) { vbx_query_free(kids[i].q); kids[i].q = NULL; }
            out = group_node(c, EV_OR, kids, n->nkids, VBX_QUERY_OR);
        }
        free(kids);
        return out;
    }
    }
    return out;
}

