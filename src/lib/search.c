/* Searching: the query tree (qparse.c) -> Xapian queries through the binding,
 * clause results with the byte offsets of every mention. */
#include <stdio.h>
#include "index_internal.h"
#include "qparse.h"

#define PAGE 1000u

/* ------------------------------------------------------------------ mention patterns */

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

static void patterns_free(patterns_t *p)
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

/* ------------------------------------------------------------------ compile */

typedef struct {
    vb_index_t *ix;
    unsigned flags;
    patterns_t pats;
    const char *thesaurus;
    vb_status_t st;
    size_t errcol;
    char err[256];
} compiler_t;

/* Tokens of a text, for building queries. */
typedef struct {
    vb_token_kind_t kind;
    char *exact, *folded;
} qtok_t;

typedef struct {
    qtok_t *t;
    size_t n, cap;
    int whole_only;    /* the text is exactly one symbol/date */
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
    for (size_t i = 0; i < q->n; i++) { free(q->t[i].exact); free(q->t[i].folded); }
    free(q->t);
    memset(q, 0, sizeof *q);
}

static vb_status_t qtoks_of(const char *s, qtoks_t *q)
{
    memset(q, 0, sizeof *q);
    /* trim so that a lone symbol is recognised as the whole text */
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    q->text_len = n;
    vb_status_t st = vb_tokenize(s, n, VB_TOKENIZE_DEFAULT, 0, collect_qtok, q, NULL);
    return st == VB_OK ? VB_OK : VB_ERR_NOMEM;
}

static vbx_query_t *term_q(compiler_t *c, const char *term, size_t len, unsigned pos)
{
    vbx_query_t *q = NULL;
    vb_status_t st = vbx_query_term(term, len, 1, pos, &q);
    if (st != VB_OK && c->st == VB_OK) c->st = vb_index_xerr(st, "query");
    return q;
}

static vbx_query_t *combine(compiler_t *c, vbx_query_op_t op, vbx_query_t **subs, size_t n, unsigned window)
{
    vbx_query_t *q = NULL;
    for (size_t i = 0; i < n; i++)
        if (!subs[i]) { c->st = c->st ? c->st : VB_ERR_NOMEM; goto out; }
    if (c->st == VB_OK) {
        vb_status_t st = vbx_query_combine(op, subs, n, window, &q);
        if (st != VB_OK) c->st = vb_index_xerr(st, "query");
    }
out:
    for (size_t i = 0; i < n; i++) vbx_query_free(subs[i]);
    return q;
}

static vbx_query_t *combine2(compiler_t *c, vbx_query_op_t op, vbx_query_t *a, vbx_query_t *b)
{
    vbx_query_t *subs[2] = { a, b };
    return combine(c, op, subs, 2, 0);
}

/* All index terms for one syllable: "f" itself and every "f:<exact>"; only
 * "f:<exact>" (or "f") when diacritics are binding. */
static vbx_query_t *syllable_q(compiler_t *c, const qtok_t *t, int exact, unsigned pos)
{
    char term[VB_TERM_MAX * 2 + 4];
    size_t fl = strlen(t->folded), el = strlen(t->exact);
    int same = fl == el && memcmp(t->folded, t->exact, fl) == 0;
    if (exact) {
        size_t n = fl;
        memcpy(term, t->folded, fl);
        if (!same) {
            term[n++] = VB_EXACT_SEP;
            memcpy(term + n, t->exact, el);
            n += el;
        }
        return term_q(c, term, n, pos);
    }
    size_t cap = 8, n = 0;
    vbx_query_t **subs = malloc(cap * sizeof *subs);
    if (!subs) { c->st = VB_ERR_NOMEM; return NULL; }
    subs[n++] = term_q(c, t->folded, fl, pos);
    memcpy(term, t->folded, fl);
    term[fl] = VB_EXACT_SEP;
    vbx_termiter_t *it = NULL;
    vb_status_t st = vbx_db_allterms(c->ix->db, term, fl + 1, &it);
    while (st == VB_OK) {
        int has = 0;
        const char *tt;
        size_t tl;
        st = vbx_termiter_next(it, &has, &tt, &tl);
        if (st != VB_OK || !has) break;
        if (n == cap) {
            vbx_query_t **ns = realloc(subs, cap * 2 * sizeof *subs);
            if (!ns) { st = VB_ERR_NOMEM; break; }
            subs = ns;
            cap *= 2;
        }
        subs[n++] = term_q(c, tt, tl, pos);
    }
    vbx_termiter_free(it);
    if (st != VB_OK && c->st == VB_OK) c->st = vb_index_xerr(st, "query");
    /* OR, not SYNONYM: Xapian 1.4 phrases accept OR subqueries only */
    vbx_query_t *q = n == 1 ? subs[0] : combine(c, VBX_QUERY_OR, subs, n, 0);
    free(subs);
    return q;
}

static int has_diacritics(const qtoks_t *q)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->t[i].exact, q->t[i].folded) != 0) return 1;
    return 0;
}

