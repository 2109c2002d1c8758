/* Small helpers shared by the Check suites. */
#ifndef VB_TESTUTIL_H
#define VB_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* The real corpus lives beside the project; tests that need it skip when absent. */
#define VB_REAL_CORPUS "../shared/corpus-real"
#define VB_SEED "corpus/5287-BCD-2020.txt"

static inline int vb_test_have_real_corpus(void)
{
    struct stat st;
    return stat(VB_REAL_CORPUS "/metadata.tsv", &st) == 0;
}

/* Read a whole file into a malloc'd buffer (NUL-terminated); aborts the test on failure. */
static inline char *vb_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = (n + 65536 + 1) * 2;
            buf = realloc(buf, cap);
            ck_assert(buf != NULL);
        }
        size_t r = fread(buf + n, 1, 65536, f);
        n += r;
        if (r == 0) break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* A fresh directory /tmp/vanban-NAME.XXXXXX, its path in BUF; aborts the test on failure. */
static inline void vb_test_tmpdir(char *buf, size_t cap, const char *name)
{
    int n = snprintf(buf, cap, "/tmp/vanban-%s.XXXXXX", name);
    ck_assert(n > 0 && (size_t)n < cap);
    ck_assert_msg(mkdtemp(buf) != NULL, "cannot make %s", buf);
}

/* rm -rf PATH (symbolic links are removed, not followed). */
static inline void vb_test_rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char p[4096];
        if ((size_t)snprintf(p, sizeof p, "%s/%s", path, e->d_name) >= sizeof p) continue;
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) vb_test_rm_tree(p);
        else unlink(p);
    }
    closedir(d);
    rmdir(path);
}

/* Run a suite and return a process exit status. */
static inline int vb_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
