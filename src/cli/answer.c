/* Answering one search or one citation command through a printer (answer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "answer.h"

/* ------------------------------------------------------------------ what the printer is given */

static int print_result(const vb_result_t *r, void *data)
{
    vb_out_t *o = data;
    o->printed++;
    o->p->result(o->p, r);
    return 0;
}

typedef struct {
    vb_facet_row_t *rows;
    size_t n, cap;
} facet_rows_t;

static int keep_facet(unsigned facet, const char *value, size_t count, void *data)
{
    facet_rows_t *f = data;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        vb_facet_row_t *nr = realloc(f->rows, f->cap * sizeof *nr);
        if (!nr) return 1;
        f->rows = nr;
    }
    f->rows[f->n].facet = facet;
    f->rows[f->n].value = strdup(value);
    if (!f->rows[f->n].value) return 1;
    f->rows[f->n].count = count;
    f->n++;
    return 0;
}

/* ------------------------------------------------------------------ citation commands */

typedef struct {
    vb_out_t *o;
    vb_index_t *ix;
    const char *file;       /* the document printed last */
    vb_legal_cache_t *lc;   /* the status of each cited number */
} refs_t;

/* ------------------------------------------------------------------ status of cited instruments */

struct vb_legal_cache {
    vb_index_t *ix;
    char **keys;
    vb_legal_t **legal;     /* NULL where the status could not be had */
    size_t n, cap;
};

vb_legal_cache_t *vb_legal_cache_new(vb_index_t *ix)
{
    vb_legal_cache_t *lc = calloc(1, sizeof *lc);
    if (lc) lc->ix = ix;
    return lc;
}

void vb_legal_cache_free(vb_legal_cache_t *lc)
{
    if (!lc) return;
    for (size_t i = 0; i < lc->n; i++) {
        free(lc->keys[i]);
        vb_legal_free(lc->legal[i]);
    }
    free(lc->keys);
    free(lc->legal);
    free(lc);
}

static const vb_instrument_t *status_of(void *data, const vb_citation_t *c)
{
    return vb_legal_cache_of(data, c);
}

/* Let O's printer give the status of cited instruments, from a cache of its own
 * (returned: freed with vb_legal_cache_free() after the answer, which unhooks it). */
static vb_legal_cache_t *hook_status(vb_out_t *o, vb_index_t *ix)
{
    vb_legal_cache_t *lc = vb_legal_cache_new(ix);
    if (lc) {
        o->p->status_of = status_of;
        o->p->status_data = lc;
    }
    return lc;
}

static void unhook_status(vb_out_t *o, vb_legal_cache_t *lc)
{
    o->p->status_of = NULL;
    o->p->status_data = NULL;
    vb_legal_cache_free(lc);
}

/* The cache's key for C in Q: its number, else its name with the year (a
 * law by name: with its year, the one law of that name then). 0: C has neither. */
static int legal_key(const vb_citation_t *c, char *q, size_t cap)
{
    if (c->number && *c->number) {
        snprintf(q, cap, "%s", c->number);
    } else if (c->name && *c->name) {
        size_t dl = c->date ? strlen(c->date) : 0;
        snprintf(q, cap, "%s%s%.4s", c->name, dl >= 4 ? " " : "", dl >= 4 ? c->date : "");
    } else {
        return 0;
    }
    return 1;
}

/* Where key Q stands in the cache: lc->n when it is not there. */
static size_t legal_slot(const vb_legal_cache_t *lc, const char *q)
{
    size_t i;
    for (i = 0; i < lc->n && strcmp(lc->keys[i], q) != 0; i++) {}
    return i;
}

