/* Searching. The query tree (qparse.c) becomes two things:
 *  - a Xapian query that finds the candidate files (a superset: exclusions
 *    are left out, AND means "somewhere in the file");
 *  - an evaluation tree that decides, clause by clause, from the positions
 *    of the terms in each candidate file, which clauses match, how often the
 *    query's words stand in them, and their score.
 * See schema.h for the position layout of clauses. */
#include <math.h>
#include <stdio.h>
#include "store/docrec.h"
#include "text/abbrev.h"
#include "query/mentions.h"
#include "query/qparse.h"

#define PAGE 1000u

/* ------------------------------------------------------------------ evaluation tree */

typedef enum { EV_TEXT, EV_POSFIELD, EV_DOCSET, EV_ALL, EV_AND, EV_OR, EV_NOT } ev_kind_t;

typedef struct {
    char **terms;         /* alternatives: any of them at this position */
    size_t n;
    /* the files holding each term (docids, ascending), read once per query on
     * first use: a file is asked only for the positions of the terms it holds.
     * Most alternatives of a syllable (luong: lương, lượng, luống…) are absent
     * from most files, and each positionlist lookup costs a B-tree descent. */
    unsigned **docs;
    size_t *ndocs;
    int have_docs;
} alts_t;

typedef struct ev {
    ev_kind_t kind;
    /* EV_TEXT: a sequence of positions (one for a word, several for a phrase) */
    alts_t *slots, *exact_slots; /* exact_slots: the exact forms, for ranking (NULL: none) */
    size_t nslots;
    double idf;
    /* EV_POSFIELD: every term at one and the same position (a clause's first) */
    char **terms;
    size_t nterms;
    /* EV_DOCSET: the documents that satisfy a document-level condition, sorted */
    unsigned *docids;
    size_t ndocids;
    struct ev **kids;
    size_t nkids;
} ev_t;

static void alts_free(alts_t *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        for (size_t k = 0; k < a[i].n; k++) free(a[i].terms[k]);
        free(a[i].terms);
        for (size_t k = 0; a[i].docs && k < a[i].n; k++) free(a[i].docs[k]);
        free(a[i].docs);
        free(a[i].ndocs);
    }
    free(a);
}

static void ev_free(ev_t *e)
{
    if (!e) return;
    alts_free(e->slots, e->nslots);
    alts_free(e->exact_slots, e->exact_slots ? e->nslots : 0);
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

/* ------------------------------------------------------------------ compiler */

typedef struct {
    vb_index_t *ix;
    unsigned flags;
    patterns_t pats;
    const char *thesaurus;
    vb_status_t st;
    size_t errcol;
    char err[256];
    unsigned ndocs;
} compiler_t;

/* a compiled node: the candidate query and the evaluation tree */
typedef struct {
    vbx_query_t *q;
    ev_t *ev;
} node_t;

static void node_free(node_t *n)
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

static vbx_query_t *match_all(compiler_t *c)
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
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 8;
        qtok_t *nt = realloc(q->t, cap * sizeof *nt);
        if (!nt) return 1;
        q->t = nt;
        q->cap = cap;
    }
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
    vbx_termiter_t *it = NULL;
    vb_status_t st = vbx_db_allterms(c->ix->db, term, fl + 1, &it);
    while (st == VB_OK) {
        int has = 0;
        const char *tt;
        size_t tl;
        st = vbx_termiter_next(it, &has, &tt, &tl);
        if (st != VB_OK || !has) break;
        if (!alts_push(a, tt, tl)) st = VB_ERR_NOMEM;
    }
    vbx_termiter_free(it);
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

static double alts_idf(compiler_t *c, const alts_t *a)
{
    unsigned df = 0;
    for (size_t i = 0; i < a->n; i++) {
        unsigned f = 0;
        if (vbx_db_termfreq(c->ix->db, a->terms[i], strlen(a->terms[i]), &f) == VB_OK) df += f;
    }
    if (df > c->ndocs) df = c->ndocs;
    return log(1.0 + (double)(c->ndocs ? c->ndocs : 1) / (double)(df ? df : 1));
}

/* Words or a phrase of body text. RECORD: its mentions are shown. */
static node_t text_node(compiler_t *c, const char *text, int record)
{
    node_t out = { NULL, NULL };
    qtoks_t q;
    if (qtoks_of(text, &q) != VB_OK) { c->st = VB_ERR_NOMEM; qtoks_free(&q); return out; }
    int exact = (c->flags & VB_SEARCH_EXACT) != 0;
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
    if (bonus) e->exact_slots = calloc(n, sizeof *e->exact_slots);
    const char **pf = calloc(n, sizeof *pf), **pe = calloc(n, sizeof *pe);
    if (!e->slots || (bonus && !e->exact_slots) || !pf || !pe) c->st = VB_ERR_NOMEM;
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
        if (!syllable_alts(c, t, exact, &e->slots[k])) break;
        if (bonus && !syllable_alts(c, t, 1, &e->exact_slots[k])) break;
        pf[k] = t->folded;
        pe[k] = exact ? t->exact : NULL;
        k++;
    }
    if (c->st == VB_OK) {
        vbx_query_t **subs = calloc(n, sizeof *subs);
        if (!subs) c->st = VB_ERR_NOMEM;
        e->idf = 0;
        for (size_t i = 0; subs && i < n && c->st == VB_OK; i++) {
            subs[i] = alts_q(c, &e->slots[i]);
            e->idf += alts_idf(c, &e->slots[i]);
        }
        if (subs) out.q = combine(c, VBX_QUERY_PHRASE, subs, n, 0);
        free(subs);
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
    if (!out.ev || !subs) { c->st = VB_ERR_NOMEM; free(subs); for (size_t i = 0; i < n; i++) node_free(&kids[i]); return out; }
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
    out.q = k ? combine(c, op, subs, k, 0) : match_all(c);
    free(subs);
    return out;
}

