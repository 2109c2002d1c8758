/* Citations over the real corpus: no cited issuer ends in a dangling word ("Bộ", "và", "Ban",
 * "Ủy", "của", "Bộ trưởng Bộ", …) unless the text itself ends there; no law's name ends in one.
 * Skipped when ../shared/corpus-real is absent. VB_CITE_REAL_VERBOSE=1 lists each one. */
#include "testutil.h"
#include "vanban.h"

/* words a body's name cannot end with */
static const char *const DANGLING[] = {
    "Bộ", "bộ", "và", "Ban", "Ủy", "Uỷ", "của", "Sở", "Cục", "Tổng", "Thủ", "Quốc", "Ngân", "Văn",
    "Hội", "Liên", "-", "–", "UBND", "HĐND", "Trung", NULL
};
/* and a law's name */
static const char *const NAME_DANGLING[] = {
    "và", "của", "Luật", "Bộ", "Pháp", "về", "theo", "tại", "ngày", "năm", "được", "đã", "-", NULL
};

/* the last word of S (up to CAP-1 bytes) */
static void last_word(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), e = n;
    while (e > 0 && s[e - 1] == ' ') e--;
    size_t b = e;
    while (b > 0 && s[b - 1] != ' ') b--;
    size_t l = e - b < cap - 1 ? e - b : cap - 1;
    memcpy(out, s + b, l);
    out[l] = '\0';
}

static int in_list(const char *w, const char *const *l)
{
    for (size_t k = 0; l[k]; k++)
        if (!strcmp(w, l[k])) return 1;
    return 0;
}

/* the text of the clause goes on with a word after the citation TEXT */
static int text_goes_on(const vb_doc_t *d, const vb_citation_t *c, const char **next)
{
    *next = "";
    for (size_t i = 0; i < d->clause_count; i++) {
        const vb_clause_t *cl = &d->clauses[i];
        if (strcmp(cl->path, c->clause)) continue;
        /* the same words may stand more than once in the clause: every place must go on */
        size_t tl = strlen(c->text);
        int seen = 0;
        for (const char *p = strstr(cl->text, c->text); p; p = strstr(p + 1, c->text)) {
            const char *q = p + tl;
            seen = 1;
            while (*q == ' ') q++;
            unsigned char ch = (unsigned char)*q;
            if (!(ch != '\0' && (ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))) return 0;
            *next = q;
        }
        return seen;
    }
    return 1;
}

static int ends_with(const char *s, const char *t)
{
    size_t n = strlen(s), m = strlen(t);
    return n >= m && !strcmp(s + n - m, t);
}

START_TEST(test_cite_real)
{
    if (!vb_test_have_real_corpus()) {
        printf("check_cite_real: SKIP: %s not found (citations over the real corpus not measured)\n", VB_REAL_CORPUS);
        return;
    }
    int verbose = getenv("VB_CITE_REAL_VERBOSE") != NULL;
    DIR *dir = opendir(VB_REAL_CORPUS "/docs");
    ck_assert_ptr_nonnull(dir);
    size_t docs = 0, cites = 0, issuers = 0, dangling = 0, named = 0, name_dangling = 0, pinned = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/docs/%s", VB_REAL_CORPUS, de->d_name);
        vb_text_t *t = NULL;
        if (vb_text_read_file(path, VB_ENC_AUTO, &t) != VB_OK) continue;
        vb_doc_t *d = NULL;
        if (vb_doc_parse(t->text, t->len, &d) != VB_OK) ck_abort_msg("cannot parse %s", path);
        docs++;
        for (size_t i = 0; i < d->citation_count; i++) {
            const vb_citation_t *c = &d->citations[i];
            char w[64];
            cites++;
            if (c->pinpoint) pinned++;
            if (c->name) {
                named++;
                last_word(c->name, w, sizeof w);
                if (in_list(w, NAME_DANGLING) || ends_with(c->name, ",")) {
                    name_dangling++;
                    if (verbose) printf("NAME %s:%u [%s] in [%s]\n", de->d_name, c->line, c->name, c->text);
                }
            }
            if (!c->issuer || !c->text || !c->clause || !ends_with(c->text, c->issuer)) continue;
            issuers++;
            last_word(c->issuer, w, sizeof w);
            size_t il = strlen(c->issuer);
            int bo_bo = il >= 16 && !strcmp(c->issuer + il - 16, "Bộ trưởng Bộ");
            const char *next;
            if ((in_list(w, DANGLING) || bo_bo) && text_goes_on(d, c, &next)) {
                dangling++;
                if (verbose)
                    printf("ISSUER %s:%u [%s] in [%s] then [%.30s]\n", de->d_name, c->line, c->issuer, c->text, next);
            }
        }
        vb_doc_free(d);
        vb_text_free(t);
    }
    closedir(dir);
    printf("check_cite_real: %zu documents, %zu citations (%zu with a pinpoint, %zu by name)\n", docs, cites, pinned,
           named);
    printf("check_cite_real: %zu cited issuers, %zu end in a dangling word; %zu names end in one\n", issuers,
           dangling, name_dangling);
    fflush(stdout);
    ck_assert_msg(docs > 0, "no documents read");
    ck_assert_msg(dangling == 0, "%zu cited issuers end in a dangling word", dangling);
    ck_assert_msg(name_dangling == 0, "%zu names end in a dangling word", name_dangling);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cite_real");
    TCase *tc = tcase_create("dangling");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_cite_real);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
