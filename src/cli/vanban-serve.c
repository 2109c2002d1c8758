/* vanban-serve: the archive over HTTP (libmicrohttpd): a JSON API whose
 * answers are vanban-query's --format json objects byte for byte (the same
 * printer, through src/cli/answer.c), and one search page (src/serve/www,
 * embedded at build time). Read-only; loopback unless told otherwise.
 * docs/serve.md describes the endpoints and the limits. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include "vanban.h"
#include "printer.h"
#include "answer.h"
#include "cli.h"
#include "serve/www.h"

static const char *prog = "vanban-serve";

#define MAX_URL 8192      /* request target, bytes: longer is 414 */
#define MAX_QUERY 1024    /* the q= of a search, bytes: longer is 400 */
#define MAX_LIMIT 1000    /* results per page */
#define MAX_THREADS 64

/* ------------------------------------------------------------------ index handles */

/* Index handles, at most one per worker thread at a time: a request takes
 * one (opening a new one when none is free) and gives it back. */
typedef struct {
    pthread_mutex_t lock;
    vb_index_t *free[MAX_THREADS];
    size_t nfree;
    const char *db;
    vb_open_opts_t oo;
    const char *thesaurus;
} pool_t;

static pool_t pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

static vb_status_t pool_get(vb_index_t **out)
{
    vb_index_t *ix = NULL;
    pthread_mutex_lock(&pool.lock);
    if (pool.nfree) ix = pool.free[--pool.nfree];
    pthread_mutex_unlock(&pool.lock);
    if (ix) {
        /* an indexer may have committed or swapped in a new index since */
        vb_status_t st = vb_index_reopen(ix);
        if (st != VB_OK) {
            vb_index_close(ix);
            return st;
        }
        *out = ix;
        return VB_OK;
    }
    return vb_index_open_ex(pool.db, VB_INDEX_READ, &pool.oo, out);
}

static void pool_put(vb_index_t *ix)
{
    if (!ix) return;
    pthread_mutex_lock(&pool.lock);
    if (pool.nfree < MAX_THREADS) {
        pool.free[pool.nfree++] = ix;
        ix = NULL;
    }
    pthread_mutex_unlock(&pool.lock);
    vb_index_close(ix);
}

static void pool_close_all(void)
{
    pthread_mutex_lock(&pool.lock);
    while (pool.nfree) vb_index_close(pool.free[--pool.nfree]);
    pthread_mutex_unlock(&pool.lock);
}

/* ------------------------------------------------------------------ answers */

