/*
 * vbx.h — thin C binding to Xapian 1.4 for libvanban.
 *
 * This is the only place in vanban that speaks C++.  It wraps Xapian
 * generically and knows nothing about vanban's schema (prefixes, slots).
 *
 * Conventions
 *  - Every function that can fail returns a vb_status_t (see vanban.h);
 *    results come back through out-parameters, which are left untouched on
 *    failure.  No C++ exception ever crosses into C.
 *  - When a call fails, a description of the error is kept per thread and
 *    can be read with vbx_last_error() ("DatabaseLockError: Unable to get
 *    write lock on ...").  Successful calls leave it unchanged.
 *  - Error mapping:
 *      DatabaseNotFoundError, or DatabaseOpeningError on a path that does
 *        not exist                              -> VB_ERR_DB_NOT_FOUND
 *      DatabaseLockError                        -> VB_ERR_DB_LOCKED
 *      DatabaseCorruptError                     -> VB_ERR_DB_CORRUPT
 *      NetworkTimeoutError                      -> VB_ERR_TIMEOUT
 *      DocNotFoundError                         -> VB_ERR_NOT_FOUND
 *      InvalidArgumentError (docid 0, a term too long, an empty metadata
 *        key, ...)                              -> VB_ERR_INVALID_ARG
 *      writing through a stub file, or an InvalidOperationError raised
 *        while opening a database for writing   -> VB_ERR_DB_READONLY
 *      std::bad_alloc                           -> VB_ERR_NOMEM
 *      DatabaseModifiedError                    -> VB_ERR_XAPIAN, and
 *        vbx_last_error_was_modified() returns 1: reopen and retry
 *      any other exception                      -> VB_ERR_XAPIAN
 *  - Objects are opaque, with exactly one owner each; every vbx_*_free()
 *    accepts NULL.  Strings returned through `char **` are malloc'd, always
 *    NUL-terminated (so text can be used as a C string; the length
 *    out-parameter counts the bytes without the terminator, and the bytes
 *    may contain NULs) and are released with free().  Pointers returned
 *    through `const char **` are borrowed: the documentation says until when.
 *  - Terms, metadata, data and values are byte strings with explicit
 *    lengths (pointer + size_t) and may contain NUL bytes.  A NULL pointer
 *    is accepted only together with a length of 0.
 *  - Identifiers (docids, counts, positions, wdf, value slots) are
 *    `unsigned`, matching Xapian's 32-bit types.
 *  - The handles are not thread-safe: use one handle (and everything derived
 *    from it) from one thread at a time, as with Xapian itself.
 *  - Iterators start *before* the first item: call the _next function to
 *    reach the first one.  _next reports through *has (1: positioned on an
 *    item, 0: at the end).  If an iterator call fails, that status is
 *    returned again by every later _next call on it.  Iterators
 *    keep what they iterate over alive, but free them before closing the
 *    database they came from.
 */
#ifndef VANBAN_VBX_H
#define VANBAN_VBX_H

#include <stddef.h>
#include <stdint.h>

#include "vanban.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ types */

typedef struct vbx_db vbx_db_t;             /* a read-only (possibly sharded) database */
typedef struct vbx_wdb vbx_wdb_t;           /* a writable database */
typedef struct vbx_doc vbx_doc_t;           /* a document */
typedef struct vbx_query vbx_query_t;       /* an immutable query */
typedef struct vbx_enquire vbx_enquire_t;   /* a search session */
typedef struct vbx_mset vbx_mset_t;         /* a page of results */
typedef struct vbx_termiter vbx_termiter_t; /* terms */
typedef struct vbx_postiter vbx_postiter_t; /* a posting list: (docid, wdf) */
typedef struct vbx_positer vbx_positer_t;   /* a position list */

/* A value slot number meaning "no slot" (Xapian::BAD_VALUENO). */
#define VBX_BAD_VALUENO 0xffffffffu

/* ------------------------------------------------------------------ errors */

/* Description of the last error raised in this thread by a vbx_* call, or ""
 * if there has been none.  Borrowed: valid until the next failing vbx_* call
 * in this thread.  Never NULL. */