static node_t compile(compiler_t *c, const vb_qnode_t *n, int negated);

static node_t topic_node(compiler_t *c, const char *topic, int negated)
{
    char want[256];
    vb_term_fold(topic, strlen(topic), want, sizeof want);
    FILE *f = c->thesaurus ? fopen(c->thesaurus, "r") : NULL;
    node_t out = { NULL, NULL };
    int found = 0;
    if (f) {
        char line[4096];
        while (!found && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] == '#' || !line[0]) continue;
            for (char *p = line; p && *p && !found;) {
                char *tab = strchr(p, '\t');
                size_t len = tab ? (size_t)(tab - p) : strlen(p);
                char got[256];
                vb_term_fold(p, len, got, sizeof got);
                found = strcmp(got, want) == 0;
                p = tab ? tab + 1 : NULL;
            }
            if (!found) continue;
            node_t kids[32];
            size_t k = 0;
            for (char *p = line; p && *p && k < 32;) {
                char *tab = strchr(p, '\t');
                if (tab) *tab = '\0';
                if (*p) kids[k++] = text_node(c, p, !negated);
                p = tab ? tab + 1 : NULL;
            }
            out = group_node(c, EV_OR, kids, k, VBX_QUERY_OR);
        }
        fclose(f);
    }
    if (!found) out = text_node(c, topic, !negated); /* not in the thesaurus: the words themselves */
    return out;
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

static node_t field_node(compiler_t *c, const vb_qnode_t *n, int negated)
{
    node_t out = { NULL, NULL };
    char **terms = NULL;
    size_t nt;
    switch (n->field) {
    case VB_QF_NUMBER:
        return number_node(c, VB_P_NUMBER, n->number ? n->number : n->text, NULL, 0);
    case VB_QF_REF:
        return number_node(c, VB_P_REF, n->number ? n->number : n->text, n->pinpoint, 1);
    case VB_QF_TYPE: {
        const char *canon = vb_doc_type_canonical(n->text, strlen(n->text));
        char term[VB_TERM_MAX + 4];
        size_t k = vb_field_term(term, sizeof term, VB_P_TYPE, canon ? canon : n->text, strlen(canon ? canon : n->text));
        return doc_node(c, term_q(c, term, k));
    }
    case VB_QF_ISSUER:
    case VB_QF_SIGNER:
        nt = field_terms(c, n->field == VB_QF_ISSUER ? VB_P_ISSUER : VB_P_SIGNER, n->text, &terms);
        out = doc_node(c, and_of_terms(c, terms, nt));
        for (size_t i = 0; i < nt; i++) free(terms[i]);
        free(terms);
        return out;
    case VB_QF_TO: {
        /* the clause's assignee, or a recipient of its document */
        node_t kids[2];
        nt = field_terms(c, VB_P_RECIPIENT, n->text, &terms);
        kids[1] = doc_node(c, and_of_terms(c, terms, nt));
        for (size_t i = 0; i < nt; i++) free(terms[i]);
        free(terms);
        nt = field_terms(c, VB_P_ASSIGNEE, n->text, &terms);
        kids[0] = posfield_node(c, terms, nt);
        return group_node(c, EV_OR, kids, 2, VBX_QUERY_OR);
    }
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
    default:
        c->st = VB_ERR_QUERY_SYNTAX;
        snprintf(c->err, sizeof c->err, "unsupported field at column %zu", n->column);
        c->errcol = n->column;
        return out;
    }
}

