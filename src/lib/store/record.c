/* Stored-record codec and hashing. */
#include <stdio.h>
#include "store/schema.h"

void vb_rec_put(vb_buf_t *b, const char *s, size_t n)
{
    char tmp[24];
    int k = snprintf(tmp, sizeof tmp, "%zu:", n);
    vb_buf_append(b, tmp, (size_t)k);
    vb_buf_append(b, s ? s : "", s ? n : 0);
}

void vb_rec_puts(vb_buf_t *b, const char *s)
{
    vb_rec_put(b, s, s ? strlen(s) : 0);
}

int vb_rec_get(const char *data, size_t len, unsigned i, const char **s, size_t *n)
{
    size_t p = 0;
    for (unsigned k = 0;; k++) {
        size_t v = 0, q = p;
        while (q < len && data[q] >= '0' && data[q] <= '9') {
            v = v * 10 + (size_t)(data[q] - '0');
            q++;
        }
        if (q == p || q >= len || data[q] != ':' || v > len - q - 1) return 0;
        if (k == i) {
            *s = data + q + 1;
            *n = v;
            return 1;
        }
        p = q + 1 + v;
    }
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

size_t vb_rec_split(const char *data, size_t len, const char **s, size_t *n, size_t max)
{
    size_t p = 0, k = 0;
    while (k < max && p < len) {
        size_t v = 0, q = p;
        while (q < len && data[q] >= '0' && data[q] <= '9') {
            v = v * 10 + (size_t)(data[q] - '0');
            q++;
        }
        if (q == p || q >= len || data[q] != ':' || v > len - q - 1) break;
        s[k] = data + q + 1;
        n[k] = v;
        k++;
        p = q + 1 + v;
    }
    return k;
}