/* One JSON answer being written to memory. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
    vb_out_t o;
} answer_t;

static int answer_open(answer_t *a)
{
    memset(a, 0, sizeof *a);
    a->f = open_memstream(&a->buf, &a->len);
    if (!a->f) return -1;
    const vb_printer_opts_t po = { .out = a->f, .notes = stderr, .prog = prog, .color = VB_COLOR_NEVER, .vi = 0 };
    a->o.p = vb_printer_json_new(&po);
    a->o.prog = prog;
    if (!a->o.p) {
        fclose(a->f);
        free(a->buf);
        return -1;
    }
    return 0;
}

static struct MHD_Response *plain(const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (r) MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    return r;
}

static void common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
}

static enum MHD_Result queue(struct MHD_Connection *c, unsigned code, struct MHD_Response *r)
{
    if (!r) return MHD_NO;
    common_headers(r);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

/* Send the answer written so far with CODE (the printer is freed). */
static enum MHD_Result answer_send(struct MHD_Connection *c, answer_t *a, unsigned code)
{
    a->o.p->destroy(a->o.p);
    a->o.p = NULL;
    if (fclose(a->f) != 0) {
        free(a->buf);
        return queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, plain("out of memory\n"));
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(a->len, a->buf, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(a->buf);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    return queue(c, code, r);
}

/* The HTTP status of an answer that failed with exit status FAILED and library status ST. */
static unsigned http_code(int failed, vb_status_t st)
{
    if (!failed) return MHD_HTTP_OK;
    if (failed == 1 || st == VB_ERR_NOT_FOUND || st == VB_ERR_DB_NOT_FOUND) return MHD_HTTP_NOT_FOUND;
    if (st == VB_ERR_QUERY_SYNTAX || st == VB_ERR_INVALID_ARG) return MHD_HTTP_BAD_REQUEST;
    return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* A request the API refuses before asking the index: 400 with the error object. */
static enum MHD_Result bad_request(struct MHD_Connection *c, answer_t *a, const char *message)
{
    vb_report(&a->o, 1, 2, vb_status_to_string(VB_ERR_INVALID_ARG), message, 0);
    return answer_send(c, a, MHD_HTTP_BAD_REQUEST);
}

/* The index could not be opened or reopened: the error, 500 (404 if it is gone). */
static enum MHD_Result index_error(struct MHD_Connection *c, answer_t *a, vb_status_t st)
{
    char msg[1024];
    if (st == VB_ERR_DB_NOT_FOUND) snprintf(msg, sizeof msg, "no index at %s", pool.db);
    else snprintf(msg, sizeof msg, "cannot open index %s: %s (%s)", pool.db, vb_status_to_string(st), vb_last_error());
    vb_report(&a->o, 1, 2, vb_status_to_string(st), msg, 0);
    return answer_send(c, a, MHD_HTTP_INTERNAL_SERVER_ERROR);
}

static const char *arg(struct MHD_Connection *c, const char *key)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

/* A whole number from 0 to MAX in S, else -1. */
static long parse_num(const char *s, long max)
{
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > max || s[0] == '-' || s[0] == '+' || s[0] == ' ') return -1;
    return v;
}

static int is_on(const char *s)
{
    return s && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "on") == 0);
}

/* The search options of the request (limit, offset, exact, fold, docs, sort,
 * facets) into *SO; NULL, or the message of the first bad one. */
static const char *search_options(struct MHD_Connection *c, vb_search_opts_t *so, int cites)
{
    const char *v;
    memset(so, 0, sizeof *so);
    so->limit = 20;
    so->thesaurus = pool.thesaurus;
    if ((v = arg(c, "limit"))) {
        long n = parse_num(v, MAX_LIMIT);
        if (n < 1) return "limit wants a whole number from 1 to 1000";
        so->limit = (size_t)n;
    }
    if ((v = arg(c, "offset"))) {
        long n = parse_num(v, 1000000000L);
        if (n < 0) return "offset wants a whole number from 0 to 1000000000";
        so->offset = (size_t)n;
    }
    if (is_on(arg(c, "exact"))) so->flags |= VB_SEARCH_EXACT;
    if (is_on(arg(c, "fold"))) so->flags |= VB_SEARCH_FOLD;
    if ((so->flags & VB_SEARCH_EXACT) && (so->flags & VB_SEARCH_FOLD)) return "exact and fold contradict each other";
    if (is_on(arg(c, "docs"))) so->flags |= VB_SEARCH_DOCS;
    if (is_on(arg(c, "exact_totals"))) so->flags |= VB_SEARCH_TOTALS;
    if (cites) so->flags |= VB_SEARCH_NEWEST;   /* as --cites: newest first unless sort= says otherwise */
    if ((v = arg(c, "sort"))) {
        so->flags &= ~(VB_SEARCH_NEWEST | VB_SEARCH_OLDEST);
        if (strcmp(v, "date") == 0) so->flags |= VB_SEARCH_OLDEST;
        else if (strcmp(v, "-date") == 0) so->flags |= VB_SEARCH_NEWEST;
        else if (strcmp(v, "score") != 0) return "sort wants score, date or -date";
    }
    if ((v = arg(c, "facets")) && *v) {
        const char *p = v;
        while (*p) {
            size_t n = strcspn(p, ",");
            if (n == 6 && strncmp(p, "issuer", 6) == 0) so->facets |= VB_FACET_ISSUER;
            else if (n == 4 && strncmp(p, "type", 4) == 0) so->facets |= VB_FACET_TYPE;
            else if (n == 4 && strncmp(p, "year", 4) == 0) so->facets |= VB_FACET_YEAR;
            else if (n == 3 && strncmp(p, "ref", 3) == 0) so->facets |= VB_FACET_REF;
            else if ((n == 8 && strncmp(p, "assignee", 8) == 0) || (n == 4 && strncmp(p, "giao", 4) == 0))
                so->facets |= VB_FACET_ASSIGNEE;
            else return "unknown facet (known: issuer, type, year, ref, assignee)";
            p += n;
            if (*p == ',') p++;
        }
    }
    return NULL;
}

