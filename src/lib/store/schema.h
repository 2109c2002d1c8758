/* The index schema: every term prefix and value slot vanban uses, in one place.
 *
 * One Xapian document per source file. Its clauses follow each other in the
 * position space: clause i owns positions [base_i + 1, base_i + n_i] (n_i >= 1)
 * and the next clause starts VB_CLAUSE_GAP positions later, so no phrase runs
 * from one clause into the next. Xapian finds the candidate files; query/
 * then resolves every match to its clauses through the positions.
 * (docs/design.md has the measurements behind this choice.)
 *
 * Text terms carry no prefix and one positional form: the folded syllable,
 * followed by ':' and the exact form when the two differ ("tin", "tin:tín",
 * "duong:đường"). A folded query expands "tin" to every "tin:*" in the index;
 * an exact query asks for "tin:tín" alone. So both forms cost one posting.
 */
#ifndef VB_SCHEMA_H
#define VB_SCHEMA_H

#include "internal.h"

#define VB_EXACT_SEP ':'
#define VB_CLAUSE_GAP 4u

/* The clause score (query/eval.c): a BM25-like saturation of a count TF in a
 * clause of LEN positions, times the query's IDF. The wdf of a body term
 * (syllables, S and D terms) in a file is not its count: it is
 * ceil(VB_WDF_SCALE * the largest vb_clause_sat(count in the clause, clause
 * length) over the file's clauses), an upper bound of what the term can add
 * to the score of any one clause of the file. Xapian's matcher ranks files by
 * these bounds and query/search.c stops once no file left can beat the page
 * (docs/design.md, "Bounded top-k"). */
#define VB_WDF_SCALE 1000.0
static inline double vb_clause_sat(uint32_t tf, uint32_t len)
{
    const double k1 = 1.2, b = 0.75, avg = 60.0;
    return (double)tf * (k1 + 1.0) / ((double)tf + k1 * (1.0 - b + b * (double)len / avg));
}

/* The saturation in whole thousandths, rounded up (at least 1): the clause
 * score is idf / VB_WDF_SCALE times it, so that a file's bound and its best
 * clause's score are the same number, and ties stay ties. */
static inline uint32_t vb_clause_sat_q(uint32_t tf, uint32_t len)
{
    double v = vb_clause_sat(tf, len) * VB_WDF_SCALE;
    uint32_t w = (uint32_t)v;
    return (double)w < v ? w + 1 : w ? w : 1;
}

/* terms */
#define VB_P_UID       "Q"   /* Q<fileid>: the document of one source file */
#define VB_P_CLAUSES   "Kc"  /* wdf = number of clauses: collection freq = clauses in the index */
#define VB_P_SYMBOL    "S"   /* S<number key>, positional: a symbol mentioned in the text */
#define VB_P_DATE      "D"   /* D<ISO date>, positional: a date mentioned in the text */
#define VB_P_NUMBER    "XN"  /* XN<number key>: the document's own number (so:) */
#define VB_P_TYPE      "XT"  /* XT<folded type>: "XTcong van" (loai:) */
#define VB_P_YEAR      "XY"  /* XY<year> (nam:) */
/* field text: P<syllable> and P<syllable> <next syllable> (pairs) */
#define VB_P_ISSUER    "XI"  /* issuing bodies, every level (coquan:), boolean */
#define VB_P_RECIPIENT "XH"  /* recipients of the document (gui:), boolean */
#define VB_P_SIGNER    "XS"  /* signer title and name (nguoiky:), boolean */
#define VB_P_ASSIGNEE  "XG"  /* a body a clause gives work to, other than as its lead, at the
                                clause's first position (giao: asks XG and XL) */
