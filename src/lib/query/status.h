/* Legal status (status.c) and the pieces of show.c it shares. */
#ifndef VB_STATUS_H
#define VB_STATUS_H

#include "read/handle.h"
#include "store/docrec.h"

/* The posting list of TERM (LEN bytes, not 0): *N docids, ascending, into
 * *DOCS and their wdfs into *WDFS (malloc'd; NULL, NULL and 0 on entry). Over
 * remote shards through the matcher, one reply per shard (Xapian 1.4 sends a
 * posting list one message per posting: vbx_db_postings); else the list
 * walked. VB_OK, VB_ERR_NOMEM or a read failure (vb_index_xerr). (show.c) */
vb_status_t vb_postings_load(vb_index_t *ix, const char *term, size_t len, unsigned **docs, unsigned **wdfs,
                             size_t *n);

/* Walk the postings of TERM (LEN bytes; 0: no term, nothing to walk), at
 * most MAX of them (0: all), giving FN each docid in turn. A status other
 * than VB_OK from FN ends the walk and is returned; a failure to read the
 * postings is mapped with vb_index_xerr(). (show.c) */
typedef vb_status_t (*vb_posting_fn)(unsigned docid, void *data);
vb_status_t vb_for_each_posting(vb_index_t *ix, const char *term, size_t len, size_t max, vb_posting_fn fn,
                                void *data);

/* Give FN every term of the index beginning with PREFIX, in order (the term
 * valid during the call only), and with WITH_DOCS the number of documents
 * holding it (0 without: reading it costs a look at the term's postings
 * locally); a status other than VB_OK from FN ends the walk and is returned;
 * a failure to read is mapped with vb_index_xerr(). (show.c) */
typedef vb_status_t (*vb_term_fn)(const char *term, size_t len, unsigned docs, void *data);
vb_status_t vb_for_each_term(vb_index_t *ix, const char *prefix, int with_docs, vb_term_fn fn, void *data);

/* The documents holding any of the N TERMS (LENS bytes each), each once, in
 * the order of their file ids (VB_SLOT_FILEID; over remote shards, docids):
 * the same in every build of the same files, where docids follow the order a
 * parallel build's workers took the files in. *OUT (*NOUT ids) is freed by the caller.
 * VB_OK, VB_ERR_NOMEM, or a Xapian failure mapped with vb_index_xerr(). (show.c) */
vb_status_t vb_docs_by_file(vb_index_t *ix, const char *const *terms, const size_t *lens, size_t n, unsigned **out,
                            size_t *nout);

/* Each document holding TERM (LEN bytes; 0: none), in file id order
 * (vb_docs_by_file), at most MAX (0: all), with its record loaded (and freed
 * once FN returns); a status other than VB_OK from FN, or a failure to load
 * one, ends the walk with its status. (show.c) */
typedef vb_status_t (*vb_posting_doc_fn)(const docrec_t *d, void *data);
vb_status_t vb_for_each_doc(vb_index_t *ix, const char *term, size_t len, size_t max, vb_posting_doc_fn fn,
                            void *data);

/* ---- legalmemo.c: the term lists the legal readings of one read share */

/* The roles that change an instrument: sua_doi, thay_the, bai_bo, het_hieu_luc. */
#define VB_NCHANGING 4
extern const vb_cite_role_t vb_changing_roles[VB_NCHANGING];
/* The lists: the names (XM terms), the changed instruments (XV<changing
 * role>:<key>) and the archived numbers (XN<key>). */
enum { MEMO_NAMED, MEMO_CHANGED, MEMO_ARCHIVED, MEMO_COUNT };
/* One more legal reading in the read under way. VB_OK or VB_ERR_NOMEM. */
vb_status_t vb_memo_reading(vb_index_t *ix);
/* IX's memo with its list WHICH read (*OUT); *OUT NULL (and VB_OK) when a list
 * that only spares posting lists is not worth reading yet. VB_OK,
 * VB_ERR_NOMEM, or a failure to read the terms. */
struct vb_legal_memo;
vb_status_t vb_memo_get(vb_index_t *ix, int which, struct vb_legal_memo **out);
/* Is TERM in the memo's list WHICH (read)? */
int vb_memo_has(const struct vb_legal_memo *m, int which, const char *term);
/* The terms of list WHICH, sorted (*N of them). */
char *const *vb_memo_list(const struct vb_legal_memo *m, int which, size_t *n);

/* PINPOINT as a clause path: the spelt-out forms of ref: ("Điều 28",
 * "khoản 2 Điều 5") read as ref: reads them, anything else as given.
 * *OUT is malloc'd. VB_OK or VB_ERR_NOMEM. (show.c) */
vb_status_t vb_pin_path(const char *pinpoint, char **out);

/* Does archived document D agree with citation C: its issuer and date where
 * the citation gives them (show.c, as vb_index_resolve() decides). */
int vb_doc_agrees(const vb_citation_t *c, const vb_docinfo_t *d);

#endif
