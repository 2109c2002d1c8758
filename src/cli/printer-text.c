/* --format text (the default): for a person at a terminal, in Vietnamese
 * when the locale is (vb_locale_vi(): dates 21/8/2020, "3 đoạn, 3 lần xuất
 * hiện"), else in English. Results as
 * blocks with the mentions highlighted (--docs: the document's subject and
 * counts, then its best clause); --refs and --top-cited as
 * tab-separated rows (--refs: a "# number, issuer, date, file" line before
 * the citations of each document of that number); --show as the document's
 * header, then its clauses. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "printer.h"

typedef struct {
    vb_printer_t p;
    FILE *notes;
    const char *prog;
    int color;
    int vi;             /* Vietnamese for people */
    size_t results;     /* results printed for this query */
    size_t clauses;     /* --show: clauses printed */
    char file[4096];    /* --show: the file whose header is out */
} text_t;

static void text_begin(vb_printer_t *p, const char *query)
{
    (void)query;
    ((text_t *)p)->results = 0;
}

/* R's text from A to B, the mentions highlighted when in colour. */
static void put_text_range(text_t *t, const vb_result_t *r, size_t a, size_t b)
{
    FILE *out = t->p.out;
    size_t pos = a;
    for (size_t m = 0; m < r->match_count; m++) {
        size_t ms = r->matches[2 * m], me = r->matches[2 * m + 1];
        if (me <= a || ms >= b) continue;
        if (ms < pos) ms = pos;
        if (me > b) me = b;
        fwrite(r->text + pos, 1, ms - pos, out);
        if (t->color) fputs("\033[1;31m", out);
        fwrite(r->text + ms, 1, me - ms, out);
        if (t->color) fputs("\033[0m", out);
        pos = me;
    }
    fwrite(r->text + pos, 1, b - pos, out);
}

/* "Ngày" of a document as people read it: 21/8/2020 in Vietnamese, ISO else */
static const char *date_text(const text_t *t, const char *iso, char *buf, size_t cap)
{
    if (!t->vi) return iso;
    vb_date_vi(iso, buf, cap);
    return buf;
}

/* the subject (trích yếu), at most about 100 bytes, cut on a character */
static void put_subject(FILE *out, const char *s)
{
    size_t n = strlen(s);
    if (n <= 110) { fputs(s, out); return; }
    n = 100;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    fwrite(s, 1, n, out);
    fputs("…", out);
}

/* "  → Sở A, Sở B (phối hợp)": every body the clause gives work to, the
 * cooperating ones marked; the old single assignee when the list is empty */
static void put_assignees(FILE *out, const vb_result_t *r, int vi)
{
    if (!r->assignee_count) {
        if (r->assignee) fprintf(out, "  → %s", r->assignee);
        return;
    }
    fputs("  → ", out);
    for (size_t k = 0; k < r->assignee_count; k++) {
        fprintf(out, "%s%s", k ? ", " : "", r->assignee_list[k].body);
        if (r->assignee_list[k].role == VB_ROLE_PHOI_HOP) fputs(vi ? " (phối hợp)" : " (cooperating)", out);
    }
}

/* number · type · issuer · date — subject
 *   label  file:line  → assignee
 *   …snippet… */
static void text_result(vb_printer_t *p, const vb_result_t *r)
{
    text_t *t = (text_t *)p;
    FILE *out = p->out;
    const vb_docinfo_t *d = &r->doc;
    if (++t->results > 1) fputc('\n', out);
    if (t->color) fputs("\033[1m", out);
    fputs(d->number ? d->number : "(no number)", out);
    if (d->type) fprintf(out, " · %s", d->type);
    if (d->issuer) {
        /* a unit under a top body: "Cục Thuế (Bộ Tài chính)" */
        const char *low = d->issuers ? strrchr(d->issuers, '\n') : NULL;
        if (low && low[1]) fprintf(out, " · %s (%s)", low + 1, d->issuer);
        else fprintf(out, " · %s", d->issuer);
    }
    char dbuf[32];
    if (d->date) fprintf(out, " · %s", date_text(t, d->date, dbuf, sizeof dbuf));
    if (t->color) fputs("\033[0m", out);
    if (d->subject && *d->subject && !r->doc_clauses) {
        fputs(" — ", out);
        put_subject(out, d->subject);
    }
    fputc('\n', out);
    if (r->doc_clauses) {   /* --docs: the subject, the counts, then the best clause */
        if (d->subject) fprintf(out, "  %s\n", d->subject);
        fprintf(out, t->vi ? "  %zu đoạn, %zu lần xuất hiện; đoạn khớp nhất:" : "  %zu clauses, %zu mentions; best:",
                r->doc_clauses, r->doc_mentions);
    }
    if (r->page)   /* a PDF or a scan: the page, as a link a PDF reader opens */
        fprintf(out, r->doc_clauses ? " %s  %s#page=%u" : "  %s  %s#page=%u", r->label ? r->label : r->path,
                d->file ? d->file : "?", r->page);
    else
        fprintf(out, r->doc_clauses ? " %s  %s:%u" : "  %s  %s:%u", r->label ? r->label : r->path,
                d->file ? d->file : "?", r->match_line);
    put_assignees(out, r, t->vi);
    fputc('\n', out);
    size_t a, b;
    vb_snippet_bounds(r, &a, &b);
    fputs("  ", out);
    if (a > 0) fputs("…", out);
    put_text_range(t, r, a, b);
    if (b < r->text_len) fputs("…", out);
    fputc('\n', out);
}

