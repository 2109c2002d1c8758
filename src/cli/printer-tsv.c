/* --format tsv: for programs and spreadsheets. Every answer is one table: a
 * header row of column names, then one row per record, tab-separated, tabs
 * and line breaks inside values turned into spaces (docs/output.md).
 *   search:      number type issuer date file path label line assignee score snippet match_line
 *   --docs:      number type issuer date subject file clauses mentions path label match_line score snippet
 *   --count:     clauses mentions (--docs: documents clauses mentions)
 *   --refs:      file number type date pinpoint clause line in_archive archived role affects from status
 *                (file: the citing document; in_archive: in archive, ambiguous or
 *                not in archive; archived: the documents it may be, "file (issuer, date)")
 *   --show:      number file path label line assignee text
 *   --top-cited: documents clauses ref type title archived
 *   --status:    number issuer date file status since role by_number by_issuer by_date
 *                by_file clause label line affects from (one row per relation; an
 *                instrument without relations has one row with "-" for them)
 * --refs ends with a column status: what the archive says of the cited instrument
 * issuer: the direct unit with its parent when the block has two levels
 * ("Ban Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng)"), as text shows it.
 * --facets never mix into that table: they follow it as a block of comment
 * lines starting with "# " (a header "# facet<TAB>count<TAB>value", then one
 * row per value). Errors go to stderr only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "printer.h"

typedef struct {
    vb_printer_t p;
    FILE *notes;
    const char *prog;
    int header;         /* the header row of this answer is out */
    vb_command_t cmd;
    char file[4096];    /* --refs: the citing document */
} tsv_t;

static void header(tsv_t *t, const char *row)
{
    if (t->header) return;
    t->header = 1;
    fputs(row, t->p.out);
    fputc('\n', t->p.out);
}

static const char search_header[] =
    "number\ttype\tissuer\tdate\tfile\tpath\tlabel\tline\tassignee\tscore\tsnippet\tmatch_line";
static const char docs_header[] =
    "number\ttype\tissuer\tdate\tsubject\tfile\tclauses\tmentions\tpath\tlabel\tmatch_line\tscore\tsnippet";

/* The cells F (NULL: empty), each followed by a tab, then R's snippet. */
static void put_row(FILE *out, const char *const *f, size_t n, const vb_result_t *r)
{
    for (size_t i = 0; i < n; i++) {
        if (f[i]) vb_put_field(out, f[i], strlen(f[i]));
        fputc('\t', out);
    }
    size_t a, b;
    vb_snippet_bounds(r, &a, &b);
    vb_put_field(out, r->text + a, b - a);
}

/* --docs: the document, its counts, then its best clause */
/* the issuer column: a unit under a top body with its parent, as the text printer shows
 * it ("Ban Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng)"); BUF owns what it returns */
static const char *issuer_col(const vb_docinfo_t *d, char *buf, size_t cap)
{
    const char *low = d->issuers ? strrchr(d->issuers, '\n') : NULL;
    if (!d->issuer || !low || !low[1]) return d->issuer;
    int n = snprintf(buf, cap, "%s (%s)", low + 1, d->issuer);
    return n < 0 || (size_t)n >= cap ? d->issuer : buf;
}

static void tsv_doc(vb_printer_t *p, const vb_result_t *r)
{
    FILE *out = p->out;
    header((tsv_t *)p, docs_header);
    char clauses[24], mentions[24], line[16], score[32];
    snprintf(clauses, sizeof clauses, "%zu", r->doc_clauses);
    snprintf(mentions, sizeof mentions, "%zu", r->doc_mentions);
    snprintf(line, sizeof line, "%u", r->match_line);
    snprintf(score, sizeof score, "%.4f", r->score);
    char ibuf[512];
    const char *f[] = { r->doc.number, r->doc.type, issuer_col(&r->doc, ibuf, sizeof ibuf), r->doc.date, r->doc.subject,
                        r->doc.file, clauses,
                        mentions, r->path, r->label, line, score };
    put_row(out, f, sizeof f / sizeof f[0], r);
    fputc('\n', out);
}

static void tsv_begin(vb_printer_t *p, const char *query)
{
    (void)query;
    ((tsv_t *)p)->header = 0;
}

