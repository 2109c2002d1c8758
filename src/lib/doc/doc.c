/* vb_doc_parse / vb_doc_free: the document model (see SPEC "Document model"). */
#include <stdio.h>
#include "doc/doc_internal.h"

static size_t trim_left(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\v') { i++; continue; }
        if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { i += 2; continue; }
        if ((unsigned char)s[i] == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB &&
            (unsigned char)s[i + 2] == 0xBF) { i += 3; continue; }   /* stray BOM */
        break;
    }
    return i;
}

static size_t trim_right(const char *s, size_t n)
{
    while (n > 0) {
        if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\v' || s[n - 1] == '\0') { n--; continue; }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) { n -= 2; continue; }
        break;
    }
    return n;
}

static int split_lines(dctx_t *c)
{
    size_t count = 1;
    const char *p = c->text, *e = c->text + c->len;
    for (const char *q = p; q < e; q++) {
        q = memchr(q, '\n', (size_t)(e - q));
        if (!q) break;
        count++;
    }
    c->L = calloc(count, sizeof *c->L);
    if (!c->L) return 0;
    size_t k = 0;
    unsigned no = 1;
    while (p <= e && k < count) {
        const char *nlp = memchr(p, '\n', (size_t)(e - p));
        const char *le = nlp ? nlp : e;
        size_t n = (size_t)(le - p);
        size_t a = trim_left(p, n);
        size_t b = trim_right(p, n);
        dline_t *l = &c->L[k++];
        l->no = no++;
        if (b <= a) { l->s = p; l->n = 0; l->kind = LK_BLANK; }
        else {
            l->s = p + a;
            l->n = b - a;
            l->kind = LK_TEXT;
            /* markdown-only lines */
            int only = 1;
            for (size_t i = 0; i < l->n; i++)
                if (l->s[i] != '*' && l->s[i] != '|' && l->s[i] != '#' && l->s[i] != ' ') { only = 0; break; }
            if (only) l->kind = LK_BLANK;
        }
        if (!nlp) break;
        p = nlp + 1;
    }
    c->nl = k;
    return 1;
}

static int all_digits(const dline_t *l)
{
    if (l->kind != LK_TEXT || l->n == 0 || l->n > 4) return 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->s[i] < '0' || l->s[i] > '9') return 0;
    return 1;
}

/* running heads, page numbers, signature stamps */
static void mark_noise(dctx_t *c)
{
    char f[96];
    size_t stamp_until = 0;
    for (size_t i = 0; i < c->nl; i++) {
        dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT) continue;
        if (l->n > 160) continue;
        unsigned char c0 = (unsigned char)l->s[0];
        if (vb_memmem(l->s, l->n, "gian k", 6) && vb_memmem(l->s, l->n, "Th", 2)) {
            d_fold(l->s, l->n, f, sizeof f);
            if (strstr(f, "thoi gian ky")) { l->kind = LK_NOISE; continue; }
        }
        if (!(c0 == 'C' || c0 == 'K' || c0 == 'N' || c0 == 'E' || c0 == '`' || c0 == '_' || i < stamp_until))
            continue;
        d_fold(l->s, l->n < 90 ? l->n : 90, f, sizeof f);
        if (d_starts(f, "cong bao") && (strchr(f, '/') || strstr(f, "ngay")) && l->n < 90) {
            l->kind = LK_NOISE;
            /* page number before or after */
            for (size_t j = i; j > 0; j--) {
                dline_t *q = &c->L[j - 1];
                if (q->kind == LK_BLANK) continue;
                if (all_digits(q)) q->kind = LK_NOISE;
                break;
            }
            for (size_t j = i + 1; j < c->nl; j++) {
                dline_t *q = &c->L[j];
                if (q->kind == LK_BLANK) continue;
                if (all_digits(q)) q->kind = LK_NOISE;
                break;
            }
            continue;
        }
        if (d_starts(f, "ky boi:") || d_starts(f, "nguoi ky:")) {
            l->kind = LK_NOISE;
            stamp_until = i + 6;
            continue;
        }
        if (strstr(f, "thoi gian ky")) { l->kind = LK_NOISE; continue; }
        if (i < stamp_until && (d_starts(f, "co quan:") || d_starts(f, "ngay ky:") || d_starts(f, "email:") ||
                                d_starts(f, "` email:") || d_starts(f, "_ email:") || d_starts(f, "chuc vu:") ||
                                d_starts(f, "thoi gian"))) {
            l->kind = LK_NOISE;
            continue;
        }
    }
}

