/* How vanban-query writes its answers: one printer per output format
 * (printer-text.c, printer-tsv.c, printer-json.c for json and jsonl), found
 * by name in printer.c. The tool calls the printer and nothing else writes
 * an answer; adding a format is adding a printer file and a line in the
 * table of printer.c. */
#ifndef VB_CLI_PRINTER_H
#define VB_CLI_PRINTER_H

#include <stdio.h>
#include "vanban.h"

typedef enum { VB_COLOR_NEVER, VB_COLOR_ALWAYS, VB_COLOR_AUTO } vb_color_t;

typedef struct {
    FILE *out;          /* the answers */
    FILE *notes;        /* notes for a person beside them ("showing 20 of 31 …") */
    const char *prog;   /* names the notes */
    vb_color_t color;   /* highlighted mentions (text); AUTO: when OUT is a terminal */
    int vi;             /* text for people in Vietnamese (vb_locale_vi()); machine formats ignore it */
} vb_printer_opts_t;

/* 1 when the locale asks for Vietnamese messages: the first of LC_ALL,
 * LC_MESSAGES, LANG that is set starts with "vi" (vi_VN.UTF-8, vi). */
int vb_locale_vi(void);
/* "2020-08-21" -> "21/8/2020" (as Vietnamese documents write dates) into OUT;
 * anything else is copied as it is. */
void vb_date_vi(const char *iso, char *out, size_t cap);

/* One facet value and its count (vb_facet_fn's arguments, kept). */
typedef struct {
    unsigned facet;     /* VB_FACET_* */
    char *value;        /* "" is "no value" */
    size_t count;
} vb_facet_row_t;

/* What is known at the end of a search. */
typedef struct {
    const vb_search_stats_t *stats;
    int count_only;               /* --count: only totals were asked for */
    int docs;                     /* --docs: results are documents (vb_result_t.doc_clauses > 0) */
    unsigned facets;              /* VB_FACET_* asked for */
    const vb_facet_row_t *rows;   /* their values, as vb_search() gave them */
    size_t nrows;
    const char *missing;          /* shards left out ('\n'-separated), or NULL */
    size_t shown;                 /* results printed */
    int more;                     /* more clauses (--docs: documents) match than were shown (--limit, not --all) */
} vb_answer_t;

/* The commands that show the archive rather than search it. */
typedef enum { VB_CMD_REFS, VB_CMD_SHOW, VB_CMD_TOP_CITED, VB_CMD_STATUS } vb_command_t;

typedef struct vb_printer vb_printer_t;

/* --refs: what the archive holds of a cited instrument (vb_index_resolve()). */
typedef struct {
    const char *number, *issuer, *date, *file;
} vb_candidate_t;
typedef struct {
    int link;                       /* VB_LINK_NONE, VB_LINK_ARCHIVED, VB_LINK_AMBIGUOUS */
    const vb_candidate_t *docs;     /* the documents that agree with the citation: the one
                                       (ARCHIVED) or the candidates (AMBIGUOUS) */
    size_t ndocs;
    const vb_instrument_t *status;  /* what the archive says of the cited instrument
                                       (vb_index_legal_status()), or NULL: unknown */
} vb_link_info_t;
/* "in archive", "ambiguous", "not in archive" */
const char *vb_link_name(int link);

struct vb_printer {
    FILE *out;               /* where the answers go */
    /* VB_SEARCH_* flags the format needs (JSON states mentions over all matches) */
    unsigned search_flags;

    /* A search: begin (nothing is printed before the first result or the
     * end, so that a refused query leaves the output empty), each result,
     * then end or, with --serve, error. */
    void (*begin)(vb_printer_t *p, const char *query);
    void (*result)(vb_printer_t *p, const vb_result_t *r);
    void (*end)(vb_printer_t *p, const vb_answer_t *a);
    /* --cites: the results come in groups, one per cited instrument (number,
     * issuer, date: a number is not an identity); LABEL names the group
     * before its results. NULL in formats that keep rank order (json, jsonl,
     * tsv: each result's citations say it). */
    void (*group)(vb_printer_t *p, const char *label);
    /* The answer fails (a search, or a command after command_begin): STATUS is
     * the exit status it means (1 nothing found, 2 error), REASON a short label
     * ("query syntax error", "not found", vb_status_to_string()), MESSAGE the
     * sentence also written on stderr, COLUMN for a bad query (1-based, else
     * 0). It takes the place of end or command_end. NULL in formats that carry
     * no error (text, tsv: the message on stderr is all). */
    void (*error)(vb_printer_t *p, int status, const char *reason, const char *message, size_t column);

