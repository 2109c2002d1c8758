/* The index handle and the read side's internal calls: shared by index.c,
 * the read side (read/), the searches (query/) and the writer (write/). */
#ifndef VB_HANDLE_H
#define VB_HANDLE_H

#include "xapian/vbx.h"
#include "store/schema.h"
#include <sys/types.h>

/* One shard of a stub file (read/open.c), as opened. */
typedef struct {
    char *path;          /* a local shard: its database directory; NULL when remote */
    char *pages;         /* a remote shard: "HOST:PORT" of the vanban-serve that answers
                            its pages ("remote HOST:PORT pages HOST:PORT"), else NULL */
} vb_shard_t;

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
    int remote;          /* a shard is behind xapian-tcpsrv: every question is a round trip */
    vb_shard_t *shards;  /* a stub: the shards opened, in its order (NULL otherwise) */
    size_t nshards;
    unsigned timeout_ms; /* a stub: for remote shards and their page servers */
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
    /* a writer: the lock file beside the index (write/writer.c), -1 when none */
    int wl_fd;
    char *wl_path;
    unsigned read_flags; /* VB_READ_* for the files written (vb_index_set_read_flags) */
    vb_read_progress_fn read_progress;   /* vb_index_set_read_progress() */
    void *read_progress_data;
    struct vb_thesaurus *thes;   /* the topics of chude:, read once (query/thesaurus.c) */
    struct vb_legal_memo *memo;  /* term lists the legal readings share during one read
                                    (query/status.c), dropped when the read ends */
    struct vb_catalog *catalog;  /* vb_index_set_catalog() (write/catalog.c), or NULL */
    struct vb_termstats *tstats; /* during one compilation only: term statistics recorded
                                    for a client, or the shards' own read instead of the
                                    database (query/termstats.h) */
};

/* Free IX's shard list (read/open.c). */
void vb_read_free_shards(vb_index_t *ix);

/* Map a binding status to ours, copying the binding's message. */
vb_status_t vb_index_xerr(vb_status_t st, const char *what);

/* The schema version in the metadata (index.c): written into a new index
 * (only then, so that opening an index writes nothing), refused when it is
 * another one. */
vb_status_t vb_index_check_schema(vb_index_t *ix, int writable);

/* Open IX->path read-only (read/open.c): a stub file of shards, else a
 * database directory. On failure IX->db may be left for the caller to free. */
vb_status_t vb_read_open(vb_index_t *ix, const vb_open_opts_t *opts);
/* A read-only index on a directory: which directory it opened (SB, taken
 * before opening: if another is swapped in meanwhile, the next reopen opens
 * again). */
struct stat;
void vb_read_note_dir(vb_index_t *ix, const struct stat *sb);

/* Free the legal readings' memo of a handle (query/status.c; NULL is fine). */
void vb_legal_memo_free(struct vb_legal_memo *m);

/* Free the thesaurus cache of a handle (query/thesaurus.c). */
void vb_thesaurus_free(struct vb_thesaurus *t);

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


#endif
