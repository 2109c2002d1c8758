/* A source file's document as stored in the index: its record, split once. */
#ifndef VB_DOCREC_H
#define VB_DOCREC_H

#include "read/handle.h"

typedef struct {
    unsigned docid;
    char *data;                          /* the document data (owned) */
    size_t len;
    const char *f[VB_RD_COUNT_];         /* record fields, pointing into data */
    size_t fl[VB_RD_COUNT_];
    const char **cl;                     /* clause table: VB_RCL_COUNT_ fields per clause */
    size_t *cll;
    size_t nclauses;
    size_t *off;                         /* nclauses + 1: where clause i's text starts in VB_RD_TEXTS */
    char *strs[13];                      /* NUL-terminated copies behind info */
    vb_citation_t *cites;                /* the citations, decoded, behind info */
    size_t ncites;
    char *format;                        /* VB_SLOT_FORMAT's format name, or NULL (text) */
    vb_page_t *pages;                    /* its pages */
    size_t npages;
    vb_docinfo_t info;
} docrec_t;

/* The record of DOC (document DOCID) unpacked (vb_record_unpack): a new
 * buffer for the caller to free. VB_OK, VB_ERR_NOMEM, VB_ERR_DB_CORRUPT (the
 * message says which document), VB_ERR_XAPIAN. */
vb_status_t vb_record_get(vb_index_t *ix, vbx_doc_t *doc, unsigned docid, char **out, size_t *len);
/* Load document DOCID's record. *OUT is freed with docrec_free().
 * Returns VB_OK, VB_ERR_NOMEM, VB_ERR_DB_CORRUPT (a damaged record), VB_ERR_XAPIAN. */
vb_status_t docrec_load(vb_index_t *ix, unsigned docid, docrec_t **out);
/* The same from DOC, document DOCID, already read (its data and values). */
vb_status_t docrec_from_doc(vb_index_t *ix, vbx_doc_t *doc, unsigned docid, docrec_t **out);
/* The same with DOC's record already unpacked (REC, LEN bytes: taken, freed
 * on failure too; NULL: unpacked here). */
vb_status_t docrec_from_record(vb_index_t *ix, vbx_doc_t *doc, unsigned docid, char *rec, size_t len, docrec_t **out);
/* The same from the document's data as stored (PACKED, PLEN bytes: the
 * packed record) and its VB_SLOT_FORMAT value (FV, FVL bytes; may be empty),
 * as a shard's page server sends them (query/shardpage.c). */
vb_status_t docrec_from_packed(vb_index_t *ix, unsigned docid, const char *packed, size_t plen, const char *fv,
                               size_t fvl, docrec_t **out);
void docrec_free(docrec_t *d);

/* Clause I of D as a result (no matches); strings borrowed from D and BUF. */
typedef struct {
    char *path, *label, *assignee, *context;
    vb_assignee_t *assignees;   /* behind r->assignee_list */
    size_t assignee_count;
    char *amends, *amends_doc;
} clause_strs_t;
void docrec_clause(const docrec_t *d, size_t i, vb_result_t *r, clause_strs_t *cs);
/* The 1-based source line of byte OFF of clause I's text (its first line
 * when the record has no line table). */
unsigned docrec_line_at(const docrec_t *d, size_t i, size_t off);
/* The 1-based page of source LINE, 0 when the source has no pages. */
unsigned docrec_page_of(const docrec_t *d, unsigned line);
/* 1 when clause I of D has the path PATH. */
int docrec_clause_is(const docrec_t *d, size_t i, const char *path);
void clause_strs_free(clause_strs_t *cs);

/* A small cache of loaded records, for results that come back to the same documents. */
#define DOCREC_CACHE 16
typedef struct {
    docrec_t *recs[DOCREC_CACHE];
    size_t next;
    docrec_t **kept;   /* records handed over with doccache_keep(), looked up too */
    size_t nkept, capkept;
} doccache_t;
vb_status_t doccache_get(vb_index_t *ix, doccache_t *c, unsigned docid, const docrec_t **out);
void doccache_free(doccache_t *c);
/* Keep D (owned by C from now on, freed even on failure): a search over
 * remote shards holds the records it read already for the page it gives
 * (each record read again would be a round trip with the whole file).
 * VB_OK or VB_ERR_NOMEM. */
vb_status_t doccache_keep(doccache_t *c, docrec_t *d);
/* Free the kept records whose docid WANTED says no to. */
void doccache_prune(doccache_t *c, int (*wanted)(unsigned docid, void *data), void *data);

#endif