static node_t compile(compiler_t *c, const vb_qnode_t *n, int negated)
{
    node_t out = { NULL, NULL };
    if (c->st != VB_OK) return out;
    switch (n->kind) {
    case VB_QN_TERM:
    case VB_QN_PHRASE: {
        /* abbreviations match their long forms and the other way round */
        char **alts = NULL;
        size_t na = vb_abbrev_alternatives(n->text, &alts);
        if (na == 0) return text_node(c, n->text, !negated);
        node_t kids[3];
        kids[0] = text_node(c, n->text, !negated);
        for (size_t i = 0; i < na; i++) {
            kids[i + 1] = text_node(c, alts[i], !negated);
            free(alts[i]);
        }
        free(alts);
        return group_node(c, EV_OR, kids, na + 1, VBX_QUERY_OR);
    }
    case VB_QN_FIELD:
        return field_node(c, n, negated);
    case VB_QN_NOT: {
        node_t kid = compile(c, n->kids[0], !negated);
        out.ev = ev_new(EV_NOT);
        if (!out.ev || !(out.ev->kids = malloc(sizeof *out.ev->kids))) {
            c->st = VB_ERR_NOMEM;
            node_free(&kid);
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
        for (size_t i = 0; i < n->nkids; i++) kids[i] = compile(c, n->kids[i], negated);
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

/* ------------------------------------------------------------------ evaluation per file */

typedef struct {
    uint8_t *match;       /* per clause */
    uint32_t *mentions;
    double *score;
    /* the spans of text matched, [start, end) in positions, packed start << 32 | end:
     * a word found twice by one query ("x OR x") is still one mention */
    uint64_t *iv;
    size_t niv, capiv;
} cres_t;

typedef struct {
    vb_index_t *ix;
    unsigned docid;
    const uint32_t *bases;  /* nclauses + 1 */
    size_t nclauses;
    vb_status_t st;
    /* positions read for this file, by term (a tiny cache: phrases repeat terms) */
} fctx_t;

static int cres_alloc(cres_t *r, size_t n)
{
    memset(r, 0, sizeof *r);
    r->match = calloc(n ? n : 1, 1);
    r->mentions = calloc(n ? n : 1, sizeof *r->mentions);
    r->score = calloc(n ? n : 1, sizeof *r->score);
    return r->match && r->mentions && r->score;
}

static void cres_free(cres_t *r)
{
    free(r->match);
    free(r->mentions);
    free(r->score);
    free(r->iv);
    memset(r, 0, sizeof *r);
}

static int cres_push_iv(cres_t *r, uint64_t v)
{
    if (r->niv == r->capiv) {
        size_t cap = r->capiv ? r->capiv * 2 : 16;
        uint64_t *nv = realloc(r->iv, cap * sizeof *nv);
        if (!nv) return 0;
        r->iv = nv;
        r->capiv = cap;
    }
    r->iv[r->niv++] = v;
    return 1;
}

typedef struct {
    uint32_t *v;
    size_t n, cap;
} posv_t;

static int posv_push(posv_t *p, uint32_t x)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        uint32_t *nv = realloc(p->v, cap * sizeof *nv);
        if (!nv) return 0;
        p->v = nv;
        p->cap = cap;
    }
    p->v[p->n++] = x;
    return 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* qsort only what is out of order: positions and spans mostly come sorted
 * (one term's list, one phrase's spans), and glibc's qsort, a merge sort
 * with a scratch buffer, was 5 % of a query's time. */
static void sort_unless_sorted(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    const char *c = v;
    for (size_t i = 1; i < n; i++)
        if (cmp(c + (i - 1) * size, c + i * size) > 0) {
            qsort(v, n, size, cmp);
            return;
        }
}

/* Read the posting list (docids only) of every alternative of A. */
static int alts_load_docs(fctx_t *f, alts_t *a)
{
    a->docs = calloc(a->n ? a->n : 1, sizeof *a->docs);
    a->ndocs = calloc(a->n ? a->n : 1, sizeof *a->ndocs);
    if (!a->docs || !a->ndocs) { f->st = VB_ERR_NOMEM; return 0; }
    for (size_t i = 0; i < a->n; i++) {
        vbx_postiter_t *it = NULL;
        size_t cap = 0;
        vb_status_t st = vbx_db_postlist(f->ix->db, a->terms[i], strlen(a->terms[i]), &it);
        while (st == VB_OK) {
            int has = 0;
            unsigned did = 0, wdf = 0;
            st = vbx_postiter_next(it, &has, &did, &wdf);
            if (st != VB_OK || !has) break;
            if (a->ndocs[i] == cap) {
                cap = cap ? cap * 2 : 64;
                unsigned *nd = realloc(a->docs[i], cap * sizeof *nd);
                if (!nd) { st = VB_ERR_NOMEM; break; }
                a->docs[i] = nd;
            }
            a->docs[i][a->ndocs[i]++] = did;
        }
        vbx_postiter_free(it);
        if (st != VB_OK) {
            if (f->st == VB_OK) f->st = st == VB_ERR_NOMEM ? st : vb_index_xerr(st, f->ix->path);
            return 0;
        }
    }
    a->have_docs = 1;
    return 1;
}

static int holds(const unsigned *docs, size_t n, unsigned docid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (docs[mid] < docid) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && docs[lo] == docid;
}

/* Positions of any of the alternatives in the file, sorted. A (may be NULL):
 * the alternatives' posting lists, to skip the terms the file does not hold. */
static int read_positions(fctx_t *f, char *const *terms, size_t n, posv_t *out, alts_t *a)
{
    out->n = 0;
    if (a && !a->have_docs && !alts_load_docs(f, a)) return 0;
    for (size_t i = 0; i < n; i++) {
        if (a && !holds(a->docs[i], a->ndocs[i], f->docid)) continue;
        vbx_positer_t *it = NULL;
        vb_status_t st = vbx_db_positionlist(f->ix->db, f->docid, terms[i], strlen(terms[i]), &it);
        if (st == VB_ERR_NOT_FOUND) continue; /* not in this file */
        while (st == VB_OK) {
            int has = 0;
            unsigned pos = 0;
            st = vbx_positer_next(it, &has, &pos);
            if (st != VB_OK || !has) break;
            if (!posv_push(out, pos)) st = VB_ERR_NOMEM;
        }
        vbx_positer_free(it);
        if (st != VB_OK && st != VB_ERR_NOT_FOUND) {
            if (f->st == VB_OK) f->st = vb_index_xerr(st, f->ix->path);
            return 0;
        }
    }
    /* each list is sorted: one list (the usual case) or lists that do not interleave need no sort */
    sort_unless_sorted(out->v, out->n, sizeof *out->v, cmp_u32);
    return 1;
}

/* The clause holding position POS, or nclauses when it is in a gap. */
static size_t clause_of(const fctx_t *f, uint32_t pos)
{
    size_t lo = 0, hi = f->nclauses;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->bases[mid] < pos) lo = mid + 1;
        else hi = mid;
    }
    /* lo = first base >= pos; the clause is lo - 1 */
    if (lo == 0) return f->nclauses;
    size_t c = lo - 1;
    uint32_t end = f->bases[c + 1] - VB_CLAUSE_GAP;   /* last position of clause c */
    return pos <= end ? c : f->nclauses;
}

static int has_pos(const posv_t *p, uint32_t x)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < p->n && p->v[lo] == x;
}

