/* Structure acceptance over the real corpus (issue 12, "Structure"):
 *
 *  - every article heading ("Điều N." / "Điều N:" opening a line, outside
 *    quoted amendment text) comes back as a clause that starts on that line
 *    and whose path names the article: "dN", or "plK.dN" in an attachment;
 *  - no clause is over 64 KB unless it stands in an appendix ("plK…").
 *
 * The headings are found by this file's own scan of the text, not by the
 * parser, so the two can disagree. Skipped when ../shared/corpus-real is
 * absent. VB_STRUCT_VERBOSE=1 lists every missed heading. */
#include <stdint.h>
#include "testutil.h"
#include "vanban.h"

#define MIN_MATCH 0.995
#define MAX_CLAUSE (64u * 1024u)

typedef struct {
    unsigned line;
    char num[8];        /* "5", "7a" */
} heading_t;

typedef struct {
    heading_t *v;
    size_t n, cap;
} headings_t;

static int starts(const char *s, const char *e, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(e - s) >= n && !memcmp(s, w, n);
}

/* the bytes of the quote characters this scan follows */
#define LQ "\xE2\x80\x9C"   /* “ */
#define RQ "\xE2\x80\x9D"   /* ” */

/* Folded copy of a line (lower case, no marks) to look for phrases in. */
static void fold_line(const char *s, const char *e, char *buf, size_t cap)
{
    vb_term_fold(s, (size_t)(e - s), buf, cap);
}

/* "Điều N." or "Điều N:" at S: the article number into NUM. */
static int heading_at(const char *s, const char *e, char *num, size_t cap)
{
    const char *p;
    if (starts(s, e, "\xC4\x90i\xE1\xBB\x81u ")) p = s + 7;        /* "Điều " */
    else if (starts(s, e, "\xC4\x90I\xE1\xBB\x80U ")) p = s + 7;   /* "ĐIỀU " */
    else return 0;
    while (p < e && *p == ' ') p++;
    const char *d = p;
    while (p < e && p - d < 4 && *p >= '0' && *p <= '9') p++;
    if (p == d || p - d > 3) return 0;
    if (p < e && *p >= 'a' && *p <= 'z') p++;
    size_t nn = (size_t)(p - d);
    while (p < e && (*p == ' ' || *p == '*')) p++;
    if (p >= e || (*p != '.' && *p != ':')) return 0;
    if (p + 1 < e && p[1] >= '0' && p[1] <= '9') return 0;   /* "Điều 5.2" */
    if (nn + 1 > cap) return 0;
    memcpy(num, d, nn);
    num[nn] = '\0';
    return 1;
}

/* The scan. Quoted text: between “ and ” (nested), between a pair of ASCII
 * quotes, and from an amending lead-in ending in "như sau:" (sửa đổi, bổ
 * sung, thay thế in it or the line before) up to the next closing quote or
 * the heading that continues the document's own article numbering. */
static void scan(const char *text, size_t len, headings_t *h)
{
    const char *p = text, *end = text + len;
    unsigned line = 1;
    int depth = 0, ascii = 0, zone = 0;
    long last = 0;   /* the last article counted */
    char f[2048], pf[2048] = "";
    while (p <= end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e) e = end;
        const char *s = p;
        for (;;) {
            if (s < e && (*s == ' ' || *s == '\t' || *s == '*' || *s == '#' || *s == '>')) s++;
            else if (starts(s, e, "\xC2\xA0")) s += 2;
            else break;
        }
        char num[8];
        int head = heading_at(s, e, num, sizeof num);
        long n = head ? strtol(num, NULL, 10) : 0;
        if (head && zone && depth == 0 && !ascii && n == last + 1) zone = 0;
        if (head && depth == 0 && !ascii && !zone) {
            if (!strchr(num, 'a') || n > last) last = n;
            if (h->n == h->cap) {
                h->cap = h->cap ? h->cap * 2 : 64;
                h->v = realloc(h->v, h->cap * sizeof *h->v);
                ck_assert_ptr_nonnull(h->v);
            }
            h->v[h->n].line = line;
            snprintf(h->v[h->n].num, sizeof h->v[h->n].num, "%s", num);
            h->n++;
        }
        int closed = 0;
        for (const char *q = s; q < e; q++) {
            if (starts(q, e, LQ)) { depth++; q += 2; }
            else if (starts(q, e, RQ)) { if (depth > 0) depth--; closed = 1; q += 2; }
            else if (*q == '"') { ascii = !ascii; if (!ascii) closed = 1; }
        }
        if (zone && closed && depth == 0 && !ascii) zone = 0;
        /* an amending lead-in opens a zone that the next closing quote ends */
        const char *t = e;
        while (t > s && (t[-1] == ' ' || t[-1] == '*')) t--;
        fold_line(s, t, f, sizeof f);
        if (t - s >= 8 && t[-1] == ':' && strstr(f, "nhu sau:")) {
            const char *const verbs[] = { "sua doi", "bo sung", "thay the" };
            for (size_t v = 0; v < 3; v++)
                if (strstr(f, verbs[v]) || strstr(pf, verbs[v])) zone = 1;
        }
        if (t > s) memcpy(pf, f, sizeof pf);
        if (e == end) break;
        p = e + 1;
        line++;
    }
}

