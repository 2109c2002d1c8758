/* vanban-query: clauses by topic, agency or cited instrument. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vanban.h"
#include "json.h"
#include "cli.h"

static const char *prog = "vanban-query";

typedef enum { FMT_TEXT, FMT_JSON, FMT_JSONL, FMT_TSV } format_t;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: vanban-query [--db PATH] [--format text|json|jsonl|tsv] [--limit N] [--offset N]\n"
            "                    [--all] [--exact] [--count] [--facets issuer,type,year,ref]\n"
            "                    [--color auto|always|never] QUERY...\n"
            "       vanban-query [--db PATH] [--format …] --cites NUMBER [PINPOINT]\n"
            "       vanban-query [--db PATH] [--format …] --refs NUMBER | --top-cited [N] | --show NUMBER\n"
            "       vanban-query [--db PATH] [options] --serve   (queries on standard input, one per line)\n"
            "\n"
            "Find the clauses of archived documents that match QUERY: words and \"phrases\"\n"
            "(diacritics optional), AND OR NOT -word ( ), and fields so: loai: coquan: giao:\n"
            "ref: nguoiky: nam: ngay: chude: (English: number type issuer to ref signer year date topic).\n"
            "\n"
            "  --db PATH        index (default: $VANBAN_DB, else ./vanban.db); may be a stub file of shards\n"
            "  --format F       text (default), json, jsonl (one result per line) or tsv\n"
            "  --limit N        results to show (default 20; 0: all, as --all)\n"
            "  --offset N       results to skip first\n"
            "  --all            every matching clause, file by file in path order (streams; no limit)\n"
            "  --exact          diacritics are binding ('đường' does not match 'dương')\n"
            "  --count          only the number of matching clauses and of mentions\n"
            "  --facets LIST    counts over all matches by issuer, type, year, ref\n"
            "  --color WHEN     highlight mentions: auto (on a terminal), always, never\n"
            "  --thesaurus FILE topics for chude:/topic: (default: $VANBAN_THESAURUS, corpus/thesaurus.tsv)\n"
            "  --timeout S      remote shards: give up after S seconds (default 10)\n"
            "  --partial        answer from the shards that reply; the answer says which are missing\n"
            "  --cites NUMBER [PINPOINT]  clauses citing NUMBER (e.g. 10/CT-TTg, or '46/2014/NĐ-CP d19'), newest first\n"
            "  --refs NUMBER    what document NUMBER cites, with clause and line\n"
            "  --top-cited [N]  the N (default 20) most cited instruments\n"
            "  --show NUMBER    the whole parsed document: header, then clauses with paths\n"
            "  --serve          answer each line of standard input as a QUERY with the other options:\n"
            "                   one line of JSON per query (as --format json), flushed; errors in the\n"
            "                   line (\"error\"); each query reads the index as last committed\n"
            "  --help           this help\n"
            "\n"
            "Exit status: 0 something matched; 1 nothing matched; 2 usage or fatal error.\n"
            "With --serve: 0 at the end of input; 2 usage or fatal error.\n");
}

#define die_usage(fmt, arg) vb_cli_usage_error(prog, fmt, arg)

static size_t parse_count(const char *opt, const char *val)
{
    char *end;
    errno = 0;
    long long n = strtoll(val, &end, 10);
    if (errno || *end || end == val || n < 0 || n > 1000000000LL) {
        fprintf(stderr, "%s: %s wants a whole number from 0 to 1000000000, not '%s'\nTry '%s --help'.\n", prog, opt, val, prog);
        exit(2);
    }
    return (size_t)n;
}

/* ------------------------------------------------------------------ printers */

typedef struct {
    format_t fmt;
    int color;
    vb_json_t j;
    size_t printed;
    const char *query;
    int opened;        /* the JSON object's head is out */
    int with_results;  /* ... and it opened a "results" array */
} out_t;

/* The head of the JSON answer, printed only once the query is known to be
 * good, so that an error leaves stdout empty rather than half an object. */
static void json_open(out_t *o, int with_results)
{
    if (o->opened) return;
    o->opened = 1;
    o->with_results = with_results;
    vb_json_begin_object(&o->j);
    vb_json_key(&o->j, "format_version");
    vb_json_int(&o->j, VB_FORMAT_VERSION);
    vb_json_key(&o->j, "query");
    vb_json_str(&o->j, o->query);
    if (with_results) {
        vb_json_key(&o->j, "results");
        vb_json_begin_array(&o->j);
    }
}