const vb_instrument_t *vb_legal_cache_of(vb_legal_cache_t *lc, const vb_citation_t *c)
{
    char q[512];
    if (!lc || !c || !legal_key(c, q, sizeof q)) return NULL;
    size_t i = legal_slot(lc, q);
    if (i == lc->n) {
        if (lc->n == lc->cap) {
            size_t cap = lc->cap ? lc->cap * 2 : 16;
            char **nk = realloc(lc->keys, cap * sizeof *nk);
            if (!nk) return NULL;
            lc->keys = nk;
            vb_legal_t **nl = realloc(lc->legal, cap * sizeof *nl);
            if (!nl) return NULL;
            lc->legal = nl;
            lc->cap = cap;
        }
        if (!(lc->keys[i] = strdup(q))) return NULL;
        lc->legal[i] = NULL;
        /* its force from the documents that change it: a page of results cites
           laws that thousands of documents cite */
        if (vb_index_legal_changes(lc->ix, q, &lc->legal[i]) != VB_OK) lc->legal[i] = NULL;
        lc->n++;
    }
    const vb_instrument_t *in = vb_legal_instrument_of(lc->legal[i], c);
    /* a law cited by name without its year: the instrument --status finds for
     * the same words when there is one; several stay unattributed */
    if (!in && !(c->number && *c->number) && lc->legal[i] && lc->legal[i]->instrument_count == 1)
        in = &lc->legal[i]->instruments[0];
    return in;
}

int vb_legal_cache_several(vb_legal_cache_t *lc, const vb_citation_t *c)
{
    char q[512];
    if (!lc || !c || (c->number && *c->number) || !legal_key(c, q, sizeof q)) return 0;
    (void)vb_legal_cache_of(lc, c);   /* looked up (cached) under the same key */
    size_t i = legal_slot(lc, q);
    return i < lc->n && lc->legal[i] && (lc->legal[i]->instrument_count > 1 || lc->legal[i]->ambiguous > 0);
}

typedef struct {
    vb_candidate_t *c;
    size_t n, cap;
    int oom;
} cands_t;

static char *dup0(const char *s) { return s ? strdup(s) : NULL; }

static int keep_candidate(const vb_docinfo_t *d, int agrees, void *data)
{
    cands_t *c = data;
    if (!agrees) return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        vb_candidate_t *nc = realloc(c->c, cap * sizeof *nc);
        if (!nc) { c->oom = 1; return 1; }
        c->c = nc;
        c->cap = cap;
    }
    vb_candidate_t *x = &c->c[c->n++];
    x->number = dup0(d->number);
    x->issuer = dup0(d->issuer);
    x->date = dup0(d->date);
    x->file = dup0(d->file);
    return 0;
}

static void cands_free(cands_t *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free((char *)c->c[i].number);
        free((char *)c->c[i].issuer);
        free((char *)c->c[i].date);
        free((char *)c->c[i].file);
    }
    free(c->c);
}

/* A citation and what the archive holds of the instrument it names (its
 * number, issuer and date: a number alone is not an identity). */
static int print_citation(const vb_citation_t *c, void *data)
{
    refs_t *x = data;
    cands_t cs = { 0 };
    vb_link_info_t li = { VB_LINK_NONE, NULL, 0, NULL };
    if (vb_index_resolve(x->ix, c, keep_candidate, &cs, &li.link) != VB_OK || cs.oom) li.link = VB_LINK_NONE;
    li.status = vb_legal_cache_of(x->lc, c);
    /* a name that names several laws is not an unknown instrument */
    if (!li.status && li.link == VB_LINK_NONE && vb_legal_cache_several(x->lc, c)) li.link = VB_LINK_AMBIGUOUS;
    li.docs = cs.c;
    li.ndocs = li.link == VB_LINK_NONE ? 0 : cs.n;
    x->o->p->citation(x->o->p, c, &li);
    cands_free(&cs);
    return 0;
}

/* --refs: the citations of every document of that number, document by document */
static int print_refs(const vb_result_t *r, void *data)
{
    refs_t *x = data;
    if (x->file && r->doc.file && strcmp(x->file, r->doc.file) == 0) return 0;
    free((char *)x->file);
    x->file = dup0(r->doc.file ? r->doc.file : "");
    x->o->p->document(x->o->p, &r->doc);
    for (size_t k = 0; k < r->doc.citation_count; k++) print_citation(&r->doc.citation_list[k], x);
    return 0;
}

static int print_clause(const vb_result_t *r, void *data)
{
    vb_out_t *o = data;
    o->printed++;
    o->p->clause(o->p, r);
    return 0;
}

