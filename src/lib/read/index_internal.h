/* The index handle, shared by index.c (writing) and search.c (reading). */
#ifndef VB_INDEX_INTERNAL_H
#define VB_INDEX_INTERNAL_H

#include "xapian/vbx.h"
#include "store/schema.h"
#include <sys/types.h>

struct _vb_index {
    vbx_db_t *db;        /* read handle (a view of wdb when writable) */
    vbx_wdb_t *wdb;      /* NULL when read-only */
    int in_txn;          /* a transaction is open */
    size_t txn_files;    /* files written in the open transaction */
    size_t txn_bytes;
    char *path;          /* the database written (PATH.rebuild while rebuilding aside) */
    vbx_wdb_t *live;     /* rebuilding aside: the live index, held open for its lock */
    char *live_path;     /* rebuilding aside: PATH itself */
    char *missing;       /* shards left out ('\n'-separated), or NULL */
    size_t nmissing;
    /* revision locks (revlock.h): the writer's exclusive byte, or a search's
     * shared one, on PATH/vanban.readers; rl_fd -1 where there are none */
    int rl_fd;
    int rl_dir;          /* a read-only index on one database directory */
    int rl_held;
    uint64_t rl_rev;
    int rl_depth;        /* reads under way (a search from another's callback nests) */
    int closing;         /* vb_index_close(): no more writes to wait for */
    dev_t dir_dev;       /* rl_dir: the directory opened (an indexer may swap in another) */
    ino_t dir_ino;
};

/* Map a binding status to ours, copying the binding's message. */
vb_status_t vb_index_xerr(vb_status_t st, const char *what);

/* A read-only index on a database directory: open it afresh (after a short
 * pause) in place of the handle IX has. 1: done; 0: not such an index, or
 * the open failed (IX keeps its handle). */
int vb_index_reopen_dir(vb_index_t *ix);

/* A read (search, --show, …) begins: hold the revision IX reads, so that an
 * indexer does not write over it meanwhile (or, if one is doing so, move to
 * the newer one). Best effort, nothing to fail. vb_index_read_end() lets it
 * go. Reads nest (one from another's callback): the outermost holds. */
void vb_index_read_begin(vb_index_t *ix);
void vb_index_read_end(vb_index_t *ix);

/* A read that failed with ST on its try number TRIES (from 0), between
 * vb_index_read_begin() and _end(): if an indexer's commit or swap caused
 * it, move IX to the index as it is now (and hold that revision) and return
 * 1: the caller reads again, provided it handed nothing out yet. 0: give up
 * with ST (not such an error, tried six times, or a nested read). */
int vb_index_read_recover(vb_index_t *ix, vb_status_t st, int tries);

/* "XR<key>" style term: PREFIX + folded syllables/keys. Writes into buf (cap >= 256). */
size_t vb_field_term(char *buf, size_t cap, const char *prefix, const char *s, size_t n);

#endif
