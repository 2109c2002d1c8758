/* Small helpers over libxml2 trees shared by the DOCX, ODT and HTML readers,
 * and the bounded reading of zip parts. Not installed. */
#ifndef VB_INPUT_XMLUTIL_H
#define VB_INPUT_XMLUTIL_H

#include "input/input.h"
#ifdef VB_HAVE_XML
#include <libxml/parser.h>
#include <libxml/tree.h>

/* NODE is an element whose local name is NAME (namespace prefixes ignored). */
int vb_x_is(const xmlNode *node, const char *name);
/* The attribute with local name NAME (any namespace), malloc'd by libxml2
 * (xmlFree), or NULL. */
xmlChar *vb_x_attr(const xmlNode *node, const char *name);
/* First child element named NAME, or NULL. */
xmlNode *vb_x_child(const xmlNode *node, const char *name);
/* Parse an XML part (no network, no entity expansion). NULL: vb_set_error said why. */
xmlDoc *vb_x_parse(const char *data, size_t len, const char *what);
/* Line discipline of the converters: text goes into IN->out; a paragraph
 * ends with vb_x_endline(), which drops trailing spaces and never writes an
 * empty line twice. */
void vb_x_text(vb_in_t *in, const char *s, size_t n);   /* collapses white space */
void vb_x_endline(vb_in_t *in);
/* End a paragraph that started at byte START of IN->out (a blank line when it had no text). */
void vb_x_para_end(vb_in_t *in, size_t start);
#endif

#ifdef VB_HAVE_ZIP
#include <zip.h>
/* Open the zip in BYTES. NULL: vb_set_error said why (corrupt, too many entries). */
zip_t *vb_zip_open(const void *bytes, size_t len);
/* The part NAME expanded, NUL-terminated (*OUT malloc'd) within the bomb
 * limits, or *OUT NULL when the zip has no such part.
 * Returns VB_OK, VB_ERR_FORMAT (corrupt or over a limit), VB_ERR_NOMEM. */
vb_status_t vb_zip_part(zip_t *za, const char *name, char **out, size_t *outlen);
#endif

#endif
