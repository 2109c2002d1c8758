/*
 * vanban.h — public API of libvanban, a full-text archive of Vietnamese
 * administrative documents on Xapian.
 *
 * Conventions (after notmuch):
 *  - every function that can fail returns a vb_status_t; results come back
 *    through out-parameters, which are left untouched on failure;
 *  - every object has exactly one owner; a function that hands out memory
 *    says which vb_*_free() releases it;
 *  - all text going in and out is UTF-8; byte offsets are offsets into the
 *    normalized UTF-8 text (see vb_text_decode()).
 */
#ifndef VANBAN_H
#define VANBAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VB_VERSION "0.1.0"
/* Version of every JSON document the tools print (--dump, --format json). */
#define VB_FORMAT_VERSION 1

/* ------------------------------------------------------------------ status */

typedef enum {
    VB_OK = 0,
    VB_ERR_NOMEM,          /* out of memory */
    VB_ERR_INVALID_ARG,    /* a NULL or out-of-range argument */
    VB_ERR_IO,             /* a file could not be read or written (errno kept) */
    VB_ERR_ENCODING,       /* unknown encoding name */
    VB_ERR_TOO_LARGE,      /* input larger than the library accepts */
    VB_ERR_XAPIAN,         /* Xapian raised an error; see the message */
    VB_ERR_DB_NOT_FOUND,   /* no index at that path */
    VB_ERR_DB_LOCKED,      /* another process holds the write lock */
    VB_ERR_DB_CORRUPT,     /* the index is damaged */
    VB_ERR_DB_READONLY,    /* the database cannot be written (stub, remote) */
    VB_ERR_QUERY_SYNTAX,   /* the query could not be parsed */
    VB_ERR_NOT_FOUND,      /* the thing asked for does not exist */
    VB_ERR_TIMEOUT,        /* a remote shard did not answer in time */
    VB_ERR_CANCELLED,      /* a callback asked to stop */
    VB_ERR_FORMAT,         /* the file's format cannot be read: corrupt, encrypted, over a
                              limit (zip bomb), or its extractor failed; see the message */
    VB_ERR_UNSUPPORTED,    /* a format this build cannot read (its library was missing) */
    VB_STATUS_LAST_
} vb_status_t;

/* A static English description of STATUS ("out of memory", …). Never NULL. */
const char *vb_status_to_string(vb_status_t status);

/* ------------------------------------------------------------------ text */

/* Encodings the decoder reads. */
typedef enum {
    VB_ENC_AUTO = 0,   /* detect (BOM, then UTF-8 validity, then legacy scoring) */
    VB_ENC_UTF8,
    VB_ENC_UTF16LE,
    VB_ENC_UTF16BE,
    VB_ENC_CP1258,     /* Windows-1258 */
    VB_ENC_TCVN3,      /* TCVN 5712:1993 VN3, glibc iconv "TCVN5712-1" */
    VB_ENC_VISCII,
    VB_ENC_VNI,        /* VNI-Windows (own table: iconv has none) */
    VB_ENC_COUNT_
} vb_encoding_t;

/* Canonical lower-case name ("utf-8", "cp1258", "tcvn3", "viscii", "vni",
 * "utf-16le", "utf-16be", "auto"). Never NULL. */
const char *vb_encoding_name(vb_encoding_t enc);

/* Parse an encoding name, case-blind, with common aliases ("windows-1258",
 * "tcvn5712-1", "utf8", …).
 * Returns VB_OK, VB_ERR_ENCODING for an unknown name, VB_ERR_INVALID_ARG. */
vb_status_t vb_encoding_from_name(const char *name, vb_encoding_t *out);

/* Formats a file is read from, told by its content (magic bytes), not its name. */
typedef enum {
    VB_FMT_TEXT = 0,   /* plain text in any encoding above (also Markdown) */
    VB_FMT_DOCX,       /* Word 2007+ (libzip + libxml2) */
    VB_FMT_ODT,        /* OpenDocument text (libzip + libxml2) */
    VB_FMT_DOC,        /* Word 97-2003 (the antiword extractor, a child process) */
    VB_FMT_PDF,        /* PDF: text layer (poppler-glib), OCR of pages without one (Tesseract) */
    VB_FMT_HTML,       /* HTML: the main content (libxml2) */
    VB_FMT_IMAGE,      /* PNG, JPEG, TIFF: OCR (Tesseract) */
    VB_FMT_COUNT_
} vb_format_t;

/* Lower-case name of a format ("text", "docx", "odt", "doc", "pdf", "html", "image"). Never NULL. */
const char *vb_format_name(vb_format_t format);

/* Which formats this build of the library reads: bit (1u << format) for each. */
unsigned vb_formats_built(void);

/* A page of a paginated source (PDF, image). */
typedef struct {
    unsigned line;     /* 1-based line of the normalized text where the page starts */
    int ocr;           /* 1: the page was read by OCR */
    int confidence;    /* OCR: the engine's mean word confidence, 0-100; -1 otherwise */
} vb_page_t;

/* Decoded and display-normalized text. */
typedef struct {
    char *text;              /* NUL-terminated normalized UTF-8 (may hold no NUL inside) */
    size_t len;              /* bytes in text, without the terminator */
    vb_encoding_t encoding;  /* encoding actually used (never VB_ENC_AUTO) */
    int had_bom;             /* 1 when a byte-order mark was stripped */
    size_t invalid;          /* bytes or units replaced by U+FFFD */
    size_t first_invalid;    /* input byte offset of the first one (when invalid > 0) */
    size_t controls;         /* control characters turned into space or newline */
    vb_format_t format;      /* what the bytes were (VB_FMT_TEXT for vb_text_decode) */
    vb_page_t *pages;        /* page_count pages (PDF, images), else NULL */
    size_t page_count;
} vb_text_t;