/* Up to ~240 bytes of TEXT around the first match, cut at character boundaries. */
static void snippet_bounds(const vb_result_t *r, size_t *a, size_t *b)
{
    size_t len = r->text_len, want = 240;
    size_t start = 0;
    if (r->match_count && r->matches[0] > 80) start = r->matches[0] - 80;
    if (start + want > len) start = len > want ? len - want : 0;
    size_t end = start + want < len ? start + want : len;
    while (start > 0 && ((unsigned char)r->text[start] & 0xC0) == 0x80) start--;
    while (end < len && ((unsigned char)r->text[end] & 0xC0) == 0x80) end++;
    /* prefer word boundaries */
    if (start > 0) {
        size_t s = start;
        while (s < end && r->text[s] != ' ') s++;
        if (s < end && s - start < 20) start = s + 1;
    }
    if (end < len) {
        size_t e = end;
        while (e > start && r->text[e] != ' ') e--;
        if (e > start && end - e < 20) end = e;
    }
    *a = start;
    *b = end;
}

static void print_text_range(out_t *o, const vb_result_t *r, size_t a, size_t b)
{
    size_t pos = a;
    for (size_t m = 0; m < r->match_count; m++) {
        size_t ms = r->matches[2 * m], me = r->matches[2 * m + 1];
        if (me <= a || ms >= b) continue;
        if (ms < pos) ms = pos;
        if (me > b) me = b;
        fwrite(r->text + pos, 1, ms - pos, stdout);
        if (o->color) fputs("\033[1;31m", stdout);
        fwrite(r->text + ms, 1, me - ms, stdout);
        if (o->color) fputs("\033[0m", stdout);
        pos = me;
    }
    fwrite(r->text + pos, 1, b - pos, stdout);
}

static void json_doc(vb_json_t *j, const vb_docinfo_t *d)
{
    vb_json_begin_object(j);
    vb_json_key(j, "number"); vb_json_str(j, d->number);
    vb_json_key(j, "type"); vb_json_str(j, d->type);
    vb_json_key(j, "issuer"); vb_json_str(j, d->issuer);
    vb_json_key(j, "date"); vb_json_str(j, d->date);
    vb_json_key(j, "subject"); vb_json_str(j, d->subject);
    vb_json_key(j, "file"); vb_json_str(j, d->file);
    vb_json_end_object(j);
}

/* "clause": {path, label, line, assignee}, "text": … */
static void json_clause(vb_json_t *j, const vb_result_t *r)
{
    vb_json_key(j, "clause");
    vb_json_begin_object(j);
    vb_json_key(j, "path"); vb_json_str(j, r->path);
    vb_json_key(j, "label"); vb_json_str(j, r->label);
    vb_json_key(j, "line"); vb_json_int(j, r->line);
    vb_json_key(j, "assignee"); vb_json_str(j, r->assignee);
    vb_json_end_object(j);
    vb_json_key(j, "text"); vb_json_strn(j, r->text, r->text_len);
}

static void json_result(vb_json_t *j, const vb_result_t *r)
{
    size_t a, b;
    snippet_bounds(r, &a, &b);
    vb_json_begin_object(j);
    vb_json_key(j, "doc");
    json_doc(j, &r->doc);
    json_clause(j, r);
    vb_json_key(j, "snippet"); vb_json_strn(j, r->text + a, b - a);
    vb_json_key(j, "matches");
    vb_json_begin_array(j);
    for (size_t m = 0; m < r->match_count; m++) {
        vb_json_begin_array(j);
        vb_json_int(j, (long long)r->matches[2 * m]);
        vb_json_int(j, (long long)r->matches[2 * m + 1]);
        vb_json_end_array(j);
    }
    vb_json_end_array(j);
    vb_json_key(j, "score"); vb_json_double(j, r->score);
    vb_json_end_object(j);
}

static void tsv_field(const char *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        fputc(c, stdout);
    }
}

static void tsv_str(const char *s) { tsv_field(s, s ? strlen(s) : 0); }