/* Occurrences of a sequence of slots: counts per clause into COUNTS, and
 * their spans into R when R is not NULL. */
static int count_sequence(fctx_t *f, alts_t *slots, size_t nslots, uint32_t *counts, cres_t *r)
{
    posv_t *p = calloc(nslots, sizeof *p);
    if (!p) { f->st = VB_ERR_NOMEM; return 0; }
    int ok = 1;
    for (size_t k = 0; k < nslots && ok; k++) {
        ok = read_positions(f, slots[k].terms, slots[k].n, &p[k], &slots[k]);
        if (ok && p[k].n == 0) break;
    }
    for (size_t i = 0; ok && i < p[0].n; i++) {
        uint32_t s = p[0].v[i];
        size_t k;
        for (k = 1; k < nslots; k++)
            if (!has_pos(&p[k], s + (uint32_t)k)) break;
        if (k < nslots) continue;
        size_t c = clause_of(f, s);
        if (c < f->nclauses && clause_of(f, s + (uint32_t)nslots - 1) == c) {
            counts[c]++;
            if (r && !cres_push_iv(r, (uint64_t)s << 32 | (uint64_t)(s + (uint32_t)nslots))) {
                f->st = VB_ERR_NOMEM;
                ok = 0;
            }
        }
    }
    for (size_t k = 0; k < nslots; k++) free(p[k].v);
    free(p);
    return ok;
}

/* BM25-like saturation of TF in a clause of LEN positions. */
static double sat(uint32_t tf, uint32_t len)
{
    double k1 = 1.2, b = 0.75, avg = 60.0;
    return (double)tf * (k1 + 1.0) / ((double)tf + k1 * (1.0 - b + b * (double)len / avg));
}

static int eval(fctx_t *f, const ev_t *e, cres_t *r)
{
    size_t n = f->nclauses;
    if (!cres_alloc(r, n)) { f->st = VB_ERR_NOMEM; return 0; }
    switch (e->kind) {
    case EV_ALL:
        memset(r->match, 1, n);
        return 1;
    case EV_DOCSET: {
        size_t lo = 0, hi = e->ndocids;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (e->docids[mid] < f->docid) lo = mid + 1;
            else hi = mid;
        }
        if (lo < e->ndocids && e->docids[lo] == f->docid) memset(r->match, 1, n);
        return 1;
    }
    case EV_POSFIELD: {
        /* every term at the same position: intersect */
        posv_t acc = { 0 }, cur = { 0 };
        int ok = 1;
        for (size_t i = 0; i < e->nterms && ok; i++) {
            ok = read_positions(f, &e->terms[i], 1, i ? &cur : &acc, NULL);
            if (ok && i) {
                size_t k = 0;
                for (size_t j = 0; j < acc.n; j++)
                    if (has_pos(&cur, acc.v[j])) acc.v[k++] = acc.v[j];
                acc.n = k;
            }
        }
        for (size_t j = 0; ok && e->nterms && j < acc.n; j++) {
            size_t c = clause_of(f, acc.v[j]);
            if (c < n) r->match[c] = 1;
        }
        free(acc.v);
        free(cur.v);
        return ok;
    }
    case EV_TEXT: {
        if (e->nslots == 0) return 1;
        if (!count_sequence(f, e->slots, e->nslots, r->mentions, r)) return 0;
        uint32_t *ex = NULL;
        if (e->exact_slots) {
            ex = calloc(n ? n : 1, sizeof *ex);
            if (!ex || !count_sequence(f, e->exact_slots, e->nslots, ex, NULL)) { free(ex); f->st = f->st ? f->st : VB_ERR_NOMEM; return 0; }
        }
        for (size_t c = 0; c < n; c++) {
            if (!r->mentions[c]) continue;
            uint32_t len = f->bases[c + 1] - VB_CLAUSE_GAP - f->bases[c];
            r->match[c] = 1;
            r->score[c] = e->idf * sat(r->mentions[c], len);
            /* a query typed with diacritics ranks exact-diacritic matches first */
            if (ex && ex[c]) r->score[c] += 2.0 * e->idf * sat(ex[c], len);
        }
        free(ex);
        return 1;
    }
    case EV_NOT: {
        cres_t k;
        if (!eval(f, e->kids[0], &k)) { cres_free(&k); return 0; }
        for (size_t c = 0; c < n; c++) r->match[c] = !k.match[c];
        cres_free(&k);
        return 1;
    }
    case EV_AND:
    case EV_OR: {
        int is_and = e->kind == EV_AND;
        if (is_and) memset(r->match, 1, n);
        for (size_t i = 0; i < e->nkids; i++) {
            cres_t k;
            if (!eval(f, e->kids[i], &k)) { cres_free(&k); return 0; }
            for (size_t c = 0; c < n; c++) {
                r->match[c] = is_and ? (r->match[c] && k.match[c]) : (r->match[c] || k.match[c]);
                if (k.match[c]) r->score[c] += k.score[c];
            }
            for (size_t i = 0; i < k.niv; i++)
                if (!cres_push_iv(r, k.iv[i])) { cres_free(&k); f->st = VB_ERR_NOMEM; return 0; }
            cres_free(&k);
        }
        /* spans count only in clauses this node matches: "(a AND b) OR c" */
        size_t keep = 0;
        for (size_t i = 0; i < r->niv; i++) {
            size_t c = clause_of(f, (uint32_t)(r->iv[i] >> 32));
            if (c < n && r->match[c]) r->iv[keep++] = r->iv[i];
        }
        r->niv = keep;
        return 1;
    }
    }
    return 1;
}

