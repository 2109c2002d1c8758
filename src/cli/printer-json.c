/* --format json: one object per answer (the format of --serve, one per
 * line); --format jsonl: one object per result, clause or citation, each on
 * its line. Both write the same objects through the JSON sprinter; they
 * differ in what frames them. docs/output.md describes the fields. */
#include <stdlib.h>
#include <string.h>
#include "printer.h"
#include "sprinter.h"

typedef struct {
    vb_printer_t p;
    vb_sprinter_t *sp;
    const char *query;
    int opened;         /* json: the answer's head is out */
    int with_results;   /* ... and it opened "results" */
    int list_open;      /* json: a command's list ("citations", "clauses", "top_cited") is open */
    int in_command;     /* between command_begin and command_end or error */
    vb_command_t cmd;
    size_t refs_docs;   /* json --refs: documents of that number begun */
} json_t;

/* ------------------------------------------------------------------ the objects */

/* {number, type, issuer, date, subject, file} */
static void doc_map(vb_sprinter_t *sp, const vb_docinfo_t *d)
{
    sp->begin_map(sp);
    sp->map_key(sp, "number"); sp->string(sp, d->number);
    sp->map_key(sp, "type"); sp->string(sp, d->type);
    sp->map_key(sp, "issuer"); sp->string(sp, d->issuer);
    /* every level, top first: a unit with its parent ("Bộ Tài chính", "Cục Thuế") */
    sp->map_key(sp, "issuers");
    sp->begin_list(sp);
    for (const char *s = d->issuers; s && *s;) {
        size_t n = strcspn(s, "\n");
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf - 1 ? n : sizeof buf - 1), s);
        sp->string(sp, buf);
        s += n;
        if (*s) s++;
    }
    sp->end(sp);
    sp->map_key(sp, "date"); sp->string(sp, d->date);
    sp->map_key(sp, "effective"); sp->string(sp, d->effective);
    sp->map_key(sp, "subject"); sp->string(sp, d->subject);
    sp->map_key(sp, "file"); sp->string(sp, d->file);
    sp->end(sp);
}

/* "cites": the instruments clause R cites, each {ref, pinpoint, role, affects, from[,
 * status]} (ref: the number, or the name of a citation by name; status: what the
 * archive says of it, when the answer asks, docs/status.md); only when it cites any */
static void cites_key(vb_printer_t *p, vb_sprinter_t *sp, const vb_result_t *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->doc.citation_count; i++) {
        const vb_citation_t *c = &r->doc.citation_list[i];
        if (!c->clause || !r->path || strcmp(c->clause, r->path)) continue;
        if (!n++) { sp->map_key(sp, "cites"); sp->begin_list(sp); }
        sp->begin_map(sp);
        sp->map_key(sp, "ref"); sp->string(sp, c->number ? c->number : c->name);
        sp->map_key(sp, "pinpoint"); sp->string(sp, c->pinpoint);
        sp->map_key(sp, "role"); sp->string(sp, vb_cite_role_name(c->role));
        sp->map_key(sp, "affects"); sp->string(sp, c->affects);
        sp->map_key(sp, "from"); sp->string(sp, c->from);
        if (p->status_of) {
            const vb_instrument_t *in = p->status_of(p->status_data, c);
            sp->map_key(sp, "status"); sp->string(sp, vb_legal_force_name(in ? in->force : VB_LEGAL_UNKNOWN));
        }
        sp->end(sp);
    }
    if (n) sp->end(sp);
}

