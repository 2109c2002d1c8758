/* Answering one search or one citation command through a printer: shared by
 * vanban-query (one-shot and --serve) and vanban-serve (HTTP), so that every
 * JSON answer is the same object byte for byte whichever tool gives it. */
#ifndef VB_CLI_ANSWER_H
#define VB_CLI_ANSWER_H

#include "vanban.h"
#include "printer.h"

/* The printer of the chosen format and how much of this answer it printed. */
typedef struct {
    vb_printer_t *p;
    size_t printed;      /* results, clauses or cited numbers */
    const char *prog;    /* names the messages on stderr */
    int failed;          /* set when the answer was an error (its exit status: 1 or 2) */
} vb_out_t;

/* What answering a query needs besides the query: the options of the command line. */
typedef struct {
    const char *db;
    vb_open_opts_t oo;
    vb_search_opts_t so;
    int count_only, all;
    int serve;           /* --serve, vanban-serve: errors go into the answer, not to stderr */
    const char *cites;   /* --cites: what is cited (for "nothing cites …") */
} vb_run_t;

/* A failed answer: STATUS (the exit status: 1 nothing found, 2 error), a
 * short REASON and the MESSAGE, on stderr (unless SERVING: the answer holds
 * it) and, in the formats that carry errors (JSON), as the answer's "error". */
void vb_report(vb_out_t *o, int serving, int status, const char *reason, const char *message, size_t column);

/* Answer QUERY (the printer has begun it). *IXP may be opened again without
 * the shards that stopped answering (--partial). Returns the exit status (0
 * something matched, 1 nothing, 2 error) and the search's status in *STP;
 * every error is reported here. */
int vb_run_search(vb_index_t **ixp, const vb_run_t *run, vb_out_t *o, const char *query, vb_status_t *stp);

/* --status NUMBER [PIN]: what the archive says of that instrument (one
 * answer through the printer's legal callback). Returns the exit status (0
 * the instrument is known to the archive, 1 unknown: the answer still says
 * so, 2 error, reported) and the status of the index in *STP. */
int vb_run_status(vb_index_t *ix, vb_out_t *o, int serving, const char *number, const char *pin, vb_status_t *stp);

/* The legal status of cited instruments, computed once per number for one
 * answer (vb_index_legal_status() of each number asked). */
typedef struct vb_legal_cache vb_legal_cache_t;
vb_legal_cache_t *vb_legal_cache_new(vb_index_t *ix);
/* What the archive says of the instrument C cites, or NULL (unknown, or
 * several documents agree with C). Valid until the cache is freed. */
const vb_instrument_t *vb_legal_cache_of(vb_legal_cache_t *lc, const vb_citation_t *c);
/* 1: C cites a law by a name (and year) that names several instruments of the archive. */
int vb_legal_cache_several(vb_legal_cache_t *lc, const vb_citation_t *c);
void vb_legal_cache_free(vb_legal_cache_t *lc);

/* --refs NUMBER, --show NUMBER [PIN] or --top-cited TOP (the one of REFS,
 * SHOW that is not NULL, else TOP). Returns the exit status (0 something
 * found, 1 nothing, 2 error, reported; on stderr unless SERVING) and the
 * status of the index in *STP. */
int vb_run_command(vb_index_t *ix, vb_out_t *o, int serving, const char *refs, const char *show, const char *pin,
                   long top, vb_status_t *stp);

#endif