/* Mentions per clause: the spans of the whole query, overlaps merged (as the
 * matches shown in the text are), so "x OR x" counts each x once. */
static void count_mentions(const fctx_t *f, cres_t *r)
{
    memset(r->mentions, 0, f->nclauses * sizeof *r->mentions);
    /* one phrase (the common query) yields its spans in order already */
    sort_unless_sorted(r->iv, r->niv, sizeof *r->iv, cmp_u64);
    uint32_t end = 0;
    for (size_t i = 0; i < r->niv; i++) {
        uint32_t s = (uint32_t)(r->iv[i] >> 32), e = (uint32_t)r->iv[i];
        if (i && s < end) {
            if (e > end) end = e;
            continue;
        }
        end = e;
        size_t c = clause_of(f, s);
        if (c < f->nclauses && r->match[c]) r->mentions[c]++;
    }
}

/* ------------------------------------------------------------------ facets */

typedef struct {
    char **values[4];
    size_t *counts[4];
    size_t n[4], cap[4];
} facets_t;

static void facet_add(facets_t *f, int w, const char *v, size_t vl, size_t add)
{
    for (size_t i = 0; i < f->n[w]; i++)
        if (strlen(f->values[w][i]) == vl && memcmp(f->values[w][i], v, vl) == 0) {
            f->counts[w][i] += add;
            return;
        }
    if (f->n[w] == f->cap[w]) {
        size_t cap = f->cap[w] ? f->cap[w] * 2 : 32;
        char **nv = realloc(f->values[w], cap * sizeof *nv);
        if (!nv) return;
        f->values[w] = nv;
        size_t *nc = realloc(f->counts[w], cap * sizeof *nc);
        if (!nc) return;
        f->counts[w] = nc;
        f->cap[w] = cap;
    }
    char *s = vb_strndup(v, vl);
    if (!s) return;
    f->values[w][f->n[w]] = s;
    f->counts[w][f->n[w]++] = add;
}

static int facets_emit(facets_t *f, const vb_search_opts_t *o)
{
    for (int w = 0; w < 4; w++) {
        for (size_t i = 0; i < f->n[w]; i++)
            for (size_t j = i + 1; j < f->n[w]; j++)
                if (f->counts[w][j] > f->counts[w][i] ||
                    (f->counts[w][j] == f->counts[w][i] && strcmp(f->values[w][j], f->values[w][i]) < 0)) {
                    size_t tc = f->counts[w][i]; f->counts[w][i] = f->counts[w][j]; f->counts[w][j] = tc;
                    char *tv = f->values[w][i]; f->values[w][i] = f->values[w][j]; f->values[w][j] = tv;
                }
        for (size_t i = 0; i < f->n[w]; i++)
            if (o->facet_fn && o->facet_fn(1u << w, f->values[w][i], f->counts[w][i], o->facet_data)) return 1;
    }
    return 0;
}

static void facets_free(facets_t *f)
{
    for (int w = 0; w < 4; w++) {
        for (size_t i = 0; i < f->n[w]; i++) free(f->values[w][i]);
        free(f->values[w]);
        free(f->counts[w]);
    }
}

