/* Parse-only benchmark: decode every file first, then time vb_doc_parse alone.
 * usage: parse_bench DIR [ROUNDS] */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "vanban.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: %s DIR [ROUNDS]\n", argv[0]); return 2; }
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (rounds < 1) rounds = 1;
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 2; }
    vb_text_t **texts = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt")) continue;
        char path[4096];
        int w = snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        if (w < 0 || (size_t)w >= sizeof path) continue;
        vb_text_t *t = NULL;
        if (vb_text_read_file(path, VB_ENC_AUTO, &t) != VB_OK) { fprintf(stderr, "skip %s\n", path); continue; }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            vb_text_t **nv = realloc(texts, cap * sizeof *nv);
            if (!nv) return 2;
            texts = nv;
        }
        texts[n++] = t;
        bytes += t->len;
    }
    closedir(dir);
    if (n == 0) { fprintf(stderr, "no .txt files in %s\n", argv[1]); return 2; }
    double best = 1e30;
    size_t clauses = 0, cites = 0;
    for (long r = 0; r < rounds; r++) {
        double t0 = now();
        clauses = cites = 0;
        for (size_t i = 0; i < n; i++) {
            vb_doc_t *d = NULL;
            if (vb_doc_parse(texts[i]->text, texts[i]->len, &d) != VB_OK) { fprintf(stderr, "parse failed\n"); return 1; }
            clauses += d->clause_count;
            cites += d->citation_count;
            vb_doc_free(d);
        }
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    printf("parse: %zu documents, %.1f MB, %zu clauses, %zu citations\n", n, (double)bytes / 1e6, clauses, cites);
    printf("parse: best of %ld rounds %.3f s = %.0f documents/s, %.1f MB/s\n", rounds, best, (double)n / best,
           (double)bytes / 1e6 / best);
    for (size_t i = 0; i < n; i++) vb_text_free(texts[i]);
    free(texts);
    return 0;
}