/* Decode BYTES (LEN bytes, may contain NULs) from ENC, or detect the
 * encoding when ENC is VB_ENC_AUTO, then normalize for display:
 * CRLF/CR -> LF, form feed -> LF, other C0 controls except tab and LF ->
 * space, NFC, U+00D0 'Ð' -> U+0110 'Đ'. Invalid bytes become U+FFFD and are
 * counted, never fatal. *OUT is freed with vb_text_free().
 * Returns VB_OK, VB_ERR_NOMEM, VB_ERR_INVALID_ARG, VB_ERR_TOO_LARGE (> 2 GiB). */
vb_status_t vb_text_decode(const void *bytes, size_t len, vb_encoding_t enc,
                           vb_text_t **out);

/* Read the file at PATH, of any format (vb_text_read_file_ex() without flags):
 * plain text is decoded as vb_text_decode() does.
 * Returns VB_OK, VB_ERR_IO (errno is set), VB_ERR_NOMEM, VB_ERR_TOO_LARGE,
 * VB_ERR_FORMAT, VB_ERR_UNSUPPORTED. */
vb_status_t vb_text_read_file(const char *path, vb_encoding_t enc, vb_text_t **out);

/* Flags for reading a file of any format. */
#define VB_READ_NO_OCR  0x1u   /* leave pages without a text layer (and images) unread */

/* Read BYTES of any format vb_format_t names (told by content) into
 * normalized text: plain text is decoded as vb_text_decode() does with ENC;
 * the other formats are converted to UTF-8 text, one line per paragraph,
 * pages recorded. PATH (may be NULL) names the file in messages and is given
 * to a child extractor (DOC). *OUT is freed with vb_text_free().
 * Returns VB_OK, VB_ERR_NOMEM, VB_ERR_INVALID_ARG, VB_ERR_TOO_LARGE,
 * VB_ERR_FORMAT (corrupt, encrypted, over a limit: vb_last_error() says
 * what), VB_ERR_UNSUPPORTED (the format's library was not built in). */
vb_status_t vb_text_read_bytes(const void *bytes, size_t len, const char *path, vb_encoding_t enc,
                               unsigned flags, vb_text_t **out);

/* vb_text_read_file() for any format, with VB_READ_* FLAGS.
 * Returns what vb_text_read_file() and vb_text_read_bytes() return. */
vb_status_t vb_text_read_file_ex(const char *path, vb_encoding_t enc, unsigned flags, vb_text_t **out);

void vb_text_free(vb_text_t *text);

/* Encode UTF-8 text into a legacy code page (the inverse of decoding), for
 * tests and tools that make encoded variants. Characters the code page lacks
 * become '?'. *OUT (malloc'd, *OUTLEN bytes) is freed with free().
 * Returns VB_OK, VB_ERR_NOMEM, VB_ERR_INVALID_ARG, VB_ERR_ENCODING
 * (VB_ENC_AUTO or a UTF-16 form is not a legacy code page). */
vb_status_t vb_text_encode(const char *utf8, size_t len, vb_encoding_t enc,
                           char **out, size_t *outlen);

/* Term forms of one token. Both functions write at most CAP bytes including
 * a terminating NUL into BUF and return the length written (without NUL);
 * a form longer than CAP-1 is cut at a character boundary.
 *
 * exact:  lower case, NFC, tone mark placed canonically (the traditional
 *         placement: hòa, thủy, khỏe; only open oa/oe/uy syllables move).
 * folded: lower case, no diacritics, đ -> d.  "Đường đi" -> "duong di". */
size_t vb_term_exact(const char *s, size_t len, char *buf, size_t cap);
size_t vb_term_fold(const char *s, size_t len, char *buf, size_t cap);

/* Kinds of tokens. */
typedef enum {
    VB_TOK_WORD = 0,  /* a syllable or other run of letters */
    VB_TOK_NUMBER,    /* digits, with a Vietnamese decimal comma or point: 8,4  84,04 */
    VB_TOK_SYMBOL,    /* a document symbol kept whole: 5287/BCĐ 10/CT-TTg 48-CT/TW UBTVQH15 */
    VB_TOK_DATE       /* a date kept whole: 22/4/2019 20-10-2010 (terms are ISO) */
} vb_token_kind_t;

typedef struct {
    vb_token_kind_t kind;
    size_t offset;        /* byte offset of the token in the text */
    size_t len;           /* byte length in the text */
    uint32_t pos;         /* term position: syllables and numbers count 1 each;
                             a SYMBOL or DATE shares the position of its first
                             syllable and is reported before its syllables */
    const char *exact;    /* exact form, NUL-terminated; valid during the callback */
    size_t exact_len;
    const char *folded;   /* folded form, NUL-terminated; valid during the callback */
    size_t folded_len;
} vb_token_t;

/* Called for each token; return nonzero to stop (vb_tokenize then returns
 * VB_ERR_CANCELLED). */
typedef int (*vb_token_fn)(const vb_token_t *tok, void *data);

/* Tokenizer flags (bit set). */
#define VB_TOKENIZE_SYLLABLES  0x1u  /* report words and numbers */
#define VB_TOKENIZE_SYMBOLS    0x2u  /* report symbols and dates as whole tokens too */
#define VB_TOKENIZE_DEFAULT    (VB_TOKENIZE_SYLLABLES | VB_TOKENIZE_SYMBOLS)

/* Split normalized UTF-8 TEXT (LEN bytes) into tokens, calling FN for each
 * in text order. Positions start at FIRST_POS.  Invalid UTF-8 is skipped.
 * If LAST_POS is not NULL it receives the next free position.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_CANCELLED. */