/* Facets of the matching clauses of one file. */
static vb_status_t facets_file(vb_index_t *ix, facets_t *fa, unsigned want, vbx_doc_t *doc, unsigned docid,
                               const cres_t *r, size_t nclauses, size_t nmatch)
{
    static const unsigned slots[3] = { VB_SLOT_ISSUER, VB_SLOT_TYPE, VB_SLOT_YEAR };
    for (int w = 0; w < 3; w++) {
        if (!(want & (1u << w))) continue;
        char *v = NULL;
        size_t vl = 0;
        if (vbx_doc_get_value(doc, slots[w], &v, &vl) != VB_OK) continue;
        facet_add(fa, w, v ? v : "", vl, nmatch);
        free(v);
    }
    if (!(want & VB_FACET_REF)) return VB_OK;
    /* cited numbers of each matching clause, from the record's citations */
    docrec_t *d = NULL;
    vb_status_t st = docrec_load(ix, docid, &d);
    if (st != VB_OK) return st;
    for (size_t c = 0; c < nclauses && c < d->nclauses; c++) {
        if (!r->match[c]) continue;
        const char *path = d->cl[c * VB_RCL_COUNT_ + VB_RCL_PATH];
        size_t pl = d->cll[c * VB_RCL_COUNT_ + VB_RCL_PATH];
        /* distinct numbers cited in this clause */
        const char *seen[64];
        size_t seenl[64], ns = 0;
        for (const char *p = d->info.citations; p && *p;) {
            const char *end = strchr(p, 0x1E);
            size_t len = end ? (size_t)(end - p) : strlen(p);
            const char *fld[VB_RCIT_COUNT_] = { 0 };
            size_t fl[VB_RCIT_COUNT_] = { 0 };
            size_t k = 0;
            for (const char *q = p; k < VB_RCIT_COUNT_;) {
                const char *sep = memchr(q, 0x1F, (size_t)(p + len - q));
                fld[k] = q;
                fl[k] = sep ? (size_t)(sep - q) : (size_t)(p + len - q);
                k++;
                if (!sep) break;
                q = sep + 1;
            }
            if (k > VB_RCIT_CLAUSE && fl[VB_RCIT_CLAUSE] == pl && memcmp(fld[VB_RCIT_CLAUSE], path, pl) == 0 &&
                fl[VB_RCIT_NUMBER]) {
                int dup = 0;
                for (size_t s = 0; s < ns && !dup; s++)
                    dup = seenl[s] == fl[VB_RCIT_NUMBER] && memcmp(seen[s], fld[VB_RCIT_NUMBER], seenl[s]) == 0;
                if (!dup && ns < 64) {
                    seen[ns] = fld[VB_RCIT_NUMBER];
                    seenl[ns++] = fl[VB_RCIT_NUMBER];
                    facet_add(fa, 3, fld[VB_RCIT_NUMBER], fl[VB_RCIT_NUMBER], 1);
                }
            }
            p = end ? end + 1 : NULL;
        }
    }
    docrec_free(d);
    return VB_OK;
}

/* ------------------------------------------------------------------ the search */

typedef struct {
    unsigned docid;
    uint32_t clause;
    uint32_t mentions;
    double score;
    char date[11];
    char fileid[17];
    uint8_t newest;   /* sort by date first (VB_SEARCH_NEWEST) */
} hit_t;

/* score, or (with NEWEST) the date first; ties in a fixed order: file id, clause */
static int cmp_hit(const void *a, const void *b)
{
    const hit_t *x = a, *y = b;
    int dc = strcmp(y->date, x->date);
    if (x->newest && dc) return dc;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    int fc = strcmp(x->fileid, y->fileid);
    if (fc) return fc;
    return x->clause < y->clause ? -1 : x->clause > y->clause;
}

static void value_into(vbx_doc_t *d, unsigned slot, char *buf, size_t cap)
{
    char *v = NULL;
    size_t vl = 0;
    buf[0] = '\0';
    if (vbx_doc_get_value(d, slot, &v, &vl) == VB_OK && v) {
        if (vl >= cap) vl = cap - 1;
        memcpy(buf, v, vl);
        buf[vl] = '\0';
    }
    free(v);
}

/* Give one hit to the caller. */
static vb_status_t emit_hit(vb_index_t *ix, doccache_t *cache, const patterns_t *pats, const hit_t *h, size_t rank,
                            vb_result_fn fn, void *data, int *stop)
{
    const docrec_t *d = NULL;
    vb_status_t st = doccache_get(ix, cache, h->docid, &d);
    if (st != VB_OK) return st;
    if (h->clause >= d->nclauses) {
        vb_set_error("%s: document %u has fewer clauses than its positions say", ix->path, h->docid);
        return VB_ERR_DB_CORRUPT;
    }
    vb_result_t r;
    clause_strs_t cs;
    docrec_clause(d, h->clause, &r, &cs);
    size_t *mm = NULL;
    r.match_count = find_mentions(pats, r.text, r.text_len, &mm);
    r.matches = mm;
    r.score = h->score;
    r.rank = rank;
    if (fn && fn(&r, data)) *stop = 1;
    free(mm);
    clause_strs_free(&cs);
    return VB_OK;
}

/* A stream (--all) that has handed out results cannot start again when the
 * index changes under it: it goes on at the new revision, skipping the
 * files it has finished and the clauses of the file it was in. Each file
 * is then read from one revision and none is given twice. */
