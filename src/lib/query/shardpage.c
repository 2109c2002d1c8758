/* Shard pages (shardpage.h): the request a client sends each shard, the
 * answer a shard gives, the HTTP exchange with the page servers
 * (vanban-serve's /shard/page), and vb_index_shard_page(), which answers. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "query/shardpage.h"
#include "query/termstats.h"

#define MAGIC "vanban-page 1\n"
#define MAX_ANSWER (64u << 20)   /* bytes: a page's clauses take ~80 bytes each */

/* ---- the request: "vanban-page 1", then "k K", "f FLAGS", "n DOCS",
 * "r 0|1" (records wanted), "d DF DF …" and "q QUERY" (to the end: the
 * query may hold anything) */

char *vb_shardreq_format(const char *query, unsigned flags, size_t k, unsigned ndocs, int records,
                         const unsigned *dfs, size_t ndfs)
{
    vb_buf_t b = { 0 };
    vb_buf_printf(&b, MAGIC "k %zu\nf %u\nn %u\nr %d\nd", k, flags, ndocs, records ? 1 : 0);
    for (size_t i = 0; i < ndfs; i++) vb_buf_printf(&b, " %u", dfs[i]);
    vb_buf_printf(&b, "\nq %s", query);
    return vb_buf_steal(&b);   /* NULL when any append ran out of memory */
}

void vb_shardreq_free(shardreq_t *r)
{
    free(r->dfs);
    free(r->query);
    memset(r, 0, sizeof *r);
}


/* "KEY " at *P: advanced past it. */
static int read_key(const char **p, const char *end, char key)
{
    if (end - *p < 2 || (*p)[0] != key || (*p)[1] != ' ') return 0;
    *p += 2;
    return 1;
}

static int read_eol(const char **p, const char *end)
{
    if (*p >= end || **p != '\n') return 0;
    (*p)++;
    return 1;
}

vb_status_t vb_shardreq_parse(const char *s, size_t len, shardreq_t *out)
{
    memset(out, 0, sizeof *out);
    const char *p = s, *end = s + len;
    unsigned long long k = 0, f = 0, n = 0, r = 0;
    size_t ml = strlen(MAGIC);
    if (len < ml || memcmp(s, MAGIC, ml) != 0) goto bad;
    p += ml;
    if (!read_key(&p, end, 'k') || !vb_read_uint(&p, end, 1u << 30, &k) || !read_eol(&p, end) || k == 0) goto bad;
    if (!read_key(&p, end, 'f') || !vb_read_uint(&p, end, UINT32_MAX, &f) || !read_eol(&p, end)) goto bad;
    if (!read_key(&p, end, 'n') || !vb_read_uint(&p, end, UINT32_MAX, &n) || !read_eol(&p, end)) goto bad;
    if (!read_key(&p, end, 'r') || !vb_read_uint(&p, end, 1, &r) || !read_eol(&p, end)) goto bad;
    if (p >= end || *p != 'd') goto bad;
    p++;
    size_t cap = 0;
    while (p < end && *p == ' ') {
        unsigned long long df;
        p++;
        if (!vb_read_uint(&p, end, UINT32_MAX, &df)) goto bad;
        unsigned *d = vb_grow(out->dfs, out->ndfs, &cap, sizeof *d);
        if (!d) { vb_shardreq_free(out); return VB_ERR_NOMEM; }
        out->dfs = d;
        out->dfs[out->ndfs++] = (unsigned)df;
    }
    if (!read_eol(&p, end) || !read_key(&p, end, 'q')) goto bad;
    if (memchr(p, '\0', (size_t)(end - p))) goto bad;
    out->query = vb_strndup(p, (size_t)(end - p));
    if (!out->query) { vb_shardreq_free(out); return VB_ERR_NOMEM; }
    out->k = (size_t)k;
    out->flags = (unsigned)f;
    out->ndocs = (unsigned)n;
    out->records = (int)r;
    return VB_OK;
bad:
    vb_shardreq_free(out);
    vb_set_error("shard page: not a page request (byte %zu)", (size_t)(p - s));
    return VB_ERR_INVALID_ARG;
}