static void add_pattern(compiler_t *c, const qtoks_t *q, int exact)
{
    patterns_t *p = &c->pats;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4;
        pattern_t *np = realloc(p->pats, cap * sizeof *np);
        if (!np) { c->st = VB_ERR_NOMEM; return; }
        p->pats = np;
        p->cap = cap;
    }
    pattern_t *pt = &p->pats[p->n];
    pt->slots = calloc(q->n ? q->n : 1, sizeof *pt->slots);
    pt->n = 0;
    if (!pt->slots) { c->st = VB_ERR_NOMEM; return; }
    p->n++;
    for (size_t i = 0; i < q->n; i++) {
        const qtok_t *t = &q->t[i];
        if (q->whole_only ? (t->kind != VB_TOK_SYMBOL && t->kind != VB_TOK_DATE)
                          : (t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE))
            continue;
        slot_t *s = &pt->slots[pt->n++];
        s->folded = vb_strndup(t->folded, strlen(t->folded));
        s->exact = exact ? vb_strndup(t->exact, strlen(t->exact)) : NULL;
        s->whole = q->whole_only;
        if (!s->folded || (exact && !s->exact)) c->st = VB_ERR_NOMEM;
    }
}

/* Words or a phrase of body text. */
static vbx_query_t *text_q(compiler_t *c, const char *text, int record)
{
    qtoks_t q;
    if (qtoks_of(text, &q) != VB_OK) { c->st = VB_ERR_NOMEM; qtoks_free(&q); return NULL; }
    vbx_query_t *res = NULL;
    int exact = (c->flags & VB_SEARCH_EXACT) != 0;
    if (q.n == 0) {
        vbx_query_match_nothing(&res);
    } else if (q.whole_only) {
        char term[VB_TERM_MAX + 4];
        int n = snprintf(term, sizeof term, "%s%s", q.t[0].kind == VB_TOK_SYMBOL ? VB_P_SYMBOL : VB_P_DATE, q.t[0].folded);
        res = term_q(c, term, (size_t)n, 0);
    } else {
        for (int pass = 0; pass < 2; pass++) {
            /* pass 0: diacritics optional (or binding with --exact); pass 1: the exact
             * form, to rank exact-diacritic matches first */
            int ex = pass ? 1 : exact;
            if (pass && (exact || !has_diacritics(&q))) break;
            vbx_query_t **subs = calloc(q.n, sizeof *subs);
            size_t k = 0;
            if (!subs) { c->st = VB_ERR_NOMEM; break; }
            for (size_t i = 0; i < q.n; i++) {
                if (q.t[i].kind == VB_TOK_SYMBOL || q.t[i].kind == VB_TOK_DATE) continue;
                subs[k] = syllable_q(c, &q.t[i], ex, (unsigned)k + 1);
                k++;
            }
            vbx_query_t *one = k == 1 ? subs[0] : combine(c, VBX_QUERY_PHRASE, subs, k, 0);
            free(subs);
            if (!pass) res = one;
            else res = combine2(c, VBX_QUERY_AND_MAYBE, res, one);
        }
    }
    if (record && c->st == VB_OK) add_pattern(c, &q, exact);
    qtoks_free(&q);
    return res;
}

/* Field text: one syllable is a term; several are an AND of their
 * neighbouring pairs, the way index.c stores them. */
static vbx_query_t *field_text_q(compiler_t *c, const char *prefix, const char *text)
{
    qtoks_t q;
    if (qtoks_of(text, &q) != VB_OK) { c->st = VB_ERR_NOMEM; qtoks_free(&q); return NULL; }
    const char **syl = calloc(q.n ? q.n : 1, sizeof *syl);
    vbx_query_t **subs = calloc(q.n ? q.n : 1, sizeof *subs);
    size_t ns = 0, k = 0;
    vbx_query_t *res = NULL;
    if (!syl || !subs) { free(syl); free(subs); qtoks_free(&q); c->st = VB_ERR_NOMEM; return NULL; }
    for (size_t i = 0; i < q.n; i++)
        if (q.t[i].kind != VB_TOK_SYMBOL && q.t[i].kind != VB_TOK_DATE) syl[ns++] = q.t[i].folded;
    char term[2 * VB_TERM_MAX + 16];
    for (size_t i = 0; i < ns; i++) {
        if (ns > 1 && i + 1 == ns) break;
        int n = ns == 1 ? snprintf(term, sizeof term, "%s%.100s", prefix, syl[i])
                        : snprintf(term, sizeof term, "%s%.100s %.100s", prefix, syl[i], syl[i + 1]);
        subs[k++] = term_q(c, term, (size_t)n, 0);
    }
    if (k == 0) vbx_query_match_nothing(&res);
    else res = k == 1 ? subs[0] : combine(c, VBX_QUERY_AND, subs, k, 0);
    free(subs);
    free(syl);
    qtoks_free(&q);
    return res;
}

/* Clauses of the documents whose record matches Q (a query on record-only
 * field terms): run Q over the records, then OR their F<fileid> terms. Q is
 * consumed. */