static int print_cited(const vb_cited_t *c, void *data)
{
    vb_out_t *o = data;
    o->printed++;
    o->p->cited(o->p, c);
    return 0;
}

void vb_report(vb_out_t *o, int serving, int status, const char *reason, const char *message, size_t column)
{
    o->failed = status;
    if (!serving) {
        fflush(stdout);
        if (column) fprintf(stderr, "%s: bad query at column %zu: %s\n", o->prog, column, message);
        else fprintf(stderr, "%s: %s\n", o->prog, message);
    }
    if (o->p->error) o->p->error(o->p, status, reason, message, column);
}

int vb_run_command(vb_index_t *ix, vb_out_t *o, int serving, const char *refs, const char *show, const char *pin, long top,
                   vb_status_t *stp)
{
    size_t found = 0, clauses = 0;
    int rc;
    vb_status_t st;
    char msg[1024];
    o->p->command_begin(o->p, refs ? VB_CMD_REFS : show ? VB_CMD_SHOW : VB_CMD_TOP_CITED);
    if (refs || show) {
        refs_t x = { o, ix, NULL, hook_status(o, ix) };
        st = refs ? vb_index_show(ix, refs, print_refs, &x, &found)
                  : vb_index_show_clauses(ix, show, pin, print_clause, o, &found, &clauses);
        free((char *)x.file);
        unhook_status(o, x.lc);
        rc = 0;
        if (found == 0) {
            snprintf(msg, sizeof msg, "no document %s in the archive", refs ? refs : show);
            rc = 1;
        } else if (show && clauses == 0) {
            snprintf(msg, sizeof msg, "no clause %s in %s (%zu document%s of that number)", pin ? pin : "", show, found,
                     found == 1 ? "" : "s");
            rc = 1;
        }
    } else {
        st = vb_index_top_cited(ix, (size_t)top, print_cited, o);
        snprintf(msg, sizeof msg, "no citations in the archive");
        rc = o->printed ? 0 : 1;
    }
    *stp = st;
    if (st != VB_OK) {
        snprintf(msg, sizeof msg, "%s: %s", vb_status_to_string(st), vb_last_error());
        vb_report(o, serving, 2, vb_status_to_string(st), msg, 0);
        return 2;
    }
    if (rc == 1) vb_report(o, serving, 1, "not found", msg, 0);
    else o->p->command_end(o->p);
    return rc;
}

int vb_run_status(vb_index_t *ix, vb_out_t *o, int serving, const char *number, const char *pin, vb_status_t *stp)
{
    vb_legal_t *l = NULL;
    o->p->command_begin(o->p, VB_CMD_STATUS);
    vb_status_t st = vb_index_legal_status(ix, number, pin, &l);
    *stp = st;
    if (st != VB_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: %s", vb_status_to_string(st), vb_last_error());
        vb_report(o, serving, 2, vb_status_to_string(st), msg, 0);
        return 2;
    }
    o->printed++;
    o->p->legal(o->p, l);
    o->p->command_end(o->p);
    int rc = l->instrument_count || l->ambiguous ? 0 : 1;   /* 1: unknown to the archive */
    vb_legal_free(l);
    return rc;
}

/* ------------------------------------------------------------------ --cites: groups by instrument */

typedef struct {
    char *label;
    FILE *f;
    char *buf;
    size_t len;
} group_t;

typedef struct {
    vb_out_t *o;
    vb_index_t *ix;
    group_t *g;
    size_t n, cap;
    int failed;
    vb_legal_cache_t *lc;   /* the status of each group's instrument, or NULL */
} grouper_t;

/* The citation R's matches stand on: the first citation of its clause whose
 * text (else number) is where a match starts. */
static const vb_citation_t *matched_citation(const vb_result_t *r)
{
    for (size_t k = 0; k < r->doc.citation_count; k++) {
        const vb_citation_t *c = &r->doc.citation_list[k];
        if (!c->clause || !r->path || strcmp(c->clause, r->path) != 0) continue;
        const char *forms[2] = { c->text, c->number };
        for (int f = 0; f < 2; f++) {
            if (!forms[f] || !*forms[f]) continue;
            size_t fl = strlen(forms[f]);
            for (size_t m = 0; m < r->match_count; m++) {
                size_t at = r->matches[2 * m];
                if (at + fl <= r->text_len && memcmp(r->text + at, forms[f], fl) == 0) return c;
            }
        }
    }
    return NULL;
}