/* ---- the answer: "vanban-page 1", "u UUID" (the shard's Xapian UUID: the
 * client checks that the server serves the shard its stub line names),
 * "t DOCUMENTS CLAUSES MENTIONS ESTIMATED",
 * then "h FILEID DOCID CLAUSE SCORE MENTIONS NTOK UNMARKED" for each clause
 * of the shard's page (DOCID the shard's own; the score exact in %.17g),
 * then, asked with records, each of their documents' records as the
 * records answer below gives them */

/* "u UUID\n" of IX's database. */
static vb_status_t put_uuid(vb_index_t *ix, vb_buf_t *b)
{
    char *u = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_uuid(ix->db, &u), ix->path);
    if (st == VB_OK) vb_buf_printf(b, "u %s\n", u);
    free(u);
    return st;
}

vb_status_t vb_shardanswer_totals(vb_buf_t *b, vb_index_t *ix, const vb_search_stats_t *st)
{
    vb_buf_puts(b, MAGIC);
    vb_status_t s2 = put_uuid(ix, b);
    vb_buf_printf(b, "t %zu %zu %zu %d\n", st->total_documents, st->total_clauses, st->total_mentions,
                  st->totals_estimated ? 1 : 0);
    return s2;
}

/* The "u UUID" line at *P (advanced past it): 1 when it is UUID. */
static int read_uuid(const char **p, const char *end, const char *uuid)
{
    size_t ul = strlen(uuid);
    if (!read_key(p, end, 'u') || (size_t)(end - *p) < ul + 1 || memcmp(*p, uuid, ul) != 0 || (*p)[ul] != '\n')
        return 0;
    *p += ul + 1;
    return 1;
}

void vb_shardanswer_hit(vb_buf_t *b, const shardhit_t *h)
{
    vb_buf_printf(b, "h %s %u %u %.17g %u %u %d\n", h->fileid, h->docid, (unsigned)h->clause, h->score,
                  (unsigned)h->mentions, (unsigned)h->ntok, h->unmarked ? 1 : 0);
}

/* " N" at *P: a space, then an unsigned decimal of at most MAX. */
static int read_field(const char **p, const char *end, unsigned long long max, unsigned long long *out)
{
    if (*p >= end || **p != ' ') return 0;
    (*p)++;
    return vb_read_uint(p, end, max, out);
}

/* One "h" line at *P (advanced past it) into H; the docid as the client's
 * database numbers it, shard SHARD of NSHARDS interleaved. 0: not one. */