vb_status_t vb_tokenize(const char *text, size_t len, unsigned flags, uint32_t first_pos,
                        vb_token_fn fn, void *data, uint32_t *last_pos);

/* Canonical comparison key of a document number/symbol: folded, lower case,
 * spaces removed ("5287/BCĐ" -> "5287/bcd", "10/CT-TTg" -> "10/ct-ttg").
 * Writes at most CAP bytes with the NUL; returns the length. */
size_t vb_number_key(const char *s, size_t len, char *buf, size_t cap);

/* ------------------------------------------------------------------ document model */

/* Role of a body a clause gives work to. */
typedef enum {
    VB_ROLE_CHU_TRI = 0,   /* leads the work ("Giao X chủ trì", "X có trách nhiệm", "Đề nghị X", "X:") */
    VB_ROLE_PHOI_HOP = 1   /* cooperates ("phối hợp với Y", "Y phối hợp") */
} vb_role_t;

/* One body a clause gives work to. */
typedef struct {
    char *body;        /* the body only, canonical spelling: "Sở Tài chính" */
    vb_role_t role;
} vb_assignee_t;

typedef struct {
    char *path;        /* clause path: "h", "p1", "p3.2", "5", "5.2", "d5.2.a", "c1", "pl1", "f" */
    char *label;       /* human form, in legal order: "mục 5, ý 2", "điểm a khoản 2 Điều 5", "phần đầu" */
    unsigned line;     /* 1-based line in the normalized text where the clause starts */
    char *assignee;    /* who must act (inherited by sub-clauses), or NULL: the first of
                          assignees with role VB_ROLE_CHU_TRI (else the first) */
    vb_assignee_t *assignees;  /* every body the clause gives work to, one per body, in text
                                  order (inherited by sub-clauses); assignee_count entries */
    size_t assignee_count;
    char *amends;      /* an amending clause: path of what it amends in the amended
                          instrument ("d5", "d7.3"), or NULL */
    char *amends_doc;  /* the amended instrument's number or name as the text gives it, or NULL */
    char *text;        /* clause text: its lines joined, page breaks and running heads removed */
    size_t text_len;
    char *context;     /* chapter/section heading it stands under ("Chương II ..."), or NULL */
    size_t *line_starts;    /* line_count byte offsets in text where each of the clause's */
    unsigned *line_numbers; /* source lines starts, ascending, and those lines' 1-based numbers */
    size_t line_count;      /* (0 for an empty text); owned by the clause */
} vb_clause_t;

/* What a citation does to the instrument it cites, read from its context
 * (issue 18; docs/status.md). Names for output and the `vaitro:` field come
 * from vb_cite_role_name(). */
typedef enum {
    VB_CITE_DAN_CHIEU = 0,   /* any other reference */
    VB_CITE_CAN_CU,          /* legal basis in the preamble ("Căn cứ Luật …") */
    VB_CITE_HUONG_DAN,       /* this document details or guides the cited one */
    VB_CITE_SUA_DOI,         /* amends or supplements it (articles in `affects`) */
    VB_CITE_THAY_THE,        /* replaces it */
    VB_CITE_BAI_BO,          /* repeals it, whole or in part (articles in `affects`) */
    VB_CITE_HET_HIEU_LUC,    /* the text says it ceases to have effect (date in `from`) */
    VB_CITE_HOP_NHAT,        /* a consolidated text (VBHN) and an instrument it consolidates */
    VB_CITE_ROLE_COUNT
} vb_cite_role_t;

/* "dan_chieu", "can_cu", "huong_dan", "sua_doi", "thay_the", "bai_bo",
 * "het_hieu_luc", "hop_nhat"; NULL for a value out of range. */
const char *vb_cite_role_name(vb_cite_role_t role);

/* The role named NAME (LEN bytes): the names above, their Vietnamese spelling
 * with or without marks and spaces ("sửa đổi", "sua doi", "căn cứ") or English
 * ("basis", "guides", "amends", "replaces", "repeals", "expires",
 * "consolidates", "cites"). Returns VB_OK, VB_ERR_INVALID_ARG (unknown name). */
vb_status_t vb_cite_role_parse(const char *name, size_t len, vb_cite_role_t *out);

typedef struct {
    char *type;        /* "Chỉ thị", "Nghị định", … (canonical spelling), or NULL */
    char *name;        /* a citation by name: "Luật Bảo hiểm xã hội" (also set when a name
                          comes with its number), or NULL */
    char *number;      /* "10/CT-TTg", as written; for a short form without a number
                          ("Nghị định nêu trên") the number of the instrument it resolves to */
    char *date;        /* ISO "2019-04-22"; the year alone ("2019") for a law cited by name and
                          year ("Bộ luật Lao động năm 2019"); or NULL */
    char *issuer;      /* "Thủ tướng Chính phủ", or NULL */
    char *pinpoint;    /* clause path in the cited document: "d19.1.h", or NULL */
    char *clause;      /* path of the clause it stands in */
    unsigned line;     /* 1-based line of the citation */
    char *text;        /* the citation as written */
    vb_cite_role_t role;  /* what this document does to the cited one */
    char *affects;     /* sua_doi/bai_bo/thay_the of a part: the cited instrument's
                          paths concerned, comma-separated ("d5,d7.3"), or NULL (whole) */
    char *from;        /* ISO date from which the role takes effect when the text
                          gives one (het_hieu_luc, thay_the, bai_bo), or NULL */
} vb_citation_t;

typedef struct {
    char *title;       /* "Phó Chủ tịch Ủy ban nhân dân" (with TM./KT. authority when present) */
    char *name;        /* "Lê Khắc Nam" */
} vb_signer_t;

