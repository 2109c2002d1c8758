/* Legal status (status.c) and the pieces of show.c it shares. */
#ifndef VB_STATUS_H
#define VB_STATUS_H

#include "read/handle.h"
#include "store/docrec.h"

/* Walk the postings of TERM (LEN bytes; 0: no term, nothing to walk), at
 * most MAX of them (0: all), giving FN each docid in turn. A status other
 * than VB_OK from FN ends the walk and is returned; a failure to read the
 * postings is mapped with vb_index_xerr(). (show.c) */
typedef vb_status_t (*vb_posting_fn)(unsigned docid, void *data);
vb_status_t vb_for_each_posting(vb_index_t *ix, const char *term, size_t len, size_t max, vb_posting_fn fn,
                                void *data);

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

/* PINPOINT as a clause path: the spelt-out forms of ref: ("Điều 28",
 * "khoản 2 Điều 5") read as ref: reads them, anything else as given.
 * *OUT is malloc'd. VB_OK or VB_ERR_NOMEM. (show.c) */
vb_status_t vb_pin_path(const char *pinpoint, char **out);

/* Does archived document D agree with citation C: its issuer and date where
 * the citation gives them (show.c, as vb_index_resolve() decides). */
int vb_doc_agrees(const vb_citation_t *c, const vb_docinfo_t *d);

#endif