static int read_hit(const char **p, const char *end, size_t shard, size_t nshards, shardhit_t *h)
{
    memset(h, 0, sizeof *h);
    if (!read_key(p, end, 'h') || end - *p < 16) return 0;
    for (int i = 0; i < 16; i++) {
        char c = (*p)[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
    }
    memcpy(h->fileid, *p, 16);
    *p += 16;
    unsigned long long docid, clause, mentions, ntok, unmarked;
    if (!read_field(p, end, UINT32_MAX, &docid) || !read_field(p, end, UINT32_MAX, &clause)) return 0;
    if (*p >= end || **p != ' ') return 0;
    const char *sc = ++*p;   /* the score: "%.17g" of a finite, non-negative double */
    while (*p < end && **p != ' ' && **p != '\n') (*p)++;
    char num[40];
    size_t sl = (size_t)(*p - sc);
    if (!sl || sl >= sizeof num) return 0;
    memcpy(num, sc, sl);
    num[sl] = '\0';
    char *e;
    h->score = strtod(num, &e);
    if (*e || !(h->score >= 0) || h->score > 1e300) return 0;
    if (!read_field(p, end, UINT32_MAX, &mentions) || !read_field(p, end, UINT32_MAX, &ntok) ||
        !read_field(p, end, 1, &unmarked) || !read_eol(p, end) || docid == 0)
        return 0;
    unsigned long long did = (docid - 1) * nshards + shard + 1;   /* Xapian's interleaving of shards */
    if (did > UINT32_MAX) return 0;
    h->docid = (unsigned)did;
    h->clause = (uint32_t)clause;
    h->mentions = (uint32_t)mentions;
    h->ntok = (uint32_t)ntok;
    h->unmarked = (int)unmarked;
    return 1;
}

static int read_record(const char **p, const char *end, size_t shard, size_t nshards, shardrec_t *r);

/* Add the answer S (LEN bytes) of shard SHARD (of NSHARDS, Xapian UUID
 * UUID) to OUT; its records point into S, which must live as long as OUT.
 * 0: not an answer, not that shard's (or out of memory). */
static int answer_add(shardpages_t *out, const char *s, size_t len, size_t shard, size_t nshards, const char *uuid)
{
    const char *p = s, *end = s + len;
    size_t ml = strlen(MAGIC);
    unsigned long long t[4];
    if (len < ml || memcmp(s, MAGIC, ml) != 0) return 0;
    p += ml;
    if (!read_uuid(&p, end, uuid)) return 0;
    if (!read_key(&p, end, 't')) return 0;
    for (int i = 0; i < 4; i++) {
        if (i && (p >= end || *p++ != ' ')) return 0;
        if (!vb_read_uint(&p, end, SIZE_MAX, &t[i])) return 0;
    }
    if (!read_eol(&p, end)) return 0;
    while (p < end && *p == 'h') {
        shardhit_t *nh = vb_grow(out->hits, out->n, &out->cap, sizeof *nh);
        if (!nh) return 0;
        out->hits = nh;
        if (!read_hit(&p, end, shard, nshards, &out->hits[out->n])) return 0;
        out->n++;
    }
    while (p < end) {
        shardrec_t *nr = vb_grow(out->recs, out->nrecs, &out->caprecs, sizeof *nr);
        if (!nr) return 0;
        out->recs = nr;
        if (!read_record(&p, end, shard, nshards, &out->recs[out->nrecs])) return 0;
        out->nrecs++;
    }
    out->documents += (size_t)t[0];
    out->clauses += (size_t)t[1];
    out->mentions += (size_t)t[2];
    out->estimated |= t[3] != 0;
    return 1;
}

/* ---- HTTP/1.0 to a page server */

static void url_encode(vb_buf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            vb_buf_putc(b, (char)c);
        } else {
            vb_buf_putc(b, '%');
            vb_buf_putc(b, hex[c >> 4]);
            vb_buf_putc(b, hex[c & 15]);
        }
    }
}

/* Connect to HOSTPORT ("HOST:PORT", HOST maybe "[v6]") within TIMEOUT_MS;
 * the socket, or -1 with ERR filled. */
static int connect_to(const char *hostport, unsigned timeout_ms, char *err, size_t errcap)
{
    char host[256], port[8];
    const char *colon = strrchr(hostport, ':');
    size_t hl = colon ? (size_t)(colon - hostport) : 0;
    if (!colon || hl == 0 || hl >= sizeof host || strlen(colon + 1) >= sizeof port) {
        snprintf(err, errcap, "not HOST:PORT");
        return -1;
    }
    memcpy(host, hostport, hl);
    host[hl] = '\0';
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = '\0';
    }
    snprintf(port, sizeof port, "%s", colon + 1);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai != 0) {
        snprintf(err, errcap, "%s", gai_strerror(gai));
        return -1;
    }
    int fd = -1;
    snprintf(err, errcap, "no address");
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        int rc = connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            struct pollfd pf = { fd, POLLOUT, 0 };
            rc = poll(&pf, 1, (int)timeout_ms);
            if (rc == 1) {
                int e = 0;
                socklen_t el = sizeof e;
                rc = getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && e == 0 ? 0 : -1;
                if (rc) errno = e;
            } else {
                if (rc == 0) errno = ETIMEDOUT;
                rc = -1;
            }
        }
        if (rc != 0) {
            snprintf(err, errcap, "%s", strerror(errno));
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd >= 0) {   /* blocking from here, each exchange bounded by the timeout */
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        struct timeval tv = { (time_t)(timeout_ms / 1000), (suseconds_t)(timeout_ms % 1000) * 1000 };
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
    return fd;
}

/* GET /shard/page?r=REQ from HOSTPORT: the body of a 200 answer into BODY.
 * 0 on failure, ERR saying why. */