/* /api/search?q=… and /api/cites/NUMBER[?pin=…] */
static enum MHD_Result api_search(struct MHD_Connection *c, const char *cites)
{
    answer_t a;
    if (answer_open(&a) != 0) return queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, plain("out of memory\n"));
    char *query = NULL;
    const char *q = arg(c, "q");
    const char *pin = arg(c, "pin");
    if (pin && !*pin) pin = NULL;
    if (cites) {
        size_t need = strlen(cites) + (pin ? strlen(pin) : 0) + 16;
        query = malloc(need);
        if (query) snprintf(query, need, "ref:\"%s%s%s\"", cites, pin ? " " : "", pin ? pin : "");
    } else {
        query = strdup(q ? q : "");
    }
    if (!query) {
        a.o.p->destroy(a.o.p);
        fclose(a.f);
        free(a.buf);
        return queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, plain("out of memory\n"));
    }
    a.o.p->begin(a.o.p, query);
    vb_run_t run;
    memset(&run, 0, sizeof run);
    run.db = pool.db;
    run.oo = pool.oo;
    run.serve = 1;
    run.cites = cites;
    const char *bad = search_options(c, &run.so, cites != NULL);
    enum MHD_Result ret;
    if (!bad && cites && (strchr(cites, '"') || (pin && strchr(pin, '"')))) bad = "a number cannot contain '\"'";
    if (!bad && !cites && !*query) bad = "no query: /api/search?q=WORDS";
    if (!bad && strlen(query) > MAX_QUERY) bad = "query longer than 1024 bytes";
    if (bad) {
        ret = bad_request(c, &a, bad);
    } else {
        vb_index_t *ix = NULL;
        vb_status_t st = pool_get(&ix);
        if (st != VB_OK) {
            ret = index_error(c, &a, st);
        } else {
            (void)vb_run_search(&ix, &run, &a.o, query, &st);
            pool_put(ix);
            ret = answer_send(c, &a, http_code(a.o.failed, st));
        }
    }
    free(query);
    return ret;
}

/* /shard/page?r=REQUEST: this index's part of a search over shards, for a
 * vanban-query whose stub names this server beside the shard's
 * xapian-tcpsrv ("remote HOST:PORT pages HOST:PORT", docs/scaling.md). The
 * request and the answer are the library's (vb_index_shard_page), text. */
