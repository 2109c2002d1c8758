/* Legal status (status.c) and the pieces of show.c it shares. */
#ifndef VB_STATUS_H
#define VB_STATUS_H

#include "read/handle.h"

/* PINPOINT as a clause path: the spelt-out forms of ref: ("Điều 28",
 * "khoản 2 Điều 5") read as ref: reads them, anything else as given.
 * *OUT is malloc'd. VB_OK or VB_ERR_NOMEM. (show.c) */
vb_status_t vb_pin_path(const char *pinpoint, char **out);

/* Does archived document D agree with citation C: its issuer and date where
 * the citation gives them (show.c, as vb_index_resolve() decides). */
int vb_doc_agrees(const vb_citation_t *c, const vb_docinfo_t *d);

#endif