/* "doc": {…}, "clause": {path, label, line, assignee, assignees[, match_line]}, "text": … */
static void clause_keys(vb_printer_t *p, vb_sprinter_t *sp, const vb_result_t *r, int with_match)
{
    if (!r->doc_clauses) { sp->map_key(sp, "doc"); doc_map(sp, &r->doc); }
    sp->map_key(sp, "clause");
    sp->begin_map(sp);
    sp->map_key(sp, "path"); sp->string(sp, r->path);
    sp->map_key(sp, "label"); sp->string(sp, r->label);
    sp->map_key(sp, "line"); sp->integer(sp, r->line);
    sp->map_key(sp, "assignee"); sp->string(sp, r->assignee);
    sp->map_key(sp, "assignees");
    sp->begin_list(sp);
    for (size_t k = 0; k < r->assignee_count; k++) {
        sp->begin_map(sp);
        sp->map_key(sp, "body"); sp->string(sp, r->assignee_list[k].body);
        sp->map_key(sp, "role"); sp->string(sp, r->assignee_list[k].role == VB_ROLE_PHOI_HOP ? "phoi_hop" : "chu_tri");
        sp->end(sp);
    }
    sp->end(sp);
    if (with_match) { sp->map_key(sp, "match_line"); sp->integer(sp, r->match_line); }
    /* an amending clause: what it amends, only when set */
    if (r->amends) { sp->map_key(sp, "amends"); sp->string(sp, r->amends); }
    if (r->amends_doc) { sp->map_key(sp, "amends_doc"); sp->string(sp, r->amends_doc); }
    cites_key(p, sp, r);
    if (r->page) {
        /* a PDF or a scan: a line number means little there, a page does */
        char loc[4200];
        snprintf(loc, sizeof loc, "%s#page=%u", r->doc.file ? r->doc.file : "", r->page);
        sp->map_key(sp, "page"); sp->integer(sp, r->page);
        sp->map_key(sp, "location"); sp->string(sp, loc);
    }
    sp->end(sp);
    sp->map_key(sp, "text"); sp->string_len(sp, r->text, r->text_len);
}

/* a RESULT: the clause, "snippet", "matches": [[start, end], …], "score";
 * --docs: {"doc": {…}, "clauses": N, "mentions": M, "score": S, "best": RESULT without "doc"} */
static void result_map(vb_printer_t *p, vb_sprinter_t *sp, const vb_result_t *r)
{
    size_t a, b;
    vb_snippet_bounds(r, &a, &b);
    if (r->doc_clauses) {
        sp->begin_map(sp);
        sp->map_key(sp, "doc"); doc_map(sp, &r->doc);
        sp->map_key(sp, "clauses"); sp->integer(sp, (long long)r->doc_clauses);
        sp->map_key(sp, "mentions"); sp->integer(sp, (long long)r->doc_mentions);
        sp->map_key(sp, "score"); sp->real(sp, r->score);
        sp->map_key(sp, "best");
    }
    sp->begin_map(sp);
    clause_keys(p, sp, r, 1);   /* (no "doc" in "best") */
    sp->map_key(sp, "snippet"); sp->string_len(sp, r->text + a, b - a);
    sp->map_key(sp, "matches");
    sp->begin_list(sp);
    for (size_t m = 0; m < r->match_count; m++) {
        sp->begin_list(sp);
        sp->integer(sp, (long long)r->matches[2 * m]);
        sp->integer(sp, (long long)r->matches[2 * m + 1]);
        sp->end(sp);
    }
    sp->end(sp);
    sp->map_key(sp, "score"); sp->real(sp, r->score);
    sp->end(sp);
    if (r->doc_clauses) sp->end(sp);
}

/* --show: one clause */
static void clause_map(vb_printer_t *p, vb_sprinter_t *sp, const vb_result_t *r)
{
    sp->begin_map(sp);
    clause_keys(p, sp, r, 0);
    sp->end(sp);
}

/* --refs: {type, name, number, date, issuer, pinpoint, clause, line, text, in_archive,
 * link, archived: [{number, issuer, date, file}]}, null for no value */
static void citation_map(vb_sprinter_t *sp, const vb_citation_t *c, const vb_link_info_t *link)
{
    const char *const keys[] = { "type", "name", "number", "date", "issuer", "pinpoint", "clause" };
    const char *const values[] = { c->type, c->name, c->number, c->date, c->issuer, c->pinpoint, c->clause };
    sp->begin_map(sp);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        sp->map_key(sp, keys[i]);
        sp->string(sp, values[i] && *values[i] ? values[i] : NULL);
    }
    sp->map_key(sp, "line"); sp->integer(sp, c->line);
    sp->map_key(sp, "text"); sp->string(sp, c->text && *c->text ? c->text : NULL);
    sp->map_key(sp, "role"); sp->string(sp, vb_cite_role_name(c->role));
    sp->map_key(sp, "affects"); sp->string(sp, c->affects);
    sp->map_key(sp, "from"); sp->string(sp, c->from);
    sp->map_key(sp, "in_archive"); sp->boolean(sp, link->link == VB_LINK_ARCHIVED);
    sp->map_key(sp, "link"); sp->string(sp, vb_link_name(link->link));
    /* what the archive says of it (docs/status.md) */
    sp->map_key(sp, "status");
    sp->string(sp, link->status ? vb_legal_force_name(link->status->force)
                   : link->link == VB_LINK_AMBIGUOUS ? "ambiguous" : vb_legal_force_name(VB_LEGAL_UNKNOWN));
    sp->map_key(sp, "archived");
    sp->begin_list(sp);
    for (size_t i = 0; i < link->ndocs; i++) {
        const vb_candidate_t *d = &link->docs[i];
        sp->begin_map(sp);
        sp->map_key(sp, "number"); sp->string(sp, d->number);
        sp->map_key(sp, "issuer"); sp->string(sp, d->issuer);
        sp->map_key(sp, "date"); sp->string(sp, d->date);
        sp->map_key(sp, "file"); sp->string(sp, d->file);
        sp->end(sp);
    }
    sp->end(sp);
    sp->end(sp);
}