static enum MHD_Result shard_page(struct MHD_Connection *c)
{
    const char *r = arg(c, "r");
    if (!r || !*r) return queue(c, MHD_HTTP_BAD_REQUEST, plain("400 no request: /shard/page?r=REQUEST\n"));
    vb_index_t *ix = NULL;
    vb_status_t st = pool_get(&ix);
    char *ans = NULL;
    size_t len = 0;
    if (st == VB_OK) {
        st = vb_index_shard_page(ix, r, strlen(r), &ans, &len);
        pool_put(ix);
    }
    if (st != VB_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: %s\n", vb_status_to_string(st), vb_last_error());
        struct MHD_Response *e = MHD_create_response_from_buffer(strlen(msg), msg, MHD_RESPMEM_MUST_COPY);
        if (e) MHD_add_response_header(e, "Content-Type", "text/plain; charset=utf-8");
        return queue(c, st == VB_ERR_INVALID_ARG || st == VB_ERR_QUERY_SYNTAX ? MHD_HTTP_BAD_REQUEST
                                                                               : MHD_HTTP_INTERNAL_SERVER_ERROR, e);
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, ans, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(ans);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    return queue(c, MHD_HTTP_OK, resp);
}

/* /api/doc/NUMBER[/PINPOINT], /api/refs/NUMBER, /api/status/NUMBER[/ARTICLE],
 * /api/top-cited?n=N. The
 * number may hold '/' (5287/BCĐ, 46/2014/NĐ-CP), percent-encoded or not: REST
 * is the whole number when the archive has it, else its last segment is the
 * pinpoint (also ?pin=). */
static enum MHD_Result api_command(struct MHD_Connection *c, vb_command_t cmd, const char *rest)
{
    answer_t a;
    if (answer_open(&a) != 0) return queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, plain("out of memory\n"));
    long top = 20;
    if (cmd == VB_CMD_TOP_CITED) {
        const char *n = arg(c, "n");
        if (n && (top = parse_num(n, 1000)) < 1) {
            a.o.p->command_begin(a.o.p, cmd);
            return bad_request(c, &a, "n wants a whole number from 1 to 1000");
        }
    } else if (!*rest || strlen(rest) > MAX_QUERY) {
        a.o.p->command_begin(a.o.p, cmd);
        return bad_request(c, &a, *rest ? "number longer than 1024 bytes" : "no document number in the path");
    }
    vb_index_t *ix = NULL;
    vb_status_t st = pool_get(&ix);
    if (st != VB_OK) {
        a.o.p->command_begin(a.o.p, cmd);
        return index_error(c, &a, st);
    }
    char *number = strdup(rest);
    const char *pin = arg(c, "pin");
    if (pin && !*pin) pin = NULL;
    if (!number) {
        pool_put(ix);
        a.o.p->destroy(a.o.p);
        fclose(a.f);
        free(a.buf);
        return queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, plain("out of memory\n"));
    }
    if (cmd == VB_CMD_SHOW && !pin) {
        int has = 0, has_prefix = 0;
        char *slash = strrchr(number, '/');
        if (slash && slash[1] && vb_index_has_number(ix, number, &has) == VB_OK && !has) {
            *slash = '\0';
            if (vb_index_has_number(ix, number, &has_prefix) == VB_OK && has_prefix) pin = slash + 1;
            else *slash = '/';
        }
    }
    if (cmd == VB_CMD_STATUS && !pin) {
        /* /api/status/NUMBER/d28: a last segment that is an article's path is the pinpoint
           (no document number ends in one: their last segments are symbols, NĐ-CP, QH15) */
        char *slash = strrchr(number, '/');
        if (slash && (slash[1] == 'd' || slash[1] == 'D') && slash[2] >= '0' && slash[2] <= '9'
            && strspn(slash + 2, "0123456789.abcdefghijklmnopqrstuvwxyz") == strlen(slash + 2)) {
            *slash = '\0';
            pin = slash + 1;
        }
    }
    int rc = cmd == VB_CMD_STATUS ? vb_run_status(ix, &a.o, 1, number, pin, &st)
           : vb_run_command(ix, &a.o, 1, cmd == VB_CMD_REFS ? number : NULL, cmd == VB_CMD_SHOW ? number : NULL,
                            cmd == VB_CMD_SHOW ? pin : NULL, top, &st);
    pool_put(ix);
    /* --status: an unknown instrument is an answer too ("unknown"), not a missing page */
    enum MHD_Result ret = answer_send(c, &a, rc == 0 || (cmd == VB_CMD_STATUS && rc == 1) ? MHD_HTTP_OK : http_code(rc, st));
    free(number);
    return ret;
}

/* ------------------------------------------------------------------ the page */