const char *vbx_last_error(void);

/* 1 if the last error in this thread was a Xapian::DatabaseModifiedError
 * (returned as VB_ERR_XAPIAN): the caller should vbx_db_reopen() and retry.
 * 0 otherwise. */
int vbx_last_error_was_modified(void);

/* ------------------------------------------------------------------ read database */

/* Open the database at PATH: a Xapian database directory, a single-file
 * database, or a stub database file (lines such as "auto PATH",
 * "glass PATH", "remote HOST:PORT"; relative paths are relative to the stub).
 * *OUT is freed with vbx_db_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL or empty PATH, NULL OUT),
 * VB_ERR_DB_NOT_FOUND, VB_ERR_DB_CORRUPT, VB_ERR_TIMEOUT (remote shard in a
 * stub), VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_db_open(const char *path, vbx_db_t **out);

/* Open a remote database served by xapian-tcpsrv on HOST:PORT
 * (Xapian::Remote::open).  TIMEOUT_MS bounds each operation and
 * CONNECT_TIMEOUT_MS the connection (0 = wait forever).  *OUT is freed with
 * vbx_db_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_TIMEOUT, VB_ERR_NOMEM,
 * VB_ERR_XAPIAN (e.g. NetworkError: connection refused). */
vb_status_t vbx_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                               unsigned connect_timeout_ms, vbx_db_t **out);

/* A database with no shards, to which shards are added with
 * vbx_db_add_shard().  *OUT is freed with vbx_db_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM. */
vb_status_t vbx_db_new_empty(vbx_db_t **out);

/* Add every shard of SHARD to DB (Xapian::Database::add_database).  DB keeps
 * its own reference to the shard: the caller still owns and frees SHARD,
 * which may be freed at once.  DB must not be the view of a writable
 * database (vbx_wdb_db()).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, DB is a view, DB == SHARD),
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_db_add_shard(vbx_db_t *db, const vbx_db_t *shard);

/* Compact DB (all its shards, in order) into a new database at DEST, which
 * must not exist yet. With RENUMBER, document ids are made contiguous in
 * shard order; without, they are kept (and must not overlap).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_IO or VB_ERR_XAPIAN (DEST exists,
 * disk full, overlapping ids), VB_ERR_NOMEM. */
vb_status_t vbx_db_compact(vbx_db_t *db, const char *dest, int renumber);

/* Reopen DB at the latest committed revision (recovers from
 * DatabaseModifiedError).  If CHANGED is not NULL it receives 1 if the
 * database might have changed, 0 if it certainly has not.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_DB_CORRUPT, VB_ERR_TIMEOUT,
 * VB_ERR_NOMEM, VB_ERR_XAPIAN (e.g. the database was closed). */
vb_status_t vbx_db_reopen(vbx_db_t *db, int *changed);

/* Close DB and free it.  NULL is accepted.  A view returned by vbx_wdb_db()
 * is owned by its vbx_wdb_t: passing it here does nothing. */
void vbx_db_free(vbx_db_t *db);

/* Number of documents.  Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN,
 * VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_db_doccount(const vbx_db_t *db, unsigned *out);

/* The database's UUID (Database::get_uuid(): a database of several shards
 * gives theirs joined by ':', in order; a remote shard the one its server
 * sent).  *OUT is malloc'd, NUL-terminated, "" when it has none.
 * Returns as vbx_db_doccount(). */
vb_status_t vbx_db_uuid(const vbx_db_t *db, char **out);

/* Number of documents indexed by TERM (0 if none).  Returns as
 * vbx_db_doccount(). */
vb_status_t vbx_db_termfreq(const vbx_db_t *db, const char *term, size_t len, unsigned *out);

/* Total number of occurrences (sum of wdf) of TERM.  Returns as
 * vbx_db_doccount(). */
vb_status_t vbx_db_collection_freq(const vbx_db_t *db, const char *term, size_t len,
                                   unsigned *out);

/* *EXISTS = 1 if TERM indexes at least one document, else 0.  Returns as
 * vbx_db_doccount(). */
vb_status_t vbx_db_term_exists(const vbx_db_t *db, const char *term, size_t len, int *exists);

