/* doc: dash lists (Kính gửi, Nơi nhận) — items, their wrapped lines, the lines between. */
#include "doc/doc_internal.h"

size_t d_next_text(const dctx_t *c, size_t i, size_t limit)
{
    for (i++; i < limit; i++)
        if (c->L[i].kind == LK_TEXT) return i;
    return limit;
}

int d_blank_between(const dctx_t *c, size_t a, size_t b)
{
    for (size_t i = a + 1; i < b; i++)
        if (c->L[i].kind == LK_BLANK) return 1;
    return 0;
}

/* strip list punctuation from an item */
char *d_item_dup(const char *s, size_t n)
{
    char *d = d_clean_dup(s, n);
    if (!d) return NULL;
    size_t m = strlen(d);
    while (m > 0 && (d[m - 1] == ';' || d[m - 1] == '.' || d[m - 1] == ',' || d[m - 1] == ' ' ||
                     d[m - 1] == '/'))
        d[--m] = '\0';
    return d;
}

int d_is_dash(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) return !(n >= 2 && (s[1] == '-' || s[1] == '+'));
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0xA2))
        return 1;  /* – • */
    return 0;
}

size_t d_dash_len(const char *s, size_t n)
{
    size_t k = (unsigned char)s[0] == 0xE2 ? 3 : 1;
    while (k < n && s[k] == ' ') k++;
    return k;
}

/* append continuation text to the last item of L */
void d_item_extend(dctx_t *c, strlist_t *l, const char *s, size_t n)
{
    if (l->n == 0) return;
    vb_buf_t b = {0};
    vb_buf_puts(&b, l->v[l->n - 1]);
    vb_buf_putc(&b, ' ');
    vb_buf_append(&b, s, n);
    if (b.oom) { vb_buf_free(&b); c->oom = 1; return; }
    char *t = d_item_dup(b.data, b.len);
    vb_buf_free(&b);
    if (!t) { c->oom = 1; return; }
    free(l->v[l->n - 1]);
    l->v[l->n - 1] = t;
}

/* Parse a list of dash items starting after line I; returns the last line consumed. */
size_t d_parse_list(dctx_t *c, size_t i, size_t limit, strlist_t *out, int stop_upper)
{
    size_t last = i, j = i;
    int open = 0;   /* last item lacks final ; or . */
    for (;;) {
        size_t k = d_next_text(c, j, limit);
        if (k >= limit) break;
        const dline_t *l = &c->L[k];
        if (d_is_dash(l->s, l->n)) {
            size_t dl = d_dash_len(l->s, l->n);
            char *it = d_item_dup(l->s + dl, l->n - dl);
            if (!it || !dl_push(out, it)) { c->oom = 1; break; }
            open = !d_ends_term(l->s, l->n) && l->s[l->n - 1] != ',';
            last = j = k;
            continue;
        }
        if (out->n && open && !d_blank_between(c, j, k) && !(stop_upper && d_is_upper_text(l->s, l->n)) &&
            d_first_letter_case(l->s, l->n) <= 0 && l->n < 200) {
            d_item_extend(c, out, l->s, l->n);
            open = !d_ends_term(l->s, l->n);
            last = j = k;
            continue;
        }
        break;
    }
    return last;
}