/* the assignee column: every body, joined by "; " (the old single value when none);
 * BUF owns what it returns */
static const char *assignee_col(const vb_result_t *r, char *buf, size_t cap)
{
    if (!r->assignee_count) return r->assignee;
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < r->assignee_count && o + 1 < cap; k++) {
        int n = snprintf(buf + o, cap - o, "%s%s", k ? "; " : "", r->assignee_list[k].body);
        if (n < 0 || (size_t)n >= cap - o) break;
        o += (size_t)n;
    }
    return buf;
}

static void tsv_result(vb_printer_t *p, const vb_result_t *r)
{
    if (r->doc_clauses) { tsv_doc(p, r); return; }
    FILE *out = p->out;
    header((tsv_t *)p, search_header);
    char line[16], score[32];
    snprintf(line, sizeof line, "%u", r->line);
    snprintf(score, sizeof score, "%.4f", r->score);
    char abuf[1024], ibuf[512];
    const char *f[] = { r->doc.number, r->doc.type, issuer_col(&r->doc, ibuf, sizeof ibuf), r->doc.date, r->doc.file, r->path, r->label, line,
                        assignee_col(r, abuf, sizeof abuf), score };
    put_row(out, f, sizeof f / sizeof f[0], r);
    fprintf(out, "\t%u\n", r->match_line);
}

static void tsv_end(vb_printer_t *p, const vb_answer_t *a)
{
    tsv_t *t = (tsv_t *)p;
    FILE *out = p->out;
    if (a->count_only && a->docs) {
        header(t, "documents\tclauses\tmentions");
        fprintf(out, "%zu\t%zu\t%zu\n", a->stats->total_documents, a->stats->total_clauses, a->stats->total_mentions);
    } else if (a->count_only) {
        header(t, "clauses\tmentions");
        fprintf(out, "%zu\t%zu\n", a->stats->total_clauses, a->stats->total_mentions);
    } else {
        header(t, a->docs ? docs_header : search_header);
    }
    if (a->facets) fputs("# facet\tcount\tvalue\n", out);
    for (size_t i = 0; i < a->nrows; i++) {
        fprintf(out, "# %s\t%zu\t", vb_facet_name(a->rows[i].facet), a->rows[i].count);
        vb_put_field(out, a->rows[i].value, strlen(a->rows[i].value));
        fputc('\n', out);
    }
    if (a->more)
        fprintf(t->notes, "%s: showing %zu of %s%zu matching %s (--limit, --all%s)\n", t->prog, a->shown,
                a->stats->totals_estimated ? "about " : "", a->docs ? a->stats->total_documents : a->stats->total_clauses,
                a->docs ? "documents" : "clauses", a->stats->totals_estimated ? ", --exact-totals" : "");
}

static void tsv_command_begin(vb_printer_t *p, vb_command_t cmd)
{
    tsv_t *t = (tsv_t *)p;
    t->cmd = cmd;
    t->header = 0;
}

static void command_header(tsv_t *t)
{
    header(t, t->cmd == VB_CMD_REFS ? "file\tnumber\ttype\tdate\tpinpoint\tclause\tline\tin_archive\tarchived\trole\taffects"
                                      "\tfrom\tstatus"
              : t->cmd == VB_CMD_STATUS ? "number\tissuer\tdate\tfile\tstatus\tsince\trole\tby_number\tby_issuer\tby_date"
                                          "\tby_file\tclause\tlabel\tline\taffects\tfrom"
              : t->cmd == VB_CMD_SHOW ? "number\tfile\tpath\tlabel\tline\tassignee\ttext"
              : "documents\tclauses\tref\ttype\ttitle\tarchived");
}

static void tsv_document(vb_printer_t *p, const vb_docinfo_t *doc)
{
    tsv_t *t = (tsv_t *)p;
    command_header(t);
    snprintf(t->file, sizeof t->file, "%s", doc->file ? doc->file : "");
}


