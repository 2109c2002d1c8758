/* The writer's side of the library, shared by the files of write/ (and
 * index.c, which opens and closes handles of both kinds). The read side
 * (read/) never includes this header. */
#ifndef VB_WRITER_H
#define VB_WRITER_H

#include <limits.h>
#include <pthread.h>
#include "read/handle.h"

/* A file is committed whole; a transaction holds at most this much, then it
 * is committed to disk: progress survives a crash, and memory stays bounded
 * (an unflushed transaction kept every posting of the run in memory: 104 MB
 * for the real corpus, growing with the archive; now 30 MB, and 6.2 s of CPU
 * instead of 7.7 s for --jobs 1). */
#define TXN_MAX_FILES 400
#define TXN_MAX_BYTES (2u << 20)

/* ---- writer.c: the handle */

/* Open IX->path for writing (FLAGS of vb_index_open; OVERWRITE of an existing
 * index rebuilds it aside), take the writer's lock, check the schema. On
 * failure IX holds nothing of the writer (vb_write_abandon() was done). */
vb_status_t vb_write_open(vb_index_t *ix, unsigned flags);
/* Commit and close the writer of IX (a rebuild never committed is dropped,
 * PATH stays as it was); lets go of every lock. */
vb_status_t vb_write_close(vb_index_t *ix);
/* Open the transaction the next writes go into (no-op when one is open). */
vb_status_t vb_write_begin_txn(vb_index_t *ix);
/* Commit what was written, without swapping in a rebuild; unless the index is
 * being closed, wait for the readers of the revision the next writes discard. */
vb_status_t vb_write_commit_here(vb_index_t *ix);
/* Swap the directory NEWPATH (a closed, complete index) in at IX->path (the
 * index being written: PATH, or PATH.rebuild while rebuilding aside) and go
 * on writing there; NEWPATH then holds the old index, which is deleted.
 * The writer's lock (vb_write_open) is held throughout, so no other indexer
 * can take the index between the swap and the reopen. */
vb_status_t vb_write_swap_in(vb_index_t *ix, const char *newpath);
/* Remove the directory tree at PATH (what a killed run left behind). */
void vb_rm_tree(const char *path);

/* ---- document.c */

/* Write the document of one file into WDB (the index itself, or a worker's
 * part, at DBPATH for messages), replacing the previous version of the file. */
vb_status_t vb_write_document(vbx_wdb_t *wdb, const char *dbpath, const vb_doc_t *doc, const vb_text_t *text,
                              const char *fileid, const char *display, const char *real, const char *stamp);

/* ---- files.c: one file on its way into the index */
typedef struct {
    const char *path;        /* as given: displayed */
    char real[PATH_MAX];     /* canonical: identifies the file */
    char fileid[17];
    char old[128];           /* stored stamp, "" when the file is new */
    unsigned old_docid;      /* its document record */
    char stamp[128];         /* the file's stamp now */
    vb_file_result_t res;
    vb_status_t st;
    char err[600];
    int done;                /* nothing more to do (unchanged or failed) */
    unsigned read_flags;     /* VB_READ_* */
    vb_read_progress_fn read_progress;   /* OCR pages (vb_index_set_read_progress) */
    void *read_progress_data;
    const struct vb_catalog *catalog;   /* the index's catalogue, or NULL */
} vb_job_t;

/* ---- catalog.c */
struct vb_catalog;
void vb_catalog_free(struct vb_catalog *c);
/* Fill in the fields of DOC that its text lacks from the catalogue row of
 * PATH's base name (none: nothing). Returns VB_OK, VB_ERR_NOMEM. */
vb_status_t vb_catalog_apply(const struct vb_catalog *c, const char *path, vb_doc_t *doc);

/* Read, decode and parse the file; write it into WDB unless its content is
 * what the index already holds (then res.action = TOUCHED and the caller
 * refreshes the stamp). Failures of the file itself land in J; the return
 * value is a failure of the database. */
vb_status_t vb_job_run(vb_job_t *j, vbx_wdb_t *wdb, const char *dbpath, vb_encoding_t enc);
/* Put the fresh stamp on the record of a touched file. */
vb_status_t vb_job_refresh_stamp(vb_index_t *ix, const vb_job_t *j);
/* Tell the caller's progress function about J. */
void vb_job_report(vb_index_progress_fn fn, void *data, const vb_job_t *j);

/* ---- parallel.c */

/* The files still to do of a batch, for the worker threads. */
typedef struct {
    vb_job_t *jobs;
    size_t *todo;            /* indexes into jobs */
    size_t ntodo;
    size_t next;             /* next todo to take */
    pthread_mutex_t lock;
    vb_encoding_t enc;
    vb_status_t st;          /* first database failure of any worker */
    char st_msg[600];
    vb_index_progress_fn fn;
    void *data;
} vb_pool_t;

/* Index the pool's files with JOBS worker threads into parts, merge index and
 * parts into a new directory and swap it in. */
vb_status_t vb_build_parallel(vb_index_t *ix, vb_pool_t *p, unsigned jobs);

#endif