static enum MHD_Result page(struct MHD_Connection *c, const char *name)
{
    for (const vb_www_file_t *f = vb_www_files; f->name; f++) {
        if (strcmp(f->name, name) != 0) continue;
        struct MHD_Response *r =
            MHD_create_response_from_buffer(f->len, (void *)f->data, MHD_RESPMEM_PERSISTENT);
        if (!r) return MHD_NO;
        const char *dot = strrchr(name, '.');
        const char *type = !dot ? "application/octet-stream"
                           : strcmp(dot, ".html") == 0 ? "text/html; charset=utf-8"
                           : strcmp(dot, ".js") == 0 ? "text/javascript; charset=utf-8"
                           : strcmp(dot, ".css") == 0 ? "text/css; charset=utf-8"
                           : strcmp(dot, ".png") == 0 ? "image/png"
                           : strcmp(dot, ".svg") == 0 ? "image/svg+xml" : "application/octet-stream";
        MHD_add_response_header(r, "Content-Type", type);
        MHD_add_response_header(r, "Cache-Control", "no-cache");
        return queue(c, MHD_HTTP_OK, r);
    }
    return queue(c, MHD_HTTP_NOT_FOUND, plain("404 not found\n"));
}

/* ------------------------------------------------------------------ requests */

/* The length of the request target as it came (before decoding), kept for
 * the access handler in its per-request pointer (length + 1: never NULL). */
static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    size_t n = strlen(uri);
    return (void *)(uintptr_t)(n + 1);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **req)
{
    (void)cls;
    (void)version;
    (void)upload;
    size_t target = (size_t)(uintptr_t)*req;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        if (*upload_size) { *upload_size = 0; return MHD_YES; }   /* read and drop a body, then answer */
        struct MHD_Response *r = plain("405 method not allowed: the archive is read-only\n");
        if (r) MHD_add_response_header(r, "Allow", "GET, HEAD");
        return queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
    }
    if (target > MAX_URL + 1) return queue(c, MHD_HTTP_URI_TOO_LONG, plain("414 URI too long\n"));
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0) return page(c, "index.html");
    if (strcmp(url, "/shard/page") == 0) return shard_page(c);
    if (strncmp(url, "/api/", 5) == 0) {
        const char *api = url + 5;
        if (strcmp(api, "search") == 0) return api_search(c, NULL);
        if (strncmp(api, "cites/", 6) == 0 && api[6]) return api_search(c, api + 6);
        if (strncmp(api, "doc/", 4) == 0) return api_command(c, VB_CMD_SHOW, api + 4);
        if (strncmp(api, "refs/", 5) == 0) return api_command(c, VB_CMD_REFS, api + 5);
        if (strcmp(api, "top-cited") == 0) return api_command(c, VB_CMD_TOP_CITED, "");
        if (strncmp(api, "status/", 7) == 0) return api_command(c, VB_CMD_STATUS, api + 7);
        answer_t a;
        if (answer_open(&a) != 0) return queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, plain("out of memory\n"));
        a.o.p->command_begin(a.o.p, VB_CMD_REFS);
        vb_report(&a.o, 1, 1, "not found",
                  "no such endpoint (search, doc/NUMBER, cites/NUMBER, refs/NUMBER, status/NUMBER, top-cited)", 0);
        return answer_send(c, &a, MHD_HTTP_NOT_FOUND);
    }
    /* the page's own files, by name at the root; nothing else */
    if (url[0] == '/' && url[1] && !strchr(url + 1, '/') && strcmp(url + 1, "index.html") != 0) return page(c, url + 1);
    return queue(c, MHD_HTTP_NOT_FOUND, plain("404 not found\n"));
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: vanban-serve [--db PATH] [--listen ADDRESS:PORT] [--threads N]\n"
            "\n"
            "Serve the archive over HTTP: a search page at / and a JSON API whose answers\n"
            "are those of vanban-query --format json:\n"
            "  /api/search?q=QUERY&limit=N&offset=N&exact=1&fold=1&docs=1&sort=score|date|-date\n"
            "              &facets=issuer,type,year,ref\n"
            "  /api/doc/NUMBER[/PINPOINT]   (as --show)     /api/refs/NUMBER   (as --refs)\n"
            "  /api/cites/NUMBER[?pin=P]    (as --cites)    /api/top-cited[?n=N]\n"
            "  /api/status/NUMBER[/d28]     (as --status; also ?pin=P): still in force? by what changed\n"
            "  /shard/page?r=REQUEST        beside a shard: its best clauses for a vanban-query over\n"
            "                               shards (docs/scaling.md, \"Page servers\")\n"
            "\n"
            "  --db PATH          index (default: $VANBAN_DB, else ./vanban.db); opened read-only\n"
            "  --listen ADDR:PORT IPv4 address and port (default 127.0.0.1:8080; port 0: any free\n"
            "                     port). The bound address is printed on standard output.\n"
            "  --threads N        worker threads, one index handle each (default 4, at most 64)\n"
            "  --help, --version\n"
            "\n"
            "Stops cleanly on SIGTERM or SIGINT (exit 0). Exit status 2: usage error, no index,\n"
            "or the address cannot be bound.\n");
}