static int print_result(const vb_result_t *r, void *data)
{
    out_t *o = data;
    o->printed++;
    switch (o->fmt) {
    case FMT_JSON:
        json_open(o, 1);
        json_result(&o->j, r);
        break;
    case FMT_JSONL: {
        vb_json_t j;
        vb_json_init(&j, stdout, 0);
        json_result(&j, r);
        vb_json_newline(&j);
        break;
    }
    case FMT_TSV: {
        char line[16], score[32];
        snprintf(line, sizeof line, "%u", r->line);
        snprintf(score, sizeof score, "%.4f", r->score);
        const char *f[] = { r->doc.number, r->doc.type, r->doc.issuer, r->doc.date, r->doc.file, r->path, r->label, line,
                            r->assignee, score };
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) { tsv_str(f[i]); fputc('\t', stdout); }
        size_t a, b;
        snippet_bounds(r, &a, &b);
        tsv_field(r->text + a, b - a);
        fputc('\n', stdout);
        break;
    }
    case FMT_TEXT: {
        if (o->printed > 1) fputc('\n', stdout);
        if (o->color) fputs("\033[1m", stdout);
        printf("%s", r->doc.number ? r->doc.number : "(no number)");
        if (r->doc.type) printf(" · %s", r->doc.type);
        if (r->doc.issuer) printf(" · %s", r->doc.issuer);
        if (r->doc.date) printf(" · %s", r->doc.date);
        if (o->color) fputs("\033[0m", stdout);
        fputc('\n', stdout);
        printf("  %s  %s:%u", r->label ? r->label : r->path, r->doc.file ? r->doc.file : "?", r->line);
        if (r->assignee) printf("  → %s", r->assignee);
        fputc('\n', stdout);
        size_t a, b;
        snippet_bounds(r, &a, &b);
        fputs("  ", stdout);
        if (a > 0) fputs("…", stdout);
        print_text_range(o, r, a, b);
        if (b < r->text_len) fputs("…", stdout);
        fputc('\n', stdout);
        break;
    }
    }
    return 0;
}

static const char *facet_name(unsigned f)
{
    switch (f) {
    case VB_FACET_ISSUER: return "issuer";
    case VB_FACET_TYPE: return "type";
    case VB_FACET_YEAR: return "year";
    default: return "ref";
    }
}

typedef struct {
    unsigned facet;
    char *value;
    size_t count;
} facet_row_t;

typedef struct {
    facet_row_t *rows;
    size_t n, cap;
} facet_rows_t;

static int keep_facet(unsigned facet, const char *value, size_t count, void *data)
{
    facet_rows_t *f = data;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        facet_row_t *nr = realloc(f->rows, f->cap * sizeof *nr);
        if (!nr) return 1;
        f->rows = nr;
    }
    f->rows[f->n].facet = facet;
    f->rows[f->n].value = strdup(value);
    f->rows[f->n].count = count;
    f->n++;
    return 0;
}

/* "facets":{"issuer":[[value,count],…],…} */
static void json_facets(vb_json_t *j, unsigned want, const facet_rows_t *fr)
{
    vb_json_key(j, "facets");
    vb_json_begin_object(j);
    for (unsigned f = 1; f <= VB_FACET_REF; f <<= 1) {
        if (!(want & f)) continue;
        vb_json_key(j, facet_name(f));
        vb_json_begin_array(j);
        for (size_t i = 0; i < fr->n; i++) {
            if (fr->rows[i].facet != f) continue;
            vb_json_begin_array(j);
            vb_json_str(j, fr->rows[i].value);
            vb_json_int(j, (long long)fr->rows[i].count);
            vb_json_end_array(j);
        }
        vb_json_end_array(j);
    }
    vb_json_end_object(j);
}

static unsigned parse_facets(const char *list)
{
    unsigned f = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 6 && strncmp(p, "issuer", 6) == 0) f |= VB_FACET_ISSUER;
        else if (n == 4 && strncmp(p, "type", 4) == 0) f |= VB_FACET_TYPE;
        else if (n == 4 && strncmp(p, "year", 4) == 0) f |= VB_FACET_YEAR;
        else if (n == 3 && strncmp(p, "ref", 3) == 0) f |= VB_FACET_REF;
        else die_usage("unknown facet in '%s' (known: issuer, type, year, ref)", list);
        p += n;
        if (*p == ',') p++;
    }
    return f;
}

/* ------------------------------------------------------------------ citation commands */

typedef struct {
    out_t *o;
    vb_index_t *ix;
    int done;
    size_t rows;
} refs_t;