/* "NUMBER, issuer, date: in archive: FILE", "NUMBER: ambiguous: FILE, FILE",
 * "NUMBER, issuer as cited, date as cited: not in archive" */
static char *group_label(vb_index_t *ix, const vb_citation_t *c, vb_legal_cache_t *lc, int vi)
{
    cands_t cs = { 0 };
    int link = VB_LINK_NONE;
    if (vb_index_resolve(ix, c, keep_candidate, &cs, &link) != VB_OK || cs.oom) link = VB_LINK_NONE;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) { cands_free(&cs); return NULL; }
    fputs(c->number ? c->number : c->name ? c->name : "?", f);
    if (link == VB_LINK_ARCHIVED) {
        const vb_candidate_t *d = &cs.c[0];
        if (d->issuer) fprintf(f, ", %s", d->issuer);
        if (d->date) fprintf(f, ", %s", d->date);
        fprintf(f, ": %s: %s", vb_link_name(link), d->file ? d->file : "?");
    } else if (link == VB_LINK_AMBIGUOUS) {
        fprintf(f, ": %s: ", vb_link_name(link));
        for (size_t i = 0; i < cs.n; i++) fprintf(f, "%s%s", i ? ", " : "", cs.c[i].file ? cs.c[i].file : "?");
    } else {
        if (c->issuer) fprintf(f, ", %s", c->issuer);
        if (c->date) fprintf(f, ", %s", c->date);
        fprintf(f, ": %s", vb_link_name(link));
    }
    /* is it still in force? (docs/status.md) */
    const vb_instrument_t *in = lc ? vb_legal_cache_of(lc, c) : NULL;
    if (in) {
        fprintf(f, " — %s", vb_force_short(in->force, vi));
        if (in->since) fprintf(f, " %s %s", vi ? "từ" : "from", in->since);
    }
    fclose(f);
    cands_free(&cs);
    return buf;
}

static int print_grouped(const vb_result_t *r, void *data)
{
    grouper_t *g = data;
    const vb_citation_t *c = matched_citation(r);
    char *label = c ? group_label(g->ix, c, g->lc, vb_locale_vi()) : strdup("?");
    if (!label) { g->failed = 1; return 1; }
    size_t i;
    for (i = 0; i < g->n && strcmp(g->g[i].label, label) != 0; i++) {}
    if (i == g->n) {
        if (g->n == g->cap) {
            size_t cap = g->cap ? g->cap * 2 : 4;
            group_t *ng = realloc(g->g, cap * sizeof *ng);
            if (!ng) { free(label); g->failed = 1; return 1; }
            g->g = ng;
            g->cap = cap;
        }
        group_t *x = &g->g[g->n];
        memset(x, 0, sizeof *x);
        x->f = open_memstream(&x->buf, &x->len);
        if (!x->f) { free(label); g->failed = 1; return 1; }
        x->label = label;
        g->n++;
        label = NULL;
    }
    free(label);
    FILE *out = g->o->p->out;
    g->o->p->out = g->g[i].f;
    print_result(r, g->o);
    g->o->p->out = out;
    return 0;
}

/* The groups, in the order of their first result, each under its label. */
static void groups_flush(grouper_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        fclose(g->g[i].f);
        if (i) fputc('\n', g->o->p->out);
        g->o->p->group(g->o->p, g->g[i].label);
        const char *b = g->g[i].buf ? g->g[i].buf : "";
        size_t n = g->g[i].len;
        if (n && b[0] == '\n') b++, n--;
        fwrite(b, 1, n, g->o->p->out);
        free(g->g[i].buf);
        free(g->g[i].label);
    }
    free(g->g);
    memset(g, 0, sizeof *g);
}

