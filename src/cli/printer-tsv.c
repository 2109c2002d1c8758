/* --format tsv: one line per result, tab-separated, tabs and line breaks
 * inside values turned into spaces: number, type, issuer, date, file, path,
 * label, line, assignee, score, snippet, match line (--docs: see tsv_doc).
 * --count is "clauses<TAB>mentions" (--docs: "documents<TAB>clauses<TAB>mentions"),
 * facets "facet<TAB>count<TAB>value". --refs, --show and --top-cited print
 * as in text (tab-separated rows already): the text printer with its own
 * results and totals. */
#include <string.h>
#include "printer.h"

/* --docs: number, type, issuer, date, subject, file, clauses, mentions, then
 * the best clause: path, label, line of its first match, score, snippet */
static void tsv_doc(vb_printer_t *p, const vb_result_t *r)
{
    FILE *out = p->out;
    char clauses[24], mentions[24], line[16], score[32];
    snprintf(clauses, sizeof clauses, "%zu", r->doc_clauses);
    snprintf(mentions, sizeof mentions, "%zu", r->doc_mentions);
    snprintf(line, sizeof line, "%u", r->match_line);
    snprintf(score, sizeof score, "%.4f", r->score);
    const char *f[] = { r->doc.number, r->doc.type, r->doc.issuer, r->doc.date, r->doc.subject, r->doc.file, clauses,
                        mentions, r->path, r->label, line, score };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i]) vb_put_field(out, f[i], strlen(f[i]));
        fputc('\t', out);
    }
    size_t a, b;
    vb_snippet_bounds(r, &a, &b);
    vb_put_field(out, r->text + a, b - a);
    fputc('\n', out);
}

static void tsv_result(vb_printer_t *p, const vb_result_t *r)
{
    if (r->doc_clauses) { tsv_doc(p, r); return; }
    FILE *out = p->out;
    char line[16], score[32];
    snprintf(line, sizeof line, "%u", r->line);
    snprintf(score, sizeof score, "%.4f", r->score);
    const char *f[] = { r->doc.number, r->doc.type, r->doc.issuer, r->doc.date, r->doc.file, r->path, r->label, line,
                        r->assignee, score };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i]) vb_put_field(out, f[i], strlen(f[i]));
        fputc('\t', out);
    }
    size_t a, b;
    vb_snippet_bounds(r, &a, &b);
    vb_put_field(out, r->text + a, b - a);
    fprintf(out, "\t%u\n", r->match_line);
}

static void tsv_end(vb_printer_t *p, const vb_answer_t *a)
{
    if (a->count_only && a->docs) fprintf(p->out, "%zu\t", a->stats->total_documents);
    if (a->count_only) fprintf(p->out, "%zu\t%zu\n", a->stats->total_clauses, a->stats->total_mentions);
    for (size_t i = 0; i < a->nrows; i++)
        fprintf(p->out, "%s\t%zu\t%s\n", vb_facet_name(a->rows[i].facet), a->rows[i].count,
                a->rows[i].value[0] ? a->rows[i].value : "(none)");
}

vb_printer_t *vb_printer_tsv_new(const vb_printer_opts_t *opts)
{
    vb_printer_opts_t o = *opts;
    o.color = VB_COLOR_NEVER;
    vb_printer_t *p = vb_printer_text_new(&o);
    if (!p) return NULL;
    p->result = tsv_result;
    p->end = tsv_end;
    return p;
}