    /* --refs, --show, --top-cited: command_begin, then what the command
     * finds, then command_end (or error when it finds nothing). Nothing is
     * printed before the first thing found or the end. */
    void (*command_begin)(vb_printer_t *p, vb_command_t cmd);
    /* --refs: each document of that number, then each citation in it */
    void (*document)(vb_printer_t *p, const vb_docinfo_t *doc);
    void (*citation)(vb_printer_t *p, const vb_citation_t *c, const vb_link_info_t *link);
    /* --show: each clause of the document */
    void (*clause)(vb_printer_t *p, const vb_result_t *r);
    /* --top-cited: a cited instrument and how many documents and clauses cite it */
    void (*cited)(vb_printer_t *p, const vb_cited_t *c);
    /* --status: what the archive says of an instrument (vb_index_legal_status()),
     * the whole answer at once, between command_begin and command_end */
    void (*legal)(vb_printer_t *p, const vb_legal_t *l);
    void (*command_end)(vb_printer_t *p);

    void (*destroy)(vb_printer_t *p);

    /* Set by the answer, not the constructor (may be NULL): what the archive
     * says of the instrument citation C names (vb_legal_cache_of()), for the
     * instruments a result's clause cites. */
    const vb_instrument_t *(*status_of)(void *data, const vb_citation_t *c);
    void *status_data;
};

typedef vb_printer_t *(*vb_printer_new_fn)(const vb_printer_opts_t *opts);

/* The constructor of FORMAT ("text", "json", …), or NULL for an unknown one.
 * Constructors return NULL when out of memory. */
vb_printer_new_fn vb_printer_find(const char *format);
/* The known formats, for messages: "text, json, jsonl, tsv". */
extern const char vb_printer_formats[];

vb_printer_t *vb_printer_text_new(const vb_printer_opts_t *opts);
vb_printer_t *vb_printer_tsv_new(const vb_printer_opts_t *opts);
vb_printer_t *vb_printer_json_new(const vb_printer_opts_t *opts);
vb_printer_t *vb_printer_jsonl_new(const vb_printer_opts_t *opts);

/* Shared by the printers. */
/* A legal status for a person: "đã được sửa đổi, bổ sung" / "amended". */
const char *vb_force_text(vb_legal_force_t f, int vi);
/* The same in a word or two, for a column: "còn hiệu lực" / "in force". */
const char *vb_force_short(vb_legal_force_t f, int vi);
/* What a relation of ROLE makes of the document that states it, seen from
 * the instrument: "sửa đổi, bổ sung bởi" / "amended by". */
const char *vb_relation_text(vb_cite_role_t role, int vi);
/* The status of an answer with L: its one instrument's, "unknown" without
 * one, "ambiguous" when the number names several (or is cited only in ways
 * that do not say which: a law's name without its year). */
const char *vb_legal_summary(const vb_legal_t *l);
const char *vb_facet_name(unsigned facet);
/* Up to ~240 bytes of R's text around its first match, cut at character
 * (and if near, word) boundaries: [*A, *B). */
void vb_snippet_bounds(const vb_result_t *r, size_t *a, size_t *b);
/* N bytes of S as one field of a tab-separated line: tabs and line breaks
 * become spaces. */
void vb_put_field(FILE *out, const char *s, size_t n);
/* S as a field, "-" when NULL or empty. */
void vb_put_cell(FILE *out, const char *s);
/* --top-cited's cells, tab-separated, no line end: documents, clauses, number as
 * written, type, title (text and TSV print the same row). */
void vb_put_cited_cells(FILE *out, const vb_cited_t *c);

#endif
