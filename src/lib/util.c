/* Buffers, UTF-8 helpers and status strings. */
#define _GNU_SOURCE   /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

const char *vb_status_to_string(vb_status_t status)
{
    switch (status) {
    case VB_OK: return "success";
    case VB_ERR_NOMEM: return "out of memory";
    case VB_ERR_INVALID_ARG: return "invalid argument";
    case VB_ERR_IO: return "input/output error";
    case VB_ERR_ENCODING: return "unknown encoding";
    case VB_ERR_TOO_LARGE: return "input too large";
    case VB_ERR_XAPIAN: return "Xapian error";
    case VB_ERR_DB_NOT_FOUND: return "no index at that path";
    case VB_ERR_DB_LOCKED: return "index is locked by another writer";
    case VB_ERR_DB_CORRUPT: return "index is corrupt";
    case VB_ERR_DB_READONLY: return "index cannot be written (stub or remote database)";
    case VB_ERR_QUERY_SYNTAX: return "query syntax error";
    case VB_ERR_NOT_FOUND: return "not found";
    case VB_ERR_TIMEOUT: return "timed out";
    case VB_ERR_CANCELLED: return "cancelled";
    case VB_ERR_FORMAT: return "the file's format cannot be read";
    case VB_ERR_UNSUPPORTED: return "format not supported by this build";
    case VB_STATUS_LAST_: break;
    }
    return "unknown status";
}

int vb_buf_grow(vb_buf_t *b, size_t extra)
{
    if (b->oom) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) { b->oom = 1; return 0; }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = 1; return 0; }
    b->data = p;
    b->cap = cap;
    return 1;
}

void vb_buf_puts(vb_buf_t *b, const char *s) { vb_buf_append(b, s, strlen(s)); }

void vb_buf_put_cp(vb_buf_t *b, uint32_t cp)
{
    char tmp[4];
    vb_buf_append(b, tmp, vb_utf8_encode(cp, tmp));
}

void vb_buf_printf(vb_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !vb_buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *vb_buf_steal(vb_buf_t *b)
{
    if (b->oom) { vb_buf_free(b); return NULL; }
    if (!b->data && !vb_buf_reserve(b, 0)) return NULL;
    char *p = b->data;
    p[b->len] = '\0';
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void vb_buf_free(vb_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

size_t vb_utf8_decode_multi(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; v = c & 0x07; min = 0x10000; }
    else { *cp = 0xFFFD; return 1; }
    if (n < need) { *cp = 0xFFFD; return 1; }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { *cp = 0xFFFD; return 1; }
    *cp = v;
    return need;
}

size_t vb_utf8_encode(uint32_t cp, char *out)
{
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) return vb_utf8_encode(0xFFFD, out);
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *vb_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- last error message, per thread ---- */
static _Thread_local char last_error[1024];

int vb_cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

size_t vb_sort_unique(unsigned *v, size_t n)
{
    if (n < 2) return n;
    qsort(v, n, sizeof *v, vb_cmp_unsigned);
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[w - 1]) v[w++] = v[i];
    return w;
}

const char *vb_last_error(void)
{
    return last_error;
}

void vb_set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
}

void vb_clear_error(void)
{
    last_error[0] = '\0';
}

int vb_path_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int vb_path_is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

void vb_test_pause(const char *point)
{
    const char *v = getenv("VANBAN_TEST_PAUSE");
    size_t n = strlen(point);
    if (!v || strncmp(v, point, n) != 0 || v[n] != ':') return;
    char *end;
    long ms = strtol(v + n + 1, &end, 10);
    if (end == v + n + 1 || ms <= 0) return;
    if (ms > 10000) ms = 10000;
    fprintf(stderr, "vanban: test pause at %s (%ld ms)\n", point, ms);   /* the test waits for this line */
    nanosleep(&(struct timespec){ ms / 1000, (ms % 1000) * 1000000L }, NULL);
}

/* Read the whole file at PATH into *BUF (malloc'd, *N bytes, NUL-terminated).
 * Returns VB_OK, VB_ERR_IO (errno set), VB_ERR_NOMEM, VB_ERR_TOO_LARGE. */
vb_status_t vb_read_whole(const char *path, char **out, size_t *outlen)
{
    if (!path || !out || !outlen) return VB_ERR_INVALID_ARG;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return VB_ERR_IO;
    struct stat st;
    if (fstat(fd, &st) != 0) { int e = errno; close(fd); errno = e; return VB_ERR_IO; }
    if (S_ISDIR(st.st_mode)) { close(fd); errno = EISDIR; return VB_ERR_IO; }
    if (st.st_size > 0 && (size_t)st.st_size > VB_MAX_INPUT) { close(fd); return VB_ERR_TOO_LARGE; }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) { close(fd); return VB_ERR_NOMEM; }
    for (;;) {
        if (n == cap) {
            if (cap > VB_MAX_INPUT) { free(buf); close(fd); return VB_ERR_TOO_LARGE; }
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); close(fd); return VB_ERR_NOMEM; }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno; free(buf); close(fd); errno = e;
            return VB_ERR_IO;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n < cap ? n : cap - 1] = '\0';
    if (n == cap) { /* no room for the NUL: grow by one */
        char *nb = realloc(buf, cap + 1);
        if (!nb) { free(buf); return VB_ERR_NOMEM; }
        buf = nb;
        buf[n] = '\0';
    }
    *out = buf;
    *outlen = n;
    return VB_OK;
}

void *vb_grow_more(void *arr, size_t *cap, size_t size)
{
    size_t c = *cap ? 2 * *cap : 16;
    if (c < *cap || (size && c > SIZE_MAX / size)) return NULL;
    void *p = realloc(arr, c * size);
    if (p) *cap = c;
    return p;
}

int vb_read_uint(const char **p, const char *end, unsigned long long max, unsigned long long *out)
{
    const char *s = *p;
    unsigned long long v = 0;
    if (s >= end || *s < '0' || *s > '9') return 0;
    while (s < end && *s >= '0' && *s <= '9') {
        v = v * 10 + (unsigned)(*s - '0');
        if (v > max) return 0;
        s++;
    }
    *p = s;
    *out = v;
    return 1;
}

const char *vb_memmem(const char *h, size_t hn, const char *nd, size_t nn)
{
    if (nn == 0) return h;
    if (hn < nn) return NULL;
    /* a long text: glibc's memmem (the first byte of "nêu trên" is in every
     * other word, stopping at each costs more than its search); a line: a
     * memchr for the first byte, memmem's setup costs more there */
    if (hn >= 512) return memmem(h, hn, nd, nn);
    const char *end = h + hn - nn + 1;
    for (const char *p = h; p < end; p++) {
        p = memchr(p, nd[0], (size_t)(end - p));
        if (!p) return NULL;
        if (memcmp(p, nd, nn) == 0) return p;
    }
    return NULL;
}

uint64_t vb_hash64(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
