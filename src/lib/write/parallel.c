/* The parallel build: worker threads write parts, the main thread merges the
 * index and the parts into a new directory and swaps it in. */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include "write/writer.h"


/* A worker flushes its part after this much source text: Xapian keeps
 * unflushed postings in std::maps, and small maps are faster as well as
 * smaller (real corpus, --jobs 2: flushing every 1 MB instead of once at the
 * end took 6.2 s of CPU instead of 7.2 s, and 43 MB peak RSS instead of 111 MB). */
#define PART_FLUSH_BYTES (1u << 20)



typedef struct {
    vb_pool_t *pool;
    char path[PATH_MAX + 32];
    vbx_wdb_t *wdb;
    vb_status_t st;
    pthread_t tid;
} worker_t;

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    vb_pool_t *p = w->pool;
    size_t pending = 0, pending_files = 0;   /* written since the part's last flush */
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int stop = p->st != VB_OK || p->next == p->ntodo;
        size_t k = stop ? 0 : p->todo[p->next++];
        pthread_mutex_unlock(&p->lock);
        if (stop) break;
        vb_job_t *j = &p->jobs[k];
        vb_status_t st = vb_job_run(j, w->wdb, w->path, p->enc);
        /* flush the part now and then (PART_FLUSH_BYTES): a part of a 400 MB
         * archive held in memory whole would take gigabytes */
        pending += j->res.bytes;
        pending_files++;
        if (st == VB_OK && (pending >= PART_FLUSH_BYTES || pending_files >= TXN_MAX_FILES)) {
            st = vb_index_xerr(vbx_wdb_commit(w->wdb), w->path);
            pending = pending_files = 0;
        }
        pthread_mutex_lock(&p->lock);
        if (st != VB_OK && p->st == VB_OK) {
            p->st = st;
            snprintf(p->st_msg, sizeof p->st_msg, "%s", j->err[0] ? j->err : vb_last_error());
        }
        /* touched files are reported once the main thread has refreshed their stamp */
        if (st == VB_OK && j->res.action != VB_FILE_TOUCHED) vb_job_report(p->fn, p->data, j);
        pthread_mutex_unlock(&p->lock);
    }
    if (p->st == VB_OK) {
        w->st = vb_index_xerr(vbx_wdb_commit(w->wdb), w->path);
        if (w->st != VB_OK) {   /* the message is this thread's: hand it over */
            pthread_mutex_lock(&p->lock);
            if (p->st == VB_OK) {
                p->st = w->st;
                snprintf(p->st_msg, sizeof p->st_msg, "%s", vb_last_error());
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

/* Workers write parts; the main thread then drops the old versions of changed
 * files from the index, compacts index + parts into a new database and swaps
 * it in atomically (renameat2 RENAME_EXCHANGE): a kill at any moment leaves
 * either the old or the new database in place. */
vb_status_t vb_build_parallel(vb_index_t *ix, vb_pool_t *p, unsigned jobs)
{
    worker_t *w = calloc(jobs, sizeof *w);
    if (!w) return VB_ERR_NOMEM;
    vb_status_t st = VB_OK;
    unsigned started = 0;
    for (unsigned k = 0; k < jobs && st == VB_OK; k++) {
        w[k].pool = p;
        snprintf(w[k].path, sizeof w[k].path, "%s.part-%u", ix->path, k);
        vb_rm_tree(w[k].path);
        st = vb_index_xerr(vbx_wdb_open(w[k].path, VBX_DB_CREATE_OR_OVERWRITE | VBX_DB_NO_SYNC, &w[k].wdb), w[k].path);
    }
    for (unsigned k = 0; k < jobs && st == VB_OK; k++) {
        if (pthread_create(&w[k].tid, NULL, worker_main, &w[k]) != 0) {
            pthread_mutex_lock(&p->lock);
            p->st = VB_ERR_NOMEM;
            snprintf(p->st_msg, sizeof p->st_msg, "cannot start a worker thread");
            pthread_mutex_unlock(&p->lock);
            break;
        }
        started++;
    }
    for (unsigned k = 0; k < started; k++) pthread_join(w[k].tid, NULL);
    if (st == VB_OK && p->st != VB_OK) {
        st = p->st;
        vb_set_error("%s", p->st_msg);
    }
    for (unsigned k = 0; k < started && st == VB_OK; k++)
        if (w[k].st != VB_OK) st = w[k].st;
    /* the main thread: stamps of touched files, old versions of replaced ones */
    for (size_t i = 0; st == VB_OK && i < p->ntodo; i++) {
        vb_job_t *j = &p->jobs[p->todo[i]];
        if (j->done) continue;
        if (j->res.action == VB_FILE_TOUCHED) {
            st = vb_job_refresh_stamp(ix, j);
            vb_job_report(p->fn, p->data, j);
        }
    }
    if (st == VB_OK) st = vb_write_commit_here(ix);
    /* merge: index + parts -> new database, then swap */
    char newpath[PATH_MAX + 32];
    snprintf(newpath, sizeof newpath, "%s.new", ix->path);
    vb_rm_tree(newpath);
    vbx_db_t *all = NULL;
    /* the index comes first, even empty: it carries the metadata (schema version) */
    if (st == VB_OK) st = vb_index_xerr(vbx_db_new_empty(&all), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_db_add_shard(all, ix->db), ix->path);
    for (unsigned k = 0; k < jobs && st == VB_OK; k++) {
        vbx_db_t *part = vbx_wdb_db(w[k].wdb);
        st = vb_index_xerr(vbx_db_add_shard(all, part), w[k].path);
    }
    if (st == VB_OK) st = vb_index_xerr(vbx_db_compact(all, newpath, 1), newpath);
    vbx_db_free(all);
    /* the merged copy holds the old version of each replaced file (from the index,
     * lower document ids) and the new one (from a part): drop the old ones there,
     * so that readers of the live index never see a file missing */
    if (st == VB_OK) {
        vbx_wdb_t *nw = NULL;
        st = vb_index_xerr(vbx_wdb_open(newpath, VBX_DB_OPEN, &nw), newpath);
        for (size_t i = 0; st == VB_OK && i < p->ntodo; i++) {
            vb_job_t *j = &p->jobs[p->todo[i]];
            if (j->done || j->res.action != VB_FILE_REPLACED) continue;
            char uid[40];
            size_t n = vb_uid_term(uid, sizeof uid, j->fileid, strlen(j->fileid));
            vbx_postiter_t *it = NULL;
            unsigned ids[8], nids = 0;
            st = vb_index_xerr(vbx_db_postlist(vbx_wdb_db(nw), uid, n, &it), newpath);
            while (st == VB_OK) {
                int has = 0;
                unsigned did, wdf;
                st = vb_index_xerr(vbx_postiter_next(it, &has, &did, &wdf), newpath);
                if (st != VB_OK || !has) break;
                if (nids < 8) ids[nids++] = did;
            }
            vbx_postiter_free(it);
            for (unsigned k = 0; st == VB_OK && k + 1 < nids; k++)
                st = vb_index_xerr(vbx_wdb_delete_document(nw, ids[k]), newpath);
        }
        if (st == VB_OK) st = vb_index_xerr(vbx_wdb_commit(nw), newpath);
        if (st == VB_OK) st = vb_index_xerr(vbx_wdb_close(nw), newpath);
        vbx_wdb_free(nw);
    }
    for (unsigned k = 0; k < jobs; k++) {
        vbx_wdb_free(w[k].wdb);
        vb_rm_tree(w[k].path);
    }
    free(w);
    if (st == VB_OK) st = vb_write_swap_in(ix, newpath);
    vb_rm_tree(newpath);
    return st;
}

