/*
 * Regression replay of the fuzz harnesses (tests/fuzz/).
 *
 * Every file under tests/fuzz/regressions/<harness>/ (inputs that once
 * crashed a harness or broke one of its invariants; the bug is fixed) and
 * under the seed corpora tests/fuzz/corpus/<harness>/ is run through the
 * same code as the harness: the harness sources are included here with
 * their entry points renamed, and a broken invariant fails the Check test
 * (naming the file) instead of aborting. Run under `make SANITIZE=1 check`
 * for ASan/UBSan on the same inputs.
 */
#include <dirent.h>
#include "testutil.h"

static char fz_current[1024];
#define FZ_FAIL() ck_abort_msg("fuzz invariant failed on %s (see stderr)", fz_current)

#define LLVMFuzzerTestOneInput fuzz_decode_one
#include "../fuzz/fuzz_decode.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tokenize_one
#include "../fuzz/fuzz_tokenize.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_doc_one
#include "../fuzz/fuzz_doc.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cite_one
#include "../fuzz/fuzz_cite.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_query_one
#include "../fuzz/fuzz_query.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_shard_one
#include "../fuzz/fuzz_shard.c"
#undef LLVMFuzzerTestOneInput

int fuzz_decode_one(const uint8_t *data, size_t size);
int fuzz_tokenize_one(const uint8_t *data, size_t size);
int fuzz_doc_one(const uint8_t *data, size_t size);
int fuzz_cite_one(const uint8_t *data, size_t size);
int fuzz_query_one(const uint8_t *data, size_t size);
int fuzz_shard_one(const uint8_t *data, size_t size);

typedef int (*one_fn)(const uint8_t *, size_t);

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run FN on every regular file of DIR (missing is fine); returns the count. */
static size_t replay_dir(const char *dir, one_fn fn)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            ck_assert_ptr_nonnull(names);
        }
        names[n] = strdup(e->d_name);
        ck_assert_ptr_nonnull(names[n]);
        n++;
    }
    closedir(d);
    if (n > 1) qsort(names, n, sizeof *names, name_cmp);
    size_t ran = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(fz_current, sizeof fz_current, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(fz_current, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t len;
            char *buf = vb_test_slurp(fz_current, &len);
            /* an exact-size copy, as libFuzzer hands it over */
            uint8_t *data = malloc(len ? len : 1);
            ck_assert_ptr_nonnull(data);
            memcpy(data, buf, len);
            free(buf);
            fn(data, len);
            free(data);
            ran++;
        }
        free(names[i]);
    }
    free(names);
    return ran;
}

static void replay(const char *harness, one_fn fn)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", harness);
    size_t r = replay_dir(dir, fn);
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", harness);
    size_t c = replay_dir(dir, fn);
    /* the seeds are in the repository: finding none means a wrong directory */
    ck_assert_msg(c > 0, "no seed files in %s (run from the project root)", dir);
    (void)r;
}

START_TEST(test_decode) { replay("decode", fuzz_decode_one); }
END_TEST

START_TEST(test_tokenize) { replay("tokenize", fuzz_tokenize_one); }
END_TEST

START_TEST(test_doc) { replay("doc", fuzz_doc_one); }
END_TEST

START_TEST(test_cite) { replay("cite", fuzz_cite_one); }
END_TEST

START_TEST(test_query) { replay("query", fuzz_query_one); }
END_TEST

START_TEST(test_shard) { replay("shard", fuzz_shard_one); }
END_TEST

/* The fixed bugs, spelled out (the regression files replay them too). */
START_TEST(test_number_key_cut)
{
    /* vb_number_key cut a key at CAP in the middle of a character */
    char buf[3];
    size_t n = vb_number_key("\x03\xf8", 2, buf, sizeof buf);   /* folds to "\x03" U+FFFD */
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(buf, "\x03");
    char k[8];
    n = vb_number_key("5287/BCĐ", strlen("5287/BCĐ"), k, sizeof k);
    ck_assert_str_eq(k, "5287/bc");
    ck_assert_uint_eq(n, 7);
}
END_TEST

static int long_number_cb(const vb_token_t *t, void *data)
{
    size_t *seen = data;
    if (t->kind == VB_TOK_NUMBER) {
        (*seen)++;
        ck_assert_uint_le(t->exact_len, 200);
        ck_assert_uint_eq(t->exact_len % 2, 1);   /* "3" and whole 2-byte marks */
        ck_assert(fz_utf8_valid(t->exact, t->exact_len));
        ck_assert(fz_utf8_valid(t->folded, t->folded_len));
    }
    return 0;
}