/* Revision of the database (increases with each commit).  Only for a
 * database with exactly one local (glass/chert) shard.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN (several shards, remote). */
vb_status_t vbx_db_get_revision(const vbx_db_t *db, uint64_t *out);

/* Metadata value stored under KEY.  A missing key gives VB_OK with
 * *VALLEN = 0.  *VAL is malloc'd (NUL-terminated), freed with free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, empty key), VB_ERR_XAPIAN,
 * VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_db_get_metadata(const vbx_db_t *db, const char *key, size_t keylen,
                                char **val, size_t *vallen);

/* Fetch document DOCID.  *OUT is freed with vbx_doc_free(); it reads lazily
 * from DB, so later vbx_doc_get_* calls may fail with DatabaseModifiedError.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, docid 0), VB_ERR_NOT_FOUND,
 * VB_ERR_XAPIAN, VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_db_get_document(const vbx_db_t *db, unsigned docid, vbx_doc_t **out);

/* Iterate over all terms starting with PREFIX (PREFIXLEN 0: all terms), in
 * byte order.  *OUT is freed with vbx_termiter_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN, VB_ERR_TIMEOUT,
 * VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_db_allterms(const vbx_db_t *db, const char *prefix, size_t prefixlen,
                            vbx_termiter_t **out);

/* The whole posting list of TERM at once: *N docids, ascending, into *DOCS
 * and each one's wdf into *WDFS (malloc'd, both NULL when *N is 0; the
 * caller frees them).  Read through the matcher (weight = wdf): over a
 * remote shard the list then comes in one reply, where Xapian 1.4's
 * postlist_begin() sends one message per posting.  For a local database
 * vbx_db_postlist() is cheaper.
 * Returns as vbx_db_allterms(). */
vb_status_t vbx_db_postings(const vbx_db_t *db, const char *term, size_t len, unsigned **docs,
                            unsigned **wdfs, size_t *n);

/* Iterate over the posting list of TERM: (docid, wdf) in docid order.  An
 * empty TERM (LEN 0) iterates over every document.  A term that does not
 * exist gives an empty iterator.  *OUT is freed with vbx_postiter_free().
 * Returns as vbx_db_allterms(). */
vb_status_t vbx_db_postlist(const vbx_db_t *db, const char *term, size_t len,
                            vbx_postiter_t **out);

/* Iterate over the positions of TERM in document DOCID, ascending.  A term
 * absent from the document (or a document without positions) gives an empty
 * iterator.  *OUT is freed with vbx_positer_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOT_FOUND (no such document, on
 * some backends), VB_ERR_XAPIAN, VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT,
 * VB_ERR_NOMEM. */
vb_status_t vbx_db_positionlist(const vbx_db_t *db, unsigned docid, const char *term,
                                size_t len, vbx_positer_t **out);

/* Append the positions of TERM in document DOCID, ascending, to the array
 * *V (*N used of *CAP; grown with realloc(), which the caller frees): the
 * whole list in one call, where vbx_positer_next() crosses the binding once
 * a position.  A term absent from the document appends none.
 * Returns as vbx_db_positionlist() (on VB_ERR_NOMEM *V keeps what it had). */
vb_status_t vbx_db_positions(const vbx_db_t *db, unsigned docid, const char *term, size_t len,
                             uint32_t **v, size_t *n, size_t *cap);

/* Called by vbx_db_values() with the I-th document's value (LEN bytes, not
 * NUL-terminated, valid during the call); nonzero stops the walk. */
typedef int (*vbx_value_fn)(void *data, size_t i, const char *value, size_t len);

/* The values in SLOT of the N documents DOCIDS (ascending), read in one walk
 * of the slot's value stream: FN(DATA, i, ...) for each DOCIDS[i] that has
 * one, in order.  Where document by document each value looks up its own
 * chunk (and the slots of one document lie apart in the table), a walk reads
 * each chunk once.  Returns as vbx_db_postlist(); VB_ERR_INVALID_ARG when
 * DOCIDS are not ascending. */
