/* Opening an index for reading: a database directory, or a stub file listing
 * local and remote shards (each opened here, with a timeout; unreachable ones
 * left out when asked). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include "read/handle.h"

static void note_missing(vb_index_t *ix, const char *shard, const char *why)
{
    vb_buf_t b = { 0 };
    if (ix->missing) vb_buf_printf(&b, "%s\n", ix->missing);
    vb_buf_printf(&b, "%s (%s)", shard, why);
    char *m = vb_buf_steal(&b);
    if (m) {
        free(ix->missing);
        ix->missing = m;
        ix->nmissing++;
    }
}

void vb_read_free_shards(vb_index_t *ix)
{
    for (size_t i = 0; i < ix->nshards; i++) {
        free(ix->shards[i].path);
        free(ix->shards[i].pages);
    }
    free(ix->shards);
    ix->shards = NULL;
    ix->nshards = 0;
}

/* Note a shard opened: its local PATH, or for a remote one the page server
 * PAGES (either may be NULL). 0 when out of memory. */
static int note_shard(vb_index_t *ix, const char *path, const char *pages)
{
    vb_shard_t *ns = realloc(ix->shards, (ix->nshards + 1) * sizeof *ns);
    if (!ns) return 0;
    ix->shards = ns;
    vb_shard_t *s = &ns[ix->nshards];
    s->path = path ? vb_strndup(path, strlen(path)) : NULL;
    s->pages = pages ? vb_strndup(pages, strlen(pages)) : NULL;
    if ((path && !s->path) || (pages && !s->pages)) {
        free(s->path);
        free(s->pages);
        return 0;
    }
    ix->nshards++;
    return 1;
}

/* "HOST:PORT" with a port in 1..65535 (HOST not empty)? */
static int host_port_ok(const char *a)
{
    const char *colon = strrchr(a, ':');
    if (!colon || colon == a) return 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    return colon[1] && !*end && port > 0 && port <= 65535;
}

/* One shard line of a stub file, as parsed and then opened. */
typedef struct {
    char name[PATH_MAX + 64];   /* a local shard's path; a remote one's "HOST:PORT" */
    char pages[PATH_MAX + 64];  /* a remote shard's page server, or "" */
    int remote;
    unsigned port, timeout;
    vbx_db_t *db;               /* opened */
    vb_status_t st;
    char err[512];              /* why not (the binding's message, per thread) */
    pthread_t th;
    int started;
} stub_shard_t;

static void open_shard(stub_shard_t *e)
{
    if (e->remote) {
        char host[PATH_MAX + 64];
        snprintf(host, sizeof host, "%s", e->name);
        *strrchr(host, ':') = '\0';
        e->st = vbx_db_open_remote(host, e->port, e->timeout, e->timeout, &e->db);
    } else {
        e->st = vbx_db_open(e->name, &e->db);
    }
    if (e->st != VB_OK) snprintf(e->err, sizeof e->err, "%s", vbx_last_error());
}

static void *open_shard_thread(void *arg)
{
    open_shard(arg);
    return NULL;
}

/* Parse LINE (a stub file's line, changed in place) into *E: 1; 0 for a
 * line we do not know; -1 for a blank or comment line. DIR: the stub's
 * directory, for relative paths. */
static int parse_stub_line(char *line, const char *dir, unsigned timeout, stub_shard_t *e)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p || *p == '#') return -1;
    char *arg = p + strcspn(p, " \t");
    if (*arg) *arg++ = '\0';
    while (*arg == ' ' || *arg == '\t') arg++;
    memset(e, 0, sizeof *e);
    e->timeout = timeout;
    if (strcmp(p, "remote") == 0) {   /* "remote HOST:PORT [pages HOST:PORT]" */
        char *sp = arg + strcspn(arg, " \t");
        if (*sp) {
            *sp++ = '\0';
            sp += strspn(sp, " \t");
            if (strncmp(sp, "pages", 5) != 0 || (sp[5] != ' ' && sp[5] != '\t')) return 0;
            sp += 5 + strspn(sp + 5, " \t");
            sp[strcspn(sp, " \t")] = '\0';
            if (!host_port_ok(sp)) return 0;
            snprintf(e->pages, sizeof e->pages, "%s", sp);
        }
        const char *colon = strrchr(arg, ':');
        if (arg[0] == ':' || !colon) return 0;
        char *end;
        long port = strtol(colon + 1, &end, 10);
        if (*end || port <= 0 || port > 65535) return 0;
        e->remote = 1;
        e->port = (unsigned)port;
        snprintf(e->name, sizeof e->name, "%s", arg);
        return 1;
    }
    if (strcmp(p, "auto") == 0 || strcmp(p, "glass") == 0 || strcmp(p, "chert") == 0) {
        if (arg[0] == '/') snprintf(e->name, sizeof e->name, "%s", arg);
        else snprintf(e->name, sizeof e->name, "%s%s", dir, arg);
        return 1;
    }
    return 0;
}