/* --cites: "== 97/2025/QĐ-UBND, Ủy ban nhân dân tỉnh Nghệ An, 2025-11-25: in archive: FILE" */
static void text_group(vb_printer_t *p, const char *label)
{
    fprintf(p->out, "== %s\n", label);
}

/* --count: "N clauses, M mentions"; facets as rows "facet<TAB>count<TAB>value"
 * (a blank line after results); a note when the results shown are not all. */
static void text_end(vb_printer_t *p, const vb_answer_t *a)
{
    text_t *t = (text_t *)p;
    if (a->count_only && a->docs) fprintf(p->out, t->vi ? "%zu văn bản, " : "%zu documents, ", a->stats->total_documents);
    if (a->count_only)
        fprintf(p->out, t->vi ? "%zu đoạn, %zu lần xuất hiện\n" : "%zu clauses, %zu mentions\n", a->stats->total_clauses,
                a->stats->total_mentions);
    for (size_t i = 0; i < a->nrows; i++)
        fprintf(p->out, "%s%s\t%zu\t%s\n", i == 0 && !a->count_only && a->shown ? "\n" : "",
                vb_facet_name(a->rows[i].facet), a->rows[i].count,
                a->rows[i].value[0] ? a->rows[i].value : t->vi ? "(không có)" : "(none)");
    int about = a->stats->totals_estimated;   /* the page was known before every file was read */
    if (a->more && t->vi)
        fprintf(t->notes, "%s: hiển thị %zu trên %s%zu %s khớp (--limit, --all%s)\n", t->prog, a->shown,
                about ? "khoảng " : "", a->docs ? a->stats->total_documents : a->stats->total_clauses,
                a->docs ? "văn bản" : "đoạn", about ? ", --exact-totals" : "");
    else if (a->more)
        fprintf(t->notes, "%s: showing %zu of %s%zu matching %s (--limit, --all%s)\n", t->prog, a->shown,
                about ? "about " : "", a->docs ? a->stats->total_documents : a->stats->total_clauses,
                a->docs ? "documents" : "clauses", about ? ", --exact-totals" : "");
}

static void text_command_begin(vb_printer_t *p, vb_command_t cmd)
{
    text_t *t = (text_t *)p;
    (void)cmd;
    t->clauses = 0;
    t->file[0] = '\0';
}

/* --refs: which document of that number the rows below belong to */
static void text_document(vb_printer_t *p, const vb_docinfo_t *doc)
{
    fprintf(p->out, "# %s", doc->number ? doc->number : "-");
    const char *cells[] = { doc->type, doc->issuer, doc->date, doc->file };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) fprintf(p->out, "\t%s", cells[i] && *cells[i] ? cells[i] : "-");
    fputc('\n', p->out);
}


/* number (or name), type, date, pinpoint, clause, line, link ("in archive",
 * "ambiguous", "not in archive"), then the archived documents it may be
 * ("file (issuer, date)"; "-": none) */
