/* The index schema: every term prefix and value slot vanban uses, in one place.
 *
 * One Xapian document per clause ("Kc"), plus one per source file ("Kd") that
 * holds the document-level fields, the citations and the incremental stamp.
 *
 * Text terms carry no prefix and one positional form: the folded syllable,
 * followed by ':' and the exact form when the two differ ("tin", "tin:tín",
 * "duong:đường"). A folded query expands "tin" to every "tin:*" in the index;
 * an exact query asks for "tin:tín" alone. So both forms cost one posting.
 */
#ifndef VB_SCHEMA_H
#define VB_SCHEMA_H

#define VB_EXACT_SEP ':'

/* boolean and field terms */
#define VB_P_KIND      "K"   /* "Kc" clause, "Kd" document record */
#define VB_KIND_CLAUSE "Kc"
#define VB_KIND_DOC    "Kd"
#define VB_P_UID       "Q"   /* Q<fileid> (document), Q<fileid>#<path> (clause) */
#define VB_P_FILE      "F"   /* F<fileid>: every record of one source file */
#define VB_P_SYMBOL    "S"   /* S<number key>: a symbol mentioned in the text */
#define VB_P_DATE      "D"   /* D<ISO date>: a date mentioned in the text */
#define VB_P_NUMBER    "XN"  /* XN<number key>: the document's own number (so:) */
#define VB_P_TYPE      "XT"  /* XT<folded type>: "XTcong van" (loai:) */
/* field text: XI<syllable> and XI<syllable> <next syllable> (pairs), boolean.
 * Document-level field text lives on the document record ("Kd") only. */
#define VB_P_ISSUER    "XI"  /* issuing bodies, every level (coquan:), record */
#define VB_P_TO        "XG"  /* clause: its assignee; record: the recipients (giao:) */
#define VB_P_SIGNER    "XS"  /* signer title and name (nguoiky:), record */
#define VB_P_YEAR      "XY"  /* XY<year> (nam:) */
#define VB_P_REF       "XR"  /* XR<key>, XR<key>#<pinpoint and each ancestor> (ref:) */

/* value slots */
#define VB_SLOT_DATE   0u    /* ISO date of the document, sortable */
#define VB_SLOT_TYPE   1u    /* canonical type ("Công văn") — facet */
#define VB_SLOT_ISSUER 2u    /* top issuing body — facet */
#define VB_SLOT_YEAR   3u    /* "2020" — facet */
#define VB_SLOT_REFS   4u    /* cited numbers of the clause, '\n'-separated — facet */
#define VB_SLOT_ORDER  5u    /* "<fileid>:<8-digit ordinal>": text order of clauses */
#define VB_SLOT_STAMP  6u    /* document record: "<size>:<mtime ns>:<content hash>" */
#define VB_SLOT_NUMBER 7u    /* document number as written */
#define VB_SLOT_FILEID 8u    /* document record: its file id (for joins) */

/* metadata */
#define VB_META_SCHEMA "vanban.schema"
#define VB_SCHEMA_VERSION "2"

/* record layouts (see record.c): fields in this order */
enum { VB_RC_FILEID, VB_RC_PATH, VB_RC_LABEL, VB_RC_LINE, VB_RC_ASSIGNEE, VB_RC_TEXT, VB_RC_CONTEXT,
       VB_RC_COUNT_ };
enum { VB_RD_FILEID, VB_RD_FILE, VB_RD_NUMBER, VB_RD_TYPE, VB_RD_ISSUER, VB_RD_PLACE, VB_RD_DATE,
       VB_RD_SUBJECT, VB_RD_RECIPIENTS, VB_RD_CC, VB_RD_SIGNER_TITLE, VB_RD_SIGNER_NAME,
       VB_RD_ENCODING, VB_RD_CLAUSES, VB_RD_CITATIONS, VB_RD_WARNINGS, VB_RD_INVALID, VB_RD_REALPATH,
       VB_RD_COUNT_ };
/* a citation inside VB_RD_CITATIONS: fields separated by 0x1F, citations by 0x1E */
enum { VB_RCIT_TYPE, VB_RCIT_NUMBER, VB_RCIT_DATE, VB_RCIT_ISSUER, VB_RCIT_PINPOINT, VB_RCIT_CLAUSE,
       VB_RCIT_LINE, VB_RCIT_TEXT, VB_RCIT_COUNT_ };

/* ---- record codec: a sequence of "<decimal length>:<bytes>" fields ---- */
#include "internal.h"
void vb_rec_put(vb_buf_t *b, const char *s, size_t n);
void vb_rec_puts(vb_buf_t *b, const char *s); /* NULL -> empty */
/* Field I of record DATA (LEN bytes); 0 when absent. */
int vb_rec_get(const char *data, size_t len, unsigned i, const char **s, size_t *n);

/* 64-bit FNV-1a, for file ids and content hashes */
uint64_t vb_hash64(const void *p, size_t n, uint64_t h);
#define VB_HASH_INIT 0xcbf29ce484222325ULL

#endif