static int print_refs(const vb_result_t *r, void *data)
{
    refs_t *x = data;
    if (x->done) return 0;
    x->done = 1;
    if (x->o->fmt == FMT_JSON) {
        vb_json_key(&x->o->j, "document");
        json_doc(&x->o->j, &r->doc);
        vb_json_key(&x->o->j, "citations");
        vb_json_begin_array(&x->o->j);
    }
    for (size_t k = 0; k < r->doc.citation_count; k++) {
        const vb_citation_t *c = &r->doc.citation_list[k];
        const char *f[8] = { c->type, c->number, c->date, c->issuer, c->pinpoint, c->clause, NULL, c->text };
        int in = 0;
        if (c->number) vb_index_has_number(x->ix, c->number, &in);
        x->rows++;
        if (x->o->fmt == FMT_JSON || x->o->fmt == FMT_JSONL) {
            vb_json_t jl, *j = &x->o->j;
            if (x->o->fmt == FMT_JSONL) { vb_json_init(&jl, stdout, 0); j = &jl; }
            static const char *const keys[8] = { "type", "number", "date", "issuer", "pinpoint", "clause", "line", "text" };
            vb_json_begin_object(j);
            for (size_t i = 0; i < 8; i++) {
                vb_json_key(j, keys[i]);
                if (i == 6) vb_json_int(j, c->line);
                else if (!f[i]) vb_json_null(j);
                else vb_json_strn(j, f[i], strlen(f[i]));
            }
            vb_json_key(j, "in_archive");
            vb_json_bool(j, in);
            vb_json_end_object(j);
            if (x->o->fmt == FMT_JSONL) vb_json_newline(j);
        } else {
            /* number, type, date, pinpoint, clause, line, in archive */
            const size_t order[] = { 1, 0, 2, 4, 5 };
            for (size_t i = 0; i < 5; i++) {
                if (i) fputc('\t', stdout);
                size_t q = order[i];
                if (f[q]) tsv_field(f[q], strlen(f[q]));
                else fputc('-', stdout);
            }
            printf("\t%u\t%s\n", c->line, in ? "in archive" : "not in archive");
        }
    }
    if (x->o->fmt == FMT_JSON) vb_json_end_array(&x->o->j);
    return 0;
}

static int print_top(unsigned facet, const char *value, size_t count, void *data)
{
    out_t *o = data;
    (void)facet;
    o->printed++;
    if (o->fmt == FMT_JSON || o->fmt == FMT_JSONL) {
        vb_json_t jl, *j = &o->j;
        if (o->fmt == FMT_JSONL) { vb_json_init(&jl, stdout, 0); j = &jl; }
        vb_json_begin_object(j);
        vb_json_key(j, "ref"); vb_json_str(j, value);
        vb_json_key(j, "clauses"); vb_json_int(j, (long long)count);
        vb_json_end_object(j);
        if (o->fmt == FMT_JSONL) vb_json_newline(j);
    } else {
        printf("%zu\t%s\n", count, value);
    }
    return 0;
}

typedef struct {
    out_t *o;
    const char *last_file;
    char file[4096];
} show_t;

static int print_show(const vb_result_t *r, void *data)
{
    show_t *s = data;
    out_t *o = s->o;
    o->printed++;
    if (o->fmt == FMT_JSON || o->fmt == FMT_JSONL) {
        vb_json_t jl, *j = &o->j;
        if (o->fmt == FMT_JSONL) { vb_json_init(&jl, stdout, 0); j = &jl; }
        vb_json_begin_object(j);
        vb_json_key(j, "doc"); json_doc(j, &r->doc);
        json_clause(j, r);
        vb_json_end_object(j);
        if (o->fmt == FMT_JSONL) vb_json_newline(j);
        return 0;
    }
    if (!r->doc.file || strcmp(s->file, r->doc.file) != 0) {
        snprintf(s->file, sizeof s->file, "%s", r->doc.file ? r->doc.file : "");
        printf("%s%s\n", o->printed > 1 ? "\n" : "", r->doc.number ? r->doc.number : "(no number)");
        if (r->doc.type) printf("  type:       %s\n", r->doc.type);
        if (r->doc.issuers) {
            printf("  issuer:     ");
            for (const char *p = r->doc.issuers; *p; p++) fputs(*p == '\n' ? " > " : (char[2]){ *p, 0 }, stdout);
            fputc('\n', stdout);
        }
        if (r->doc.place) printf("  place:      %s\n", r->doc.place);
        if (r->doc.date) printf("  date:       %s\n", r->doc.date);
        if (r->doc.subject) printf("  subject:    %s\n", r->doc.subject);
        if (r->doc.signer_name || r->doc.signer_title)
            printf("  signer:     %s%s%s\n", r->doc.signer_title ? r->doc.signer_title : "",
                   r->doc.signer_title && r->doc.signer_name ? " — " : "", r->doc.signer_name ? r->doc.signer_name : "");
        printf("  file:       %s\n\n", r->doc.file ? r->doc.file : "");
    }
    printf("[%s] %s (line %u)%s%s\n    ", r->path, r->label ? r->label : "", r->line, r->assignee ? "  → " : "",
           r->assignee ? r->assignee : "");
    fwrite(r->text, 1, r->text_len, stdout);
    fputc('\n', stdout);
    return 0;
}

