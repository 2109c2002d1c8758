/* In-process query latency of libvanban (bench/bench-query.sh).
 *
 *   query_bench DB QUERIES.txt ROUNDS
 *
 * Opens the index once (vb_index_open), then for each round and each query of
 * QUERIES.txt (the first, vanban column of "vanban<TAB>fts5" lines; '#' and blank
 * lines skipped) runs vb_search with limit 20 twice:
 *   mode "json": flags VB_SEARCH_TOTALS, as `--exact-totals` (and, before
 *                issue 19, every `--format json`) asks: every match read for
 *                exact totals;
 *   mode "page": no flags, as `--format text` and `--format json` do now:
 *                bounded top-k, totals estimated when files were left unread.
 * The callback reads every result's text. Prints "open MS" once, then
 * "lat MODE ROUND QUERY MS CLAUSES MENTIONS" per search.
 */
#define _POSIX_C_SOURCE 200809L
#include "vanban.h"
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

static int on_result(const vb_result_t *r, void *data)
{
    size_t *sink = data;
    for (size_t i = 0; i < r->text_len; i += 64) *sink += (unsigned char)r->text[i];
    *sink += r->match_count;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: query_bench DB QUERIES.txt [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
    FILE *in = fopen(argv[2], "r");
    if (!in) {
        perror(argv[2]);
        return 2;
    }
    char **q = NULL;
    size_t n = 0, capq = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (!len || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (tab) *tab = 0;
        if (n == capq) {
            capq = capq ? 2 * capq : 64;
            q = realloc(q, capq * sizeof *q);
        }
        q[n++] = strdup(line);
    }
    free(line);
    fclose(in);

    double t0 = now();
    vb_index_t *ix = NULL;
    vb_status_t st = vb_index_open(argv[1], VB_INDEX_READ, &ix);
    if (st != VB_OK) {
        fprintf(stderr, "query_bench: %s: %s %s\n", argv[1], vb_status_to_string(st), vb_last_error());
        return 2;
    }
    printf("open %.4f\n", (now() - t0) * 1e3);

    static const struct {
        const char *name;
        unsigned flags;
    } modes[] = { { "json", VB_SEARCH_TOTALS }, { "page", 0 } };
    size_t sink = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
                vb_search_opts_t so;
                memset(&so, 0, sizeof so);
                so.flags = modes[m].flags;
                so.limit = 20;
                vb_search_stats_t stats;
                memset(&stats, 0, sizeof stats);
                double a = now();
                st = vb_search(ix, q[i], &so, on_result, &sink, &stats);
                double ms = (now() - a) * 1e3;
                if (st != VB_OK) fprintf(stderr, "query_bench: '%s': %s %s\n", q[i], vb_status_to_string(st), vb_last_error());
                printf("lat %s %d %zu %.4f %zu %zu\n", modes[m].name, r, i + 1, ms, stats.total_clauses,
                       stats.total_mentions);
            }
        }
    }
    vb_index_close(ix);
    for (size_t i = 0; i < n; i++) free(q[i]);
    free(q);
    fprintf(stderr, "query_bench: sink %zu\n", sink);
    return 0;
}
