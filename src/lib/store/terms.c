/* Terms built from values, for the writer and the searches alike: the one
 * place that spells Q<fileid>, XN/XR<number key>[#<pinpoint>] and field
 * terms, so the two sides cannot disagree. */
#include <stdio.h>
#include "store/schema.h"

size_t vb_field_term(char *buf, size_t cap, const char *prefix, const char *s, size_t n)
{
    size_t pl = strlen(prefix);
    if (cap < pl + 2) return 0;
    memcpy(buf, prefix, pl);
    size_t k = vb_term_fold(s, n, buf + pl, cap - pl);
    return pl + k;
}

size_t vb_token_term(const vb_token_t *t, char *buf)
{
    if (t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE) {
        buf[0] = t->kind == VB_TOK_SYMBOL ? VB_P_SYMBOL[0] : VB_P_DATE[0];
        memcpy(buf + 1, t->folded, t->folded_len);
        return t->folded_len + 1;
    }
    size_t n = t->folded_len;
    memcpy(buf, t->folded, n);
    if (t->folded_len + 1 + t->exact_len <= VB_TERM_LIMIT &&
        (t->exact_len != t->folded_len || memcmp(t->exact, t->folded, t->folded_len) != 0)) {
        buf[n++] = VB_EXACT_SEP;
        memcpy(buf + n, t->exact, t->exact_len);
        n += t->exact_len;
    }
    return n;
}

size_t vb_spellings_term(char *buf, size_t cap, const char *t, size_t n)
{
    if (n == 0 || (t[0] >= 'A' && t[0] <= 'Z')) return 0;
    const char *colon = memchr(t, VB_EXACT_SEP, n);
    size_t fl = colon ? (size_t)(colon - t) : n, pl = strlen(VB_P_SPELLINGS);
    if (pl + fl + 1 > cap) return 0;
    memcpy(buf, VB_P_SPELLINGS, pl);
    memcpy(buf + pl, t, fl);
    buf[pl + fl] = '\0';
    return pl + fl;
}

size_t vb_uid_term(char *buf, size_t cap, const char *fileid, size_t n)
{
    int k = snprintf(buf, cap, "%s%.*s", VB_P_UID, (int)n, fileid);
    return k > 0 && (size_t)k < cap ? (size_t)k : 0;
}

size_t vb_key_term(char *buf, size_t cap, const char *prefix, const char *key, size_t keylen, const char *pin,
                   size_t pinlen)
{
    int n = snprintf(buf, cap, "%s%.*s", prefix, (int)keylen, key);
    if (n <= 0 || (size_t)n >= cap) return 0;
    if (!pin || !pinlen) return (size_t)n;
    /* pinpoint letters are folded like everything else ("d5.2.đ" -> "d5.2.d") */
    if ((size_t)n + 2 >= cap) return 0;
    buf[n++] = '#';
    return (size_t)n + vb_term_fold(pin, pinlen, buf + n, cap - (size_t)n);
}

size_t vb_number_term(char *buf, size_t cap, const char *prefix, const char *number, const char *pin, size_t pinlen)
{
    char key[256];
    size_t k = vb_number_key(number, strlen(number), key, sizeof key);
    return vb_key_term(buf, cap, prefix, key, k, pin, pinlen);
}

size_t vb_name_key(const char *s, size_t n, char *buf, size_t cap)
{
    char tmp[512];
    if (!buf || cap == 0) return 0;
    size_t k = vb_term_fold(s, n, tmp, sizeof tmp), o = 0;
    int space = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)tmp[i];
        int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!word) {
            space = o > 0;
            continue;
        }
        if (space) {
            if (o + 2 >= cap) break;
            buf[o++] = ' ';
            space = 0;
        }
        if (o + 1 >= cap) break;
        buf[o++] = (char)c;
    }
    buf[o] = '\0';
    return o;
}

int vb_year_of(const char *date, char year[5])
{
    if (!date || strlen(date) < 4) return 0;
    for (int i = 0; i < 4; i++)
        if (date[i] < '0' || date[i] > '9') return 0;
    if (date[4] && date[4] != '-') return 0;
    memcpy(year, date, 4);
    year[4] = '\0';
    return 1;
}