vb_status_t vbx_db_values(const vbx_db_t *db, unsigned slot, const unsigned *docids, size_t n,
                          vbx_value_fn fn, void *data);

/* ------------------------------------------------------------------ writable database */

/* Flags of vbx_wdb_open(): exactly one action, optionally OR-ed with options. */
#define VBX_DB_CREATE_OR_OPEN      0x0   /* open, or create if missing */
#define VBX_DB_CREATE_OR_OVERWRITE 0x1   /* create, replacing any existing database */
#define VBX_DB_CREATE              0x2   /* create; fail if it exists */
#define VBX_DB_OPEN                0x3   /* open; fail (VB_ERR_DB_NOT_FOUND) if missing */
#define VBX_DB_ACTION_MASK         0x3
#define VBX_DB_NO_SYNC             0x10  /* do not fsync (Xapian::DB_NO_SYNC) */
#define VBX_DB_BACKEND_GLASS       0x20  /* create a glass database (the default in 1.4) */
#define VBX_DB_RETRY_LOCK          0x40  /* wait for the write lock instead of failing */

/* Open the database directory PATH for writing.  FLAGS combines one action
 * with options (see above).  A stub database file is refused with
 * VB_ERR_DB_READONLY: stubs are read-only in vanban.  *OUT is freed with
 * vbx_wdb_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL/empty path, unknown flag bits),
 * VB_ERR_DB_NOT_FOUND (VBX_DB_OPEN on a missing database), VB_ERR_DB_LOCKED
 * (another writer holds the lock — in another process or, with Xapian 1.4's
 * OFD locks, in this one), VB_ERR_DB_READONLY, VB_ERR_DB_CORRUPT,
 * VB_ERR_NOMEM, VB_ERR_XAPIAN (e.g. DatabaseCreateError). */
vb_status_t vbx_wdb_open(const char *path, int flags, vbx_wdb_t **out);

/* A read-only view of WDB on which every vbx_db_* read function works and
 * which sees WDB's uncommitted changes.  Borrowed: owned by WDB, valid until
 * vbx_wdb_free(WDB); vbx_db_free() on it does nothing.  NULL if WDB is NULL. */
vbx_db_t *vbx_wdb_db(vbx_wdb_t *wdb);

/* Start a transaction.  FLUSHED nonzero: the changes are committed as one
 * revision when the transaction is committed; zero: they are only added to
 * the pending changes.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN (a transaction is already
 * open, the database is closed), VB_ERR_NOMEM. */
vb_status_t vbx_wdb_begin_transaction(vbx_wdb_t *wdb, int flushed);

/* Commit the open transaction.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN (no transaction open,
 * write failure), VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_commit_transaction(vbx_wdb_t *wdb);

/* Discard the changes of the open transaction.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN (no transaction open),
 * VB_ERR_NOMEM. */
vb_status_t vbx_wdb_cancel_transaction(vbx_wdb_t *wdb);

/* Commit pending changes (outside a transaction).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN (inside a transaction,
 * write failure, closed), VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_commit(vbx_wdb_t *wdb);

/* Close WDB: an open transaction is cancelled, otherwise pending changes are
 * committed; the write lock is released.  Later calls on WDB (and its view)
 * fail with VB_ERR_XAPIAN (DatabaseClosedError).  WDB must still be freed.
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN, VB_ERR_DB_CORRUPT,
 * VB_ERR_NOMEM. */
vb_status_t vbx_wdb_close(vbx_wdb_t *wdb);

/* Free WDB.  An open transaction is cancelled (never committed); pending
 * changes outside a transaction are committed by Xapian, and errors doing so
 * are lost — call vbx_wdb_commit() or vbx_wdb_close() first to see them.
 * NULL is accepted. */
void vbx_wdb_free(vbx_wdb_t *wdb);

