/* DOC (Word 97-2003): read by a maintained extractor run as a child
 * process, the way omindex runs its filters: antiword (UTF-8 output, no
 * line wrapping), else catdoc. The child gets a time limit and an output
 * limit; a hanging extractor is killed. VANBAN_DOC_EXTRACTOR names another
 * command (it gets the file as its last argument; for tests), and
 * VANBAN_EXTRACTOR_SECONDS another time limit. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "input/input.h"

#define OUT_LIMIT ((size_t)256 << 20)

static int have_cmd(const char *name)
{
    const char *path = getenv("PATH");
    if (!path) path = "/usr/bin:/bin";
    char buf[4096];
    for (const char *p = path; *p;) {
        const char *e = strchr(p, ':');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)l, p, name);
        if (access(buf, X_OK) == 0) return 1;
        p += l + (e ? 1 : 0);
    }
    return 0;
}

static long time_limit(void)
{
    const char *s = getenv("VANBAN_EXTRACTOR_SECONDS");
    if (s && *s) {
        char *end = NULL;
        long v = strtol(s, &end, 10);
        if (end && *end == '\0' && v > 0 && v < 86400) return v;
    }
    return VB_IN_CHILD_SECONDS;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run ARGV, its standard output into IN->out. */
static vb_status_t run_child(char *const argv[], vb_in_t *in)
{
    int fds[2];
    if (pipe(fds) != 0) { vb_set_error("cannot start %s: %s", argv[0], strerror(errno)); return VB_ERR_FORMAT; }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]); close(fds[1]);
        vb_set_error("cannot start %s: %s", argv[0], strerror(errno));
        return VB_ERR_FORMAT;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) { dup2(devnull, 0); dup2(devnull, 2); }
        close(fds[0]);
        close(fds[1]);
        setpgid(0, 0);   /* its own group, so that a kill reaches what it starts */
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    double deadline = now() + (double)time_limit();
    vb_status_t st = VB_OK;
    char chunk[65536];
    for (;;) {
        double left = deadline - now();
        if (left <= 0) {
            vb_set_error("the DOC extractor %s did not finish in %ld s: killed", argv[0], time_limit());
            st = VB_ERR_FORMAT;
            break;
        }
        struct pollfd pf = { fds[0], POLLIN, 0 };
        int r = poll(&pf, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;   /* the deadline check above ends it */
        ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        if (in->out.len + (size_t)got > OUT_LIMIT) {
            vb_set_error("the DOC extractor %s wrote more than %zu bytes: stopped", argv[0], OUT_LIMIT);
            st = VB_ERR_FORMAT;
            break;
        }
        vb_buf_append(&in->out, chunk, (size_t)got);
    }
    close(fds[0]);
    if (st != VB_OK) { kill(-pid, SIGKILL); kill(pid, SIGKILL); }
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {}
    if (st == VB_OK) {
        if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
            vb_set_error("the DOC extractor %s could not be run", argv[0]);
            st = VB_ERR_UNSUPPORTED;
        } else if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
            vb_set_error("the DOC extractor %s could not read it (%s %d)", argv[0],
                         WIFEXITED(ws) ? "exit status" : "signal", WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws));
            st = VB_ERR_FORMAT;
        }
    }
    return st;
}

/* antiword writes each paragraph on one line (-w 0) followed by an empty
 * line, and an empty paragraph as a line holding a no-break space: turn that
 * into one line per paragraph and a blank line per empty paragraph, the form
 * the other converters write. */
static void antiword_lines(vb_in_t *in)
{
    char *s = in->out.data;
    size_t n = in->out.len, o = 0;
    if (!s) return;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n') e++;
        int empty = 1, blank = 1;
        for (size_t k = i; k < e; k++) {
            unsigned char c = (unsigned char)s[k];
            if (c == 0xC2 && k + 1 < e && (unsigned char)s[k + 1] == 0xA0) { k++; empty = 0; continue; }
            if (c == ' ' || c == '\t' || c == '\r') { empty = 0; continue; }
            empty = blank = 0;
            break;
        }
        if (!empty) {   /* an empty line only separates paragraphs: dropped */
            if (!blank) { memmove(s + o, s + i, e - i); o += e - i; }
            s[o++] = '\n';
        }
        i = e < n ? e + 1 : e;
    }
    in->out.len = o;
    s[o] = '\0';
}

vb_status_t vb_in_word97(const void *bytes, size_t len, vb_in_t *in)
{
    char tmp[64] = "";
    const char *file = in->path;
    if (!file) {
        /* bytes from memory: the extractors want a file they can seek in */
        const char *dir = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/vanban-doc-XXXXXX", dir && strlen(dir) < 40 ? dir : "/tmp");
        int fd = mkstemp(tmp);
        if (fd < 0) { vb_set_error("cannot write a temporary file: %s", strerror(errno)); return VB_ERR_FORMAT; }
        const char *p = bytes;
        size_t left = len;
        while (left) {
            ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) { close(fd); unlink(tmp); vb_set_error("cannot write a temporary file"); return VB_ERR_FORMAT; }
            p += w;
            left -= (size_t)w;
        }
        close(fd);
        file = tmp;
    }
    vb_status_t st;
    const char *custom = getenv("VANBAN_DOC_EXTRACTOR");
    if (custom && *custom) {
        char *argv[] = { (char *)custom, (char *)file, NULL };
        st = run_child(argv, in);
    } else if (have_cmd("antiword")) {
        /* -m UTF-8.txt: UTF-8 output; -w 0: a paragraph on one line */
        char *argv[] = { "antiword", "-m", "UTF-8.txt", "-w", "0", (char *)file, NULL };
        st = run_child(argv, in);
    } else if (have_cmd("catdoc")) {
        char *argv[] = { "catdoc", "-d", "utf-8", "-w", (char *)file, NULL };
        st = run_child(argv, in);
    } else {
        vb_set_error("DOC files need antiword or catdoc (Debian packages antiword, catdoc)");
        st = VB_ERR_UNSUPPORTED;
    }
    if (tmp[0]) unlink(tmp);
    if (st == VB_OK && !(custom && *custom) && have_cmd("antiword")) antiword_lines(in);
    return st;
}

unsigned vb_in_built(void)
{
    unsigned b = 0;
#if defined(VB_HAVE_ZIP) && defined(VB_HAVE_XML)
    b |= 1u << VB_FMT_DOCX | 1u << VB_FMT_ODT;
#endif
#ifdef VB_HAVE_XML
    b |= 1u << VB_FMT_HTML;
#endif
#ifdef VB_HAVE_POPPLER
    b |= 1u << VB_FMT_PDF;
#endif
#ifdef VB_HAVE_TESS
    b |= 1u << VB_FMT_IMAGE;
#endif
    if (have_cmd("antiword") || have_cmd("catdoc")) b |= 1u << VB_FMT_DOC;
    return b;
}