/* Open every shard a stub file lists, ourselves, so that remote shards get a
 * timeout and unreachable ones can be left out. 1: handled; 0: a line we do
 * not know (Xapian's own reader then takes the file). The remote shards are
 * opened at the same time, in threads: each is a connection to xapian-tcpsrv,
 * which forks and opens its database before it greets (3-4 ms on loopback,
 * one after the other before). */
static int open_stub(vb_index_t *ix, const char *path, const vb_open_opts_t *o, vb_status_t *st)
{
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = '\0';
    else dir[0] = '\0';
    unsigned timeout = o && o->timeout_ms ? o->timeout_ms : 10000;
    ix->timeout_ms = timeout;
    *st = VB_OK;
    stub_shard_t *es = NULL;
    size_t n = 0, cap = 0;
    char line[PATH_MAX + 64];
    int handled = 1;
    while (fgets(line, sizeof line, f)) {
        stub_shard_t *g = vb_grow(es, n, &cap, sizeof *es);
        if (!g) { *st = VB_ERR_NOMEM; break; }
        es = g;
        int r = parse_stub_line(line, dir, timeout, &es[n]);
        if (r == 0) { handled = 0; break; }
        if (r == 1) n++;
    }
    fclose(f);
    if (!handled) {
        free(es);
        return 0;
    }
    for (size_t i = 0; *st == VB_OK && i < n; i++)
        if (es[i].remote) es[i].started = pthread_create(&es[i].th, NULL, open_shard_thread, &es[i]) == 0;
    for (size_t i = 0; *st == VB_OK && i < n; i++)
        if (!es[i].started) open_shard(&es[i]);
    for (size_t i = 0; i < n; i++)
        if (es[i].started) pthread_join(es[i].th, NULL);
    vbx_db_t *all = NULL;
    size_t opened = 0;
    if (*st == VB_OK) *st = vb_index_xerr(vbx_db_new_empty(&all), path);
    for (size_t i = 0; i < n; i++) {   /* in the stub's order; after a failure, only freed */
        stub_shard_t *e = &es[i];
        if (*st != VB_OK) {
            /* the first failure in the stub's order is the one reported */
        } else if (e->st == VB_OK) {
            if (e->remote) ix->remote = 1;
            *st = vb_index_xerr(vbx_db_add_shard(all, e->db), e->name);
            if (*st == VB_OK && !note_shard(ix, e->remote ? NULL : e->name, e->pages[0] ? e->pages : NULL))
                *st = VB_ERR_NOMEM;
            opened++;
        } else if (o && o->partial) {
            note_missing(ix, e->name, e->err);
        } else {
            vb_set_error("shard %s: %s", e->name, e->err);
            *st = e->st;
        }
        vbx_db_free(e->db);
    }
    free(es);
    if (*st == VB_OK && opened == 0) {
        vb_set_error("%s: no shard could be opened%s%s", path, ix->missing ? ": " : "", ix->missing ? ix->missing : "");
        *st = VB_ERR_DB_NOT_FOUND;
    }
    if (*st == VB_OK) ix->db = all;
    else vbx_db_free(all);
    return 1;
}

vb_status_t vb_path_shard(const char *path, unsigned nshards, unsigned *shard)
{
    if (!path || !nshards || !shard) return VB_ERR_INVALID_ARG;
    char real[PATH_MAX];
    if (!realpath(path, real)) return VB_ERR_IO;
    *shard = (unsigned)(vb_hash64(real, strlen(real), VB_HASH_INIT) % nshards);
    return VB_OK;
}

size_t vb_index_missing_shards(const vb_index_t *ix, const char **names)
{
    if (!ix) return 0;
    if (names) *names = ix->missing;
    return ix->nmissing;
}

void vb_read_note_dir(vb_index_t *ix, const struct stat *sb)
{
    ix->dir_dev = sb->st_dev;
    ix->dir_ino = sb->st_ino;
}

/* Open IX->path read-only: a stub file of shards, else a database directory
 * (then the revision locks of read/reopen.c apply to it). */
vb_status_t vb_read_open(vb_index_t *ix, const vb_open_opts_t *opts)
{
    vb_status_t st;
    const char *path = ix->path;
    if (vb_path_is_file(path) && open_stub(ix, path, opts, &st)) {
        if (st == VB_OK) st = vb_index_check_schema(ix, 0);
        return st;
    }
    /* An indexer swapping in a new index (parallel build, rebuild) while
     * we open it can leave us with files of both: try again, briefly. */
    struct stat dir_before;
    if (stat(path, &dir_before) != 0) memset(&dir_before, 0, sizeof dir_before);
    for (int tries = 0;; tries++) {
        st = vb_index_xerr(vbx_db_open(path, &ix->db), path);
        if (st == VB_OK) st = vb_index_check_schema(ix, 0);
        if ((st != VB_ERR_XAPIAN && st != VB_ERR_DB_CORRUPT) || tries == 4 || !vb_path_is_dir(path)) break;
        vbx_db_free(ix->db);
        ix->db = NULL;
        nanosleep(&(struct timespec){ 0, 20 * 1000000L }, NULL);
    }
    if (st == VB_OK) {
        ix->rl_dir = 1;   /* its lock file is opened by the first read (hold_revision) */
        vb_read_note_dir(ix, &dir_before);
    }
    return st;
}
