/* SQLite FTS5 baseline for vanban's benchmarks (bench/bench-index.sh, bench/bench-query.sh).
 *
 * A C program rather than a script, so that the language is not the difference.
 * It indexes the very clauses vanban indexes (from `vanban-index --dump`, turned
 * into TSV lines "file<TAB>path<TAB>text" by the bench scripts), one FTS5 row per
 * clause, the clause text stored in the table as vanban stores it.
 *
 *   fts5_bench build  DB CLAUSES.tsv          build the table; prints rows, seconds
 *   fts5_bench query  DB QUERIES.txt ROUNDS   top-20 by bm25 (text fetched), each query
 *                                             timed; prints "lat ROUND QUERY MS ROWS BYTES"
 *   fts5_bench one    DB EXPR                  one top-20 query (as `query`, text fetched) and exit:
 *                                             the process-per-query baseline of bench-scale.sh;
 *                                             prints "one MS ROWS BYTES"
 *   fts5_bench count  DB EXPR...              full count of matching rows and phrase
 *                                             instances; prints "count MS ROWS MENTIONS EXPR"
 *   fts5_bench rowids DB EXPR                 the matching rowids (1-based TSV line numbers)
 *                                             with their instance counts: "ROWID N"
 *
 * QUERIES.txt is bench/queries.txt: "vanban<TAB>fts5" lines; '#' lines, blank lines and
 * an FTS5 column of "-" (not expressible) are skipped, but keep their query number.
 *
 *   cc -O2 bench/fts5_bench.c -lsqlite3 -o fts5_bench
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "fts5_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(2);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "fts5_bench: %s: %s\n", sql, err ? err : "?");
        exit(2);
    }
}

/* instcount(c): the number of phrase instances of the MATCH expression in this row
 * (Fts5ExtensionApi.xInstCount), i.e. the mentions. */
static void instcount(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *pc, int n,
                      sqlite3_value **v)
{
    (void)n;
    (void)v;
    int c = 0;
    if (api->xInstCount(ctx, &c) != SQLITE_OK) {
        sqlite3_result_error(pc, "xInstCount failed", -1);
        return;
    }
    sqlite3_result_int(pc, c);
}

static fts5_api *get_fts5(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) die(db, "fts5()");
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api) die(db, "no fts5 in this libsqlite3");
    return api;
}

static sqlite3 *open_db(const char *path, int create)
{
    sqlite3 *db = NULL;
    int fl = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, fl, NULL) != SQLITE_OK) die(db, path);
    fts5_api *api = get_fts5(db);
    if (api->xCreateFunction(api, "instcount", NULL, instcount, NULL) != SQLITE_OK) die(db, "instcount");
    return db;
}

static int cmd_build(const char *dbpath, const char *tsv)
{
    FILE *in = fopen(tsv, "r");
    if (!in) {
        perror(tsv);
        return 2;
    }
    remove(dbpath);
    double t0 = now();
    sqlite3 *db = open_db(dbpath, 1);
    exec(db, "CREATE VIRTUAL TABLE c USING fts5(file UNINDEXED, path UNINDEXED, text,"
             " tokenize = 'unicode61 remove_diacritics 2')");
    exec(db, "BEGIN");
    sqlite3_stmt *ins = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO c(rowid, file, path, text) VALUES (?1, ?2, ?3, ?4)", -1, &ins,
                           NULL) != SQLITE_OK)
        die(db, "prepare insert");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    sqlite3_int64 rowid = 0;
    size_t bytes = 0;
    while ((len = getline(&line, &cap, in)) > 0) {
        if (line[len - 1] == '\n') line[--len] = 0;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        rowid++; /* the TSV line number, also for malformed lines, so rowids stay aligned */
        if (!t2) continue;
        *t1 = *t2 = 0;
        size_t tl = (size_t)(line + len - (t2 + 1));
        bytes += tl;
        sqlite3_bind_int64(ins, 1, rowid);
        sqlite3_bind_text(ins, 2, line, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, t1 + 1, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, t2 + 1, (int)tl, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) die(db, "insert");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec(db, "COMMIT");
    double t1 = now();
    exec(db, "INSERT INTO c(c) VALUES ('optimize')");
    double t2 = now();
    sqlite3_close(db);
    free(line);
    fclose(in);
    printf("build rows %lld text_bytes %zu insert_s %.3f optimize_s %.3f total_s %.3f\n", (long long)rowid, bytes,
           t1 - t0, t2 - t1, t2 - t0);
    return 0;
}

typedef struct {
    int qno;      /* 1-based query number in the file (counting query lines only) */
    char *expr;   /* FTS5 MATCH expression */
} query_t;