/* ------------------------------------------------------------------ one query */

/* What answering a query needs besides the query: the options of the command line. */
typedef struct {
    const char *db;
    vb_open_opts_t oo;
    vb_search_opts_t so;
    int count_only, all;
    int serve;           /* --serve: errors go into the answer's line, not to stderr */
} run_t;

/* --serve: an error closes the answer's JSON object (what was printed of it
 * stays: a stream cut short) with "error": {status, message[, column]}. */
static void json_error(out_t *o, vb_status_t st, const char *message, size_t column)
{
    if (!o->opened) json_open(o, 0);
    else if (o->with_results) vb_json_end_array(&o->j);
    vb_json_key(&o->j, "error");
    vb_json_begin_object(&o->j);
    vb_json_key(&o->j, "status"); vb_json_str(&o->j, vb_status_to_string(st));
    vb_json_key(&o->j, "message"); vb_json_str(&o->j, message);
    if (column) { vb_json_key(&o->j, "column"); vb_json_int(&o->j, (long long)column); }
    vb_json_end_object(&o->j);
    vb_json_end_object(&o->j);
    vb_json_newline(&o->j);
}

/* Answer QUERY in O's format. *IXP may be opened again without the shards
 * that stopped answering (--partial). Returns the exit status (0 something
 * matched, 1 nothing, 2 error) and the search's status in *STP; a bad query
 * is reported here, other errors by the caller (or, serving, in the line). */
static int run_search(vb_index_t **ixp, const run_t *run, out_t *o, const char *query, vb_status_t *stp)
{
    vb_search_opts_t so = run->so;
    int count_only = run->count_only, rc = 2;
    facet_rows_t fr = { NULL, 0, 0 };
    if (so.facets) { so.facet_fn = keep_facet; so.facet_data = &fr; }
    if (o->fmt == FMT_JSON || count_only) so.flags |= VB_SEARCH_TOTALS;
    vb_search_stats_t stats;
    if (count_only) so.limit = 1, so.offset = (size_t)-1 / 2; /* count everything, print nothing */
    vb_status_t st = vb_search(*ixp, query, &so, count_only ? NULL : print_result, o, &stats);
    if ((st == VB_ERR_XAPIAN || st == VB_ERR_TIMEOUT) && run->oo.partial && o->printed == 0 && !o->opened) {
        /* a shard died during the query: open the index again without it, once */
        fprintf(stderr, "%s: %s; trying again without the shards that do not answer\n", prog, vb_last_error());
        vb_index_close(*ixp);
        *ixp = NULL;
        st = vb_index_open_ex(run->db, VB_INDEX_READ, &run->oo, ixp);
        if (st == VB_OK) {
            const char *missing = NULL;
            if (vb_index_missing_shards(*ixp, &missing))
                fprintf(stderr, "%s: partial answer: shards left out:\n%s\n", prog, missing);
            st = vb_search(*ixp, query, &so, count_only ? NULL : print_result, o, &stats);
        }
    }
    if (st == VB_ERR_QUERY_SYNTAX) {
        if (run->serve) {
            json_error(o, st, vb_last_error(), stats.error_column);
        } else {
            fflush(stdout);
            fprintf(stderr, "%s: bad query at column %zu: %s\n", prog, stats.error_column, vb_last_error());
        }
    } else if (st != VB_OK) {
        if (run->serve) json_error(o, st, vb_last_error(), 0);
    } else if (o->fmt == FMT_JSON) {
        json_open(o, !count_only);
        if (o->with_results) vb_json_end_array(&o->j);
        const char *missing = NULL;
        if (vb_index_missing_shards(*ixp, &missing)) {
            vb_json_key(&o->j, "partial"); vb_json_bool(&o->j, 1);
            vb_json_key(&o->j, "missing_shards");
            vb_json_begin_array(&o->j);
            for (const char *p = missing; p && *p;) {
                size_t l = strcspn(p, "\n");
                vb_json_strn(&o->j, p, l);
                p += l + (p[l] == '\n');
            }
            vb_json_end_array(&o->j);
        }
        vb_json_key(&o->j, "total_clauses"); vb_json_int(&o->j, (long long)stats.total_clauses);
        vb_json_key(&o->j, "total_mentions"); vb_json_int(&o->j, (long long)stats.total_mentions);
        if (so.facets) json_facets(&o->j, so.facets, &fr);
        vb_json_end_object(&o->j);
        vb_json_newline(&o->j);
    } else if (o->fmt == FMT_JSONL) {
        /* results one per line; the totals (--count) and facets in one closing object */
        if (count_only || so.facets) {
            vb_json_t jl;
            vb_json_init(&jl, stdout, 0);
            vb_json_begin_object(&jl);
            vb_json_key(&jl, "format_version"); vb_json_int(&jl, VB_FORMAT_VERSION);
            vb_json_key(&jl, "total_clauses"); vb_json_int(&jl, (long long)stats.total_clauses);
            vb_json_key(&jl, "total_mentions"); vb_json_int(&jl, (long long)stats.total_mentions);
            if (so.facets) json_facets(&jl, so.facets, &fr);
            vb_json_end_object(&jl);
            vb_json_newline(&jl);
        }
    } else {
        if (count_only && o->fmt == FMT_TSV)
            printf("%zu\t%zu\n", stats.total_clauses, stats.total_mentions);
        else if (count_only)
            printf("%zu clauses, %zu mentions\n", stats.total_clauses, stats.total_mentions);
        for (size_t i = 0; i < fr.n; i++)
            printf("%s%s\t%zu\t%s\n", i == 0 && o->fmt == FMT_TEXT && !count_only && o->printed ? "\n" : "",
                   facet_name(fr.rows[i].facet), fr.rows[i].count,
                   fr.rows[i].value[0] ? fr.rows[i].value : "(none)");
        if (o->fmt == FMT_TEXT && !count_only && stats.total_clauses > o->printed + so.offset && !run->all)
            fprintf(stderr, "%s: showing %zu of %zu matching clauses (--limit, --all)\n", prog, o->printed,
                    stats.total_clauses);
    }
    if (st == VB_OK) rc = stats.total_clauses ? 0 : 1;
    for (size_t i = 0; i < fr.n; i++) free(fr.rows[i].value);
    free(fr.rows);
    *stp = st;
    return rc;
}