static vbx_query_t *join_q(compiler_t *c, vbx_query_t *q)
{
    if (!q) return NULL;
    vbx_query_t *rq = combine2(c, VBX_QUERY_FILTER, q, term_q(c, VB_KIND_DOC, strlen(VB_KIND_DOC), 0));
    if (!rq) return NULL;
    vbx_enquire_t *e = NULL;
    vbx_mset_t *m = NULL;
    unsigned total = 0;
    vb_status_t st = vbx_db_doccount(c->ix->db, &total);
    if (st == VB_OK) st = vbx_enquire_new(c->ix->db, &e);
    if (st == VB_OK) st = vbx_enquire_set_query(e, rq);
    if (st == VB_OK) st = vbx_enquire_set_weighting_bool(e);
    if (st == VB_OK) st = vbx_enquire_set_docid_order(e, VBX_ASC);
    if (st == VB_OK) st = vbx_enquire_get_mset(e, 0, total ? total : 1, 0, &m);
    vbx_query_free(rq);
    vbx_query_t *res = NULL;
    size_t n = st == VB_OK ? vbx_mset_size(m) : 0;
    vbx_query_t **subs = st == VB_OK ? calloc(n ? n : 1, sizeof *subs) : NULL;
    if (st == VB_OK && !subs) st = VB_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; st == VB_OK && i < n; i++) {
        vbx_doc_t *d = NULL;
        char *v = NULL, term[40];
        size_t vl = 0;
        st = vbx_mset_get_document(m, i, &d);
        if (st == VB_OK) st = vbx_doc_get_value(d, VB_SLOT_FILEID, &v, &vl);
        vbx_doc_free(d);
        if (st == VB_OK && vl > 0 && vl < 32) {
            int tl = snprintf(term, sizeof term, "%s%.*s", VB_P_FILE, (int)vl, v);
            subs[k++] = term_q(c, term, (size_t)tl, 0);
        }
        free(v);
    }
    vbx_mset_free(m);
    vbx_enquire_free(e);
    if (st != VB_OK) {
        for (size_t i = 0; i < k; i++) vbx_query_free(subs[i]);
        free(subs);
        if (c->st == VB_OK) c->st = vb_index_xerr(st, "query");
        return NULL;
    }
    if (k == 0) vbx_query_match_nothing(&res);
    else res = k == 1 ? subs[0] : combine(c, VBX_QUERY_OR, subs, k, 0);
    free(subs);
    return res;
}

static vbx_query_t *number_q(compiler_t *c, const char *prefix, const char *number, const char *pin)
{
    char key[256], term[320];
    size_t k = vb_number_key(number, strlen(number), key, sizeof key);
    int n = pin && *pin ? snprintf(term, sizeof term, "%s%.*s#%s", prefix, (int)k, key, pin)
                        : snprintf(term, sizeof term, "%s%.*s", prefix, (int)k, key);
    if (n < 0 || (size_t)n >= sizeof term) n = (int)strlen(term);
    /* pinpoint letters are folded like the index ("d5.2.đ" -> "d5.2.d") */
    if (pin && *pin) {
        char folded[320];
        size_t fl = vb_term_fold(term, (size_t)n, folded, sizeof folded);
        /* keep the prefix's case: fold lower-cases it */
        memcpy(folded, prefix, strlen(prefix));
        return term_q(c, folded, fl, 0);
    }
    return term_q(c, term, (size_t)n, 0);
}

/* Topics: the thesaurus is a TSV file, one topic per line: topic, then synonym phrases. */
static vbx_query_t *topic_q(compiler_t *c, const char *topic)
{
    char want[256];
    vb_term_fold(topic, strlen(topic), want, sizeof want);
    FILE *f = c->thesaurus ? fopen(c->thesaurus, "r") : NULL;
    vbx_query_t *res = NULL;
    if (f) {
        char line[4096];
        while (!res && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] == '#' || !line[0]) continue;
            /* does any phrase on the line fold to the topic? */
            int hit = 0;
            for (char *p = line; p && *p && !hit;) {
                char *tab = strchr(p, '\t');
                size_t n = tab ? (size_t)(tab - p) : strlen(p);
                char got[256];
                vb_term_fold(p, n, got, sizeof got);
                hit = strcmp(got, want) == 0;
                p = tab ? tab + 1 : NULL;
            }
            if (!hit) continue;
            size_t cap = 8, k = 0;
            vbx_query_t **subs = malloc(cap * sizeof *subs);
            if (!subs) { c->st = VB_ERR_NOMEM; break; }
            for (char *p = line; p && *p;) {
                char *tab = strchr(p, '\t');
                if (tab) *tab = '\0';
                if (*p) {
                    if (k == cap) {
                        vbx_query_t **ns = realloc(subs, cap * 2 * sizeof *subs);
                        if (!ns) { c->st = VB_ERR_NOMEM; break; }
                        subs = ns;
                        cap *= 2;
                    }
                    subs[k++] = text_q(c, p, 1);
                }
                p = tab ? tab + 1 : NULL;
            }
            res = k == 1 ? subs[0] : combine(c, VBX_QUERY_OR, subs, k, 0);
            free(subs);
        }
        fclose(f);
    }
    if (!res && c->st == VB_OK) res = text_q(c, topic, 1); /* unknown topic: the words themselves */
    return res;
}

static vbx_query_t *compile(compiler_t *c, const vb_qnode_t *n, int negated);

static vbx_query_t *all_clauses(compiler_t *c)
{
    return term_q(c, VB_KIND_CLAUSE, strlen(VB_KIND_CLAUSE), 0);
}