typedef struct {
    /* header */
    char *number;               /* "5287/BCĐ", or NULL */
    char *type;                 /* "Công văn", "Chỉ thị", …, or NULL */
    char **issuer;              /* hierarchy, top body first; issuer_count entries */
    size_t issuer_count;
    char *place;                /* "Hải Phòng", or NULL */
    char *date;                 /* ISO "2020-08-21", or NULL */
    char *effective;            /* ISO entry into force ("có hiệu lực từ ngày …", "kể từ
                                   ngày ký", "sau 45 ngày kể từ ngày ký"), or NULL */
    char *subject;              /* subject/title, or NULL */
    char **recipients;          /* "Kính gửi:" list */
    size_t recipient_count;
    char **cc;                  /* "Nơi nhận:" list */
    size_t cc_count;
    vb_signer_t signer;         /* fields NULL when absent */
    /* body */
    vb_clause_t *clauses;       /* in text order, header clause "h" first when present */
    size_t clause_count;
    vb_citation_t *citations;   /* in text order */
    size_t citation_count;
    char **warnings;            /* what the parser could not make sense of */
    size_t warning_count;
    /* diacritics: how the text was typed (see docs/query.md, "Diacritics as typed") */
    size_t syllables;           /* syllables of the whole text */
    size_t marked_syllables;    /* those that carry a Vietnamese mark */
    int without_diacritics;     /* 1: typed without diacritics (under 10 % marked), so a
                                   query's diacritics cannot bind in it */
    int number_inferred;        /* 1: number came from the file name, not the text
                                   (vb_doc_infer_from_name) */
} vb_doc_t;

/* Parse normalized UTF-8 TEXT (as produced by vb_text_decode) into the
 * document model. Never fails on odd input: what it cannot place goes into
 * warnings, and every word of TEXT ends up in exactly one clause.
 * *OUT is freed with vb_doc_free().
 * Returns VB_OK, VB_ERR_NOMEM, VB_ERR_INVALID_ARG. */
vb_status_t vb_doc_parse(const char *text, size_t len, vb_doc_t **out);

void vb_doc_free(vb_doc_t *doc);

/* A document whose text names no number (a body-only extract): take it from
 * the base name of PATH when it is plainly there ("0761_5526-ct-cs.txt" ->
 * "5526/CT-CS", "158-2025-nd-cp.txt" -> "158/2025/NĐ-CP"; a leading archive
 * index "0761_" is skipped, a slug gives nothing), set number_inferred, the
 * type from the symbol when missing, and add a warning. A number the text
 * gives is never overridden. Returns VB_OK (also when nothing was inferred),
 * VB_ERR_INVALID_ARG (NULL), VB_ERR_NOMEM. */
vb_status_t vb_doc_infer_from_name(vb_doc_t *doc, const char *path);

/* Canonical document type name for a type word or symbol type code
 * ("CHỈ THỊ", "chi thi", "CT" -> "Chỉ thị"), or NULL when unknown. */
const char *vb_doc_type_canonical(const char *word, size_t len);

/* ------------------------------------------------------------------ index */

typedef struct _vb_index vb_index_t;

/* The message that goes with the last failing call of this thread (a Xapian
 * error text, the file that could not be read, …); "" when there is none. */
const char *vb_last_error(void);

/* Flags for vb_index_open(). */
#define VB_INDEX_READ      0x0u  /* read only; PATH may be a stub file listing shards */
#define VB_INDEX_WRITE     0x1u  /* writable; created when missing */
#define VB_INDEX_OVERWRITE 0x2u  /* with WRITE: start from an empty index (--rebuild);
                                    * an existing index is rebuilt aside, see vb_index_commit() */

/* Open the index at PATH (a Xapian database directory, or for reading a stub
 * file listing local and remote shards). *OUT is closed with vb_index_close().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_DB_NOT_FOUND,
 * VB_ERR_DB_LOCKED (another writer), VB_ERR_DB_CORRUPT, VB_ERR_DB_READONLY
 * (writing through a stub), VB_ERR_TIMEOUT (remote shard), VB_ERR_XAPIAN. */
vb_status_t vb_index_open(const char *path, unsigned flags, vb_index_t **out);

/* Options for opening a sharded index (a stub file listing shards). */
typedef struct {
    unsigned timeout_ms;   /* remote shards: connecting and each operation (0: 10000) */
    int partial;           /* leave out shards that cannot be opened instead of failing */
} vb_open_opts_t;

/* vb_index_open() with OPTS (may be NULL). For reading, a stub file is read
 * by vanban itself (lines "auto PATH", "glass PATH", "remote HOST:PORT",
 * comments with '#'), so that remote shards get TIMEOUT_MS and, with
 * PARTIAL, unreachable shards are left out (see vb_index_missing_shards()).
 * Returns what vb_index_open() returns; VB_ERR_TIMEOUT or VB_ERR_XAPIAN
 * name the shard that failed. */
vb_status_t vb_index_open_ex(const char *path, unsigned flags, const vb_open_opts_t *opts, vb_index_t **out);

/* The shards left out when the index was opened with PARTIAL: returns how
 * many; *NAMES (may be NULL) receives them, '\n'-separated, owned by IX. */
size_t vb_index_missing_shards(const vb_index_t *ix, const char **names);

/* Which of NSHARDS shards the file at PATH belongs to (by its canonical
 * path, stable across runs): vanban-index --shard K/N indexes the files of
 * shard K. Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_IO (errno set). */
vb_status_t vb_path_shard(const char *path, unsigned nshards, unsigned *shard);