/* --top-cited: {ref, key, type, title, archived, documents, clauses} */
static void cited_map(vb_sprinter_t *sp, const vb_cited_t *c)
{
    sp->begin_map(sp);
    sp->map_key(sp, "ref"); sp->string(sp, c->number);
    sp->map_key(sp, "key"); sp->string(sp, c->key);
    sp->map_key(sp, "type"); sp->string(sp, c->type);
    sp->map_key(sp, "title"); sp->string(sp, c->title);
    sp->map_key(sp, "archived"); sp->integer(sp, (long long)c->archived);
    sp->map_key(sp, "documents"); sp->integer(sp, (long long)c->documents);
    sp->map_key(sp, "clauses"); sp->integer(sp, (long long)c->clauses);
    sp->end(sp);
}

/* --status: {role, document: {…}, clause, label, line, text, affects: [paths] | null, from, part} */
static void relation_map(vb_sprinter_t *sp, const vb_relation_t *r)
{
    sp->begin_map(sp);
    sp->map_key(sp, "role"); sp->string(sp, vb_cite_role_name(r->role));
    sp->map_key(sp, "document");
    sp->begin_map(sp);
    sp->map_key(sp, "number"); sp->string(sp, r->number);
    sp->map_key(sp, "type"); sp->string(sp, r->type);
    sp->map_key(sp, "issuer"); sp->string(sp, r->issuer);
    sp->map_key(sp, "date"); sp->string(sp, r->date);
    sp->map_key(sp, "subject"); sp->string(sp, r->subject);
    sp->map_key(sp, "file"); sp->string(sp, r->file);
    sp->end(sp);
    sp->map_key(sp, "clause"); sp->string(sp, r->clause);
    sp->map_key(sp, "label"); sp->string(sp, r->label);
    sp->map_key(sp, "line"); sp->integer(sp, r->line);
    sp->map_key(sp, "text"); sp->string(sp, r->text);
    sp->map_key(sp, "affects");
    if (!r->affects) {
        sp->null(sp);
    } else {
        sp->begin_list(sp);
        for (const char *a = r->affects; *a;) {
            size_t n = strcspn(a, ",");
            if (n) sp->string_len(sp, a, n);
            a += n;
            if (*a == ',') a++;
        }
        sp->end(sp);
    }
    sp->map_key(sp, "from"); sp->string(sp, r->from);
    sp->map_key(sp, "part"); sp->boolean(sp, r->part);
    sp->end(sp);
}

/* --status: {number, type, issuer, date, subject, file, in_archive, status, since,
 * citing_documents, relations: […]} */
static void instrument_map(vb_sprinter_t *sp, const vb_instrument_t *in)
{
    sp->begin_map(sp);
    sp->map_key(sp, "number"); sp->string(sp, in->number);
    sp->map_key(sp, "type"); sp->string(sp, in->type);
    sp->map_key(sp, "issuer"); sp->string(sp, in->issuer);
    sp->map_key(sp, "date"); sp->string(sp, in->date);
    sp->map_key(sp, "subject"); sp->string(sp, in->subject);
    sp->map_key(sp, "file"); sp->string(sp, in->file);
    sp->map_key(sp, "in_archive"); sp->boolean(sp, in->file != NULL);
    sp->map_key(sp, "status"); sp->string(sp, vb_legal_force_name(in->force));
    sp->map_key(sp, "since"); sp->string(sp, in->since);
    sp->map_key(sp, "citing_documents"); sp->integer(sp, (long long)in->citing_documents);
    sp->map_key(sp, "relations");
    sp->begin_list(sp);
    for (size_t i = 0; i < in->relation_count; i++) relation_map(sp, &in->relations[i]);
    sp->end(sp);
    sp->end(sp);
}

