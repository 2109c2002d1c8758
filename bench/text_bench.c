/* bench-text: decode + normalize + tokenize throughput over a corpus, next to
 * plain utf8proc_NFC over the same bytes (the reference). */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include "vanban.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int count_tok(const vb_token_t *t, void *d)
{
    (void)t;
    (*(size_t *)d)++;
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/corpus-real/docs";
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
    char pat[4096];
    snprintf(pat, sizeof pat, "%s/*.txt", dir);
    glob_t g;
    if (glob(pat, 0, NULL, &g) != 0) { fprintf(stderr, "bench-text: no files in %s\n", dir); return 2; }
    char **bufs = calloc(g.gl_pathc, sizeof *bufs);
    size_t *lens = calloc(g.gl_pathc, sizeof *lens), total = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        FILE *f = fopen(g.gl_pathv[i], "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        bufs[i] = malloc((size_t)n + 1);
        lens[i] = fread(bufs[i], 1, (size_t)n, f);
        bufs[i][lens[i]] = 0;
        fclose(f);
        total += lens[i];
    }
    double best_ref = 1e9, best_ours = 1e9, best_dec = 1e9;
    size_t tokens = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        for (size_t i = 0; i < g.gl_pathc; i++) {
            /* utf8proc_NFC wants NUL-terminated text; the 3 files with NULs are cut there, as it would */
            free(utf8proc_NFC((const utf8proc_uint8_t *)bufs[i]));
        }
        double t1 = now();
        tokens = 0;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            vb_text_t *t;
            if (vb_text_decode(bufs[i], lens[i], VB_ENC_AUTO, &t) != VB_OK) continue;
            vb_text_free(t);
        }
        double t2 = now();
        for (size_t i = 0; i < g.gl_pathc; i++) {
            vb_text_t *t;
            if (vb_text_decode(bufs[i], lens[i], VB_ENC_AUTO, &t) != VB_OK) continue;
            vb_tokenize(t->text, t->len, VB_TOKENIZE_DEFAULT, 0, count_tok, &tokens, NULL);
            vb_text_free(t);
        }
        double t3 = now();
        if (t1 - t0 < best_ref) best_ref = t1 - t0;
        if (t2 - t1 < best_dec) best_dec = t2 - t1;
        if (t3 - t2 < best_ours) best_ours = t3 - t2;
    }
    double mb = (double)total / 1e6;
    printf("| what | time (best of %d) | MB/s |\n| --- | --- | --- |\n", runs);
    printf("| utf8proc_NFC (reference) | %.3f s | %.1f |\n", best_ref, mb / best_ref);
    printf("| vanban decode+normalize | %.3f s | %.1f |\n", best_dec, mb / best_dec);
    printf("| vanban decode+normalize+tokenize | %.3f s | %.1f |\n", best_ours, mb / best_ours);
    printf("\n%zu files, %.1f MB, %zu tokens; vanban full pipeline = %.2f x the reference speed (target >= 0.33)\n",
           g.gl_pathc, mb, tokens, best_ref / best_ours);
    for (size_t i = 0; i < g.gl_pathc; i++) free(bufs[i]);
    free(bufs);
    free(lens);
    globfree(&g);
    return 0;
}