/* A read-only index: move IX to the last committed state of the index (an
 * indexer may have committed, or swapped in a new directory, since it was
 * opened; a handle otherwise keeps reading the revision it opened, as long
 * as Xapian keeps it). A long-lived reader calls it before each search.
 * Not from inside a callback of a search on IX.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, writable, or called from such a
 * callback), VB_ERR_XAPIAN, VB_ERR_DB_CORRUPT. */
vb_status_t vb_index_reopen(vb_index_t *ix);

/* Commit what was added (writable index) and free IX. IX is freed even when
 * the commit fails. NULL is accepted. An index opened with
 * VB_INDEX_OVERWRITE and never committed is dropped: PATH stays as it was.
 * Returns VB_OK, VB_ERR_XAPIAN, VB_ERR_IO (disk full…). */
vb_status_t vb_index_close(vb_index_t *ix);

/* Make everything added so far durable, atomically. Files are only ever
 * committed whole: a crash leaves the index as of the last commit.
 * With VB_INDEX_OVERWRITE on an existing index, the new index is written at
 * PATH.rebuild while readers keep the old one (PATH stays locked against
 * other writers); the first commit swaps it in with one atomic rename, the
 * old one is deleted, and IX writes to PATH from then on. A crash before
 * that leaves the old index untouched (and a stale PATH.rebuild, removed by
 * the next rebuild).
 * Returns VB_OK, VB_ERR_INVALID_ARG (read-only index), VB_ERR_XAPIAN,
 * VB_ERR_IO (the swap failed; the old index is still in place). */
vb_status_t vb_index_commit(vb_index_t *ix);

typedef enum {
    VB_FILE_ADDED = 0,   /* new file */
    VB_FILE_REPLACED,    /* content changed: all its clauses replaced */
    VB_FILE_UNCHANGED,   /* same size and mtime: not read */
    VB_FILE_TOUCHED,     /* new mtime, same content: only the stamp updated */
    VB_FILE_DUPLICATE    /* the same file as an earlier path of the batch: not read again */
} vb_file_action_t;

typedef struct {
    vb_file_action_t action;
    vb_encoding_t encoding;
    size_t clauses;       /* clauses indexed */
    size_t citations;
    size_t invalid;       /* bytes replaced by U+FFFD */
    size_t warnings;      /* parser warnings */
    size_t bytes;         /* size of the file */
} vb_file_result_t;

/* How the files given to IX from now on are read: VB_READ_* FLAGS
 * (VB_READ_NO_OCR: pages without a text layer are left unread).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL or a read-only index). */
vb_status_t vb_index_set_read_flags(vb_index_t *ix, unsigned flags);

/* Told after each page read by OCR (a scanned page takes seconds): PATH as
 * given to the indexer, PAGE 1-based of the file's PAGES, the engine's mean
 * CONFIDENCE (0-100). Called from the thread that reads the file: with
 * several jobs, from several threads at once. */
typedef void (*vb_read_progress_fn)(const char *path, unsigned page, unsigned pages, int confidence,
                                    void *data);

/* Call FN (NULL: nobody) with DATA for every page read by OCR in the files
 * indexed from now on. Returns VB_OK, VB_ERR_INVALID_ARG (NULL or a read-only
 * index). */
vb_status_t vb_index_set_read_progress(vb_index_t *ix, vb_read_progress_fn fn, void *data);

/* Index the file at PATH (displayed as written; identified by its canonical
 * path). Unchanged files are skipped; a changed file's clauses are replaced
 * as one unit. ENC is VB_ENC_AUTO or a forced encoding.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_IO (errno set; vb_last_error()
 * names the problem), VB_ERR_TOO_LARGE, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vb_index_add_file(vb_index_t *ix, const char *path, vb_encoding_t enc,
                              vb_file_result_t *res);

/* Called once for every file given to vb_index_add_files(), in no fixed
 * order, never concurrently. STATUS is VB_OK (RES says what happened) or the
 * file's own failure (MESSAGE names the file and the problem: it was not
 * indexed, the others go on). */
typedef void (*vb_index_progress_fn)(const char *path, vb_status_t status, const vb_file_result_t *res,
                                     const char *message, void *data);

/* Index the N files in PATHS as vb_index_add_file() does, with JOBS worker
 * threads when there are many files to (re)index: each worker writes a part,
 * and the parts are merged into the index by compaction and swapped in
 * atomically. A file that cannot be indexed is reported through FN and does
 * not stop the others.
 * Returns VB_OK (every file reported), VB_ERR_INVALID_ARG, VB_ERR_NOMEM,
 * VB_ERR_IO (the merged index could not be swapped in), VB_ERR_XAPIAN (the
 * index is then as of its last commit). */
vb_status_t vb_index_add_files(vb_index_t *ix, const char *const *paths, size_t n, vb_encoding_t enc,
                               unsigned jobs, vb_index_progress_fn fn, void *data);

/* Read the catalogue at TSV_PATH for the files indexed from now on through
 * IX (writable): a header row naming the columns file, number, type, issuer,
 * date (YYYY-MM-DD), subject (any order; only file is required), then one row
 * per file, matched by its base name. A row fills in the fields the document's
 * text lacks (no number, no issuer, …) and never overrides what the text says;
 * a number inferred from the file name yields to the catalogue's. Files the
 * index already holds unchanged are not read again: rebuild to apply a new
 * catalogue to them. Replaces an earlier catalogue.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, a read-only index, or a bad row:
 * vb_last_error() names the file and line), VB_ERR_IO (errno set),
 * VB_ERR_NOMEM. */
vb_status_t vb_index_set_catalog(vb_index_t *ix, const char *tsv_path);

