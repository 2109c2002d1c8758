/* The writer's side of the index handle: opening for writing (in place, or a
 * rebuild written aside), transactions, commits, and swapping a new index
 * directory in; the revision locks a writer takes for the searches it must
 * not write under (read/revlock.h). */
#define _GNU_SOURCE 1 /* renameat2 */
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <sys/file.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include "write/writer.h"
#include "read/revlock.h"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

void vb_rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* --rebuild: the new index is written aside, at PATH.rebuild, while PATH stays
 * as it was for readers (and a kill leaves it as it was); the first
 * vb_index_commit() swaps it in. PATH is held open meanwhile, only for its
 * write lock, so that a second indexer still refuses. 1: done (see *ST);
 * 0: PATH cannot be opened at all (damaged): the caller rebuilds in place. */
static int open_aside(vb_index_t *ix, vb_status_t *st)
{
    *st = vbx_wdb_open(ix->path, VBX_DB_CREATE_OR_OPEN, &ix->live);
    if (*st == VB_ERR_DB_LOCKED || *st == VB_ERR_NOMEM) {
        vb_index_xerr(*st, ix->path);
        return 1;
    }
    if (*st != VB_OK) {
        vbx_wdb_free(ix->live);
        ix->live = NULL;
        return 0;
    }
    vb_buf_t b = { 0 };
    vb_buf_printf(&b, "%s.rebuild", ix->path);
    char *aside = vb_buf_steal(&b);
    if (!aside) {
        vbx_wdb_free(ix->live);
        ix->live = NULL;
        *st = VB_ERR_NOMEM;
        return 1;
    }
    ix->live_path = ix->path;
    ix->path = aside;
    vb_rm_tree(aside);   /* what a killed rebuild left */
    *st = vb_index_xerr(vbx_wdb_open(aside, VBX_DB_CREATE_OR_OVERWRITE, &ix->wdb), aside);
    return 1;
}

/* The writer of a live index, before it writes the next revision: wait for
 * the searches still reading the revision that writing discards (revlock.h),
 * and keep them out until the next commit. Not for a rebuild written aside:
 * nobody reads it. Called after opening, after each commit, after a swap. */
static void writer_guard(vb_index_t *ix)
{
    if (!ix->wdb || ix->live || ix->closing) return;
    if (ix->rl_held) vb_revlock_release(ix->rl_fd, ix->rl_rev);
    ix->rl_held = 0;
    if (ix->rl_fd < 0) ix->rl_fd = vb_revlock_open(ix->path, 1);
    uint64_t rev = 0;
    if (ix->rl_fd < 0 || vbx_db_get_revision(ix->db, &rev) != VB_OK || rev == 0) return;
    if (vb_revlock_exclude(ix->rl_fd, rev - 1, VB_REVLOCK_WAIT_MS) == 1) {
        ix->rl_rev = rev - 1;
        ix->rl_held = 1;
    }
}

/* The index directory was swapped: the lock file is the new directory's. */
static void writer_guard_new_dir(vb_index_t *ix)
{
    if (ix->rl_fd >= 0) close(ix->rl_fd);
    ix->rl_fd = -1;
    ix->rl_held = 0;
    writer_guard(ix);
}

static vb_status_t end_txn(vb_index_t *ix)
{
    if (!ix->in_txn) return VB_OK;
    ix->in_txn = 0;
    ix->txn_files = ix->txn_bytes = 0;
    return vb_index_xerr(vbx_wdb_commit_transaction(ix->wdb), ix->path);
}

vb_status_t vb_write_begin_txn(vb_index_t *ix)
{
    if (ix->in_txn) return VB_OK;
    vb_status_t st = vb_index_xerr(vbx_wdb_begin_transaction(ix->wdb, 0), ix->path);
    if (st == VB_OK) ix->in_txn = 1;
    return st;
}

vb_status_t vb_write_commit_here(vb_index_t *ix)
{
    vb_status_t st = end_txn(ix);
    if (st == VB_OK) st = vb_index_xerr(vbx_wdb_commit(ix->wdb), ix->path);
    if (st == VB_OK && !ix->closing) writer_guard(ix);
    return st;
}

/* ------------------------------------------------------------------ the writer's lock file */

/* Xapian's write lock lives inside the database directory, so it does not
 * survive a swap: between the rename that puts a new directory at PATH and
 * the reopen of PATH, nobody holds the new directory's lock, and a second
 * indexer could take the index and find its PATH.new deleted by the first
 * (test-disk-concurrency.sh, "two indexers", failed so under load). The
 * writer therefore also holds PATH.lock, beside the database, for as long
 * as it writes: flock() on a file that no swap moves. It is removed at
 * close; whoever opened it meanwhile finds it is not the file at that name
 * any more and takes the new one (the usual unlink-safe lock file). */
static vb_status_t take_writer_lock(vb_index_t *ix)
{
    vb_buf_t b = { 0 };
    vb_buf_printf(&b, "%s.lock", ix->path);
    char *lp = vb_buf_steal(&b);
    if (!lp) return VB_ERR_NOMEM;
    for (int tries = 0; tries < 16; tries++) {
        int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0644);
        if (fd < 0) {
            int e = errno;
            free(lp);
            /* no room for it beside the index (a read-only parent): Xapian's lock alone,
             * as before; a parallel build or rebuild cannot write PATH.new there either */
            if (e == EACCES || e == EROFS || e == EPERM) return VB_OK;
            vb_set_error("%s.lock: %s", ix->path, strerror(e));
            errno = e;
            return VB_ERR_IO;
        }
        struct stat a, c;
        if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
            close(fd);
            vb_set_error("%s: not a regular file", lp);
            free(lp);
            return VB_ERR_IO;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            if (e == EWOULDBLOCK) {
                vb_set_error("%s: another vanban-index holds %s", ix->path, lp);
                free(lp);
                return VB_ERR_DB_LOCKED;
            }
            vb_set_error("%s: %s", lp, strerror(e));
            free(lp);
            return VB_ERR_IO;
        }
        if (stat(lp, &c) == 0 && c.st_dev == a.st_dev && c.st_ino == a.st_ino) {
            ix->wl_fd = fd;
            ix->wl_path = lp;
            return VB_OK;
        }
        close(fd);   /* its holder removed it as we took it: the name is another file now */
    }
    vb_set_error("%s: the lock file keeps changing", lp);
    free(lp);
    return VB_ERR_DB_LOCKED;
}