static void text_citation(vb_printer_t *p, const vb_citation_t *c, const vb_link_info_t *link)
{
    FILE *out = p->out;
    const char *cells[] = { c->number ? c->number : c->name, c->type, c->date, c->pinpoint, c->clause };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        if (i) fputc('\t', out);
        vb_put_cell(out, cells[i]);
    }
    const text_t *t = (const text_t *)p;
    const char *ln = link->link == VB_LINK_ARCHIVED ? (t->vi ? "có trong kho" : "in archive")
                   : link->link == VB_LINK_AMBIGUOUS ? (t->vi ? "chưa rõ văn bản nào" : "ambiguous")
                   : (t->vi ? "không có trong kho" : "not in archive");
    fprintf(out, "\t%u\t%s\t", c->line, ln);
    for (size_t i = 0; i < link->ndocs; i++) {
        const vb_candidate_t *d = &link->docs[i];
        fprintf(out, "%s%s (%s, %s)", i ? "; " : "", d->file ? d->file : "-", d->issuer ? d->issuer : "-",
                d->date ? d->date : "-");
    }
    if (!link->ndocs) fputc('-', out);
    /* what the document does to it: "sua_doi (d5,d7.3; 2025-07-01)" */
    fprintf(out, "\t%s", vb_cite_role_name(c->role));
    if (c->affects || c->from)
        fprintf(out, " (%s%s%s)", c->affects ? c->affects : "", c->affects && c->from ? "; " : "", c->from ? c->from : "");
    /* what the archive says of it (docs/status.md) */
    fprintf(out, "\t%s\n", link->status ? vb_force_short(link->status->force, t->vi)
                           : link->link == VB_LINK_AMBIGUOUS ? (t->vi ? "chưa rõ văn bản nào" : "ambiguous")
                           : vb_force_short(VB_LEGAL_UNKNOWN, t->vi));
}

/* The header of each document (as it changes), then "[path] label (line N)  → assignee"
 * and the clause's text indented. */
static void text_clause(vb_printer_t *p, const vb_result_t *r)
{
    text_t *t = (text_t *)p;
    FILE *out = p->out;
    const vb_docinfo_t *d = &r->doc;
    t->clauses++;
    if (!d->file || strcmp(t->file, d->file) != 0) {
        snprintf(t->file, sizeof t->file, "%s", d->file ? d->file : "");
        fprintf(out, "%s%s\n", t->clauses > 1 ? "\n" : "", d->number ? d->number : "(no number)");
        /* the field names as a person reads them: Vietnamese, or English */
        const char *const *L = t->vi ? (const char *const[]){ "  loại:         ", "  cơ quan:      ", "  nơi ban hành: ",
                                                              "  ngày:         ", "  trích yếu:    ", "  người ký:     ",
                                                              "  tệp:          " }
                                     : (const char *const[]){ "  type:       ", "  issuer:     ", "  place:      ",
                                                              "  date:       ", "  subject:    ", "  signer:     ",
                                                              "  file:       " };
        char dbuf[32];
        if (d->type) fprintf(out, "%s%s\n", L[0], d->type);
        if (d->issuers) {   /* every level, top first */
            fputs(L[1], out);
            for (const char *s = d->issuers; *s;) {
                size_t n = strcspn(s, "\n");
                fwrite(s, 1, n, out);
                s += n;
                if (*s == '\n') { fputs(" > ", out); s++; }
            }
            fputc('\n', out);
        }
        if (d->place) fprintf(out, "%s%s\n", L[2], d->place);
        if (d->date) fprintf(out, "%s%s\n", L[3], date_text(t, d->date, dbuf, sizeof dbuf));
        if (d->subject) fprintf(out, "%s%s\n", L[4], d->subject);
        if (d->signer_name || d->signer_title)
            fprintf(out, "%s%s%s%s\n", L[5], d->signer_title ? d->signer_title : "",
                    d->signer_title && d->signer_name ? " — " : "", d->signer_name ? d->signer_name : "");
        fprintf(out, "%s%s\n\n", L[6], d->file ? d->file : "");
    }
    if (r->page)   /* a PDF or a scan: its page, not a line */
        fprintf(out, t->vi ? "[%s] %s (trang %u)" : "[%s] %s (page %u)", r->path, r->label ? r->label : "", r->page);
    else
        fprintf(out, t->vi ? "[%s] %s (dòng %u)" : "[%s] %s (line %u)", r->path, r->label ? r->label : "", r->line);
    put_assignees(out, r, t->vi);
    fputs("\n    ", out);
    fwrite(r->text, 1, r->text_len, out);
    fputc('\n', out);
}

/* --top-cited: documents, clauses, number as written, type, title of the archived document */
static void text_cited(vb_printer_t *p, const vb_cited_t *c)
{
    vb_put_cited_cells(p->out, c);
    fputc('\n', p->out);
}

/* --status: per instrument a head line "number · type · issuer · date — subject",
 * its status, where it is, then each relation with its evidence:
 *   "  được sửa đổi, bổ sung bởi 02/2024/TT-BLĐTBXH · Bộ … · 15/3/2024 — Điều 1 (FILE:12); phần: d5,d7.3; từ 1/5/2024" */