/* Remove the documents whose canonical path lies under one of ROOTS (given as
 * the user typed them) and no longer exists. *REMOVED (may be NULL) receives
 * the number of files removed.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN. */
vb_status_t vb_index_prune(vb_index_t *ix, const char *const *roots, size_t nroots, size_t *removed);

/* Numbers of source documents and clauses in the index.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN. */
vb_status_t vb_index_counts(vb_index_t *ix, size_t *documents, size_t *clauses);

/* The database revision (changes on every commit that wrote something).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN. */
vb_status_t vb_index_revision(vb_index_t *ix, uint64_t *revision);

/* ------------------------------------------------------------------ search */

/* Search flags (bit set). */
#define VB_SEARCH_EXACT  0x1u  /* diacritics are binding (--exact) */
#define VB_SEARCH_TOTALS 0x2u  /* count every matching clause and every mention (--count, json) */
#define VB_SEARCH_NEWEST 0x4u  /* newest documents first instead of relevance (--sort -date) */
#define VB_SEARCH_DOCS   0x8u  /* one result per document instead of per clause (--docs): its
                                  best clause, with doc_clauses and doc_mentions set */
#define VB_SEARCH_OLDEST 0x10u /* oldest documents first (--sort date); not with NEWEST */
#define VB_SEARCH_FOLD   0x20u /* diacritics ignored (--fold): every word matches every spelling */
/* Order of the results (limit > 0): by score (highest first), or with
 * NEWEST/OLDEST by the document's date (undated documents last); ties, and
 * all results of a document, in the archive's fixed order: file id, then
 * clause. With limit 0 (streaming) results come file by file in path
 * order whatever the flags. With DOCS a document ranks by its best
 * clause's score (the highest; the first in text order among equals). */

/* Facets (bit set) counted over all matches. */
#define VB_FACET_ISSUER 0x1u
#define VB_FACET_TYPE   0x2u
#define VB_FACET_YEAR   0x4u
#define VB_FACET_REF    0x8u
#define VB_FACET_ASSIGNEE 0x10u  /* every body the matching clauses give work to (one per clause) */

/* Document-level fields of a result or of vb_index_show(). Borrowed: valid
 * during the callback only. Lists are '\n'-separated. */
typedef struct {
    const char *number, *type, *issuer, *date, *subject, *file;
    const char *issuers;     /* every level, '\n'-separated */
    const char *place, *recipients, *signer_title, *signer_name, *encoding;
    const vb_citation_t *citation_list;   /* every citation of the document, in text order */
    size_t citation_count;
    const char *format;      /* "text", "pdf", "docx", … (vb_format_name) */
    const vb_page_t *pages;  /* a paginated source (PDF, image): its pages, else NULL */
    size_t page_count;
    const char *effective;   /* ISO entry into force (vb_doc_t.effective), or NULL */
} vb_docinfo_t;

/* One matching clause. Borrowed: valid during the callback only. */
typedef struct {
    vb_docinfo_t doc;
    const char *path, *label, *assignee, *context;
    const vb_assignee_t *assignee_list;   /* every body the clause gives work to */
    size_t assignee_count;
    const char *amends, *amends_doc;      /* see vb_clause_t */
    unsigned line;           /* 1-based line of the source file where the clause starts */
    unsigned match_line;     /* 1-based line where its first match starts (= line without matches) */
    unsigned page;           /* a paginated source: the 1-based page of match_line, else 0 */
    const char *text;
    size_t text_len;
    const size_t *matches;   /* match_count pairs [start, end) of byte offsets in text: the
                                mentions of the query's words, and the text a field condition
                                matched when it is in the clause (ref: the citation, giao: the
                                assignee's name); sorted, overlaps merged */
    size_t match_count;
    double score;
    size_t rank;             /* 0-based, counting from the first result of all */
    /* With VB_SEARCH_DOCS a result stands for its document: the clause is the
     * document's best (highest score, then first in text order), and these
     * count all the document's matching clauses and their mentions. 0 without. */
    size_t doc_clauses;
    size_t doc_mentions;
} vb_result_t;

/* Return nonzero to stop the search (vb_search then returns VB_ERR_CANCELLED). */
typedef int (*vb_result_fn)(const vb_result_t *result, void *data);
/* One facet value and the number of matching clauses that have it. */
typedef int (*vb_facet_fn)(unsigned facet, const char *value, size_t count, void *data);

typedef struct {
    unsigned flags;          /* VB_SEARCH_* */
    size_t offset;           /* results to skip */
    size_t limit;            /* results to return; 0 = all, streamed file by file in path order */
    unsigned facets;         /* VB_FACET_*; counted over all matches */
    vb_facet_fn facet_fn;
    void *facet_data;
    const char *thesaurus;   /* topic file (TSV: topic, synonyms…), or NULL */
} vb_search_opts_t;

typedef struct {
    size_t total_documents;  /* documents (source files) with a matching clause */
    size_t total_clauses;    /* matching clauses (see totals_estimated) */
    size_t total_mentions;   /* mentions in all matching clauses */
    size_t returned;
    size_t error_column;     /* VB_ERR_QUERY_SYNTAX: 1-based column of the problem */
    int totals_estimated;    /* 1: the three totals are estimates. A page ranked by
                                relevance without VB_SEARCH_TOTALS or facets stops
                                reading files once no file left can enter the page;
                                the totals are then extrapolated from Xapian's
                                estimate of the candidate files. Exact (0) with
                                VB_SEARCH_TOTALS, facets, DOCS, a date order, a
                                limit of 0, and whenever every candidate was read. */
} vb_search_stats_t;