static void release_writer_lock(vb_index_t *ix)
{
    if (ix->wl_fd < 0) return;
    unlink(ix->wl_path);   /* while still held: see take_writer_lock() */
    close(ix->wl_fd);
    ix->wl_fd = -1;
    free(ix->wl_path);
    ix->wl_path = NULL;
}

/* ------------------------------------------------------------------ open, swap, close */

/* A Xapian (glass) database directory: only such a directory is ever
 * swapped away and deleted by a rebuild, never a directory of other files
 * given to --db by mistake (that one gets the database files added, as before). */
static int is_glass_db(const char *path)
{
    char p[PATH_MAX + 16];
    if ((size_t)snprintf(p, sizeof p, "%s/iamglass", path) >= sizeof p) return 0;
    return vb_path_is_dir(path) && vb_path_is_file(p);
}

/* Let go of everything the writer holds (a failed open, or close). */
static void abandon(vb_index_t *ix)
{
    vbx_wdb_free(ix->wdb);   /* cancels a transaction left open by a failure */
    ix->wdb = NULL;
    ix->db = NULL;
    if (ix->live) {
        vbx_wdb_free(ix->live);
        ix->live = NULL;
        vb_rm_tree(ix->path);   /* the rebuild aside, never swapped in */
        free(ix->path);
        ix->path = ix->live_path;
        ix->live_path = NULL;
    }
    release_writer_lock(ix);
}

vb_status_t vb_write_open(vb_index_t *ix, unsigned flags)
{
    ix->wl_fd = -1;
    vb_status_t st = take_writer_lock(ix);
    if (st != VB_OK) return st;
    int overwrite = (flags & VB_INDEX_OVERWRITE) != 0;
    if (!(overwrite && is_glass_db(ix->path) && open_aside(ix, &st))) {
        int f = overwrite ? VBX_DB_CREATE_OR_OVERWRITE : VBX_DB_CREATE_OR_OPEN;
        st = vb_index_xerr(vbx_wdb_open(ix->path, f, &ix->wdb), ix->path);
    }
    if (st == VB_OK) {
        ix->db = vbx_wdb_db(ix->wdb);
        st = vb_index_check_schema(ix, 1);
    }
    if (st == VB_OK) writer_guard(ix);
    else abandon(ix);
    return st;
}

/* Swap the complete, closed index at NEWDIR in at TARGET and write there from
 * now on; OLD is the writer holding the index that was at TARGET (now at
 * NEWDIR, deleted). The lock file keeps other indexers out meanwhile. */
static vb_status_t swap_dirs(vb_index_t *ix, const char *newdir, const char *target, vbx_wdb_t **old)
{
    if (renameat2(AT_FDCWD, newdir, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
        vb_set_error("%s: cannot swap in the new index %s: %s", target, newdir, strerror(errno));
        return VB_ERR_IO;
    }
    vb_test_pause("swap");   /* the window the lock file closes (test-disk-concurrency.sh) */
    vbx_wdb_free(*old);
    *old = NULL;
    if (old != &ix->wdb) vbx_wdb_free(ix->wdb);
    ix->wdb = NULL;
    ix->db = NULL;
    vb_status_t st = vb_index_xerr(vbx_wdb_open(target, VBX_DB_OPEN, &ix->wdb), target);
    vb_rm_tree(newdir);
    if (st == VB_OK) {
        ix->db = vbx_wdb_db(ix->wdb);
        writer_guard_new_dir(ix);
    }
    return st;
}

vb_status_t vb_write_swap_in(vb_index_t *ix, const char *newpath)
{
    return swap_dirs(ix, newpath, ix->path, &ix->wdb);
}

vb_status_t vb_index_commit(vb_index_t *ix)
{
    if (!ix || !ix->wdb) return VB_ERR_INVALID_ARG;
    vb_status_t st = vb_write_commit_here(ix);
    if (st == VB_OK && ix->live) {
        /* the rebuilt index, closed, takes PATH's place; the old one goes */
        st = vb_index_xerr(vbx_wdb_close(ix->wdb), ix->path);
        vbx_wdb_free(ix->wdb);
        ix->wdb = NULL;
        ix->db = NULL;
        if (st != VB_OK) return st;
        char *aside = ix->path;
        ix->path = ix->live_path;
        ix->live_path = NULL;
        st = swap_dirs(ix, aside, ix->path, &ix->live);
        if (st == VB_ERR_IO) {   /* not swapped: still a rebuild aside, for close to drop */
            ix->live_path = ix->path;
            ix->path = aside;
        } else {
            free(aside);
        }
    }
    return st;
}

vb_status_t vb_write_close(vb_index_t *ix)
{
    vb_status_t st = VB_OK;
    if (!ix->live && ix->wdb) {   /* a rebuild never committed: PATH stays as it was */
        ix->closing = 1;
        st = vb_index_commit(ix);
        if (st == VB_OK) st = vb_index_xerr(vbx_wdb_close(ix->wdb), ix->path);
    }
    abandon(ix);
    return st;
}
