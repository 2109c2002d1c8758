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

size_t vb_uid_term(char *buf, size_t cap, const char *fileid, size_t n)
{
    int k = snprintf(buf, cap, "%s%.*s", VB_P_UID, (int)n, fileid);
    return k > 0 && (size_t)k < cap ? (size_t)k : 0;
}

size_t vb_number_term(char *buf, size_t cap, const char *prefix, const char *number, const char *pin, size_t pinlen)
{
    char key[256];
    size_t k = vb_number_key(number, strlen(number), key, sizeof key);
    int n = snprintf(buf, cap, "%s%.*s", prefix, (int)k, key);
    if (n <= 0 || (size_t)n >= cap) return 0;
    if (!pin || !pinlen) return (size_t)n;
    /* pinpoint letters are folded like everything else ("d5.2.đ" -> "d5.2.d") */
    if ((size_t)n + 2 >= cap) return 0;
    buf[n++] = '#';
    return (size_t)n + vb_term_fold(pin, pinlen, buf + n, cap - (size_t)n);
}