/* as in text: "-" for no value, "in archive" / "ambiguous" / "not in archive" */
static void tsv_citation(vb_printer_t *p, const vb_citation_t *c, const vb_link_info_t *link)
{
    FILE *out = p->out;
    tsv_t *t = (tsv_t *)p;
    command_header(t);
    const char *cells[] = { t->file, c->number ? c->number : c->name, c->type, c->date, c->pinpoint, c->clause };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        if (i) fputc('\t', out);
        vb_put_cell(out, cells[i]);
    }
    fprintf(out, "\t%u\t%s\t", c->line, vb_link_name(link->link));
    for (size_t i = 0; i < link->ndocs; i++) {
        const vb_candidate_t *d = &link->docs[i];
        char buf[1024];
        snprintf(buf, sizeof buf, "%s%s (%s, %s)", i ? "; " : "", d->file ? d->file : "-", d->issuer ? d->issuer : "-",
                 d->date ? d->date : "-");
        vb_put_field(out, buf, strlen(buf));
    }
    if (!link->ndocs) fputc('-', out);
    fprintf(out, "\t%s\t", vb_cite_role_name(c->role));
    vb_put_cell(out, c->affects);
    fputc('\t', out);
    vb_put_cell(out, c->from);
    fprintf(out, "\t%s\n", link->status ? vb_legal_force_name(link->status->force)
                           : link->link == VB_LINK_AMBIGUOUS ? "ambiguous" : vb_legal_force_name(VB_LEGAL_UNKNOWN));
}

static void tsv_clause(vb_printer_t *p, const vb_result_t *r)
{
    FILE *out = p->out;
    command_header((tsv_t *)p);
    char line[16];
    snprintf(line, sizeof line, "%u", r->line);
    char abuf[1024];
    const char *f[] = { r->doc.number, r->doc.file, r->path, r->label, line, assignee_col(r, abuf, sizeof abuf) };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i]) vb_put_field(out, f[i], strlen(f[i]));
        fputc('\t', out);
    }
    vb_put_field(out, r->text, r->text_len);
    fputc('\n', out);
}

static void tsv_cited(vb_printer_t *p, const vb_cited_t *c)
{
    command_header((tsv_t *)p);
    vb_put_cited_cells(p->out, c);
    fprintf(p->out, "\t%zu\n", c->archived);
}

static void tsv_legal(vb_printer_t *p, const vb_legal_t *l)
{
    FILE *out = p->out;
    command_header((tsv_t *)p);
    for (size_t i = 0; i < l->instrument_count; i++) {
        const vb_instrument_t *in = &l->instruments[i];
        for (size_t k = 0; k == 0 || k < in->relation_count; k++) {
            const vb_relation_t *r = k < in->relation_count ? &in->relations[k] : NULL;
            char line[16] = "-";
            if (r) snprintf(line, sizeof line, "%u", r->line);
            const char *cells[] = { in->number, in->issuer, in->date, in->file, vb_legal_force_name(in->force), in->since,
                                    r ? vb_cite_role_name(r->role) : NULL, r ? r->number : NULL, r ? r->issuer : NULL,
                                    r ? r->date : NULL, r ? r->file : NULL, r ? r->clause : NULL, r ? r->label : NULL,
                                    line, r ? r->affects : NULL, r ? r->from : NULL };
            for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
                if (c) fputc('\t', out);
                vb_put_cell(out, cells[c]);
            }
            fputc('\n', out);
        }
    }
    if (!l->instrument_count) {
        const char *cells[] = { l->number, NULL, NULL, NULL, vb_legal_summary(l) };
        for (size_t c = 0; c < 16; c++) {
            if (c) fputc('\t', out);
            vb_put_cell(out, c < 5 ? cells[c] : NULL);
        }
        fputc('\n', out);
    }
}

static void tsv_command_end(vb_printer_t *p) { command_header((tsv_t *)p); }

static void tsv_destroy(vb_printer_t *p) { free(p); }

vb_printer_t *vb_printer_tsv_new(const vb_printer_opts_t *opts)
{
    tsv_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->p = (vb_printer_t){ .out = opts->out, .begin = tsv_begin, .result = tsv_result, .end = tsv_end,
                           .command_begin = tsv_command_begin, .document = tsv_document,
                           .citation = tsv_citation, .clause = tsv_clause, .cited = tsv_cited,
                           .legal = tsv_legal, .command_end = tsv_command_end, .destroy = tsv_destroy };
    t->notes = opts->notes;
    t->prog = opts->prog;
    return &t->p;
}