/* --serve: one query per line of standard input, one line of JSON per query
 * on standard output (flushed), until end of input. Each query reads the
 * index as last committed. Returns the exit status: 0, or 2 when standard
 * output fails. */
static int serve(vb_index_t **ixp, const run_t *run, out_t *o)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    signal(SIGPIPE, SIG_IGN);   /* a reader that goes away: exit 2 with a message, not a signal */
    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        o->printed = 0;
        o->opened = 0;
        o->with_results = 0;
        o->query = line;
        vb_json_init(&o->j, stdout, 0);
        vb_status_t st = VB_OK;
        if (memchr(line, '\0', len)) {
            o->query = "";
            json_error(o, VB_ERR_INVALID_ARG, "the query line holds a NUL byte", 0);
        } else if (len == 0) {
            json_error(o, VB_ERR_INVALID_ARG, "empty query line", 0);
        } else {
            /* an indexer may have committed or swapped in a new index since the last query */
            st = *ixp ? vb_index_reopen(*ixp) : vb_index_open_ex(run->db, VB_INDEX_READ, &run->oo, ixp);
            if (st != VB_OK) json_error(o, st, vb_last_error(), 0);
            else (void)run_search(ixp, run, o, line, &st);
        }
        if (fflush(stdout) != 0) {
            fprintf(stderr, "%s: writing output: %s\n", prog, strerror(errno));
            free(line);
            return 2;
        }
    }
    free(line);
    return 0;
}

/* ------------------------------------------------------------------ main */

/* $VANBAN_THESAURUS, else the project's corpus/thesaurus.tsv, else the one
 * installed beside the binary (PREFIX/bin/.. /share/vanban/thesaurus.tsv). */
