/* Shard pages (issue 19): over a stub whose remote shards each have a page
 * server (vanban-serve beside the shard, "remote HOST:PORT pages HOST:PORT"),
 * each shard finds its own best clauses for the page where its data is, in
 * the archive's terms (the client's document frequencies and document
 * count), and the client reads only the files those pages name.
 *
 * Why the page is the same as one index's: a clause's score depends on its
 * file and on the idf of the query's slots, which the request fixes for
 * every shard; so the archive's best K clauses are among the union of each
 * shard's best K, ties going by file id on both sides. */
#ifndef VB_SHARDPAGE_H
#define VB_SHARDPAGE_H

#include "query/query_internal.h"
#include "store/docrec.h"

/* A shard's page request: what the client's compiler read (shardpage.c). */
typedef struct {
    size_t k;            /* clauses asked: the client's offset + limit */
    unsigned flags;      /* VB_SEARCH_* */
    unsigned ndocs;      /* the archive's documents */
    int records;         /* answer the page's documents' records too (vb_shardanswer_records) */
    unsigned *dfs;       /* compiler_t.gdf: the slots' document frequencies, in order */
    size_t ndfs;
    char *query;
} shardreq_t;

/* A page of at most this many clauses (offset + limit) is asked with
 * RECORDS: each page server sends the records of its clauses' documents
 * with its clauses, sparing the client a second exchange for those on the
 * page; for a deeper page (most of those records unused) they are asked
 * afterwards, of the page's documents only. */
#define VB_SHARD_RECORDS_K 64

/* The request as text (malloc'd; NULL when out of memory). */
char *vb_shardreq_format(const char *query, unsigned flags, size_t k, unsigned ndocs, int records,
                         const unsigned *dfs, size_t ndfs);
/* Parse a request; VB_OK, VB_ERR_INVALID_ARG (vb_last_error() says why),
 * VB_ERR_NOMEM. *OUT is freed with vb_shardreq_free(). */
vb_status_t vb_shardreq_parse(const char *s, size_t len, shardreq_t *out);
void vb_shardreq_free(shardreq_t *r);

/* One clause of a shard's page, as the shard scored it. */
typedef struct {
    char fileid[17];
    unsigned docid;      /* in the client's database (the stub's shards interleaved) */
    uint32_t clause, mentions, ntok;
    double score;
    int unmarked;        /* the file was typed without diacritics */
} shardhit_t;

/* A document's record as a shard sent it (pointing into the answer). */
typedef struct {
    unsigned docid;      /* in the client's database */
    const char *packed, *fv;   /* its packed record, its VB_SLOT_FORMAT value */
    size_t plen, fvl;
} shardrec_t;

/* What the shards answered: the clauses of their pages, and their totals
 * added up; the records sent with them, and the answers they point into. */
typedef struct {
    shardhit_t *hits;
    size_t n, cap;
    size_t documents, clauses, mentions;
    int estimated;
    shardrec_t *recs;
    size_t nrecs, caprecs;
    char **bodies;
    size_t nbodies;
} shardpages_t;

/* Ask every shard of IX (a stub) for its page of REQ: the remote ones
 * through their page servers, at the same time; the local ones here.
 * VB_OK: *OUT filled (freed with vb_shardpages_free()); VB_ERR_NOT_FOUND: a
 * remote shard has no page server; any other status: a shard failed (the
 * caller then searches the way it does without page servers). */
vb_status_t vb_shardpages_ask(vb_index_t *ix, const char *req, shardpages_t *out);
void vb_shardpages_free(shardpages_t *p);
/* Put the records of the documents DOCIDS (N of them, the client's docids)
 * that are on remote shards into CACHE: those PAGES holds from there, the
 * others asked of their page servers in one exchange each, at the same
 * time. A server that fails leaves its documents to be read through
 * xapian-tcpsrv as usual. */
void vb_shardpages_records(vb_index_t *ix, const shardpages_t *pages, const unsigned *docids, size_t n,
                           doccache_t *cache);

/* The term statistics the compilation of QUERY (FLAGS) reads, from every
 * shard of IX: the remote ones through their page servers, at the same time
 * ("vanban-stats 1\nf FLAGS\nq QUERY", answered "vanban-stats 1\nu UUID\n"
 * and vb_termstats_write()'s lines), the local ones here. VB_OK: *OUT is a
 * reader of them all (vb_termstats_free()); else none (the compiler reads
 * the stub as usual). */
vb_status_t vb_shardstats_ask(vb_index_t *ix, const char *query, unsigned flags, struct vb_termstats **out);
/* search.c: a shard's answer to a stats request (appended to ANSWER). */
vb_status_t vb_search_shard_stats(vb_index_t *ix, const char *query, unsigned flags, vb_buf_t *answer);

/* The answer (search.c writes it): IX's Xapian UUID and the shard's
 * totals, then each clause of its page. */
vb_status_t vb_shardanswer_totals(vb_buf_t *b, vb_index_t *ix, const vb_search_stats_t *st);
void vb_shardanswer_hit(vb_buf_t *b, const shardhit_t *h);
/* After the clauses: the records of the documents DOCIDS (N, IX's own
 * docids, each once). VB_OK, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vb_shardanswer_records(vb_buf_t *b, vb_index_t *ix, const unsigned *docids, size_t n);

/* search.c: the page of REQ on IX (one shard), as an answer for the client
 * (appended to ANSWER). VB_OK, VB_ERR_INVALID_ARG (the request does not
 * fit the query), and what vb_search() returns. */
vb_status_t vb_search_shard_page(vb_index_t *ix, const shardreq_t *req, vb_buf_t *answer);

#endif
