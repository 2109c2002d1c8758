/* A read-only handle over time: moving to the last commit (Xapian's reopen,
 * or a fresh open when an indexer swapped in another directory), and holding
 * the revision a read is reading (read/revlock.h) so that an indexer does not
 * write over it meanwhile. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include "read/handle.h"
#include "read/revlock.h"

static void release_revision(vb_index_t *ix);

/* Open the directory IX reads afresh, in place of its handle: 1 done, 0 not
 * such an index or the open failed (IX keeps its handle). */
static int reopen_dir_now(vb_index_t *ix)
{
    struct stat before;
    if (!ix || ix->wdb || stat(ix->path, &before) != 0 || !S_ISDIR(before.st_mode)) return 0;
    vbx_db_t *db = NULL;
    if (vbx_db_open(ix->path, &db) != VB_OK) return 0;
    vbx_db_free(ix->db);
    ix->db = db;
    if (ix->rl_dir) {
        /* the directory may be a new one: its own lock file, opened by the next read */
        release_revision(ix);
        if (ix->rl_fd >= 0) close(ix->rl_fd);
        ix->rl_fd = -1;
        vb_read_note_dir(ix, &before);
    }
    return 1;
}

int vb_index_reopen_dir(vb_index_t *ix)
{
    if (!ix || ix->wdb || !vb_path_is_dir(ix->path)) return 0;
    nanosleep(&(struct timespec){ 0, 20 * 1000000L }, NULL);
    return reopen_dir_now(ix);
}

/* Move the read-only IX to the last commit of the index at its path. */
static vb_status_t reopen_latest(vb_index_t *ix)
{
    struct stat sb;
    /* another directory at PATH (a parallel build or rebuild swapped it in):
     * Xapian's reopen() would read the new version file with the old tables
     * and answer wrongly without an error (test-serve.sh: a phrase in 72
     * clauses found in none) */
    if (ix->rl_dir && stat(ix->path, &sb) == 0 && (sb.st_dev != ix->dir_dev || sb.st_ino != ix->dir_ino) &&
        reopen_dir_now(ix))
        return VB_OK;
    int changed = 0;
    vb_status_t st = vb_index_xerr(vbx_db_reopen(ix->db, &changed), ix->path);
    if ((st == VB_ERR_XAPIAN || st == VB_ERR_DB_CORRUPT) && vb_index_reopen_dir(ix)) st = VB_OK;
    return st;
}

vb_status_t vb_index_reopen(vb_index_t *ix)
{
    if (!ix || ix->wdb || ix->rl_depth) return VB_ERR_INVALID_ARG;
    vb_clear_error();
    return reopen_latest(ix);
}

/* Hold the revision IX reads (revlock.h): a shared lock on its byte. */
static void hold_revision(vb_index_t *ix)
{
    if (ix->wdb || !ix->rl_dir || ix->rl_held) return;
    /* opened here, not when the index is: an index written before there
     * were revision locks gets its lock file from the next indexer run */
    if (ix->rl_fd < 0) ix->rl_fd = vb_revlock_open(ix->path, 0);
    for (int tries = 0; ix->rl_fd >= 0 && tries < 8; tries++) {
        uint64_t rev;
        if (vbx_db_get_revision(ix->db, &rev) != VB_OK) return;
        int r = vb_revlock_share(ix->rl_fd, rev);
        if (r == 1) {
            ix->rl_rev = rev;
            ix->rl_held = 1;
        }
        if (r != 0) return;
        /* the indexer is writing over REV: a newer revision is committed */
        if (reopen_latest(ix) != VB_OK) return;
    }
}

static void release_revision(vb_index_t *ix)
{
    if (!ix->rl_held) return;
    vb_revlock_release(ix->rl_fd, ix->rl_rev);
    ix->rl_held = 0;
}

void vb_index_read_begin(vb_index_t *ix)
{
    if (!ix || ix->rl_depth++ > 0) return;   /* nested (a read from a callback): the outer one holds */
    hold_revision(ix);
}

/* What one read memoized (query/status.c) is not the index's next state. */
static void drop_memo(vb_index_t *ix)
{
    vb_legal_memo_free(ix->memo);
    ix->memo = NULL;
}

void vb_index_read_end(vb_index_t *ix)
{
    if (!ix || ix->rl_depth == 0 || --ix->rl_depth > 0) return;
    drop_memo(ix);
    release_revision(ix);
}

int vb_index_read_recover(vb_index_t *ix, vb_status_t st, int tries)
{
    /* An indexer committing twice while we read (after waiting for us at
     * most VB_REVLOCK_WAIT_MS) makes Xapian throw DatabaseModifiedError: the
     * newer revision is there to read. An indexer swapping in a new index
     * directory (parallel build, rebuild) can leave a handle with files of
     * both (DatabaseError, "EOF reading block"): open it afresh. */
    if ((st != VB_ERR_XAPIAN && st != VB_ERR_DB_CORRUPT) || tries >= 5) return 0;
    /* a read nested in another's callback cannot move the handle under it */
    if (ix->rl_depth > 1) return 0;
    release_revision(ix);
    drop_memo(ix);
    if (vbx_last_error_was_modified()) {
        if (ix->wdb || reopen_latest(ix) != VB_OK) return 0;
    } else if (ix->wdb || !vb_index_reopen_dir(ix)) {
        return 0;
    }
    hold_revision(ix);
    return 1;
}