static int page_get(const char *hostport, const char *req, unsigned timeout_ms, vb_buf_t *body, char *err,
                    size_t errcap)
{
    int fd = connect_to(hostport, timeout_ms, err, errcap);
    if (fd < 0) return 0;
    vb_buf_t q = { 0 };
    vb_buf_puts(&q, "GET /shard/page?r=");
    url_encode(&q, req);
    vb_buf_printf(&q, " HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n", hostport);
    char *msg = vb_buf_steal(&q);
    int ok = msg != NULL;
    if (!ok) snprintf(err, errcap, "out of memory");
    for (size_t sent = 0, len = msg ? strlen(msg) : 0; ok && sent < len;) {
        ssize_t w = send(fd, msg + sent, len - sent, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { snprintf(err, errcap, "sending: %s", w < 0 ? strerror(errno) : "closed"); ok = 0; }
        else sent += (size_t)w;
    }
    free(msg);
    vb_buf_t in = { 0 };
    while (ok) {
        if (!vb_buf_reserve(&in, 65536)) { snprintf(err, errcap, "out of memory"); ok = 0; break; }
        ssize_t r = recv(fd, in.data + in.len, 65536, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            snprintf(err, errcap, "%s", errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : strerror(errno));
            ok = 0;
        } else if (r == 0) {
            break;
        } else if ((in.len += (size_t)r) > MAX_ANSWER) {
            snprintf(err, errcap, "answer too long");
            ok = 0;
        }
    }
    close(fd);
    const char *hend = ok ? vb_memmem(in.data, in.len, "\r\n\r\n", 4) : NULL;
    if (ok && (!hend || in.len < 12 || memcmp(in.data, "HTTP/1.", 7) != 0 || memcmp(in.data + 8, " 200", 4) != 0)) {
        size_t sl = 0;
        while (sl < in.len && sl < 80 && in.data[sl] != '\r' && in.data[sl] != '\n') sl++;
        snprintf(err, errcap, "answered %.*s", (int)sl, in.len ? in.data : "nothing");
        ok = 0;
    }
    if (ok) {
        size_t off = (size_t)(hend + 4 - in.data);
        vb_buf_append(body, in.data + off, in.len - off);
    }
    vb_buf_free(&in);
    return ok;
}

/* ---- asking every shard */

typedef struct {
    const char *pages, *req;
    unsigned timeout_ms;
    vb_buf_t body;
    int ok;
    char err[160];
    pthread_t th;
    int started;         /* TH runs it (else it ran in the caller) */
} ask_t;

static void *ask_remote(void *arg)
{
    ask_t *a = arg;
    a->ok = page_get(a->pages, a->req, a->timeout_ms, &a->body, a->err, sizeof a->err);
    return NULL;
}

/* Send REQ to page server PAGES in a thread of its own (here when none can
 * be started); ask_wait() for the answer. */
static void ask_start(ask_t *a, const vb_index_t *ix, const char *pages, const char *req)
{
    a->pages = pages;
    a->req = req;
    a->timeout_ms = ix->timeout_ms ? ix->timeout_ms : 10000;
    a->started = pthread_create(&a->th, NULL, ask_remote, a) == 0;
    if (!a->started) ask_remote(a);
}

static void ask_wait(ask_t *a)
{
    if (a->started) pthread_join(a->th, NULL);
    a->started = 0;
}

/* The Xapian UUIDs of IX's shards, in order (IX->nshards of them, pointing
 * into *ALL, which the caller frees); VB_ERR_NOT_FOUND when they are not
 * one per shard. */
static vb_status_t shard_uuids(vb_index_t *ix, char **all, const char **uuids)
{
    vb_status_t st = vb_index_xerr(vbx_db_uuid(ix->db, all), ix->path);
    if (st != VB_OK) return st;
    char *p = *all;
    for (size_t i = 0; i < ix->nshards; i++) {
        uuids[i] = p;
        p += strcspn(p, ":");
        if (i + 1 < ix->nshards) {
            if (*p != ':') return VB_ERR_NOT_FOUND;
            *p++ = '\0';
        }
    }
    return *p || !**all ? VB_ERR_NOT_FOUND : VB_OK;
}

/* What ask_all() hands each answer to: shard SHARD's (of NSHARDS) answer
 * BODY (LEN bytes and a NUL; NULL when out of memory), taken: TAKE keeps or
 * frees it. It must be the answer of the shard whose Xapian UUID is UUID.
 * 0: it is not. */
typedef int (*take_fn)(void *data, size_t shard, size_t nshards, char *body, size_t len, const char *uuid);
/* A local shard SIX's answer to REQ, appended to B. */
typedef vb_status_t (*local_fn)(vb_index_t *six, const char *req, vb_buf_t *b);

/* Ask every shard of IX (a stub) REQ: the remote ones through their page
 * servers at the same time, in threads; the local ones here meanwhile,
 * through LOCAL. Each answer goes to TAKE (with DATA), in shard order.
 * VB_ERR_NOT_FOUND: a remote shard has no page server, or the shards'
 * UUIDs do not tell them apart; any other status but VB_OK: a shard failed
 * or gave an answer TAKE refused (the error says which). */
static vb_status_t ask_all(vb_index_t *ix, const char *req, local_fn local, take_fn take, void *data)
{
    if (!ix->nshards) return VB_ERR_NOT_FOUND;
    for (size_t i = 0; i < ix->nshards; i++)
        if (!ix->shards[i].path && !ix->shards[i].pages) return VB_ERR_NOT_FOUND;
    char *uall = NULL;
    const char **uuids = calloc(ix->nshards, sizeof *uuids);
    ask_t *asks = calloc(ix->nshards, sizeof *asks);
    vb_status_t st = uuids && asks ? shard_uuids(ix, &uall, uuids) : VB_ERR_NOMEM;
    for (size_t i = 0; i < ix->nshards && st == VB_OK; i++)
        if (ix->shards[i].pages) ask_start(&asks[i], ix, ix->shards[i].pages, req);
    for (size_t i = 0; i < ix->nshards && st == VB_OK; i++) {
        if (ix->shards[i].pages) continue;
        vb_index_t *six = NULL;
        vb_buf_t b = { 0 };
        st = vb_index_open(ix->shards[i].path, VB_INDEX_READ, &six);
        if (st == VB_OK) st = local(six, req, &b);
        vb_index_close(six);
        size_t bl = b.len;
        char *body = st == VB_OK ? vb_buf_steal(&b) : NULL;
        vb_buf_free(&b);
        if (st == VB_OK && !take(data, i, ix->nshards, body, bl, uuids[i])) {
            vb_set_error("shard %s: not an answer of that shard", ix->shards[i].path);
            st = VB_ERR_XAPIAN;
        } else if (st != VB_OK) {
            free(body);
        }
    }
    for (size_t i = 0; asks && i < ix->nshards; i++) {
        ask_wait(&asks[i]);
        if (!asks[i].pages) continue;
        if (st == VB_OK && !asks[i].ok) {
            vb_set_error("page server %s: %s", asks[i].pages, asks[i].err);
            st = VB_ERR_IO;
        }
        size_t bl = asks[i].body.len;
        char *body = st == VB_OK ? vb_buf_steal(&asks[i].body) : NULL;
        vb_buf_free(&asks[i].body);
        if (st == VB_OK && !take(data, i, ix->nshards, body, bl, uuids[i])) {
            vb_set_error("page server %s: not an answer of that shard", asks[i].pages);
            st = VB_ERR_IO;
        }
    }
    free(asks);
    free(uall);
    free(uuids);
    return st;
}

/* A local shard's page: the client reads a local shard's documents itself,
 * so the answer brings no records. */
static vb_status_t page_local(vb_index_t *six, const char *req, vb_buf_t *b)
{
    shardreq_t r;
    vb_status_t st = vb_shardreq_parse(req, strlen(req), &r);
    if (st != VB_OK) return st;
    r.records = 0;
    st = vb_search_shard_page(six, &r, b);
    vb_shardreq_free(&r);
    return st;
}

/* A shard's page answer BODY into the shardpages_t DATA, which keeps BODY
 * (its records point into it). */
static int page_take(void *data, size_t shard, size_t nshards, char *body, size_t len, const char *uuid)
{
    shardpages_t *out = data;
    char **nb = body ? realloc(out->bodies, (out->nbodies + 1) * sizeof *nb) : NULL;
    if (!nb) {
        free(body);
        return 0;
    }
    out->bodies = nb;
    out->bodies[out->nbodies++] = body;
    return answer_add(out, body, len, shard, nshards, uuid);
}

vb_status_t vb_shardpages_ask(vb_index_t *ix, const char *req, shardpages_t *out)
{
    memset(out, 0, sizeof *out);
    vb_status_t st = ask_all(ix, req, page_local, page_take, out);
    if (st != VB_OK) vb_shardpages_free(out);
    return st;
}

void vb_shardpages_free(shardpages_t *p)
{
    free(p->hits);
    free(p->recs);
    for (size_t i = 0; i < p->nbodies; i++) free(p->bodies[i]);
    free(p->bodies);
    memset(p, 0, sizeof *p);
}

/* ---- the documents of a page: "vanban-records 1\nDOCID DOCID …" asks a
 * shard for the stored data of its documents DOCID (its own docids); the
 * answer is "vanban-records 1\n" then, for each, "r DOCID PLEN FLEN\n", the
 * PLEN bytes of its packed record, the FLEN bytes of its VB_SLOT_FORMAT value
 * and "\n". One exchange per shard instead of a round trip per document
 * (and several per document's values) through xapian-tcpsrv. */

#define RMAGIC "vanban-records 1\n"
#define MAX_RECORDS 10000

/* "r DOCID PLEN FLEN\n", the record and the format value of IX's document DOCID, "\n". */
static vb_status_t put_record(vb_index_t *ix, unsigned id, vb_buf_t *b)
{
    vbx_doc_t *doc = NULL;
    char *data = NULL, *fv = NULL;
    size_t dl = 0, fl = 0;
    vb_status_t st = vb_index_xerr(vbx_db_get_document(ix->db, id, &doc), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_doc_get_data(doc, &data, &dl), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_FORMAT, &fv, &fl), ix->path);
    if (st == VB_OK) {
        vb_buf_printf(b, "r %u %zu %zu\n", id, dl, fl);
        vb_buf_append(b, data ? data : "", dl);
        vb_buf_append(b, fv ? fv : "", fl);
        vb_buf_putc(b, '\n');
    }
    free(data);
    free(fv);
    vbx_doc_free(doc);
    return st;
}