/* Replace (or create) document DOCID with DOC.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, docid 0, term too long),
 * VB_ERR_XAPIAN, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_replace_document(vbx_wdb_t *wdb, unsigned docid, const vbx_doc_t *doc);

/* Replace the documents indexed by the unique TERM with DOC (the first one
 * is replaced, the others deleted; DOC is added if none).  If DOCID is not
 * NULL it receives the id DOC now has.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, empty term), VB_ERR_XAPIAN,
 * VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_replace_document_by_term(vbx_wdb_t *wdb, const char *term, size_t len,
                                             const vbx_doc_t *doc, unsigned *docid);

/* Delete document DOCID.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, docid 0), VB_ERR_NOT_FOUND,
 * VB_ERR_XAPIAN, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_delete_document(vbx_wdb_t *wdb, unsigned docid);

/* Delete every document indexed by TERM (none: VB_OK).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, empty term), VB_ERR_XAPIAN,
 * VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_delete_document_by_term(vbx_wdb_t *wdb, const char *term, size_t len);

/* Store VAL under KEY (VALLEN 0 removes the key).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, empty key, key too long),
 * VB_ERR_XAPIAN, VB_ERR_NOMEM. */
vb_status_t vbx_wdb_set_metadata(vbx_wdb_t *wdb, const char *key, size_t keylen,
                                 const char *val, size_t vallen);

/* ------------------------------------------------------------------ document */

/* A new empty document.  *OUT is freed with vbx_doc_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM. */
vb_status_t vbx_doc_new(vbx_doc_t **out);

/* NULL is accepted. */
void vbx_doc_free(vbx_doc_t *doc);

/* Index TERM at position TERMPOS, adding WDFINC to its wdf (usually 1).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, empty term), VB_ERR_NOMEM,
 * VB_ERR_XAPIAN. */
vb_status_t vbx_doc_add_posting(vbx_doc_t *doc, const char *term, size_t len,
                                unsigned termpos, unsigned wdfinc);

/* Index TERM without a position, adding WDFINC to its wdf.
 * Returns as vbx_doc_add_posting(). */
vb_status_t vbx_doc_add_term(vbx_doc_t *doc, const char *term, size_t len, unsigned wdfinc);

/* Index TERM with wdf 0 and no position (a filter term).
 * Returns as vbx_doc_add_posting(). */
vb_status_t vbx_doc_add_boolean_term(vbx_doc_t *doc, const char *term, size_t len);

/* Set the document data (LEN bytes, may contain NULs).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_doc_set_data(vbx_doc_t *doc, const char *bytes, size_t len);

/* A malloc'd copy of the document data (NUL-terminated, freed with free()).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN (e.g.
 * DatabaseModifiedError for a document read from a database), VB_ERR_TIMEOUT,
 * VB_ERR_DB_CORRUPT. */
vb_status_t vbx_doc_get_data(vbx_doc_t *doc, char **out, size_t *len);

/* Set value SLOT to BYTES (LEN 0 removes the value).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, slot VBX_BAD_VALUENO),
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_doc_add_value(vbx_doc_t *doc, unsigned slot, const char *bytes, size_t len);

/* A malloc'd copy of value SLOT (NUL-terminated, freed with free()); a slot
 * without a value gives VB_OK with *LEN 0.
 * Returns as vbx_doc_get_data(). */
vb_status_t vbx_doc_get_value(vbx_doc_t *doc, unsigned slot, char **out, size_t *len);

/* ------------------------------------------------------------------ iterators */

/* Move to the next (first, on the first call) term.  *HAS = 1 and, if TERM /
 * LEN are not NULL, the term (borrowed, NUL-terminated, valid until the next
 * call on IT) and its length; at the end *HAS = 0, *TERM = NULL, *LEN = 0.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL IT or HAS), VB_ERR_XAPIAN,
 * VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_termiter_next(vbx_termiter_t *it, int *has, const char **term, size_t *len);

/* The number of documents holding IT's current term, as the term list knows
 * it (over a remote shard it came with the term: no message).  *FREQ = 0
 * before the first term and after the last.
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL IT or FREQ), VB_ERR_XAPIAN,
 * VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_termiter_termfreq(const vbx_termiter_t *it, unsigned *freq);

/* NULL is accepted. */
void vbx_termiter_free(vbx_termiter_t *it);