/* "number", "pinpoint", "status" (the one instrument's, "unknown", or
 * "ambiguous" when the number names several), "instruments": […],
 * "ambiguous_citations" (keys of the open answer map) */
static void legal_keys(vb_sprinter_t *sp, const vb_legal_t *l)
{
    sp->map_key(sp, "number"); sp->string(sp, l->number);
    sp->map_key(sp, "pinpoint"); sp->string(sp, l->pinpoint);
    sp->map_key(sp, "status"); sp->string(sp, vb_legal_summary(l));
    sp->map_key(sp, "scope"); sp->string(sp, "archive");   /* as far as this archive knows */
    sp->map_key(sp, "instruments");
    sp->begin_list(sp);
    for (size_t i = 0; i < l->instrument_count; i++) instrument_map(sp, &l->instruments[i]);
    sp->end(sp);
    sp->map_key(sp, "ambiguous_citations"); sp->integer(sp, (long long)l->ambiguous);
}

/* "total_clauses", "total_mentions" and with --facets
 * "facets": {"issuer": [[value, count], …], …} */
static void totals_keys(vb_sprinter_t *sp, const vb_answer_t *a)
{
    if (a->docs) { sp->map_key(sp, "total_documents"); sp->integer(sp, (long long)a->stats->total_documents); }
    sp->map_key(sp, "total_clauses"); sp->integer(sp, (long long)a->stats->total_clauses);
    sp->map_key(sp, "total_mentions"); sp->integer(sp, (long long)a->stats->total_mentions);
    sp->map_key(sp, "total_clauses_estimated"); sp->boolean(sp, a->stats->totals_estimated != 0);
    if (!a->facets) return;
    sp->map_key(sp, "facets");
    sp->begin_map(sp);
    for (unsigned f = 1; f <= VB_FACET_ASSIGNEE; f <<= 1) {
        if (!(a->facets & f)) continue;
        sp->map_key(sp, vb_facet_name(f));
        sp->begin_list(sp);
        for (size_t i = 0; i < a->nrows; i++) {
            if (a->rows[i].facet != f) continue;
            sp->begin_list(sp);
            sp->string(sp, a->rows[i].value);
            sp->integer(sp, (long long)a->rows[i].count);
            sp->end(sp);
        }
        sp->end(sp);
    }
    sp->end(sp);
}

/* ------------------------------------------------------------------ json: one object per answer */

static void json_begin(vb_printer_t *p, const char *query)
{
    json_t *j = (json_t *)p;
    j->query = query;
    j->opened = 0;
    j->with_results = 0;
    j->in_command = 0;
}

/* The head of the answer, printed only once the query is known to be good,
 * so that an error leaves the output empty rather than half an object. */
static void json_open(json_t *j, int with_results)
{
    vb_sprinter_t *sp = j->sp;
    if (j->opened) return;
    j->opened = 1;
    j->with_results = with_results;
    sp->begin_map(sp);
    sp->map_key(sp, "format_version"); sp->integer(sp, VB_FORMAT_VERSION);
    sp->map_key(sp, "query"); sp->string(sp, j->query);
    if (with_results) {
        sp->map_key(sp, "results");
        sp->begin_list(sp);
    }
}

static void json_result(vb_printer_t *p, const vb_result_t *r)
{
    json_t *j = (json_t *)p;
    json_open(j, 1);
    result_map(p, j->sp, r);
}

/* …"results": […]][, "partial": true, "missing_shards": […]], totals, facets} */
static void json_end(vb_printer_t *p, const vb_answer_t *a)
{
    json_t *j = (json_t *)p;
    vb_sprinter_t *sp = j->sp;
    json_open(j, !a->count_only);
    if (j->with_results) sp->end(sp);
    if (a->missing) {
        sp->map_key(sp, "partial"); sp->boolean(sp, 1);
        sp->map_key(sp, "missing_shards");
        sp->begin_list(sp);
        for (const char *s = a->missing; *s;) {
            size_t l = strcspn(s, "\n");
            sp->string_len(sp, s, l);
            s += l + (s[l] == '\n');
        }
        sp->end(sp);
    }
    totals_keys(sp, a);
    sp->end(sp);
    sp->separator(sp);
}