vb_status_t vb_shardanswer_records(vb_buf_t *b, vb_index_t *ix, const unsigned *docids, size_t n)
{
    vb_status_t st = VB_OK;
    for (size_t i = 0; i < n && st == VB_OK; i++) {
        size_t j;
        for (j = 0; j < i && docids[j] != docids[i]; j++) {}
        if (j == i) st = put_record(ix, docids[i], b);
    }
    return st == VB_OK && b->oom ? VB_ERR_NOMEM : st;
}

static vb_status_t records_answer(vb_index_t *ix, const char *req, size_t len, vb_buf_t *b)
{
    const char *p = req + strlen(RMAGIC), *end = req + len;
    size_t n = 0;
    vb_buf_puts(b, RMAGIC);
    vb_status_t us = put_uuid(ix, b);
    if (us != VB_OK) return us;
    while (p < end) {
        unsigned long long id;
        if (n && (*p++ != ' ')) goto bad;
        if (!vb_read_uint(&p, end, UINT32_MAX, &id) || id == 0 || ++n > MAX_RECORDS) goto bad;
        vb_status_t st = put_record(ix, (unsigned)id, b);
        if (st != VB_OK) return st;
    }
    if (!n) goto bad;
    return b->oom ? VB_ERR_NOMEM : VB_OK;
bad:
    vb_set_error("shard page: not a records request (byte %zu)", (size_t)(p - req));
    return VB_ERR_INVALID_ARG;
}