/* Move to the next (first, on the first call) posting.  *HAS = 1 and, when
 * not NULL, *DOCID and *WDF; at the end *HAS = 0 (DOCID/WDF set to 0).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL IT or HAS), VB_ERR_XAPIAN,
 * VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_postiter_next(vbx_postiter_t *it, int *has, unsigned *docid, unsigned *wdf);

/* NULL is accepted. */
void vbx_postiter_free(vbx_postiter_t *it);

/* Move to the next (first, on the first call) position.  *HAS = 1 and, when
 * not NULL, *POS; at the end *HAS = 0 (*POS = 0).
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL IT or HAS), VB_ERR_XAPIAN,
 * VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_positer_next(vbx_positer_t *it, int *has, unsigned *pos);

/* NULL is accepted. */
void vbx_positer_free(vbx_positer_t *it);

/* ------------------------------------------------------------------ query */

typedef enum {
    VBX_QUERY_AND = 0,
    VBX_QUERY_OR,
    VBX_QUERY_AND_NOT,    /* first AND NOT (any of the others) */
    VBX_QUERY_XOR,
    VBX_QUERY_AND_MAYBE,  /* first, weighted by the others too */
    VBX_QUERY_FILTER,     /* first, filtered by the others (no weight) */
    VBX_QUERY_NEAR,       /* all within WINDOW positions, any order */
    VBX_QUERY_PHRASE,     /* all within WINDOW positions, in order (0: exact) */
    VBX_QUERY_ELITE_SET,  /* the best WINDOW subqueries (0: default) OR-ed */
    VBX_QUERY_SYNONYM,    /* OR, weighted as one term */
    VBX_QUERY_MAX,        /* OR, weight is the maximum */
    VBX_QUERY_OP_COUNT_
} vbx_query_op_t;

/* A query for TERM with query frequency WQF (usually 1) at query position POS
 * (0: none; positions matter only inside PHRASE/NEAR).  *OUT is freed with
 * vbx_query_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL OUT, NULL term with LEN > 0),
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_query_term(const char *term, size_t len, unsigned wqf, unsigned pos,
                           vbx_query_t **out);

/* A query matching every document (Query::MatchAll).  Returns VB_OK,
 * VB_ERR_INVALID_ARG, VB_ERR_NOMEM. */
vb_status_t vbx_query_match_all(vbx_query_t **out);

/* A query matching nothing (the empty query).  Returns VB_OK,
 * VB_ERR_INVALID_ARG, VB_ERR_NOMEM. */
vb_status_t vbx_query_match_nothing(vbx_query_t **out);

/* Combine the N queries SUBS with OP.  WINDOW is the window size for NEAR and
 * PHRASE (0: the number of subqueries), the set size for ELITE_SET, and must
 * be 0 for the other operators.  The SUBS are not consumed: the caller still
 * frees them (the new query shares their internals).  N = 0 gives an empty
 * query.  *OUT is freed with vbx_query_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, a NULL element, unknown OP,
 * WINDOW for an operator without one, a subquery the operator refuses),
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_query_combine(vbx_query_op_t op, vbx_query_t *const *subs, size_t n,
                              unsigned window, vbx_query_t **out);

/* Documents whose value in SLOT is >= LO and <= HI (byte-wise comparison).
 * *OUT is freed with vbx_query_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_query_value_range(unsigned slot, const char *lo, size_t lolen,
                                  const char *hi, size_t hilen, vbx_query_t **out);

/* Documents whose value in SLOT is >= LO.  Returns as vbx_query_value_range(). */
vb_status_t vbx_query_value_ge(unsigned slot, const char *lo, size_t lolen, vbx_query_t **out);

/* Documents whose value in SLOT is <= HI (and not empty).  Returns as
 * vbx_query_value_range(). */
vb_status_t vbx_query_value_le(unsigned slot, const char *hi, size_t hilen, vbx_query_t **out);

/* Q with every weight it gives multiplied by FACTOR (OP_SCALE_WEIGHT; 0
 * makes Q a pure filter).  Q still belongs to the caller.  *OUT is freed
 * with vbx_query_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, FACTOR < 0 or not finite),
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_query_scale(const vbx_query_t *q, double factor, vbx_query_t **out);

/* NULL is accepted. */
void vbx_query_free(vbx_query_t *q);