static void text_legal(vb_printer_t *p, const vb_legal_t *l)
{
    text_t *t = (text_t *)p;
    FILE *out = p->out;
    char dbuf[32];
    if (!l->instrument_count && l->ambiguous) {
        fprintf(out, t->vi ? "%s%s%s: chưa rõ văn bản nào: %zu trích dẫn không nói là văn bản nào (tên không kèm năm?)\n"
                           : "%s%s%s: ambiguous: %zu citations do not say which instrument they mean (a name without its year?)\n",
                l->number, l->pinpoint ? " " : "", l->pinpoint ? l->pinpoint : "", l->ambiguous);
        return;
    }
    if (!l->instrument_count) {
        fprintf(out, "%s%s%s: %s\n", l->number, l->pinpoint ? " " : "", l->pinpoint ? l->pinpoint : "",
                vb_force_text(VB_LEGAL_UNKNOWN, t->vi));
        return;
    }
    for (size_t i = 0; i < l->instrument_count; i++) {
        const vb_instrument_t *in = &l->instruments[i];
        if (i) fputc('\n', out);
        fputs(in->number ? in->number : l->number, out);
        if (l->pinpoint) fprintf(out, " %s", l->pinpoint);
        if (in->type) fprintf(out, " · %s", in->type);
        if (in->issuer) fprintf(out, " · %s", in->issuer);
        if (in->date) fprintf(out, " · %s", date_text(t, in->date, dbuf, sizeof dbuf));
        if (in->subject && *in->subject) {
            fputs(" — ", out);
            put_subject(out, in->subject);
        }
        fputc('\n', out);
        fprintf(out, t->vi ? "  tình trạng: %s" : "  status: %s", vb_force_text(in->force, t->vi));
        if (in->since) fprintf(out, t->vi ? " từ %s" : " from %s", date_text(t, in->since, dbuf, sizeof dbuf));
        fputc('\n', out);
        if (in->file) fprintf(out, t->vi ? "  tệp: %s\n" : "  file: %s\n", in->file);
        else fputs(t->vi ? "  không có trong kho: như các văn bản trích dẫn ghi\n"
                         : "  not in the archive: as the citing documents give it\n", out);
        for (size_t k = 0; k < in->relation_count; k++) {
            const vb_relation_t *r = &in->relations[k];
            fprintf(out, "  %s %s", vb_relation_text(r->role, t->vi), r->number ? r->number : "-");
            if (r->issuer) fprintf(out, " · %s", r->issuer);
            if (r->date) fprintf(out, " · %s", date_text(t, r->date, dbuf, sizeof dbuf));
            fprintf(out, " — %s (%s:%u)", r->label ? r->label : r->clause ? r->clause : "-", r->file ? r->file : "-",
                    r->line);
            if (r->affects) fprintf(out, t->vi ? "; phần: %s" : "; parts: %s", r->affects);
            else if (r->part) fputs(t->vi ? "; một phần" : "; in part", out);
            if (r->from) fprintf(out, t->vi ? "; từ %s" : "; from %s", date_text(t, r->from, dbuf, sizeof dbuf));
            fputc('\n', out);
        }
    }
    if (l->ambiguous)
        fprintf(out, t->vi ? "\n%zu trích dẫn không rõ là văn bản nào trong số trên\n"
                           : "\n%zu citations could be any of these documents\n", l->ambiguous);
    fputs(t->vi ? "(chỉ theo các văn bản trong kho này)\n" : "(as far as this archive knows)\n", out);
}

static void text_command_end(vb_printer_t *p) { (void)p; }

static void text_destroy(vb_printer_t *p) { free(p); }

vb_printer_t *vb_printer_text_new(const vb_printer_opts_t *opts)
{
    text_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->p = (vb_printer_t){ .out = opts->out, .begin = text_begin, .result = text_result, .end = text_end,
                           .group = text_group,
                           .command_begin = text_command_begin, .document = text_document,
                           .citation = text_citation, .clause = text_clause, .cited = text_cited,
                           .legal = text_legal,
                           .command_end = text_command_end, .destroy = text_destroy };
    t->notes = opts->notes;
    t->prog = opts->prog;
    t->vi = opts->vi;
    t->color = opts->color == VB_COLOR_ALWAYS || (opts->color == VB_COLOR_AUTO && isatty(fileno(opts->out)));
    return &t->p;
}