/* One "r" record at *P (advanced past it) into R, pointing into the answer;
 * its docid as the client's database numbers it. 0: not one. */
static int read_record(const char **p, const char *end, size_t shard, size_t nshards, shardrec_t *r)
{
    unsigned long long id, dl, fl;
    if (!read_key(p, end, 'r') || !vb_read_uint(p, end, UINT32_MAX, &id) || !read_field(p, end, SIZE_MAX, &dl) ||
        !read_field(p, end, SIZE_MAX, &fl) || !read_eol(p, end) || id == 0)
        return 0;
    size_t left = (size_t)(end - *p);   /* the record, the format value and "\n" within the answer */
    if (dl > left || fl > left - dl || left - dl - fl < 1 || (*p)[dl + fl] != '\n') return 0;
    unsigned long long did = (id - 1) * nshards + shard + 1;
    if (did > UINT32_MAX) return 0;
    r->docid = (unsigned)did;
    r->packed = *p;
    r->plen = (size_t)dl;
    r->fv = *p + dl;
    r->fvl = (size_t)fl;
    *p += dl + fl + 1;
    return 1;
}

static int cached(const doccache_t *c, unsigned docid)
{
    for (size_t i = 0; i < c->nkept; i++)
        if (c->kept[i]->docid == docid) return 1;
    return 0;
}

