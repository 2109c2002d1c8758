/* Helpers shared by the command-line tools. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "cli.h"

void vb_cli_usage_error(const char *prog, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    exit(2);
}

/* $VANBAN_THESAURUS, else the project's corpus/thesaurus.tsv, else the one
 * installed beside the binary (PREFIX/bin/.. /share/vanban/thesaurus.tsv). */
const char *vb_cli_default_thesaurus(void)
{
    static char installed[4096];
    const char *env = getenv("VANBAN_THESAURUS");
    if (env && *env) return env;
    if (access("corpus/thesaurus.tsv", R_OK) == 0) return "corpus/thesaurus.tsv";
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(installed, sizeof installed, "%s/../share/vanban/thesaurus.tsv", exe);
            if (access(installed, R_OK) == 0) return installed;
        }
    }
    return NULL;
}

/* A search frees its documents' records (a large block each) at its end.
 * glibc then hands the top of its heap back to the kernel and maps the next
 * large blocks apart, and the next search faults every page in again (about
 * 6 us a fault on a virtual machine): the 30 benchmark queries over HTTP at
 * x10 took 7 % longer (docs/performance.md, session 20). Blocks up to 16 MB
 * come from the heap, and up to 64 MB freed at its top stay there: the
 * resident size stays at the largest search's, as a cache's would. */
void vb_cli_keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