/* AND/OR with exclusions: positives combined by OP, then AND_NOT the negatives. */
static vbx_query_t *compile_group(compiler_t *c, const vb_qnode_t *n, vbx_query_op_t op, int negated)
{
    vbx_query_t **pos = calloc(n->nkids, sizeof *pos), **neg = calloc(n->nkids, sizeof *neg);
    size_t np = 0, nn = 0;
    vbx_query_t *res = NULL;
    if (!pos || !neg) { free(pos); free(neg); c->st = VB_ERR_NOMEM; return NULL; }
    for (size_t i = 0; i < n->nkids && c->st == VB_OK; i++) {
        const vb_qnode_t *k = n->kids[i];
        if (k->kind == VB_QN_NOT && op == VBX_QUERY_AND) neg[nn++] = compile(c, k->kids[0], !negated);
        else pos[np++] = compile(c, k, negated);
    }
    if (c->st == VB_OK) {
        if (np == 0) pos[np++] = all_clauses(c);
        res = np == 1 ? pos[0] : combine(c, op, pos, np, 0);
        if (nn) {
            vbx_query_t *ors = nn == 1 ? neg[0] : combine(c, VBX_QUERY_OR, neg, nn, 0);
            res = combine2(c, VBX_QUERY_AND_NOT, res, ors);
        }
    } else {
        for (size_t i = 0; i < np; i++) vbx_query_free(pos[i]);
        for (size_t i = 0; i < nn; i++) vbx_query_free(neg[i]);
    }
    free(pos);
    free(neg);
    return res;
}

static vbx_query_t *compile_field(compiler_t *c, const vb_qnode_t *n);

static vbx_query_t *compile(compiler_t *c, const vb_qnode_t *n, int negated)
{
    if (c->st != VB_OK) return NULL;
    if (n->kind == VB_QN_FIELD && n->field != VB_QF_TOPIC) {
        /* field conditions select clauses but do not rank them: a query made
         * only of fields lists clauses in document order */
        vbx_query_t *q = compile_field(c, n), *z = NULL;
        if (!q) return NULL;
        vb_status_t st = vbx_query_scale(q, 0.0, &z);
        vbx_query_free(q);
        if (st != VB_OK && c->st == VB_OK) c->st = vb_index_xerr(st, "query");
        return z;
    }
    switch (n->kind) {
    case VB_QN_TERM:
    case VB_QN_PHRASE:
        return text_q(c, n->text, !negated);
    case VB_QN_AND:
        return compile_group(c, n, VBX_QUERY_AND, negated);
    case VB_QN_OR:
        return compile_group(c, n, VBX_QUERY_OR, negated);
    case VB_QN_NOT:
        return combine2(c, VBX_QUERY_AND_NOT, all_clauses(c), compile(c, n->kids[0], !negated));
    case VB_QN_FIELD:
        break;
    }
    return compile_field(c, n);
}

static vbx_query_t *compile_field(compiler_t *c, const vb_qnode_t *n)
{
    vbx_query_t *q = NULL;
    switch (n->field) {
    case VB_QF_NUMBER:
        return number_q(c, VB_P_NUMBER, n->number ? n->number : n->text, NULL);
    case VB_QF_REF:
        return number_q(c, VB_P_REF, n->number ? n->number : n->text, n->pinpoint);
    case VB_QF_TYPE: {
        const char *canon = vb_doc_type_canonical(n->text, strlen(n->text));
        char term[VB_TERM_MAX + 4];
        size_t k = vb_field_term(term, sizeof term, VB_P_TYPE, canon ? canon : n->text,
                                 strlen(canon ? canon : n->text));
        return term_q(c, term, k, 0);
    }
    case VB_QF_ISSUER:
        return join_q(c, field_text_q(c, VB_P_ISSUER, n->text));
    case VB_QF_TO: /* the clause's assignee, or a recipient of its document */
        return combine2(c, VBX_QUERY_OR, field_text_q(c, VB_P_TO, n->text),
                        join_q(c, field_text_q(c, VB_P_TO, n->text)));
    case VB_QF_SIGNER:
        return join_q(c, field_text_q(c, VB_P_SIGNER, n->text));
    case VB_QF_YEAR:
    case VB_QF_DATE: {
        vb_status_t st;
        if (n->lo[0] && n->hi[0]) st = vbx_query_value_range(VB_SLOT_DATE, n->lo, strlen(n->lo), n->hi, strlen(n->hi), &q);
        else if (n->lo[0]) st = vbx_query_value_ge(VB_SLOT_DATE, n->lo, strlen(n->lo), &q);
        else if (n->hi[0]) st = vbx_query_value_le(VB_SLOT_DATE, n->hi, strlen(n->hi), &q);
        else return all_clauses(c);
        if (st != VB_OK) c->st = vb_index_xerr(st, "query");
        return q;
    }
    case VB_QF_TOPIC:
        return topic_q(c, n->text);
    default:
        c->st = VB_ERR_QUERY_SYNTAX;
        snprintf(c->err, sizeof c->err, "unsupported field");
        c->errcol = n->column;
        return NULL;
    }
}

/* ------------------------------------------------------------------ mentions */

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
} mctx_t;