/* Record R into CACHE as a document of IX. 0: it does not unpack (or out of memory). */
static int record_keep(vb_index_t *ix, doccache_t *cache, const shardrec_t *r)
{
    docrec_t *d = NULL;
    if (docrec_from_packed(ix, r->docid, r->packed, r->plen, r->fv, r->fvl, &d) != VB_OK) return 0;
    return doccache_keep(cache, d) == VB_OK;
}

/* Add the records answer S (LEN bytes) of shard SHARD (of NSHARDS) to CACHE
 * as documents of IX. 0: not an answer (or out of memory, or a record that
 * does not unpack). */
static int records_add(vb_index_t *ix, doccache_t *cache, const char *s, size_t len, size_t shard, size_t nshards,
                       const char *uuid)
{
    const char *p = s, *end = s + len;
    size_t ml = strlen(RMAGIC);
    if (len < ml || memcmp(s, RMAGIC, ml) != 0) return 0;
    p += ml;
    if (!read_uuid(&p, end, uuid)) return 0;
    while (p < end) {
        shardrec_t r;
        if (!read_record(&p, end, shard, nshards, &r) || !record_keep(ix, cache, &r)) return 0;
    }
    return 1;
}

void vb_shardpages_records(vb_index_t *ix, const shardpages_t *pages, const unsigned *docids, size_t n,
                           doccache_t *cache)
{
    if (!ix->nshards || !n) return;
    /* those the page answers brought */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < pages->nrecs; j++)
            if (pages->recs[j].docid == docids[i] && !cached(cache, docids[i])) {
                (void)record_keep(ix, cache, &pages->recs[j]);
                break;
            }
    ask_t *asks = calloc(ix->nshards, sizeof *asks);
    vb_buf_t *reqs = calloc(ix->nshards, sizeof *reqs);
    char *uall = NULL;
    const char **uuids = calloc(ix->nshards, sizeof *uuids);
    if (asks && reqs && uuids && shard_uuids(ix, &uall, uuids) == VB_OK) {
        for (size_t i = 0; i < n; i++) {   /* the remote shards' documents, in their own docids, once */
            size_t sh = (docids[i] - 1) % ix->nshards, j;
            for (j = 0; j < i && docids[j] != docids[i]; j++) {}
            if (j < i || !docids[i] || !ix->shards[sh].pages || cached(cache, docids[i])) continue;
            vb_buf_printf(&reqs[sh], "%s%u", reqs[sh].len ? " " : RMAGIC, (docids[i] - 1) / (unsigned)ix->nshards + 1);
        }
        for (size_t i = 0; i < ix->nshards; i++)
            if (reqs[i].len && !reqs[i].oom) ask_start(&asks[i], ix, ix->shards[i].pages, reqs[i].data);
        /* a shard that does not answer: its documents are read through xapian-tcpsrv */
        for (size_t i = 0; i < ix->nshards; i++) {
            ask_wait(&asks[i]);
            if (asks[i].ok) (void)records_add(ix, cache, asks[i].body.data ? asks[i].body.data : "",
                                              asks[i].body.len, i, ix->nshards, uuids[i]);
            vb_buf_free(&asks[i].body);
            vb_buf_free(&reqs[i]);
        }
    }
    free(asks);
    free(reqs);
    free(uall);
    free(uuids);
    vb_clear_error();
}