/* "error": {status, reason, message[, column]} — the one error object of
 * every JSON answer (json, jsonl, --serve). */
static void error_map(vb_sprinter_t *sp, int status, const char *reason, const char *message, size_t column)
{
    sp->map_key(sp, "error");
    sp->begin_map(sp);
    sp->map_key(sp, "status"); sp->integer(sp, status);
    sp->map_key(sp, "reason"); sp->string(sp, reason);
    sp->map_key(sp, "message"); sp->string(sp, message);
    if (column) { sp->map_key(sp, "column"); sp->integer(sp, (long long)column); }
    sp->end(sp);
}

/* The head of a command's answer: {"format_version":1 and its list. */
static void json_command_open(json_t *j)
{
    vb_sprinter_t *sp = j->sp;
    if (j->opened) return;
    j->opened = 1;
    sp->begin_map(sp);
    sp->map_key(sp, "format_version"); sp->integer(sp, VB_FORMAT_VERSION);
    j->list_open = j->cmd != VB_CMD_REFS && j->cmd != VB_CMD_STATUS;
    if (j->cmd == VB_CMD_SHOW) sp->map_key(sp, "clauses");
    if (j->cmd == VB_CMD_TOP_CITED) sp->map_key(sp, "top_cited");
    if (j->list_open) sp->begin_list(sp);
}

/* json --refs: close what json_document opened beyond the first document */
static void refs_close(json_t *j)
{
    if (j->refs_docs > 1 && j->list_open) {
        j->sp->end(j->sp);   /* citations */
        j->sp->end(j->sp);   /* the map in same_number */
        j->list_open = 1;    /* same_number itself: closed as the list */
    }
    j->refs_docs = 0;
}

/* The answer closes (what was printed of it stays: a stream cut short) with
 * "error"; an answer that printed nothing is {format_version[, query], error}. */
static void json_error(vb_printer_t *p, int status, const char *reason, const char *message, size_t column)
{
    json_t *j = (json_t *)p;
    vb_sprinter_t *sp = j->sp;
    if (j->in_command) {
        json_command_open(j);
        refs_close(j);
        if (j->list_open) sp->end(sp);
        j->list_open = 0;
        j->in_command = 0;
    } else if (!j->opened) {
        json_open(j, 0);
    } else if (j->with_results) {
        sp->end(sp);
    }
    error_map(sp, status, reason, message, column);
    sp->end(sp);
    sp->separator(sp);
}

/* {"format_version":1, "document": {…}, "citations": […]}, {…, "clauses": […]}, {…, "top_cited": […]} */
static void json_command_begin(vb_printer_t *p, vb_command_t cmd)
{
    json_t *j = (json_t *)p;
    j->cmd = cmd;
    j->opened = 0;
    j->list_open = 0;
    j->in_command = 1;
    j->query = NULL;
    j->refs_docs = 0;
}

/* --refs: the first document of that number as "document" and "citations";
 * the others, when the number names several, in "same_number":
 * [{"document": …, "citations": […]}, …] */
static void json_document(vb_printer_t *p, const vb_docinfo_t *doc)
{
    json_t *j = (json_t *)p;
    vb_sprinter_t *sp = j->sp;
    json_command_open(j);
    if (j->refs_docs++) {
        sp->end(sp);                       /* the citations of the one before */
        if (j->refs_docs == 2) {
            sp->map_key(sp, "same_number");
            sp->begin_list(sp);
        } else {
            sp->end(sp);                   /* its map in same_number */
        }
        sp->begin_map(sp);
    }
    sp->map_key(sp, "document"); doc_map(sp, doc);
    sp->map_key(sp, "citations");
    sp->begin_list(sp);
    j->list_open = 1;
}

static void json_citation(vb_printer_t *p, const vb_citation_t *c, const vb_link_info_t *link)
{
    citation_map(((json_t *)p)->sp, c, link);
}

static void json_clause(vb_printer_t *p, const vb_result_t *r)
{
    json_command_open((json_t *)p);
    clause_map(p, ((json_t *)p)->sp, r);
}

static void json_cited(vb_printer_t *p, const vb_cited_t *c)
{
    json_command_open((json_t *)p);
    cited_map(((json_t *)p)->sp, c);
}



static void json_legal(vb_printer_t *p, const vb_legal_t *l)
{
    json_command_open((json_t *)p);
    legal_keys(((json_t *)p)->sp, l);
}