static void add_region(dctx_t *c, size_t beg, size_t end, const char *path, const char *label)
{
    size_t first = end;
    for (size_t i = beg; i < end; i++)
        if (c->L[i].kind == LK_TEXT) { first = i; break; }
    if (first >= end) return;
    size_t ci = d_new_clause(c, path, label, c->L[first].no);
    if (ci == (size_t)-1) return;
    for (size_t i = first; i < end; i++) d_clause_line(c, ci, &c->L[i]);
}

static void free_clause(vb_clause_t *cl)
{
    free(cl->path);
    free(cl->label);
    free(cl->assignee);
    for (size_t i = 0; i < cl->assignee_count; i++) free(cl->assignees[i].body);
    free(cl->assignees);
    free(cl->amends);
    free(cl->amends_doc);
    free(cl->text);
    free(cl->context);
    free(cl->line_starts);
    free(cl->line_numbers);
}

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void vb_doc_free(vb_doc_t *d)
{
    if (!d) return;
    free(d->number);
    free(d->type);
    free_strs(d->issuer, d->issuer_count);
    free(d->place);
    free(d->date);
    free(d->effective);
    free(d->subject);
    free_strs(d->recipients, d->recipient_count);
    free_strs(d->cc, d->cc_count);
    free(d->signer.title);
    free(d->signer.name);
    for (size_t i = 0; i < d->clause_count; i++) free_clause(&d->clauses[i]);
    free(d->clauses);
    for (size_t i = 0; i < d->citation_count; i++) {
        vb_citation_t *t = &d->citations[i];
        free(t->name);
        free(t->type);
        free(t->number);
        free(t->date);
        free(t->issuer);
        free(t->pinpoint);
        free(t->clause);
        free(t->text);
        free(t->affects);
        free(t->from);
    }
    free(d->citations);
    free_strs(d->warnings, d->warning_count);
    free(d);
}

vb_status_t vb_doc_parse(const char *text, size_t len, vb_doc_t **out)
{
    if (!out || (!text && len)) return VB_ERR_INVALID_ARG;
    if (!text) text = "";
    dctx_t c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = len;
    c.doc = calloc(1, sizeof *c.doc);
    if (!c.doc) return VB_ERR_NOMEM;
    if (!split_lines(&c)) { free(c.doc); return VB_ERR_NOMEM; }
    vb_text_marks(text, len, &c.doc->syllables, &c.doc->marked_syllables);
    c.doc->without_diacritics = vb_text_marks_without(c.doc->syllables, c.doc->marked_syllables);
    mark_noise(&c);
    d_header(&c);
    d_closing(&c);
    if (c.close_end < c.close_beg) c.close_end = c.close_beg;
    if (c.body_end < c.body_beg) c.body_end = c.body_beg;
    d_closing_articles(&c);
    /* clauses in text order */
    if (c.hdr_end > 0) add_region(&c, 0, c.hdr_end, "h", "phần đầu");
    d_body(&c);
    if (c.close_end > c.close_beg) add_region(&c, c.close_beg, c.close_end, "f", "phần cuối");
    /* appendices and attached instruments after the closing (doc_attach.c) */
    if (c.app_beg < c.nl) d_segments(&c, c.app_beg, c.nl);
    d_amends(&c);
    d_citations(&c);
    d_effective(&c);
    d_roles(&c);
    d_assignees(&c);
    /* hand the texts over */
    vb_doc_t *d = c.doc;
    for (size_t i = 0; i < d->clause_count; i++) {
        ctext_t *t = &c.ct[i];
        if (t->text.oom) c.oom = 1;
        if (t->text.data) {
            d->clauses[i].text_len = t->text.len;
            d->clauses[i].text = vb_buf_steal(&t->text);
        } else {
            d->clauses[i].text = vb_strndup("", 0);
            if (!d->clauses[i].text) c.oom = 1;
        }
        vb_buf_free(&t->text);
        d->clauses[i].line_starts = t->moff;
        d->clauses[i].line_numbers = t->mline;
        d->clauses[i].line_count = t->mn;
    }
    free(c.ct);
    free(c.cpos);
    free(c.pset);
    free(c.L);
    free(c.vbhn_issuer);
    d->warnings = c.warn.v;
    d->warning_count = c.warn.n;
    if (c.oom) { vb_doc_free(d); return VB_ERR_NOMEM; }
    *out = d;
    return VB_OK;
}