/* ------------------------------------------------------------------ enquire */

typedef enum {
    VBX_ASC = 0,      /* docids ascending among equal keys (default) */
    VBX_DESC,         /* docids descending */
    VBX_DONT_CARE     /* whatever is fastest */
} vbx_docid_order_t;

/* A search session on DB (which it keeps open: DB may be freed first, and a
 * vbx_db_reopen(DB) is seen by the session).  *OUT is freed with
 * vbx_enquire_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_enquire_new(const vbx_db_t *db, vbx_enquire_t **out);

/* NULL is accepted. */
void vbx_enquire_free(vbx_enquire_t *e);

/* Set the query (copied; Q still belongs to the caller).
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_enquire_set_query(vbx_enquire_t *e, const vbx_query_t *q);

/* Sort by the value in SLOT (byte order), ascending, or descending if
 * REVERSE.  Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN. */
vb_status_t vbx_enquire_set_sort_by_value(vbx_enquire_t *e, unsigned slot, int reverse);

/* Order of documents with equal sort keys.  Returns VB_OK,
 * VB_ERR_INVALID_ARG (NULL, unknown ORDER). */
vb_status_t vbx_enquire_set_docid_order(vbx_enquire_t *e, vbx_docid_order_t order);

/* Weight every match 0 (Xapian::BoolWeight).  Returns VB_OK,
 * VB_ERR_INVALID_ARG, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_enquire_set_weighting_bool(vbx_enquire_t *e);

/* Weight a match by the sum of the wdf of the query's terms it holds
 * (Xapian::TfIdfWeight "nnn": no idf, no length normalisation), which a
 * stock xapian-tcpsrv computes too.  Returns VB_OK, VB_ERR_INVALID_ARG,
 * VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vbx_enquire_set_weighting_wdf(vbx_enquire_t *e);

/* Sort by weight (descending), then by the value in SLOT (byte order,
 * ascending unless REVERSE).  Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN. */
vb_status_t vbx_enquire_set_sort_by_relevance_then_value(vbx_enquire_t *e, unsigned slot, int reverse);

/* Run the query: matches FIRST .. FIRST+MAXITEMS-1 in sort order, examining
 * at least CHECKATLEAST documents.  *OUT is freed with vbx_mset_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG, VB_ERR_XAPIAN (DatabaseModifiedError:
 * see vbx_last_error_was_modified()), VB_ERR_TIMEOUT, VB_ERR_DB_CORRUPT,
 * VB_ERR_NOMEM. */
vb_status_t vbx_enquire_get_mset(vbx_enquire_t *e, unsigned first, unsigned maxitems,
                                 unsigned checkatleast, vbx_mset_t **out);

/* ------------------------------------------------------------------ match set */

/* Number of matches in M (0 if M is NULL). */
size_t vbx_mset_size(const vbx_mset_t *m);

/* Docid of match I (0 if M is NULL or I >= size). */
unsigned vbx_mset_docid(const vbx_mset_t *m, size_t i);

/* Document of match I.  *OUT is freed with vbx_doc_free().
 * Returns VB_OK, VB_ERR_INVALID_ARG (NULL, I >= size), VB_ERR_NOT_FOUND,
 * VB_ERR_XAPIAN (DatabaseModifiedError: reopen and rerun), VB_ERR_TIMEOUT,
 * VB_ERR_DB_CORRUPT, VB_ERR_NOMEM. */
vb_status_t vbx_mset_get_document(const vbx_mset_t *m, size_t i, vbx_doc_t **out);

/* Weight of match I (0 if M is NULL or I >= size). */
double vbx_mset_weight(const vbx_mset_t *m, size_t i);

/* Xapian's estimate of the number of matches, and its bounds (0 if M is NULL).
 * LO and HI may be NULL. */
unsigned vbx_mset_matches_estimated(const vbx_mset_t *m, unsigned *lo, unsigned *hi);

/* NULL is accepted. */
void vbx_mset_free(vbx_mset_t *m);

#ifdef __cplusplus
}
#endif
#endif /* VANBAN_VBX_H */