static void json_command_end(vb_printer_t *p)
{
    json_t *j = (json_t *)p;
    vb_sprinter_t *sp = j->sp;
    json_command_open(j);
    refs_close(j);
    if (j->list_open) sp->end(sp);
    j->list_open = 0;
    j->in_command = 0;
    sp->end(sp);
    sp->separator(sp);
}

/* ------------------------------------------------------------------ jsonl: one object per line */

static void jsonl_begin(vb_printer_t *p, const char *query)
{
    (void)p;
    (void)query;
}

static void jsonl_result(vb_printer_t *p, const vb_result_t *r)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    result_map(p, sp, r);
    sp->separator(sp);
}

/* With --count or --facets, a closing object (it has no "doc"): {format_version, totals, facets} */
static void jsonl_end(vb_printer_t *p, const vb_answer_t *a)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    if (!a->count_only && !a->facets) return;
    sp->begin_map(sp);
    sp->map_key(sp, "format_version"); sp->integer(sp, VB_FORMAT_VERSION);
    totals_keys(sp, a);
    sp->end(sp);
    sp->separator(sp);
}

static void jsonl_command_begin(vb_printer_t *p, vb_command_t cmd)
{
    (void)p;
    (void)cmd;
}

static void jsonl_document(vb_printer_t *p, const vb_docinfo_t *doc)
{
    (void)p;
    (void)doc;
}

static void jsonl_citation(vb_printer_t *p, const vb_citation_t *c, const vb_link_info_t *link)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    citation_map(sp, c, link);
    sp->separator(sp);
}

static void jsonl_clause(vb_printer_t *p, const vb_result_t *r)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    clause_map(p, sp, r);
    sp->separator(sp);
}

static void jsonl_cited(vb_printer_t *p, const vb_cited_t *c)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    cited_map(sp, c);
    sp->separator(sp);
}

/* --status: the one object, on its line */
static void jsonl_legal(vb_printer_t *p, const vb_legal_t *l)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    sp->begin_map(sp);
    sp->map_key(sp, "format_version"); sp->integer(sp, VB_FORMAT_VERSION);
    legal_keys(sp, l);
    sp->end(sp);
    sp->separator(sp);
}

static void jsonl_command_end(vb_printer_t *p) { (void)p; }

/* One more line, {"format_version":1,"error":{…}}: it closes the stream
 * (it has no "doc" key, like the closing totals object). */
static void jsonl_error(vb_printer_t *p, int status, const char *reason, const char *message, size_t column)
{
    vb_sprinter_t *sp = ((json_t *)p)->sp;
    sp->begin_map(sp);
    sp->map_key(sp, "format_version"); sp->integer(sp, VB_FORMAT_VERSION);
    error_map(sp, status, reason, message, column);
    sp->end(sp);
    sp->separator(sp);
}

/* ------------------------------------------------------------------ constructors */

static void json_destroy(vb_printer_t *p)
{
    json_t *j = (json_t *)p;
    j->sp->destroy(j->sp);
    free(j);
}

static vb_printer_t *make(const vb_printer_opts_t *opts, const vb_printer_t *vtable)
{
    json_t *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->sp = vb_sprinter_json_new(opts->out, 0);
    if (!j->sp) {
        free(j);
        return NULL;
    }
    j->p = *vtable;
    j->p.out = opts->out;
    return &j->p;
}

vb_printer_t *vb_printer_json_new(const vb_printer_opts_t *opts)
{
    static const vb_printer_t vtable = {
        .search_flags = 0, .begin = json_begin, .result = json_result, .end = json_end,
        .error = json_error, .command_begin = json_command_begin, .document = json_document,
        .citation = json_citation, .clause = json_clause, .cited = json_cited, .legal = json_legal,
        .command_end = json_command_end, .destroy = json_destroy
    };
    return make(opts, &vtable);
}

vb_printer_t *vb_printer_jsonl_new(const vb_printer_opts_t *opts)
{
    static const vb_printer_t vtable = {
        .begin = jsonl_begin, .result = jsonl_result, .end = jsonl_end, .error = jsonl_error,
        .command_begin = jsonl_command_begin, .document = jsonl_document, .citation = jsonl_citation,
        .clause = jsonl_clause, .cited = jsonl_cited, .legal = jsonl_legal, .command_end = jsonl_command_end,
        .destroy = json_destroy
    };
    return make(opts, &vtable);
}