/* ---- the term statistics of a query: "vanban-stats 1\nf FLAGS\nq QUERY" */

#define SMAGIC "vanban-stats 1\n"

static vb_status_t stats_answer(vb_index_t *ix, const char *req, size_t len, vb_buf_t *b)
{
    const char *p = req + strlen(SMAGIC), *end = req + len;
    unsigned long long f = 0;
    if (!read_key(&p, end, 'f') || !vb_read_uint(&p, end, UINT32_MAX, &f) || !read_eol(&p, end) ||
        !read_key(&p, end, 'q') || memchr(p, '\0', (size_t)(end - p))) {
        vb_set_error("shard stats: not a stats request (byte %zu)", (size_t)(p - req));
        return VB_ERR_INVALID_ARG;
    }
    char *q = vb_strndup(p, (size_t)(end - p));
    if (!q) return VB_ERR_NOMEM;
    vb_buf_puts(b, SMAGIC);
    vb_status_t st = put_uuid(ix, b);
    if (st == VB_OK) st = vb_search_shard_stats(ix, q, (unsigned)f, b);
    free(q);
    return st;
}

/* A shard's stats answer BODY into the termstats_t DATA, which keeps it. */
static int stats_take(void *data, size_t shard, size_t nshards, char *body, size_t len, const char *uuid)
{
    const char *p = body, *end = body + len;
    size_t ml = strlen(SMAGIC);
    (void)nshards;
    if (!body || len < ml || memcmp(body, SMAGIC, ml) != 0) { free(body); return 0; }
    p += ml;
    if (!read_uuid(&p, end, uuid)) { free(body); return 0; }
    size_t rest = (size_t)(end - p);
    memmove(body, p, rest);   /* the figures from the start of the buffer DATA keeps */
    body[rest] = '\0';
    return vb_termstats_add(data, shard, body, rest);
}

/* A local shard's stats answer. */
static vb_status_t stats_local(vb_index_t *six, const char *req, vb_buf_t *b)
{
    return stats_answer(six, req, strlen(req), b);
}

vb_status_t vb_shardstats_ask(vb_index_t *ix, const char *query, unsigned flags, termstats_t **out)
{
    *out = NULL;
    vb_buf_t rq = { 0 };
    vb_buf_printf(&rq, SMAGIC "f %u\nq %s", flags, query);
    char *req = vb_buf_steal(&rq);
    termstats_t *ts = vb_termstats_reader(ix->nshards);
    vb_status_t st = req && ts ? ask_all(ix, req, stats_local, stats_take, ts) : VB_ERR_NOMEM;
    if (st == VB_OK && !vb_termstats_complete(ts)) st = VB_ERR_IO;
    free(req);
    if (st != VB_OK) {
        vb_termstats_free(ts);
        return st;
    }
    *out = ts;
    return VB_OK;
}

/* ---- the public call a page server makes */

vb_status_t vb_index_shard_page(vb_index_t *ix, const char *request, size_t len, char **answer, size_t *answer_len)
{
    if (!ix || !request || !answer) return VB_ERR_INVALID_ARG;
    *answer = NULL;
    if (answer_len) *answer_len = 0;
    vb_buf_t b = { 0 };
    vb_status_t st;
    if (len >= strlen(RMAGIC) && memcmp(request, RMAGIC, strlen(RMAGIC)) == 0) {
        vb_index_read_begin(ix);
        st = records_answer(ix, request, len, &b);
        vb_index_read_end(ix);
    } else if (len >= strlen(SMAGIC) && memcmp(request, SMAGIC, strlen(SMAGIC)) == 0) {
        st = stats_answer(ix, request, len, &b);
    } else {
        shardreq_t r;
        st = vb_shardreq_parse(request, len, &r);
        if (st != VB_OK) return st;
        st = vb_search_shard_page(ix, &r, &b);
        vb_shardreq_free(&r);
    }
    if (st == VB_OK) {
        size_t n = b.len;
        *answer = vb_buf_steal(&b);
        if (!*answer) st = VB_ERR_NOMEM;
        else if (answer_len) *answer_len = n;
    }
    vb_buf_free(&b);
    return st;
}