typedef struct {
    int active;               /* results were handed out: resume, do not restart */
    size_t streamed;          /* matching clauses counted for --offset */
    facets_t *facets;         /* kept across the resumption */
    char (*done)[17];         /* files finished */
    size_t ndone, capdone;
    int sorted;               /* done[] sorted (for bsearch) */
    char cur[17];             /* the file being given out */
    size_t cur_seen;          /* its matching clauses given out (or counted) */
} stream_t;

static int cmp_id(const void *a, const void *b) { return strcmp(a, b); }

static int stream_done(stream_t *ss, const char *fileid)
{
    if (!ss->ndone) return 0;
    if (!ss->sorted) {
        qsort(ss->done, ss->ndone, sizeof *ss->done, cmp_id);
        ss->sorted = 1;
    }
    return bsearch(fileid, ss->done, ss->ndone, sizeof *ss->done, cmp_id) != NULL;
}

static int stream_finish(stream_t *ss, const char *fileid)
{
    if (ss->ndone == ss->capdone) {
        size_t cap = ss->capdone ? ss->capdone * 2 : 256;
        char (*nd)[17] = realloc(ss->done, cap * sizeof *nd);
        if (!nd) return 0;
        ss->done = nd;
        ss->capdone = cap;
    }
    memcpy(ss->done[ss->ndone++], fileid, 17);
    ss->sorted = 0;
    ss->cur[0] = '\0';
    ss->cur_seen = 0;
    return 1;
}