/* Groups an error left unprinted. */
static void groups_drop(grouper_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        fclose(g->g[i].f);
        free(g->g[i].buf);
        free(g->g[i].label);
    }
    free(g->g);
    memset(g, 0, sizeof *g);
}

/* ------------------------------------------------------------------ one query */

int vb_run_search(vb_index_t **ixp, const vb_run_t *run, vb_out_t *o, const char *query, vb_status_t *stp)
{
    vb_search_opts_t so = run->so;
    int count_only = run->count_only, rc = 2;
    facet_rows_t fr = { NULL, 0, 0 };
    if (so.facets) { so.facet_fn = keep_facet; so.facet_data = &fr; }
    so.flags |= o->p->search_flags;
    if (count_only) so.flags |= VB_SEARCH_TOTALS;
    vb_search_stats_t stats;
    if (count_only) so.limit = 1, so.offset = (size_t)-1 / 2; /* count everything, print nothing */
    grouper_t gr = { o, *ixp, NULL, 0, 0, 0, NULL };
    int grouped = run->cites && o->p->group && !count_only;
    vb_result_fn fn = count_only ? NULL : grouped ? print_grouped : print_result;
    void *fd = grouped ? (void *)&gr : (void *)o;
    /* the status of the instruments the results cite: not when streaming every match */
    vb_legal_cache_t *lc = so.limit > 0 && so.limit <= 1000 && !count_only ? hook_status(o, *ixp) : NULL;
    gr.lc = lc;
    vb_status_t st = vb_search(*ixp, query, &so, fn, fd, &stats);
    if ((st == VB_ERR_XAPIAN || st == VB_ERR_TIMEOUT) && run->oo.partial && o->printed == 0) {
        /* a shard died during the query: open the index again without it, once */
        fprintf(stderr, "%s: %s; trying again without the shards that do not answer\n", o->prog, vb_last_error());
        vb_index_close(*ixp);
        *ixp = NULL;
        st = vb_index_open_ex(run->db, VB_INDEX_READ, &run->oo, ixp);
        if (st == VB_OK) {
            const char *missing = NULL;
            if (vb_index_missing_shards(*ixp, &missing))
                fprintf(stderr, "%s: partial answer: shards left out:\n%s\n", o->prog, missing);
            gr.ix = *ixp;
            if (lc) { unhook_status(o, lc); lc = hook_status(o, *ixp); gr.lc = lc; }
            st = vb_search(*ixp, query, &so, fn, fd, &stats);
        }
    }
    if (st == VB_ERR_QUERY_SYNTAX) {
        vb_report(o, run->serve, 2, vb_status_to_string(st), vb_last_error(), stats.error_column);
    } else if (st != VB_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: %s", vb_status_to_string(st), vb_last_error());
        vb_report(o, run->serve, 2, vb_status_to_string(st), run->serve ? vb_last_error() : msg, 0);
    } else if (run->cites && stats.total_clauses == 0 && o->p->error) {
        char msg[1024];
        snprintf(msg, sizeof msg, "nothing in the archive cites %s", run->cites);
        vb_report(o, run->serve, 1, "not found", msg, 0);
    } else {
        if (run->cites && stats.total_clauses == 0)
            fprintf(stderr, "%s: nothing in the archive cites %s\n", o->prog, run->cites);
        int docs = (so.flags & VB_SEARCH_DOCS) != 0;
        vb_answer_t a = { .stats = &stats, .count_only = count_only, .docs = docs, .facets = so.facets,
                          .rows = fr.rows, .nrows = fr.n, .shown = o->printed };
        const char *missing = NULL;
        if (vb_index_missing_shards(*ixp, &missing)) a.missing = missing ? missing : "";
        a.more = !count_only && (docs ? stats.total_documents : stats.total_clauses) > o->printed + so.offset && !run->all;
        if (grouped) groups_flush(&gr);
        o->p->end(o->p, &a);
    }
    if (st == VB_OK) rc = stats.total_clauses ? 0 : 1;
    if (lc) unhook_status(o, lc);
    groups_drop(&gr);
    for (size_t i = 0; i < fr.n; i++) free(fr.rows[i].value);
    free(fr.rows);
    *stp = st;
    return rc;
}