/* Run QUERY (the vanban query language, UTF-8) and call FN for each result in
 * rank order (see VB_SEARCH_*; with VB_SEARCH_DOCS, OFFSET and LIMIT count
 * documents). STATS may be NULL. FN may be NULL to count (`--count`): no
 * result is kept, ranked or scored; STATS->returned still says how many
 * would have been handed out.
 * Returns VB_OK, VB_ERR_QUERY_SYNTAX (vb_last_error() says what and
 * stats->error_column where), VB_ERR_INVALID_ARG (also: NEWEST with OLDEST), VB_ERR_NOMEM,
 * VB_ERR_CANCELLED, VB_ERR_XAPIAN, VB_ERR_TIMEOUT. */
vb_status_t vb_search(vb_index_t *ix, const char *query, const vb_search_opts_t *opts,
                      vb_result_fn fn, void *data, vb_search_stats_t *stats);

/* A page server's part of a search over shards (vanban-serve's /shard/page,
 * docs/scaling.md): answer REQUEST (LEN bytes, as a client of a stub sends
 * it). A page request (the query, the page's size and the archive's
 * document frequencies) is answered with the best clauses of IX's own
 * files, scored in the archive's terms; a records request (docids of IX)
 * with those documents' stored records. *ANSWER (malloc'd, NUL-terminated,
 * ANSWER_LEN bytes, which may hold NULs; freed by the caller) is for that
 * client; ANSWER_LEN may be NULL.
 * Returns VB_OK, VB_ERR_INVALID_ARG (not a request, or not one for this
 * query), VB_ERR_QUERY_SYNTAX, VB_ERR_NOT_FOUND (no such document),
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vb_index_shard_page(vb_index_t *ix, const char *request, size_t len, char **answer, size_t *answer_len);

/* The archived documents whose own number is NUMBER (any spelling), with
 * all their clauses in text order: FN is called once per clause (results
 * carry no matches), the documents in the order of their file ids (the same
 * in every build of the same files; over remote shards, in docid order).
 * *FOUND receives the number of
 * documents. Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_CANCELLED, VB_ERR_XAPIAN. */
vb_status_t vb_index_show(vb_index_t *ix, const char *number, vb_result_fn fn, void *data, size_t *found);

/* vb_index_show() narrowed to one clause subtree: with PINPOINT (may be
 * NULL: every clause) only the clause with that path and the clauses under
 * it (path equal to PINPOINT or starting with PINPOINT + "."; ASCII
 * case-blind) are given. PINPOINT is a clause path ("d28", "5", "II.3",
 * "p3.5") or a spelt-out article reference as ref: takes it ("Điều 28",
 * "khoản 2 Điều 5"). *DOCS (may be NULL) receives the number of documents
 * with that number, *CLAUSES (may be NULL) the number of clauses given: a
 * document without that clause gives *DOCS > 0 and *CLAUSES == 0.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_CANCELLED,
 * VB_ERR_XAPIAN. */
vb_status_t vb_index_show_clauses(vb_index_t *ix, const char *number, const char *pinpoint, vb_result_fn fn,
                                  void *data, size_t *docs, size_t *clauses);

/* Is a document with this number in the archive? */
vb_status_t vb_index_has_number(vb_index_t *ix, const char *number, int *has);

/* What an archived document of a cited number has to do with the citation. */
#define VB_LINK_NONE      0  /* no document of the archive is the cited instrument */
#define VB_LINK_ARCHIVED  1  /* exactly one document agrees with the citation */
#define VB_LINK_AMBIGUOUS 2  /* several do: the citation does not say which */
/* One document of the archive with the number a citation gives. AGREES:
 * its issuer and date agree with the citation's where the citation gives
 * them (a name resolves to the numbers ref: gives it, in the year it says). */
typedef int (*vb_doc_fn)(const vb_docinfo_t *doc, int agrees, void *data);

/* Resolve citation C (its number, or its name) to the archive: FN (may be
 * NULL) is called for every document of that number, in file id order,
 * and *LINK receives VB_LINK_*: ARCHIVED when exactly one agrees, AMBIGUOUS
 * when several do, NONE when none does (a number shared by another
 * issuer's document is not the cited one).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_CANCELLED (FN
 * returned nonzero), VB_ERR_XAPIAN. */
vb_status_t vb_index_resolve(vb_index_t *ix, const vb_citation_t *c, vb_doc_fn fn, void *data, int *link);

/* A cited instrument as --top-cited counts it. Borrowed: valid during the
 * callback only. */
typedef struct {
    const char *key;        /* the index key: a folded number key ("145/2020/nd-cp") or a
                               name key ("luat dat dai") for citations by name */
    const char *number;     /* the number as the citations write it ("145/2020/NĐ-CP"), or
                               the name as written */
    const char *type;       /* its type as cited ("Nghị định"), or NULL */
    const char *title;      /* subject of the archived document of that number, or NULL
                               (none, or several: see archived) */
    size_t archived;        /* documents of the archive with that number */
    size_t documents;       /* documents citing it */
    size_t clauses;         /* clauses citing it */
} vb_cited_t;
typedef int (*vb_cited_fn)(const vb_cited_t *cited, void *data);

/* The N most cited instruments, by citing documents, then citing clauses,
 * then key: FN once for each. Return nonzero from FN to stop.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_CANCELLED,
 * VB_ERR_XAPIAN. */
vb_status_t vb_index_top_cited(vb_index_t *ix, size_t n, vb_cited_fn fn, void *data);


/* ------------------------------------------------------------------ legal status (issue 18) */

/* What the archive says of an instrument (docs/status.md): only this archive's
 * own text speaks, so an instrument it never mentions is UNKNOWN, never in force. */