#define VB_P_LEAD      "XL"  /* a body that leads it, role chu_tri (chutri:, giao:), the same way */
#define VB_P_SPELLINGS "XB"  /* XB<folded syllable>, no positions: wdf = the clause-score bound
                                (VB_WDF_SCALE) of every spelling of the syllable counted together
                                ("luong": lương, lượng, luồng…); only in a file holding two
                                spellings or more, where the sum of their own bounds is looser:
                                the bound of a query typed without diacritics (query/eval.c) */
#define VB_P_UNMARKED  "XU"  /* boolean, on files typed without diacritics (VB_SLOT_UNMARKED) */
#define VB_P_REF       "XR"  /* XR<key>, XR<key>#<pinpoint and each ancestor> (ref:),
                                at the first position of the citing clause, once per clause.
                                <key> is a number key ("145/2020/nd-cp", no space) or, for
                                a citation by name, the name key ("luat dat dai", spaces)
                                and the name key with the year ("luat dat dai@2024") */
#define VB_P_ROLE      "XV"  /* XV<role> and XV<role>:<key> (vaitro:, and ref: with vaitro:), at the
                                first position of a clause holding a citation with that role
                                (vb_cite_role_name; <key> as for XR, without pinpoint) */
#define VB_P_NAMED     "XM"  /* XM<name key>|<year>|<number key>, boolean: this document
                                states that the instrument of that name (and year) has that
                                number (a citation giving both, or a Luật's own header) */

/* value slots */
#define VB_SLOT_DATE     0u  /* ISO date of the document, sortable */
#define VB_SLOT_TYPE     1u  /* canonical type ("Công văn") — facet */
#define VB_SLOT_ISSUER   2u  /* top issuing body — facet */
#define VB_SLOT_YEAR     3u  /* "2020" — facet */
#define VB_SLOT_CLAUSES  4u  /* clause table: n+1 little-endian uint32 bases (see above) */
#define VB_SLOT_FILEID   5u  /* 16 hex digits: ties in the ranking, deterministic across shards */
#define VB_SLOT_STAMP    6u  /* "<size>:<mtime ns>:<content hash>" */
#define VB_SLOT_NUMBER   7u  /* document number as written */
#define VB_SLOT_REALPATH 8u  /* canonical path of the source file (--prune) */
#define VB_SLOT_FORMAT  10u  /* a source that was not plain text: "pdf" (vb_format_name), then
                                per page "\n<line> <ocr 0|1> <confidence or -1>" */
#define VB_SLOT_UNMARKED 9u  /* "1": the text was typed without diacritics (vb_doc_t.without_diacritics):
                                a query's diacritics do not bind in it */

#define VB_SLOT_EFFECTIVE 11u /* ISO entry into force (vb_doc_t.effective), sortable (hieuluc:) */

/* metadata */
#define VB_META_SCHEMA "vanban.schema"
#define VB_SCHEMA_VERSION "11"  /* 4: clause line table (VB_RCL_LINES), VB_SLOT_UNMARKED;
                                   5: citation names (VB_RCIT_NAME, XR<name key>, XM);
                                   6: assignee list (VB_RCL_ASSIGNEES), VB_P_LEAD;
                                   7: VB_RCL_AMENDS, VB_RCL_AMENDS_DOC;
                                   8: citation roles (VB_RCIT_ROLE, AFFECTS, FROM, XV terms),
                                      VB_RD_EFFECTIVE, VB_SLOT_EFFECTIVE;
                                   9: body terms' wdf is a clause-score bound (VB_WDF_SCALE);
                                   10: VB_RCL_LINES as distances and skips, no clause offset
                                       (the records 21 % smaller); VB_P_SPELLINGS; a lead under
                                       XL only, no longer under XG too;
                                   11: the record packed by vanban (vb_record_pack), a
                                       context the same as the clause before's as
                                       VB_RCL_SAME_CONTEXT */

/* The document data: a record of fields in this order (record.c writes it). The
 * clause table has VB_RCL_COUNT_ fields per clause; the texts are the clause
 * texts one after the other (VB_RCL_OFFSET/LENGTH point into them). */
enum { VB_RD_FILEID, VB_RD_FILE, VB_RD_NUMBER, VB_RD_TYPE, VB_RD_ISSUER, VB_RD_PLACE, VB_RD_DATE,
       VB_RD_SUBJECT, VB_RD_RECIPIENTS, VB_RD_CC, VB_RD_SIGNER_TITLE, VB_RD_SIGNER_NAME,
       VB_RD_ENCODING, VB_RD_CITATIONS, VB_RD_WARNINGS, VB_RD_INVALID, VB_RD_CLAUSE_TABLE,
       VB_RD_TEXTS, VB_RD_EFFECTIVE, VB_RD_COUNT_ };
/* VB_RCL_LINES: where the clause's source lines start in its text
 * (vb_clause_t.line_starts/line_numbers), after its first line (offset 0, line
 * VB_RCL_LINE): entries separated by ';', each the distance in bytes from the
 * previous line start, then ",<k>" when k lines were skipped since the previous
 * one (blank lines, a page's running head): with VB_RCL_LINE 12, "47;103,1"
 * says offset 47 is line 13 and offset 150 line 15.
 * The clause texts follow each other in VB_RD_TEXTS in clause order: a clause's
 * text starts where the one before it ends (the sum of the VB_RCL_LENGTHs before). */
/* VB_RCL_CONTEXT: VB_RCL_SAME_CONTEXT when it is the previous clause's (97 %
 * of the clauses of the real corpus: a tenth of the record before this) */
#define VB_RCL_SAME_CONTEXT "\x1d"
/* VB_RCL_ASSIGNEES: every body the clause gives work to, each "<role><body>" with
 * role 'c' (chu_tri) or 'p' (phoi_hop), separated by 0x1E (vb_clause_t.assignees) */
/* VB_RCL_AMENDS, VB_RCL_AMENDS_DOC: vb_clause_t.amends / amends_doc ("" when unset) */
enum { VB_RCL_PATH, VB_RCL_LABEL, VB_RCL_LINE, VB_RCL_ASSIGNEE, VB_RCL_CONTEXT, VB_RCL_LENGTH, VB_RCL_LINES, VB_RCL_ASSIGNEES, VB_RCL_AMENDS, VB_RCL_AMENDS_DOC, VB_RCL_COUNT_ };
/* Decode a VB_RCL_ASSIGNEES field into *OUT (N entries, bodies and array owned
 * by the caller; vb_record_assignees_free). Returns VB_OK or VB_ERR_NOMEM. */
vb_status_t vb_record_assignees(const char *s, size_t n, vb_assignee_t **out, size_t *count);
void vb_record_assignees_free(vb_assignee_t *a, size_t n);
/* a citation inside VB_RD_CITATIONS: fields separated by 0x1F, citations by 0x1E */
enum { VB_RCIT_TYPE, VB_RCIT_NUMBER, VB_RCIT_DATE, VB_RCIT_ISSUER, VB_RCIT_PINPOINT, VB_RCIT_CLAUSE,
       VB_RCIT_LINE, VB_RCIT_TEXT, VB_RCIT_NAME, VB_RCIT_ROLE, VB_RCIT_AFFECTS, VB_RCIT_FROM,
       VB_RCIT_COUNT_ };
/* VB_RCIT_ROLE: vb_cite_role_name() of the role ("" read as dan_chieu) */

/* ---- record codec: a sequence of "<decimal length>:<bytes>" fields ---- */
void vb_rec_put(vb_buf_t *b, const char *s, size_t n);
void vb_rec_puts(vb_buf_t *b, const char *s); /* NULL -> empty */
/* Field I of record DATA (LEN bytes); 0 when absent. */
int vb_rec_get(const char *data, size_t len, unsigned i, const char **s, size_t *n);
/* Split a record into at most MAX fields; returns how many (one pass). */
size_t vb_rec_split(const char *data, size_t len, const char **s, size_t *n, size_t max);
/* The whole number at the start of a record field (S, N bytes): its digits, 0 when none. */
size_t vb_rec_num(const char *s, size_t n);

/* The record as Xapian stores it (the document data): its length in 4 bytes,
 * little-endian, then the record as raw deflate (RECORD_ZLEVEL). Pack: into
 * OUT (emptied first); VB_OK or VB_ERR_NOMEM. Unpack: a new NUL-terminated
 * buffer for the caller to free; VB_OK, VB_ERR_NOMEM, or VB_ERR_DB_CORRUPT
 * when the bytes do not inflate to exactly the length they give. */
vb_status_t vb_record_pack(const char *rec, size_t n, vb_buf_t *out);
vb_status_t vb_record_unpack(const char *data, size_t n, char **out, size_t *outlen);

/* The document record of DOC (VB_RD_* fields in order) appended to B
 * (B->oom set when memory ran out): the one encoder; docrec.c decodes. */
void vb_record_encode(vb_buf_t *b, const vb_doc_t *doc, const char *fileid, const char *display, const char *encoding,
                      size_t invalid);
/* Decode the VB_RD_CITATIONS field (LEN bytes at S) into *OUT (NOUT entries,
 * absent fields NULL), freed with vb_record_citations_free(). VB_OK or
 * VB_ERR_NOMEM. */
vb_status_t vb_record_citations(const char *s, size_t len, vb_citation_t **out, size_t *nout);
void vb_record_citations_free(vb_citation_t *cs, size_t n);

/* ---- terms (terms.c): built in one place for the writer and the searches */
/* Xapian takes terms of at most 245 bytes: longer ones are not indexed */
#define VB_TERM_LIMIT 240
/* PREFIX + folded syllables/keys of S. Writes into BUF (CAP >= 256); returns the length. */
size_t vb_field_term(char *buf, size_t cap, const char *prefix, const char *s, size_t n);
/* The positional term of a body token: S<key> for a symbol, D<ISO date> for a
 * date, else the folded syllable, followed by ':' and the exact form when the
 * two differ and the whole fits in VB_TERM_LIMIT. BUF holds at least
 * 2 * VB_TERM_MAX + 8 bytes; returns the length (0: nothing to index). */
size_t vb_token_term(const vb_token_t *t, char *buf);
/* The VB_P_SPELLINGS term of body term T (N bytes): XB and the part before ':'
 * ("luong:lương" -> "XBluong"); 0 for a prefixed (S, D) term or one that does
 * not fit in CAP. The writer and the searches both build it here. */
size_t vb_spellings_term(char *buf, size_t cap, const char *t, size_t n);
/* Q<fileid>: the unique-id term of one source file's document; 0 when it does not fit. */
size_t vb_uid_term(char *buf, size_t cap, const char *fileid, size_t n);
/* PREFIX<number key>, and with a pinpoint PREFIX<number key>#<folded pinpoint>
 * (the first PINLEN bytes of PIN); 0 when it does not fit in CAP. */
size_t vb_number_term(char *buf, size_t cap, const char *prefix, const char *number, const char *pin, size_t pinlen);
/* PREFIX<key>[#<folded pinpoint>] for a key already made (number or name key). */
size_t vb_key_term(char *buf, size_t cap, const char *prefix, const char *key, size_t keylen, const char *pin,
                   size_t pinlen);

/* The key of an instrument's name: folded, lower case, one space between
 * words, no punctuation at either end ("Luật Bảo hiểm  xã hội," -> "luat bao
 * hiem xa hoi"). Writes at most CAP bytes with the NUL; returns the length. */
size_t vb_name_key(const char *s, size_t n, char *buf, size_t cap);
/* The year of an ISO date or a year ("2024-01-18", "2024"), as 4 digits into
 * YEAR[5]; 0 when there is none. */
int vb_year_of(const char *date, char year[5]);


#endif
