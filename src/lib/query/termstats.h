/* The term statistics a query's compilation reads (the archive's document
 * count, document frequencies, the index terms under a prefix), and how a
 * stub with page servers gets them in one exchange per shard instead of a
 * round trip through xapian-tcpsrv per word and shard (docs/scaling.md,
 * "Page servers").
 *
 * The compiler reads them through vb_ts_*(IX): from IX's database, unless
 * IX->tstats is set during the compilation:
 *  - a recorder (a shard answering a client's stats request): each read goes
 *    to the database and is noted, for the answer;
 *  - the shards' answers (the client): the archive's figure is the sum of the
 *    shards' (a shard's term list for a prefix is complete, so a term it does
 *    not list has no documents there); anything some shard did not answer
 *    is read from the database as usual. */
#ifndef VB_TERMSTATS_H
#define VB_TERMSTATS_H

#include "read/handle.h"
#include "query/status.h"

typedef struct vb_termstats termstats_t;

/* A recorder; NULL when out of memory. */
termstats_t *vb_termstats_recorder(void);
/* A reader of NSHARDS shards' answers (vb_termstats_add()); NULL when out of memory. */
termstats_t *vb_termstats_reader(size_t nshards);
void vb_termstats_free(termstats_t *ts);
/* The recorder's notes as a stats answer, appended to B (after the caller's
 * header): "n DOCS\n", then "a LEN\n<prefix>\n" with "l LEN\n<term>\n" for
 * each term listed under it, and "t LEN FREQ\n<term>\n". */
void vb_termstats_write(const termstats_t *ts, vb_buf_t *b);
/* Read shard SHARD's answer body S (LEN bytes, from "n": kept by TS, freed
 * with it). 0: not an answer (or out of memory). */
int vb_termstats_add(termstats_t *ts, size_t shard, char *s, size_t len);
/* 1 when every shard's answer has been added. */
int vb_termstats_complete(const termstats_t *ts);

vb_status_t vb_ts_doccount(vb_index_t *ix, unsigned *n);
vb_status_t vb_ts_termfreq(vb_index_t *ix, const char *term, size_t len, unsigned *freq);
/* FN for each index term starting with PREFIX, in byte order (as
 * vb_for_each_term() without the documents: DOCS 0); stops at the first
 * status FN returns other than VB_OK, and returns it. */
vb_status_t vb_ts_allterms(vb_index_t *ix, const char *prefix, vb_term_fn fn, void *data);

#endif
