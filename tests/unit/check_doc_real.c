/* Agreement of the document-model header fields with the real corpus's
 * metadata.tsv (number, type, top issuer, date). Skipped when
 * ../shared/corpus-real is absent. Set VB_DOC_REAL_VERBOSE=1 to list every
 * disagreement. */
#include <stdint.h>
#include "testutil.h"
#include "vanban.h"

enum { F_NUMBER, F_TYPE, F_ISSUER, F_DATE, F_COUNT };
static const char *const FIELD[F_COUNT] = { "number", "type", "issuer", "date" };
static const double MIN_AGREE[F_COUNT] = { 0.95, 0.90, 0.90, 0.95 };

/* folded, lower case, letters and digits only, single spaces */
static void norm(const char *s, char *out, size_t cap)
{
    char tmp[1024];
    size_t n = vb_term_fold(s, strlen(s), tmp, sizeof tmp), o = 0;
    int sp = 1;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        unsigned char ch = (unsigned char)tmp[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) {
            out[o++] = (char)ch;
            sp = 0;
        } else if (!sp) {
            out[o++] = ' ';
            sp = 1;
        }
    }
    while (o > 0 && out[o - 1] == ' ') o--;
    out[o] = '\0';
}

static int issuer_agrees(const vb_doc_t *d, const char *meta)
{
    char m[1024], mine[1024], all[2048] = "";
    if (d->issuer_count == 0) return 0;
    norm(meta, m, sizeof m);
    norm(d->issuer[0], mine, sizeof mine);
    if (mine[0] && strncmp(m, mine, strlen(mine)) == 0) return 1;
    size_t o = 0;
    for (size_t i = 0; i < d->issuer_count; i++) {
        char lv[1024];
        norm(d->issuer[i], lv, sizeof lv);
        if (!strcmp(lv, m)) return 1;   /* the site names the lowest body */
        int w = snprintf(all + o, sizeof all - o, "%s%s", o ? " " : "", lv);
        if (w < 0 || (size_t)w >= sizeof all - o) break;
        o += (size_t)w;
    }
    return strcmp(all, m) == 0 || (m[0] && strncmp(all, m, strlen(m)) == 0);
}

/* ---- issuer values over the corpus: counts per value, and the facet property ---- */
typedef struct {
    char *v;
    size_t top, unit;   /* documents with it as top level, as a lower level */
} tally_t;
static tally_t *tal;
static size_t taln, talcap;

static void tally(const char *v, int top)
{
    for (size_t i = 0; i < taln; i++)
        if (!strcmp(tal[i].v, v)) { if (top) tal[i].top++; else tal[i].unit++; return; }
    if (taln == talcap) {
        talcap = talcap ? talcap * 2 : 256;
        tal = realloc(tal, talcap * sizeof *tal);
        ck_assert_ptr_nonnull(tal);
    }
    tal[taln].v = strdup(v);
    ck_assert_ptr_nonnull(tal[taln].v);
    tal[taln].top = top ? 1 : 0;
    tal[taln].unit = top ? 0 : 1;
    taln++;
}

static int cmp_tally(const void *a, const void *b)
{
    const tally_t *x = a, *y = b;
    size_t nx = x->top + x->unit, ny = y->top + y->unit;
    if (nx != ny) return nx > ny ? -1 : 1;
    return strcmp(x->v, y->v);
}