static int slot_ok(const slot_t *s, const char *folded, const char *exact)
{
    if (strcmp(s->folded, folded) != 0) return 0;
    return !s->exact || strcmp(s->exact, exact) == 0;
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
    snprintf(m->ring[r].folded, sizeof m->ring[r].folded, "%s", t->folded);
    snprintf(m->ring[r].exact, sizeof m->ring[r].exact, "%s", t->exact);
    m->seen++;
    for (size_t p = 0; p < m->npats; p++) {
        const pattern_t *pt = &m->pats[p];
        if (pt->n == 0 || pt->n > 32 || pt->n > m->seen || pt->slots[0].whole) continue;
        int ok = 1;
        for (size_t k = 0; k < pt->n && ok; k++) {
            size_t idx = (m->seen - pt->n + k) % 32;
            ok = slot_ok(&pt->slots[k], m->ring[idx].folded, m->ring[idx].exact);
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

/* Mentions of the patterns in TEXT, sorted, overlaps merged. */
static size_t find_mentions(const patterns_t *p, const char *text, size_t len, size_t **out)
{
    mctx_t m;
    memset(&m, 0, sizeof m);
    m.pats = p->pats;
    m.npats = p->n;
    m.text = text;
    *out = NULL;
    if (p->n == 0) return 0;
    vb_tokenize(text, len, VB_TOKENIZE_DEFAULT, 0, mention_token, &m, NULL);
    if (m.n > 2) {
        qsort(m.out, m.n / 2, 2 * sizeof *m.out, cmp_pair);
        size_t k = 0;
        for (size_t i = 0; i < m.n; i += 2) {
            if (k && m.out[i] < m.out[k - 1]) {
                if (m.out[i + 1] > m.out[k - 1]) m.out[k - 1] = m.out[i + 1];
                continue;
            }
            m.out[k++] = m.out[i];
            m.out[k++] = m.out[i + 1];
        }
        m.n = k;
    }
    *out = m.out;
    return m.n / 2;
}

/* ------------------------------------------------------------------ documents */

typedef struct {
    char fileid[17];
    char *data;
    size_t len;
    vb_docinfo_t info;
    char *fields[13];
} docrec_t;

#define CACHE 32

typedef struct {
    docrec_t recs[CACHE];
    size_t next;
} doccache_t;

static void docrec_clear(docrec_t *d)
{
    free(d->data);
    for (size_t i = 0; i < 13; i++) free(d->fields[i]);
    memset(d, 0, sizeof *d);
}

static const char *rec_field(docrec_t *d, unsigned idx, unsigned slot)
{
    const char *s;
    size_t n;
    if (!vb_rec_get(d->data, d->len, idx, &s, &n) || n == 0) return NULL;
    d->fields[slot] = vb_strndup(s, n);
    return d->fields[slot];
}

static vb_status_t load_docrec(vb_index_t *ix, const char *fileid, size_t fl, docrec_t *d)
{
    char uid[40];
    int n = snprintf(uid, sizeof uid, "%s%.*s", VB_P_UID, (int)fl, fileid);
    vbx_postiter_t *it = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_postlist(ix->db, uid, (size_t)n, &it), ix->path);
    int has = 0;
    unsigned did = 0, wdf;
    if (st == VB_OK) st = vb_index_xerr(vbx_postiter_next(it, &has, &did, &wdf), ix->path);
    vbx_postiter_free(it);
    memset(d, 0, sizeof *d);
    snprintf(d->fileid, sizeof d->fileid, "%.*s", (int)fl, fileid);
    if (st != VB_OK || !has) return st;
    vbx_doc_t *doc = NULL;
    st = vb_index_xerr(vbx_db_get_document(ix->db, did, &doc), ix->path);
    if (st == VB_OK) st = vbx_doc_get_data(doc, &d->data, &d->len);
    vbx_doc_free(doc);
    if (st != VB_OK) return st;
    d->info.file = rec_field(d, VB_RD_FILE, 0);
    d->info.number = rec_field(d, VB_RD_NUMBER, 1);
    d->info.type = rec_field(d, VB_RD_TYPE, 2);
    d->info.issuers = rec_field(d, VB_RD_ISSUER, 3);
    d->info.date = rec_field(d, VB_RD_DATE, 4);
    d->info.subject = rec_field(d, VB_RD_SUBJECT, 5);
    d->info.place = rec_field(d, VB_RD_PLACE, 6);
    d->info.recipients = rec_field(d, VB_RD_RECIPIENTS, 7);
    d->info.signer_title = rec_field(d, VB_RD_SIGNER_TITLE, 8);
    d->info.signer_name = rec_field(d, VB_RD_SIGNER_NAME, 9);
    d->info.encoding = rec_field(d, VB_RD_ENCODING, 10);
    d->info.citations = rec_field(d, VB_RD_CITATIONS, 11);
    /* the top issuer: first line of the list */
    if (d->info.issuers) {
        size_t k = strcspn(d->info.issuers, "\n");
        d->fields[12] = vb_strndup(d->info.issuers, k);
        if (!d->fields[12]) return VB_ERR_NOMEM;
        d->info.issuer = d->fields[12];
    }
    return VB_OK;
}

static vb_status_t cached_doc(vb_index_t *ix, doccache_t *cache, const char *fileid, size_t fl, const vb_docinfo_t **out)
{
    for (size_t i = 0; i < CACHE; i++)
        if (cache->recs[i].fileid[0] && strlen(cache->recs[i].fileid) == fl &&
            memcmp(cache->recs[i].fileid, fileid, fl) == 0) {
            *out = &cache->recs[i].info;
            return VB_OK;
        }
    docrec_t *d = &cache->recs[cache->next];
    cache->next = (cache->next + 1) % CACHE;
    docrec_clear(d);
    vb_status_t st = load_docrec(ix, fileid, fl, d);
    *out = &d->info;
    return st;
}

static void cache_free(doccache_t *c)
{
    for (size_t i = 0; i < CACHE; i++) docrec_clear(&c->recs[i]);
}

/* Fill R from a clause document's data. Strings point into DATA copies kept in BUF. */
typedef struct {
    char *path, *label, *assignee, *context;
} clause_strs_t;

static void clause_strs_free(clause_strs_t *s)
{
    free(s->path); free(s->label); free(s->assignee); free(s->context);
    memset(s, 0, sizeof *s);
}

static char *dup_field(const char *data, size_t len, unsigned i)
{
    const char *s;
    size_t n;
    if (!vb_rec_get(data, len, i, &s, &n) || n == 0) return NULL;
    return vb_strndup(s, n);
}

static vb_status_t fill_result(vb_index_t *ix, doccache_t *cache, vbx_doc_t *doc, vb_result_t *r, clause_strs_t *cs)
{
    const char *data;
    size_t len;
    vb_status_t st = vbx_doc_get_data_ref(doc, &data, &len);
    if (st != VB_OK) return vb_index_xerr(st, ix->path);
    const char *fid, *text, *line;
    size_t fl, tl, ll;
    if (!vb_rec_get(data, len, VB_RC_FILEID, &fid, &fl) || !vb_rec_get(data, len, VB_RC_TEXT, &text, &tl)) {
        vb_set_error("%s: a clause record is damaged", ix->path);
        return VB_ERR_DB_CORRUPT;
    }
    cs->path = dup_field(data, len, VB_RC_PATH);
    cs->label = dup_field(data, len, VB_RC_LABEL);
    cs->assignee = dup_field(data, len, VB_RC_ASSIGNEE);
    cs->context = dup_field(data, len, VB_RC_CONTEXT);
    r->path = cs->path;
    r->label = cs->label;
    r->assignee = cs->assignee;
    r->context = cs->context;
    r->line = 0;
    if (vb_rec_get(data, len, VB_RC_LINE, &line, &ll))
        for (size_t i = 0; i < ll && line[i] >= '0' && line[i] <= '9'; i++) r->line = r->line * 10 + (unsigned)(line[i] - '0');
    r->text = text;
    r->text_len = tl;
    const vb_docinfo_t *di = NULL;
    st = cached_doc(ix, cache, fid, fl, &di);
    if (st != VB_OK) return st;
    r->doc = *di;
    return VB_OK;
}

/* ------------------------------------------------------------------ search */

typedef struct {
    size_t counts[4][256];
    char *values[4][256];
    size_t n[4];
} facets_t;

static void facet_add(facets_t *f, int which, const char *v, size_t vl)
{
    for (size_t i = 0; i < f->n[which]; i++)
        if (strlen(f->values[which][i]) == vl && memcmp(f->values[which][i], v, vl) == 0) {
            f->counts[which][i]++;
            return;
        }
    if (f->n[which] == 256) return; /* more than 256 distinct values: the rest are not counted */
    char *s = vb_strndup(v, vl);
    if (!s) return;
    f->values[which][f->n[which]] = s;
    f->counts[which][f->n[which]++] = 1;
}

static void facets_count(facets_t *f, vbx_doc_t *doc, unsigned want)
{
    static const unsigned slots[4] = { VB_SLOT_ISSUER, VB_SLOT_TYPE, VB_SLOT_YEAR, VB_SLOT_REFS };
    for (int w = 0; w < 4; w++) {
        if (!(want & (1u << w))) continue;
        char *v = NULL;
        size_t vl = 0;
        if (vbx_doc_get_value(doc, slots[w], &v, &vl) != VB_OK) continue;
        if (w == 3) {
            for (size_t a = 0; a < vl;) {
                size_t b = a;
                while (b < vl && v[b] != '\n') b++;
                if (b > a) facet_add(f, w, v + a, b - a);
                a = b + 1;
            }
        } else if (vl) {
            facet_add(f, w, v, vl);
        } else {
            facet_add(f, w, "", 0);
        }
        free(v);
    }
}

static int facets_emit(facets_t *f, const vb_search_opts_t *o)
{
    for (int w = 0; w < 4; w++) {
        /* by count, descending; ties by value */
        for (size_t i = 0; i < f->n[w]; i++)
            for (size_t j = i + 1; j < f->n[w]; j++)
                if (f->counts[w][j] > f->counts[w][i] ||
                    (f->counts[w][j] == f->counts[w][i] && strcmp(f->values[w][j], f->values[w][i]) < 0)) {
                    size_t tc = f->counts[w][i]; f->counts[w][i] = f->counts[w][j]; f->counts[w][j] = tc;
                    char *tv = f->values[w][i]; f->values[w][i] = f->values[w][j]; f->values[w][j] = tv;
                }
        for (size_t i = 0; i < f->n[w]; i++) {
            if (o->facet_fn && o->facet_fn(1u << w, f->values[w][i], f->counts[w][i], o->facet_data)) return 1;
        }
    }
    return 0;
}

static void facets_free(facets_t *f)
{
    for (int w = 0; w < 4; w++)
        for (size_t i = 0; i < f->n[w]; i++) free(f->values[w][i]);
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
    memset(stats, 0, sizeof *stats);
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
    vbx_query_t *q = compile(&c, tree, 0);
    vb_qnode_free(tree);
    if (c.st == VB_OK) q = combine2(&c, VBX_QUERY_FILTER, q, all_clauses(&c));
    if (c.st != VB_OK) {
        if (c.st == VB_ERR_QUERY_SYNTAX) {
            vb_set_error("%s", c.err);
            stats->error_column = c.errcol;
        }
        vbx_query_free(q);
        patterns_free(&c.pats);
        return c.st;
    }

    vbx_enquire_t *e = NULL;
    st = vb_index_xerr(vbx_enquire_new(ix->db, &e), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_query(e, q), ix->path);
    if (st == VB_OK) {
        if (o.flags & VB_SEARCH_NEWEST) st = vbx_enquire_set_sort_by_value_then_relevance(e, VB_SLOT_DATE, 1);
        else st = vbx_enquire_set_sort_by_relevance_then_value(e, VB_SLOT_ORDER, 0);
        vb_index_xerr(st, ix->path);
    }
    vbx_query_free(q);

    unsigned doccount = 0;
    if (st == VB_OK) st = vb_index_xerr(vbx_db_doccount(ix->db, &doccount), ix->path);
    doccache_t *cache = calloc(1, sizeof *cache);
    facets_t *facets = o.facets ? calloc(1, sizeof *facets) : NULL;
    if (!cache || (o.facets && !facets)) st = VB_ERR_NOMEM;

    /* Walk the matches page by page: results in [offset, offset+limit), and,
     * when totals or facets are wanted, every match for counting. */
    int need_all = (o.flags & VB_SEARCH_TOTALS) || o.facets;
    size_t end = o.limit ? o.offset + o.limit : (size_t)-1;
    size_t first = need_all ? 0 : o.offset;
    int stopped = 0;
    while (st == VB_OK) {
        vbx_mset_t *m = NULL;
        st = vb_index_xerr(vbx_enquire_get_mset(e, (unsigned)first, PAGE, doccount, &m), ix->path);
        if (st != VB_OK) break;
        stats->total_clauses = vbx_mset_matches_estimated(m);
        size_t size = vbx_mset_size(m);
        for (size_t i = 0; i < size && st == VB_OK; i++) {
            size_t rank = first + i;
            int wanted = rank >= o.offset && rank < end && !stopped;
            if (!wanted && !need_all) continue;
            vbx_doc_t *doc = NULL;
            st = vb_index_xerr(vbx_mset_get_document(m, i, &doc), ix->path);
            if (st != VB_OK) break;
            if (facets) facets_count(facets, doc, o.facets);
            if (wanted || (o.flags & VB_SEARCH_TOTALS)) {
                vb_result_t r;
                clause_strs_t cs;
                memset(&r, 0, sizeof r);
                memset(&cs, 0, sizeof cs);
                if (wanted) {
                    st = fill_result(ix, cache, doc, &r, &cs);
                } else {
                    const char *d;
                    size_t dl;
                    st = vb_index_xerr(vbx_doc_get_data_ref(doc, &d, &dl), ix->path);
                    if (st == VB_OK && !vb_rec_get(d, dl, VB_RC_TEXT, &r.text, &r.text_len)) r.text_len = 0;
                }
                size_t *mm = NULL;
                size_t nm = st == VB_OK ? find_mentions(&c.pats, r.text ? r.text : "", r.text_len, &mm) : 0;
                if ((o.flags & VB_SEARCH_TOTALS) || wanted) stats->total_mentions += nm;
                if (wanted && st == VB_OK) {
                    r.matches = mm;
                    r.match_count = nm;
                    r.score = vbx_mset_weight(m, i);
                    r.rank = rank;
                    stats->returned++;
                    if (fn && fn(&r, data)) { stopped = 1; if (!need_all) st = VB_ERR_CANCELLED; }
                }
                free(mm);
                clause_strs_free(&cs);
            }
            vbx_doc_free(doc);
        }
        vbx_mset_free(m);
        first += size;
        if (size < PAGE) break;
        if (!need_all && (first >= end || stopped)) break;
    }
    if (st == VB_OK && facets && facets_emit(facets, &o)) st = VB_ERR_CANCELLED;
    if (st == VB_OK && stopped) st = VB_ERR_CANCELLED;
    if (facets) { facets_free(facets); free(facets); }
    if (cache) { cache_free(cache); free(cache); }
    vbx_enquire_free(e);
    patterns_free(&c.pats);
    return st;
}

/* ------------------------------------------------------------------ show, citations */

vb_status_t vb_index_has_number(vb_index_t *ix, const char *number, int *has)
{
    if (!ix || !number || !has) return VB_ERR_INVALID_ARG;
    char key[256], term[300];
    size_t k = vb_number_key(number, strlen(number), key, sizeof key);
    int n = snprintf(term, sizeof term, "%s%.*s", VB_P_NUMBER, (int)k, key);
    return vb_index_xerr(vbx_db_term_exists(ix->db, term, (size_t)n, has), ix->path);
}

static int cmp_order(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

vb_status_t vb_index_show(vb_index_t *ix, const char *number, vb_result_fn fn, void *data, size_t *found)
{
    if (!ix || !number || !fn) return VB_ERR_INVALID_ARG;
    char key[256], term[300];
    size_t k = vb_number_key(number, strlen(number), key, sizeof key);
    int n = snprintf(term, sizeof term, "%s%.*s", VB_P_NUMBER, (int)k, key);
    /* the document records with that number, then each one's clauses in text order */
    vbx_postiter_t *it = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_postlist(ix->db, term, (size_t)n, &it), ix->path);
    size_t docs = 0;
    doccache_t *cache = calloc(1, sizeof *cache);
    if (!cache) st = VB_ERR_NOMEM;
    size_t rank = 0;
    while (st == VB_OK) {
        int has = 0;
        unsigned did, wdf;
        st = vb_index_xerr(vbx_postiter_next(it, &has, &did, &wdf), ix->path);
        if (st != VB_OK || !has) break;
        vbx_doc_t *rec = NULL;
        st = vb_index_xerr(vbx_db_get_document(ix->db, did, &rec), ix->path);
        if (st != VB_OK) break;
        const char *d, *fid;
        size_t dl, fl;
        int is_record = vbx_doc_get_data_ref(rec, &d, &dl) == VB_OK && vb_rec_get(d, dl, VB_RD_REALPATH, &fid, &fl);
        char fileid[17] = "";
        if (is_record && vb_rec_get(d, dl, VB_RD_FILEID, &fid, &fl) && fl < sizeof fileid) {
            memcpy(fileid, fid, fl);
            fileid[fl] = '\0';
        }
        vbx_doc_free(rec);
        if (!is_record || !fileid[0]) continue;
        docs++;
        /* collect clause docids with their order keys */
        char fterm[40];
        int ftl = snprintf(fterm, sizeof fterm, "%s%s", VB_P_FILE, fileid);
        vbx_postiter_t *ci = NULL;
        st = vb_index_xerr(vbx_db_postlist(ix->db, fterm, (size_t)ftl, &ci), ix->path);
        char **keys = NULL;
        size_t nk = 0, capk = 0;
        while (st == VB_OK) {
            int h = 0;
            unsigned cd, w;
            st = vb_index_xerr(vbx_postiter_next(ci, &h, &cd, &w), ix->path);
            if (st != VB_OK || !h) break;
            vbx_doc_t *cdoc = NULL;
            st = vb_index_xerr(vbx_db_get_document(ix->db, cd, &cdoc), ix->path);
            if (st != VB_OK) break;
            char *ord = NULL;
            size_t ol = 0;
            vbx_doc_get_value(cdoc, VB_SLOT_ORDER, &ord, &ol);
            vbx_doc_free(cdoc);
            if (!ord || !ol) { free(ord); continue; }
            if (nk == capk) {
                capk = capk ? capk * 2 : 64;
                char **nkeys = realloc(keys, capk * sizeof *keys);
                if (!nkeys) { free(ord); st = VB_ERR_NOMEM; break; }
                keys = nkeys;
            }
            /* "<order>\t<docid>" sorts in text order */
            char *kd = malloc(ol + 16);
            if (!kd) { free(ord); st = VB_ERR_NOMEM; break; }
            snprintf(kd, ol + 16, "%.*s\t%u", (int)ol, ord, cd);
            free(ord);
            keys[nk++] = kd;
        }
        vbx_postiter_free(ci);
        qsort(keys, nk, sizeof *keys, cmp_order);
        for (size_t i = 0; i < nk; i++) {
            if (st == VB_OK) {
                unsigned cd = (unsigned)strtoul(strchr(keys[i], '\t') + 1, NULL, 10);
                vbx_doc_t *cdoc = NULL;
                st = vb_index_xerr(vbx_db_get_document(ix->db, cd, &cdoc), ix->path);
                if (st == VB_OK) {
                    vb_result_t r;
                    clause_strs_t cs;
                    memset(&r, 0, sizeof r);
                    memset(&cs, 0, sizeof cs);
                    st = fill_result(ix, cache, cdoc, &r, &cs);
                    r.rank = rank++;
                    if (st == VB_OK && fn(&r, data)) st = VB_ERR_CANCELLED;
                    clause_strs_free(&cs);
                }
                vbx_doc_free(cdoc);
            }
            free(keys[i]);
        }
        free(keys);
    }
    vbx_postiter_free(it);
    if (cache) { cache_free(cache); free(cache); }
    if (found) *found = docs;
    return st;
}

typedef struct { char *key; size_t count; } cited_t;

static int cmp_cited(const void *a, const void *b)
{
    const cited_t *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

vb_status_t vb_index_top_cited(vb_index_t *ix, size_t n, vb_facet_fn fn, void *data)
{
    if (!ix || !fn) return VB_ERR_INVALID_ARG;
    vbx_termiter_t *it = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_allterms(ix->db, VB_P_REF, strlen(VB_P_REF), &it), ix->path);
    cited_t *v = NULL;
    size_t nv = 0, cap = 0;
    while (st == VB_OK) {
        int has = 0;
        const char *t;
        size_t tl;
        st = vb_index_xerr(vbx_termiter_next(it, &has, &t, &tl), ix->path);
        if (st != VB_OK || !has) break;
        if (memchr(t, '#', tl)) continue; /* pinpoint terms */
        unsigned tf = 0;
        vbx_termiter_termfreq(it, &tf);
        if (nv == cap) {
            cap = cap ? cap * 2 : 256;
            cited_t *nvv = realloc(v, cap * sizeof *v);
            if (!nvv) { st = VB_ERR_NOMEM; break; }
            v = nvv;
        }
        size_t pl = strlen(VB_P_REF);
        v[nv].key = vb_strndup(t + pl, tl - pl);
        if (!v[nv].key) { st = VB_ERR_NOMEM; break; }
        v[nv++].count = tf;
    }
    vbx_termiter_free(it);
    if (st == VB_OK) {
        qsort(v, nv, sizeof *v, cmp_cited);
        for (size_t i = 0; i < nv && i < n; i++)
            if (fn(VB_FACET_REF, v[i].key, v[i].count, data)) { st = VB_ERR_CANCELLED; break; }
    }
    for (size_t i = 0; i < nv; i++) free(v[i].key);
    free(v);
    return st;
}