typedef enum {
    VB_LEGAL_UNKNOWN = 0,       /* neither in the archive nor cited by it */
    VB_LEGAL_IN_FORCE,          /* in force as far as the archive knows: nothing changes or ends it */
    VB_LEGAL_AMENDED,           /* some of it amended or supplemented (sua_doi; thay_the of a part) */
    VB_LEGAL_PARTLY_REPEALED,   /* some of it repealed (bai_bo of a part) */
    VB_LEGAL_REPLACED,          /* replaced (thay_the of the whole, or of the article asked) */
    VB_LEGAL_REPEALED,          /* repealed (bai_bo of the whole, or of the article asked) */
    VB_LEGAL_EXPIRED,           /* ceased to have effect (het_hieu_luc) */
    VB_LEGAL_COUNT
} vb_legal_force_t;

/* "unknown", "in_force", "amended", "partly_repealed", "replaced", "repealed",
 * "expired"; NULL out of range. */
const char *vb_legal_force_name(vb_legal_force_t force);

/* One thing a document of the archive does to the instrument, with its
 * evidence: the citation, where it stands, and from when. */
typedef struct {
    vb_cite_role_t role;
    const char *number, *type, *issuer, *date, *file, *subject;  /* the citing document */
    const char *clause, *label;   /* the clause that says it: path and label */
    unsigned line;                /* the citation's line in the citing document */
    const char *text;             /* the citation as written */
    const char *affects;          /* the instrument's paths concerned ("d5,d7.3"), NULL: the whole */
    const char *from;             /* when it takes effect: the citation's own date, else the
                                     citing document's entry into force, else its date; or NULL */
    int part;                     /* 1: it concerns a part only: AFFECTS, or a part the text names
                                     otherwise (an appendix, a form: a thay_the or bai_bo without
                                     AFFECTS from a document that also amends the instrument) */
} vb_relation_t;

/* One instrument of that number: an archived document, or the instrument as
 * the citations give it when no document of the archive is it. */
typedef struct {
    const char *number, *type, *issuer, *date, *subject;
    const char *file;             /* the archived document, NULL when not in the archive */
    vb_legal_force_t force;
    const char *since;            /* REPLACED/REPEALED/EXPIRED: from when (the relation's from), or NULL */
    const vb_relation_t *relations;   /* what the archive does to it (every role; one basis,
                                         guide or plain reference per citing document), the
                                         changing ones first, each group by date */
    size_t relation_count;
    size_t citing_documents;      /* documents of the archive that cite it */
} vb_instrument_t;

typedef struct {
    const char *number;           /* as asked */
    const char *pinpoint;         /* the clause path asked ("d27.3"), or NULL: the whole */
    const vb_instrument_t *instruments;   /* one per instrument of that number: the archived
                                             documents in file id order, then one for the
                                             citations that none of them agrees with */
    size_t instrument_count;      /* 0: UNKNOWN */
    size_t ambiguous;             /* citations that agree with several archived documents
                                     (left out of every instrument) */
    void *priv_;                  /* owned storage */
} vb_legal_t;

/* The legal status of instrument NUMBER ("145/2020/NĐ-CP", any spelling; a
 * law's name too: "Luật Đất đai 2024"), of its whole or, with PINPOINT (may
 * be NULL: a clause path "d28", "d27.3" or "Điều 28"), of that article: only
 * the relations that concern it (an amendment of d27 covers d27.3, one of
 * d27.3 amends d27 in part) and those that end the whole instrument. The
 * documents of that number are told apart by issuer and date as
 * vb_index_resolve() tells them apart. *OUT is freed with vb_legal_free().
 * Returns VB_OK (also for an unknown instrument: instrument_count 0),
 * VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vb_index_legal_status(vb_index_t *ix, const char *number, const char *pinpoint, vb_legal_t **out);

/* The force of instrument NUMBER (a number, or a law's name as for
 * vb_index_legal_status()) as vb_index_legal_status() gives it, read from the
 * documents that change it: its archived documents and those that cite it to
 * amend, replace, repeal or end it (sua_doi, thay_the, bai_bo, het_hieu_luc);
 * other citing documents only where that is the one way to know whether an
 * instrument "as cited" exists and that can matter: when the name asked names
 * several laws (a citation by that name without a number has the force of
 * the one instrument there is, if one), and then only until one says so or
 * there are two instruments. Each instrument's force and since, its changing
 * relations and the force vb_legal_instrument_of() gives a citation of the
 * archive are those of vb_index_legal_status(), and so is how many
 * instruments there are up to two when a name of several laws is asked;
 * citing_documents, the other relations, the "as cited" instruments that no
 * changing document makes and their strings come from the documents read
 * only, and so does ambiguous, which is at least 1 too when the name asked
 * names several laws and is cited without a number. A citation that no archived document
 * agrees with and that no changing document makes is the instrument as cited,
 * in force (vb_legal_instrument_of() gives one with NULL strings): what
 * vb_index_legal_status() makes of it from the document that cites it. For the
 * status of every instrument a page of results cites: laws that thousands of
 * documents cite and a few change. *OUT is freed with vb_legal_free().
 * Returns VB_OK (also for an unknown instrument), VB_ERR_INVALID_ARG,
 * VB_ERR_NOMEM, VB_ERR_DB_CORRUPT, VB_ERR_XAPIAN. */
vb_status_t vb_index_legal_changes(vb_index_t *ix, const char *number, vb_legal_t **out);

/* The instrument of L that citation C names (as vb_index_resolve() links
 * it), or NULL (C names another number, or several documents agree). */
const vb_instrument_t *vb_legal_instrument_of(const vb_legal_t *l, const vb_citation_t *c);

void vb_legal_free(vb_legal_t *l);

#ifdef __cplusplus
}
#endif
#endif /* VANBAN_H */