/* why the issuer value V is not a clean body name, or NULL */
static const char *issuer_defect(const char *v)
{
    char f[1024];
    norm(v, f, sizeof f);
    if (!f[0]) return "empty";
    if (strstr(f, "cong hoa") || strstr(f, "xa hoi chu nghia") || strstr(f, "doc lap") || strstr(f, "hanh phuc") ||
        strstr(f, "nghia viet nam"))
        return "motto words";
    size_t n = strlen(f);
    for (size_t h = 1; h < n; h++)   /* "X X": two copies of one name */
        if (f[h] == ' ' && n == 2 * h + 1 && !strncmp(f, f + h + 1, h)) return "doubled";
    unsigned char c0 = (unsigned char)v[0];
    if (c0 >= 'a' && c0 <= 'z') return "starts in lower case";
    if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z') && !(c0 >= '0' && c0 <= '9')) return "starts with a symbol";
    /* a stray syllable: a first word that is no body word (one, or two letters, or a
       conjunction) */
    static const char *const STRAY[] = { "va ", "cua ", "ve ", "hoi xa", "xa hoi", "tu do", "nghia ", "hoa xa",
                                         "thuong binh", "dau tu", "cong nghe", "moi truong", NULL };
    for (size_t i = 0; STRAY[i]; i++)
        if (!strncmp(f, STRAY[i], strlen(STRAY[i]))) return "stray syllable";
    if (!strcmp(f, "bo") || !strcmp(f, "ban") || !strcmp(f, "so") || !strcmp(f, "cuc") || !strcmp(f, "va"))
        return "a bare word";
    if (f[0] >= '0' && f[0] <= '9') return "starts with digits";
    const char *lw = strrchr(f, ' ');
    if (lw && (!strcmp(lw, " bo") || !strcmp(lw, " cuc") || !strcmp(lw, " ban") || !strcmp(lw, " so") ||
               !strcmp(lw, " va")))
        return "ends with a stray word";
    return NULL;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* split a TSV line in place */
static size_t split_tab(char *line, char **col, size_t max)
{
    size_t n = 0;
    col[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') { *p = '\0'; col[n++] = p + 1; }
    return n;
}

START_TEST(test_real_agreement)
{
    if (!vb_test_have_real_corpus()) {
        printf("check_doc_real: SKIP: %s not found (real-corpus agreement not measured)\n", VB_REAL_CORPUS);
        return;
    }
    int verbose = getenv("VB_DOC_REAL_VERBOSE") != NULL;
    size_t mlen;
    char *meta = vb_test_slurp(VB_REAL_CORPUS "/metadata.tsv", &mlen);
    size_t have[F_COUNT] = {0}, agree[F_COUNT] = {0}, docs = 0, clauses = 0, cites = 0, inferred = 0, text_numbers = 0;
    char *save = NULL;
    char *line = strtok_r(meta, "\n", &save);   /* header */
    for (line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *col[16];
        if (split_tab(line, col, 16) < 5) continue;
        char path[512];
        snprintf(path, sizeof path, "%s/docs/%s", VB_REAL_CORPUS, col[0]);
        vb_text_t *t = NULL;
        if (vb_text_read_file(path, VB_ENC_AUTO, &t) != VB_OK) ck_abort_msg("cannot read %s", path);
        vb_doc_t *d = NULL;
        if (vb_doc_parse(t->text, t->len, &d) != VB_OK) ck_abort_msg("cannot parse %s", path);
        if (col[1][0] && d->number) {   /* the number from the text alone, for the record */
            char a[256], b[256];
            vb_number_key(d->number, strlen(d->number), a, sizeof a);
            vb_number_key(col[1], strlen(col[1]), b, sizeof b);
            text_numbers += !strcmp(a, b);
        }
        /* as the indexer does: a number the text lacks from the file name */
        if (vb_doc_infer_from_name(d, path) != VB_OK) ck_abort_msg("cannot infer from %s", path);
        if (d->number_inferred) inferred++;
        docs++;
        clauses += d->clause_count;
        cites += d->citation_count;
        /* every clause path unique (sorted copy; plain ifs: check's assertions are slow in loops) */
        if (d->clause_count > 1) {
            const char **ps = malloc(d->clause_count * sizeof *ps);
            ck_assert_ptr_nonnull(ps);
            for (size_t i = 0; i < d->clause_count; i++) ps[i] = d->clauses[i].path;
            qsort(ps, d->clause_count, sizeof *ps, cmp_cstr);
            for (size_t i = 0; i + 1 < d->clause_count; i++)
                if (!strcmp(ps[i], ps[i + 1])) ck_abort_msg("%s: duplicate path %s", col[0], ps[i]);
            free(ps);
        }
        for (size_t i = 0; i < d->issuer_count; i++) tally(d->issuer[i], i == 0);
        const char *metav[F_COUNT] = { col[1], col[2], col[3], col[4] };
        for (int f = 0; f < F_COUNT; f++) {
            if (!metav[f][0]) continue;
            have[f]++;
            int ok = 0;
            const char *mine = NULL;
            char a[256], b[256];
            switch (f) {
            case F_NUMBER:
                mine = d->number;
                if (mine) {
                    vb_number_key(mine, strlen(mine), a, sizeof a);
                    vb_number_key(metav[f], strlen(metav[f]), b, sizeof b);
                    ok = !strcmp(a, b);
                }
                break;
            case F_TYPE:
                mine = d->type;
                if (mine) { norm(mine, a, sizeof a); norm(metav[f], b, sizeof b); ok = !strcmp(a, b); }
                break;
            case F_ISSUER:
                mine = d->issuer_count ? d->issuer[0] : NULL;
                ok = issuer_agrees(d, metav[f]);
                break;
            case F_DATE:
                mine = d->date;
                ok = mine && !strcmp(mine, metav[f]);
                break;
            }
            if (ok) agree[f]++;
            else if (verbose)
                printf("DIFF %s %s meta=[%s] mine=[%s]\n", col[0], FIELD[f], metav[f], mine ? mine : "(null)");
        }
        vb_doc_free(d);
        vb_text_free(t);
    }
    free(meta);
    printf("check_doc_real: %zu documents, %zu clauses, %zu citations; %zu numbers from the file name "
           "(%zu numbers agree from the text alone)\n", docs, clauses, cites, inferred, text_numbers);
    for (int f = 0; f < F_COUNT; f++) {
        double r = have[f] ? (double)agree[f] / (double)have[f] : 1.0;
        printf("check_doc_real: %-7s agreement %zu/%zu = %.1f%% (minimum %.0f%%)\n", FIELD[f], agree[f], have[f],
               100.0 * r, 100.0 * MIN_AGREE[f]);
    }
    qsort(tal, taln, sizeof *tal, cmp_tally);
    size_t bad = 0;
    printf("check_doc_real: %zu distinct issuer values; the 40 most frequent (documents: top level, unit):\n",
           taln);
    for (size_t i = 0; i < taln; i++) {
        const char *why = issuer_defect(tal[i].v);
        if (i < 40 || getenv("VB_DOC_REAL_ISSUERS")) printf("  %4zu %4zu  %s\n", tal[i].top, tal[i].unit, tal[i].v);
        if (why) {
            bad++;
            printf("check_doc_real: BAD issuer [%s] (%zu docs): %s\n", tal[i].v, tal[i].top + tal[i].unit, why);
        }
    }
    for (size_t i = 0; i < taln; i++) free(tal[i].v);
    free(tal);
    tal = NULL;
    taln = talcap = 0;
    for (int f = 0; f < F_COUNT; f++) {
        double r = have[f] ? (double)agree[f] / (double)have[f] : 1.0;
        ck_assert_msg(r >= MIN_AGREE[f], "%s agreement %.1f%% below %.0f%%", FIELD[f], 100.0 * r,
                      100.0 * MIN_AGREE[f]);
    }
    ck_assert_msg(bad == 0, "%zu issuer values are not clean body names", bad);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc_real");
    TCase *tc = tcase_create("agreement");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_real_agreement);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