/* The path names article NUM: "dNUM" or "<attachment>.dNUM". */
static int names_article(const char *path, const char *num)
{
    const char *last = strrchr(path, '.');
    const char *seg = last ? last + 1 : path;
    if (seg[0] != 'd' || strcmp(seg + 1, num)) return 0;
    return !last || !strncmp(path, "pl", 2);
}

static int strcmp_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The clause whose text holds source line LINE, or NULL. */
static const vb_clause_t *clause_at(const vb_doc_t *d, unsigned line)
{
    const vb_clause_t *best = NULL;
    for (size_t i = 0; i < d->clause_count; i++) {
        const vb_clause_t *c = &d->clauses[i];
        for (size_t k = 0; k < c->line_count; k++)
            if (c->line_numbers[k] == line) best = c;
    }
    return best;
}

START_TEST(test_structure)
{
    if (!vb_test_have_real_corpus()) {
        printf("check_structure: SKIP: %s not found (article structure not measured)\n", VB_REAL_CORPUS);
        return;
    }
    int verbose = getenv("VB_STRUCT_VERBOSE") != NULL;
    DIR *dir = opendir(VB_REAL_CORPUS "/docs");
    ck_assert_ptr_nonnull(dir);
    char **names = NULL;
    size_t nn = 0, ncap = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt")) continue;
        if (nn == ncap) {
            ncap = ncap ? ncap * 2 : 1024;
            names = realloc(names, ncap * sizeof *names);
            ck_assert_ptr_nonnull(names);
        }
        names[nn++] = strdup(de->d_name);
    }
    closedir(dir);
    qsort(names, nn, sizeof *names, strcmp_ptr);
    size_t found = 0, matched = 0, docs = 0, short_docs = 0, big = 0, dup = 0;
    for (size_t k = 0; k < nn; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/docs/%s", VB_REAL_CORPUS, names[k]);
        vb_text_t *t = NULL;
        ck_assert_msg(vb_text_read_file(path, VB_ENC_AUTO, &t) == VB_OK, "cannot read %s", path);
        vb_doc_t *d = NULL;
        ck_assert_msg(vb_doc_parse(t->text, t->len, &d) == VB_OK, "cannot parse %s", path);
        docs++;
        headings_t h = {0};
        scan(t->text, t->len, &h);
        size_t miss = 0;
        char why[160] = "";
        for (size_t i = 0; i < h.n; i++) {
            int ok = 0;
            for (size_t j = 0; j < d->clause_count && !ok; j++)
                ok = d->clauses[j].line == h.v[i].line && names_article(d->clauses[j].path, h.v[i].num);
            if (ok) { matched++; continue; }
            miss++;
            const vb_clause_t *in = clause_at(d, h.v[i].line);
            char r[160];
            snprintf(r, sizeof r, "Điều %s (line %u) in %s", h.v[i].num, h.v[i].line, in ? in->path : "no clause");
            if (!why[0]) snprintf(why, sizeof why, "%s", r);
            if (verbose) printf("check_structure: MISS %s: %s\n", names[k], r);
        }
        found += h.n;
        if (miss) {
            short_docs++;
            printf("check_structure: short %s: %zu of %zu headings missed, first: %s\n", names[k], miss, h.n, why);
        }
        for (size_t j = 0; j < d->clause_count; j++) {
            const vb_clause_t *c = &d->clauses[j];
            if (strchr(c->path, '~')) dup++;
            if (c->text_len > MAX_CLAUSE && strncmp(c->path, "pl", 2)) {
                big++;
                printf("check_structure: BIG %s: clause %s is %zu bytes\n", names[k], c->path, c->text_len);
            }
        }
        free(h.v);
        vb_doc_free(d);
        vb_text_free(t);
        free(names[k]);
    }
    free(names);
    double r = found ? (double)matched / (double)found : 1.0;
    printf("check_structure: %zu documents, %zu article headings, %zu come back as their clause = %.2f%% "
           "(minimum %.1f%%); %zu documents short; %zu clauses over 64 KB outside appendices; %zu repeated paths\n",
           docs, found, matched, 100.0 * r, 100.0 * MIN_MATCH, short_docs, big, dup);
    ck_assert_msg(r >= MIN_MATCH, "article headings matched %.2f%% below %.1f%%", 100.0 * r, 100.0 * MIN_MATCH);
    ck_assert_msg(big == 0, "%zu clauses over 64 KB outside appendices", big);
}
END_TEST

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);   /* the report lines survive a forked failing test */
    Suite *s = suite_create("structure");
    TCase *tc = tcase_create("real");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_structure);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