static vb_status_t search_once(vb_index_t *ix, const char *query, const vb_search_opts_t *opts, vb_result_fn fn,
                               void *data, vb_search_stats_t *stats, stream_t *ss)
{
    vb_search_opts_t o = *opts;
    if (!ss->active) memset(stats, 0, sizeof *stats);
    vb_clear_error();

    char err[256];
    size_t errcol = 0;
    vb_qnode_t *tree = NULL;
    vb_status_t st = vb_qparse(query, strlen(query), &tree, err, sizeof err, &errcol);
    if (st == VB_ERR_QUERY_SYNTAX) {
        vb_set_error("%s", err);
        stats->error_column = errcol;
        return st;
    }
    if (st != VB_OK) return st;

    compiler_t c;
    memset(&c, 0, sizeof c);
    c.ix = ix;
    c.flags = o.flags;
    c.thesaurus = o.thesaurus;
    st = vb_index_xerr(vbx_db_doccount(ix->db, &c.ndocs), ix->path);
    node_t root = { NULL, NULL };
    if (st == VB_OK) {
        root = compile(&c, tree, 0);
        st = c.st;
    }
    vb_qnode_free(tree);
    if (st == VB_OK && !root.q) root.q = match_all(&c);
    if (st == VB_OK) st = c.st;
    if (st != VB_OK) {
        if (st == VB_ERR_QUERY_SYNTAX) {
            vb_set_error("%s", c.err);
            stats->error_column = c.errcol;
        }
        node_free(&root);
        patterns_free(&c.pats);
        return st;
    }

    vbx_enquire_t *e = NULL;
    st = vb_index_xerr(vbx_enquire_new(ix->db, &e), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_query(e, root.q), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_weighting_bool(e), ix->path);
    /* --all streams file by file in the order of the files' canonical paths:
     * the same order whatever the docids (a parallel build numbers files in
     * the order its workers happened to take them; shards interleave) */
    if (st == VB_OK && o.limit == 0) st = vb_index_xerr(vbx_enquire_set_sort_by_value(e, VB_SLOT_REALPATH, 0), ix->path);
    else if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_docid_order(e, VBX_ASC), ix->path);

    doccache_t *cache = calloc(1, sizeof *cache);
    int stream = o.limit == 0;   /* --all: streamed in path order; memory does not grow with clauses */
    if (stream && o.facets && !ss->facets) ss->facets = calloc(1, sizeof *ss->facets);
    facets_t *facets = stream ? ss->facets : o.facets ? calloc(1, sizeof *facets) : NULL;
    if (!cache || (o.facets && !facets)) st = VB_ERR_NOMEM;
    hit_t *hits = NULL;
    size_t nhits = 0, caphits = 0, streamed = ss->streamed;
    int stop = 0;
    for (unsigned first = 0; st == VB_OK && !stop;) {
        vbx_mset_t *m = NULL;
        st = vb_index_xerr(vbx_enquire_get_mset(e, first, PAGE, 0, &m), ix->path);
        if (st != VB_OK) break;
        size_t size = vbx_mset_size(m);
        for (size_t i = 0; i < size && st == VB_OK && !stop; i++) {
            vbx_doc_t *doc = NULL;
            st = vb_index_xerr(vbx_mset_get_document(m, i, &doc), ix->path);
            if (st != VB_OK) break;
            char *bv = NULL;
            size_t bl = 0;
            st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_CLAUSES, &bv, &bl), ix->path);
            size_t nclauses = bl >= 8 ? bl / 4 - 1 : 0;
            uint32_t *bases = nclauses ? malloc((nclauses + 1) * sizeof *bases) : NULL;
            if (nclauses && !bases) st = VB_ERR_NOMEM;
            for (size_t k = 0; bases && k <= nclauses; k++) {
                const unsigned char *p = (const unsigned char *)bv + 4 * k;
                bases[k] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
            }
            free(bv);
            fctx_t f = { ix, vbx_mset_docid(m, i), bases, nclauses, VB_OK };
            hit_t h;
            memset(&h, 0, sizeof h);
            if (st == VB_OK && nclauses) {
                value_into(doc, VB_SLOT_DATE, h.date, sizeof h.date);
                value_into(doc, VB_SLOT_FILEID, h.fileid, sizeof h.fileid);
            }
            size_t skip = 0;   /* resumed stream: clauses of this file already given */
            if (stream && st == VB_OK && nclauses) {
                if (stream_done(ss, h.fileid)) nclauses = 0;
                else if (strcmp(ss->cur, h.fileid) == 0) skip = ss->cur_seen;
                else { memcpy(ss->cur, h.fileid, sizeof ss->cur); ss->cur_seen = 0; }
            }
            cres_t r;
            memset(&r, 0, sizeof r);
            if (st == VB_OK && nclauses && !eval(&f, root.ev, &r)) st = f.st ? f.st : VB_ERR_NOMEM;
            if (st == VB_OK && nclauses) count_mentions(&f, &r);
            size_t nmatch = 0;
            for (size_t k = 0; st == VB_OK && k < nclauses && !stop; k++) {
                if (!r.match[k]) continue;
                nmatch++;
                if (skip) { skip--; continue; }
                stats->total_clauses++;
                stats->total_mentions += r.mentions[k];
                h.docid = f.docid;
                h.clause = (uint32_t)k;
                h.mentions = r.mentions[k];
                h.score = r.score[k];
                h.newest = (o.flags & VB_SEARCH_NEWEST) != 0;
                if (stream) {
                    ss->cur_seen++;
                    ss->active = 1;   /* counted: from now on a change resumes */
                    if (streamed++ >= o.offset) {
                        st = emit_hit(ix, cache, &c.pats, &h, streamed - 1, fn, data, &stop);
                        if (st == VB_OK) {
                            stats->returned++;
                        } else {   /* not given: count it again when resuming */
                            stats->total_clauses--;
                            stats->total_mentions -= r.mentions[k];
                            ss->cur_seen--;
                            streamed--;
                        }
                    }
                    continue;
                }
                if (nhits == caphits) {
                    size_t cap = caphits ? caphits * 2 : 1024;
                    hit_t *nh = realloc(hits, cap * sizeof *nh);
                    if (!nh) { st = VB_ERR_NOMEM; break; }
                    hits = nh;
                    caphits = cap;
                }
                hits[nhits++] = h;
            }
            if (st == VB_OK && facets && nmatch)
                st = facets_file(ix, facets, o.facets, doc, f.docid, &r, nclauses, nmatch);
            if (st == VB_OK && stream && nmatch && !stop && !stream_finish(ss, h.fileid)) st = VB_ERR_NOMEM;
            cres_free(&r);
            free(bases);
            vbx_doc_free(doc);
        }
        vbx_mset_free(m);
        first += (unsigned)size;
        if (size < PAGE) break;
    }
    if (stop && st == VB_OK) st = VB_ERR_CANCELLED;
    if (st == VB_OK && !stream) {
        if (nhits > 1) qsort(hits, nhits, sizeof *hits, cmp_hit);
        size_t end = o.offset + o.limit < nhits ? o.offset + o.limit : nhits;
        for (size_t i = o.offset; i < end && st == VB_OK && !stop; i++) {
            st = emit_hit(ix, cache, &c.pats, &hits[i], i, fn, data, &stop);
            stats->returned++;
        }
        if (stop && st == VB_OK) st = VB_ERR_CANCELLED;
    }
    if (st == VB_OK && facets && facets_emit(facets, &o)) st = VB_ERR_CANCELLED;
    free(hits);
    ss->streamed = streamed;
    if (facets && !stream) { facets_free(facets); free(facets); }
    if (cache) { doccache_free(cache); free(cache); }
    vbx_enquire_free(e);
    node_free(&root);
    patterns_free(&c.pats);
    return st;
}

vb_status_t vb_search(vb_index_t *ix, const char *query, const vb_search_opts_t *opts, vb_result_fn fn, void *data,
                      vb_search_stats_t *stats)
{
    if (!ix || !query) return VB_ERR_INVALID_ARG;
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    vb_search_stats_t sdummy;
    if (!stats) stats = &sdummy;
    /* Start again at the index as it is now when an indexer's commit or swap
     * gets in the way (vb_index_read_recover); a stream resumes where it was. */
    stream_t ss;
    memset(&ss, 0, sizeof ss);
    vb_status_t st;
    vb_index_read_begin(ix);   /* an indexer does not write over what we read */
    for (int tries = 0;; tries++) {
        st = search_once(ix, query, &o, fn, data, stats, &ss);
        if (st == VB_OK || (stats->returned > 0 && !ss.active)) break;   /* a ranked page half given: cannot resume */
        if (!vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    if (ss.facets) { facets_free(ss.facets); free(ss.facets); }
    free(ss.done);
    return st;
}