static const char *default_thesaurus(void)
{
    static char installed[4096];
    const char *env = getenv("VANBAN_THESAURUS");
    if (env && *env) return env;
    if (access("corpus/thesaurus.tsv", R_OK) == 0) return "corpus/thesaurus.tsv";
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(installed, sizeof installed, "%s/../share/vanban/thesaurus.tsv", exe);
            if (access(installed, R_OK) == 0) return installed;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *db = getenv("VANBAN_DB");
    out_t o;
    memset(&o, 0, sizeof o);
    vb_search_opts_t so;
    memset(&so, 0, sizeof so);
    so.limit = 20;
    int count_only = 0, all = 0, serving = 0, format_given = 0;
    vb_open_opts_t oo = { 0, 0 };
    const char *color = "auto", *cites = NULL, *refs = NULL, *show = NULL, *thesaurus = NULL;
    long top = -1;

    size_t qcap = 1;
    for (int i = 1; i < argc; i++) qcap += strlen(argv[i]) + 1;
    char *query = calloc(qcap, 1);
    char *pin = NULL;
    size_t qlen = 0;
    int opts_done = 0;
    if (!query) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] != '-' ) {
            if (!opts_done && a[0] == '-' && a[1] && a[1] != '-' && strcmp(a, "-h") == 0) { usage(stdout); free(query); return 0; }
            if (cites && !pin && qlen == 0 && i > 1 && strcmp(argv[i - 1], cites) == 0) { pin = argv[i]; continue; }
            if (qlen) query[qlen++] = ' ';
            memcpy(query + qlen, a, strlen(a));
            qlen += strlen(a);
            continue;
        }
        if (strcmp(a, "--") == 0) { opts_done = 1; continue; }
        const char *eq = strchr(a, '=');
        char name[32];
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name) die_usage("unknown option '%s'", a);
        memcpy(name, a, nl);
        name[nl] = '\0';
        static const char *const with_value[] = { "--db", "--format", "--limit", "--offset", "--facets", "--color",
                                                  "--cites", "--refs", "--show", "--thesaurus", "--timeout" };
        const char *val = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
            if (strcmp(name, with_value[k]) == 0) {
                if (eq) val = eq + 1;
                else if (i + 1 < argc) val = argv[++i];
                else die_usage("option '%s' needs a value", name);
            }
        if (!val && eq && strcmp(name, "--top-cited") != 0) die_usage("option '%s' takes no value", name);
        if (strcmp(name, "--help") == 0) { usage(stdout); free(query); return 0; }
        else if (strcmp(name, "--version") == 0) { printf("vanban-query %s\n", VB_VERSION); free(query); return 0; }
        else if (strcmp(name, "--db") == 0) db = val;
        else if (strcmp(name, "--format") == 0) {
            format_given = 1;
            if (strcmp(val, "text") == 0) o.fmt = FMT_TEXT;
            else if (strcmp(val, "json") == 0) o.fmt = FMT_JSON;
            else if (strcmp(val, "jsonl") == 0) o.fmt = FMT_JSONL;
            else if (strcmp(val, "tsv") == 0) o.fmt = FMT_TSV;
            else die_usage("unknown format '%s' (text, json, jsonl, tsv)", val);
        } else if (strcmp(name, "--limit") == 0) so.limit = parse_count("--limit", val);
        else if (strcmp(name, "--offset") == 0) so.offset = parse_count("--offset", val);
        else if (strcmp(name, "--all") == 0) all = 1;
        else if (strcmp(name, "--serve") == 0) serving = 1;
        else if (strcmp(name, "--timeout") == 0) {
            size_t t = parse_count("--timeout", val);
            if (t == 0 || t > 3600) die_usage("--timeout wants seconds from 1 to 3600, not '%s'", val);
            oo.timeout_ms = (unsigned)(t * 1000);
        } else if (strcmp(name, "--partial") == 0) oo.partial = 1;
        else if (strcmp(name, "--exact") == 0) so.flags |= VB_SEARCH_EXACT;
        else if (strcmp(name, "--count") == 0) count_only = 1;
        else if (strcmp(name, "--facets") == 0) so.facets = parse_facets(val);
        else if (strcmp(name, "--color") == 0 || strcmp(name, "--colour") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                die_usage("--color wants auto, always or never, not '%s'", val);
            color = val;
        } else if (strcmp(name, "--thesaurus") == 0) thesaurus = val;
        else if (strcmp(name, "--cites") == 0) cites = val;
        else if (strcmp(name, "--refs") == 0) refs = val;
        else if (strcmp(name, "--show") == 0) show = val;
        else if (strcmp(name, "--top-cited") == 0) {
            top = 20;
            const char *v = eq ? eq + 1 : (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9') ? argv[++i] : NULL;
            if (v) top = (long)parse_count("--top-cited", v);
        } else die_usage("unknown option '%s'", a);
    }
    int commands = (cites != NULL) + (refs != NULL) + (show != NULL) + (top >= 0);
    if (commands > 1) die_usage("%s", "--cites, --refs, --top-cited and --show go one at a time");
    if (commands && qlen && !(cites && !pin)) die_usage("%s", "a citation command takes no QUERY");
    if (serving && (commands || qlen))
        die_usage("%s", "--serve reads its queries from standard input, one per line: no QUERY or command with it");
    if (serving && format_given && o.fmt != FMT_JSON)
        die_usage("%s", "--serve answers in JSON, one line per query (--format json)");
    if (serving) o.fmt = FMT_JSON;
    if (!commands && qlen == 0 && !serving) die_usage("%s", "no QUERY given");
    if (!db || !*db) db = "vanban.db";
    o.color = strcmp(color, "always") == 0 || (strcmp(color, "auto") == 0 && o.fmt == FMT_TEXT && isatty(1));
    if (all) so.limit = 0;
    if (thesaurus && access(thesaurus, R_OK) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, thesaurus, strerror(errno));
        free(query);
        return 2;
    }
    so.thesaurus = thesaurus ? thesaurus : default_thesaurus();
    if (!so.thesaurus && (strstr(query, "chude:") || strstr(query, "topic:")))
        fprintf(stderr, "%s: no thesaurus found (--thesaurus, $VANBAN_THESAURUS); topics match their own words only\n", prog);

    vb_index_t *ix = NULL;
    vb_status_t st = vb_index_open_ex(db, VB_INDEX_READ, &oo, &ix);
    if (st != VB_OK) {
        if (st == VB_ERR_DB_NOT_FOUND)
            fprintf(stderr, "%s: no index at %s; build one with: vanban-index --db %s DIRECTORY\n", prog, db, db);
        else
            fprintf(stderr, "%s: cannot open index %s: %s (%s)\n", prog, db, vb_status_to_string(st), vb_last_error());
        free(query);
        return 2;
    }
    int rc = 0;
    o.query = query;
    run_t run;
    memset(&run, 0, sizeof run);
    run.db = db;
    run.oo = oo;
    run.so = so;
    run.count_only = count_only;
    run.all = all;
    run.serve = serving;
    {
        const char *missing = NULL;
        if (vb_index_missing_shards(ix, &missing))
            fprintf(stderr, "%s: partial answer: shards left out:\n%s\n", prog, missing);
    }
    if (o.fmt == FMT_JSON) vb_json_init(&o.j, stdout, 0);

    if (serving) {
        rc = serve(&ix, &run, &o);
    } else if (refs || show || top >= 0) {
        if (o.fmt == FMT_JSON) {
            vb_json_begin_object(&o.j);
            vb_json_key(&o.j, "format_version"); vb_json_int(&o.j, VB_FORMAT_VERSION);
        }
        size_t found = 0;
        if (refs) {
            refs_t x = { &o, ix, 0, 0 };
            st = vb_index_show(ix, refs, print_refs, &x, &found);
            if (st == VB_OK && found == 0) fprintf(stderr, "%s: no document %s in the archive\n", prog, refs);
            rc = found ? 0 : 1;
        } else if (show) {
            show_t s;
            memset(&s, 0, sizeof s);
            s.o = &o;
            if (o.fmt == FMT_JSON) { vb_json_key(&o.j, "clauses"); vb_json_begin_array(&o.j); }
            st = vb_index_show(ix, show, print_show, &s, &found);
            if (o.fmt == FMT_JSON) vb_json_end_array(&o.j);
            if (st == VB_OK && found == 0) fprintf(stderr, "%s: no document %s in the archive\n", prog, show);
            rc = found ? 0 : 1;
        } else {
            if (o.fmt == FMT_JSON) { vb_json_key(&o.j, "top_cited"); vb_json_begin_array(&o.j); }
            st = vb_index_top_cited(ix, (size_t)top, print_top, &o);
            if (o.fmt == FMT_JSON) vb_json_end_array(&o.j);
            rc = o.printed ? 0 : 1;
        }
        if (o.fmt == FMT_JSON) { vb_json_end_object(&o.j); vb_json_newline(&o.j); }
    } else {
        if (cites) {
            if (strchr(cites, '"') || (pin && strchr(pin, '"'))) die_usage("%s", "a number cannot contain '\"'");
            size_t need = strlen(cites) + (pin ? strlen(pin) : 0) + 16;
            char *q = malloc(need);
            if (!q) return 2;
            snprintf(q, need, "ref:\"%s%s%s\"", cites, pin ? " " : "", pin ? pin : "");
            free(query);
            query = q;
            o.query = q;
            run.so.flags |= VB_SEARCH_NEWEST;
        }
        rc = run_search(&ix, &run, &o, query, &st);
    }
    if (st != VB_OK && st != VB_ERR_QUERY_SYNTAX) {
        fprintf(stderr, "%s: %s: %s\n", prog, vb_status_to_string(st), vb_last_error());
        rc = 2;
    }
    if (fflush(stdout) != 0 && rc != 2) {
        fprintf(stderr, "%s: writing output: %s\n", prog, strerror(errno));
        rc = 2;
    }
    vb_index_close(ix);
    free(query);
    return rc;
}