START_TEST(test_number_token_cut)
{
    /* a number token longer than VB_TERM_MAX bytes was cut in the middle of a
     * character: "3" followed by 101 combining tildes (TCVN3 0xB2) */
    char text[1 + 101 * 2 + 1];
    size_t n = 0;
    text[n++] = '3';
    for (int i = 0; i < 101; i++) { text[n++] = (char)0xCC; text[n++] = (char)0x83; }
    text[n] = '\0';
    size_t seen = 0;
    ck_assert_int_eq(vb_tokenize(text, n, VB_TOKENIZE_DEFAULT, 0, long_number_cb, &seen, NULL), VB_OK);
    ck_assert_uint_eq(seen, 1);
}
END_TEST

START_TEST(test_assignee_cut)
{
    /* the lead-in of an item was cut at 400 bytes in the middle of a
     * character (here the 33rd "ạ"), and the assignee taken from it kept
     * the broken character */
    snprintf(fz_current, sizeof fz_current, "test_assignee_cut");
    char text[2048];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "1. Sở Y tế");
    memset(text + n, ' ', 291);
    n += 291;
    for (int i = 0; i < 40; i++) n += (size_t)snprintf(text + n, sizeof text - n, "ạ");
    n += (size_t)snprintf(text + n, sizeof text - n, "\nvà các cơ quan: thực hiện.\n");
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, n, &d), VB_OK);
    fz_check_doc(d, text, n);
    int seen = 0;
    for (size_t i = 0; i < d->clause_count; i++)
        if (d->clauses[i].assignee) {
            seen = 1;
            ck_assert(fz_utf8_valid(d->clauses[i].assignee, strlen(d->clauses[i].assignee)));
        }
    ck_assert_msg(seen, "no assignee found: the test no longer reaches the cut");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_place_cut)
{
    /* the number after "Số:" is read into a 64-byte buffer; when it filled up
     * inside a character, the place was read from the rest of the line
     * starting in the middle of that character */
    snprintf(fz_current, sizeof fz_current, "test_place_cut");
    char text[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "Số: x");
    /* capitals: a place starts with one (a lower-case run is no place name) */
    for (int i = 0; i < 30; i++) n += (size_t)snprintf(text + n, sizeof text - n, "Ạ");
    n += (size_t)snprintf(text + n, sizeof text - n, ", ngày 1 tháng 4 năm 2019\n\nNội dung.\n");
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, n, &d), VB_OK);
    fz_check_doc(d, text, n);
    ck_assert_ptr_nonnull(d->place);
    ck_assert(fz_utf8_valid(d->place, strlen(d->place)));
    vb_doc_free(d);
}
END_TEST

START_TEST(test_pinpoint_long_word)
{
    /* a ref: pinpoint part longer than the 64-byte fold buffer was cut and
     * then passed for a point: "d9.1.di,,,…,,f" gave the pinpoint "d9.1.di,,,,…" */
    char q[256];
    int n = snprintf(q, sizeof q, "ref:\"46/2014/NĐ-CP d9.1.di");
    for (int i = 0; i < 70; i++) q[n++] = ',';
    n += snprintf(q + n, sizeof q - (size_t)n, "f\"");
    vb_qnode_t *root = NULL;
    char err[256];
    size_t col = 0;
    ck_assert_int_eq(vb_qparse(q, (size_t)n, &root, err, sizeof err, &col), VB_ERR_QUERY_SYNTAX);
    ck_assert_msg(strstr(err, "cannot read the pinpoint") != NULL, "message: %s", err);
    ck_assert_uint_eq(col, 20);   /* the "d" of d9.1… */
    /* a short one still works */
    const char *ok = "ref:\"46/2014/NĐ-CP d9.1.đ,\"";
    ck_assert_int_eq(vb_qparse(ok, strlen(ok), &root, err, sizeof err, &col), VB_OK);
    ck_assert_str_eq(root->pinpoint, "d9.1.đ");
    vb_qnode_free(root);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("regress");
    TCase *tc = tcase_create("replay");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_decode);
    tcase_add_test(tc, test_tokenize);
    tcase_add_test(tc, test_doc);
    tcase_add_test(tc, test_cite);
    tcase_add_test(tc, test_query);
    tcase_add_test(tc, test_shard);
    suite_add_tcase(s, tc);
    tc = tcase_create("fixed");
    tcase_add_test(tc, test_number_key_cut);
    tcase_add_test(tc, test_number_token_cut);
    tcase_add_test(tc, test_assignee_cut);
    tcase_add_test(tc, test_place_cut);
    tcase_add_test(tc, test_pinpoint_long_word);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