int main(int argc, char **argv)
{
    vb_cli_keep_freed_memory();
    const char *db = getenv("VANBAN_DB");
    const char *listen = "127.0.0.1:8080";
    long threads = 4;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        const char *val = NULL;
        int wants = (nl == 4 && strncmp(a, "--db", 4) == 0) || (nl == 8 && strncmp(a, "--listen", 8) == 0) ||
                    (nl == 9 && strncmp(a, "--threads", 9) == 0);
        if (wants) {
            if (eq) val = eq + 1;
            else if (i + 1 < argc) val = argv[++i];
            else vb_cli_usage_error(prog, "option '%s' needs a value", a);
        } else if (eq) {
            vb_cli_usage_error(prog, "unknown option '%s'", a);
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
        else if (strcmp(a, "--version") == 0) { printf("vanban-serve %s\n", VB_VERSION); return 0; }
        else if (nl == 4 && strncmp(a, "--db", 4) == 0) db = val;
        else if (nl == 8 && strncmp(a, "--listen", 8) == 0) listen = val;
        else if (nl == 9 && strncmp(a, "--threads", 9) == 0) {
            threads = parse_num(val, MAX_THREADS);
            if (threads < 1) vb_cli_usage_error(prog, "--threads wants a whole number from 1 to 64, not '%s'", val);
        } else vb_cli_usage_error(prog, "unknown option '%s'", a);
    }
    if (!db || !*db) db = "vanban.db";

    /* ADDRESS:PORT, IPv4 */
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    {
        const char *colon = strrchr(listen, ':');
        char host[64];
        size_t hl = colon ? (size_t)(colon - listen) : 0;
        long port = colon ? parse_num(colon + 1, 65535) : -1;
        if (!colon || hl == 0 || hl >= sizeof host || port < 0)
            vb_cli_usage_error(prog, "--listen wants ADDRESS:PORT (an IPv4 address: 127.0.0.1:8080), not '%s'", listen);
        memcpy(host, listen, hl);
        host[hl] = '\0';
        if (strcmp(host, "localhost") == 0) snprintf(host, sizeof host, "127.0.0.1");
        if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
            vb_cli_usage_error(prog, "--listen wants ADDRESS:PORT (an IPv4 address: 127.0.0.1:8080), not '%s'", listen);
        sa.sin_port = htons((uint16_t)port);
    }

    pool.db = db;
    pool.thesaurus = vb_cli_default_thesaurus();
    vb_index_t *ix = NULL;
    vb_status_t st = vb_index_open_ex(db, VB_INDEX_READ, &pool.oo, &ix);
    if (st != VB_OK) {
        if (st == VB_ERR_DB_NOT_FOUND)
            fprintf(stderr, "%s: no index at %s; build one with: vanban-index --db %s DIRECTORY\n", prog, db, db);
        else
            fprintf(stderr, "%s: cannot open index %s: %s (%s)\n", prog, db, vb_status_to_string(st), vb_last_error());
        return 2;
    }
    pool_put(ix);

    /* SIGTERM and SIGINT are taken by sigwait() below: blocked here, before
     * the worker threads start, so that they inherit the mask */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)64,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "%s: cannot listen on %s: %s\n", prog, listen, errno ? strerror(errno) : "libmicrohttpd failed");
        pool_close_all();
        return 2;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
    printf("%s: listening on http://%s:%u/\n", prog, addr, info ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port));
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {}
    MHD_stop_daemon(d);
    pool_close_all();
    fprintf(stderr, "%s: stopped (%s)\n", prog, sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