static size_t read_queries(const char *path, query_t **out)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        perror(path);
        exit(2);
    }
    query_t *q = NULL;
    size_t n = 0, capq = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int qno = 0;
    while ((len = getline(&line, &cap, in)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (!len || line[0] == '#') continue;
        qno++;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        char *e = tab + 1;
        while (*e == '\t') e++;
        if (!*e || strcmp(e, "-") == 0) continue;
        if (n == capq) {
            capq = capq ? 2 * capq : 64;
            q = realloc(q, capq * sizeof *q);
        }
        q[n].qno = qno;
        q[n].expr = strdup(e);
        n++;
    }
    free(line);
    fclose(in);
    *out = q;
    return n;
}

static int cmd_query(const char *dbpath, const char *qfile, int rounds)
{
    query_t *q;
    size_t n = read_queries(qfile, &q);
    sqlite3 *db = open_db(dbpath, 0);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT file, path, text, bm25(c) FROM c WHERE c MATCH ?1 ORDER BY rank LIMIT 20",
                           -1, &st, NULL) != SQLITE_OK)
        die(db, "prepare query");
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            double t0 = now();
            sqlite3_bind_text(st, 1, q[i].expr, -1, SQLITE_STATIC);
            int rows = 0, rc;
            size_t sink = 0;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                rows++;
                sink += (size_t)sqlite3_column_bytes(st, 2); /* fetch the stored text, as vanban does */
                sink += (size_t)sqlite3_column_bytes(st, 0) + (size_t)sqlite3_column_bytes(st, 1);
            }
            if (rc != SQLITE_DONE) {
                fprintf(stderr, "fts5_bench: query %d '%s': %s\n", q[i].qno, q[i].expr, sqlite3_errmsg(db));
                rows = -1;
            }
            sqlite3_reset(st);
            double ms = (now() - t0) * 1e3;
            printf("lat %d %d %.4f %d %zu\n", r, q[i].qno, ms, rows, sink);
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

/* One query in a fresh process: open, top 20 by bm25 with the text fetched, close. The bench
 * times the whole process from outside, as it times `vanban-query --limit 20`. */
static int cmd_one(const char *dbpath, const char *expr)
{
    double t0 = now();
    sqlite3 *db = open_db(dbpath, 0);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT file, path, text, bm25(c) FROM c WHERE c MATCH ?1 ORDER BY rank LIMIT 20",
                           -1, &st, NULL) != SQLITE_OK)
        die(db, "prepare query");
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    int rows = 0, rc;
    size_t sink = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        sink += (size_t)sqlite3_column_bytes(st, 2);
        sink += (size_t)sqlite3_column_bytes(st, 0) + (size_t)sqlite3_column_bytes(st, 1);
    }
    int ok = rc == SQLITE_DONE;
    if (!ok) fprintf(stderr, "fts5_bench: one '%s': %s\n", expr, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("one %.4f %d %zu\n", (now() - t0) * 1e3, ok ? rows : -1, sink);
    return ok ? 0 : 1;
}

static int cmd_count(const char *dbpath, int n, char **exprs)
{
    sqlite3 *db = open_db(dbpath, 0);
    sqlite3_stmt *st = NULL;
    /* instcount() cannot be used inside an aggregate: sum the rows here. */
    if (sqlite3_prepare_v2(db, "SELECT instcount(c) FROM c WHERE c MATCH ?1", -1, &st, NULL) != SQLITE_OK)
        die(db, "prepare count");
    for (int i = 0; i < n; i++) {
        double t0 = now();
        sqlite3_bind_text(st, 1, exprs[i], -1, SQLITE_STATIC);
        long long rows = 0, mentions = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            rows++;
            mentions += sqlite3_column_int(st, 0);
        }
        if (rc != SQLITE_DONE) {
            fprintf(stderr, "fts5_bench: count '%s': %s\n", exprs[i], sqlite3_errmsg(db));
            rows = mentions = -1;
        }
        sqlite3_reset(st);
        printf("count %.4f %lld %lld %s\n", (now() - t0) * 1e3, rows, mentions, exprs[i]);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

static int cmd_rowids(const char *dbpath, const char *expr)
{
    sqlite3 *db = open_db(dbpath, 0);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT rowid, instcount(c) FROM c WHERE c MATCH ?1", -1, &st, NULL) != SQLITE_OK)
        die(db, "prepare rowids");
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        printf("%lld %d\n", (long long)sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "build") == 0) return cmd_build(argv[2], argv[3]);
    if (argc >= 4 && strcmp(argv[1], "query") == 0) return cmd_query(argv[2], argv[3], argc > 4 ? (int)strtol(argv[4], NULL, 10) : 5);
    if (argc == 4 && strcmp(argv[1], "one") == 0) return cmd_one(argv[2], argv[3]);
    if (argc >= 4 && strcmp(argv[1], "count") == 0) return cmd_count(argv[2], argc - 3, argv + 3);
    if (argc == 4 && strcmp(argv[1], "rowids") == 0) return cmd_rowids(argv[2], argv[3]);
    fprintf(stderr, "usage: fts5_bench build DB CLAUSES.tsv | query DB QUERIES.txt [ROUNDS] |"
                    " one DB EXPR | count DB EXPR... | rowids DB EXPR\n");
    return 2;
}
