/*
 * fuzz_tokenize — vb_tokenize(), vb_term_exact(), vb_term_fold() and
 * vb_number_key() on arbitrary bytes taken as UTF-8.
 *
 * The tokenizer's contract is normalized UTF-8, but it must neither crash nor
 * read outside the text on any bytes ("invalid UTF-8 is skipped").
 *
 * Input: byte 0 chooses the tokenizer flags (bits 0-1) and a token count
 * after which the callback asks to stop (bits 2-4, 0 = never); byte 1 is the
 * output capacity CAP for the term functions (0-255); the rest is the text.
 *
 * Invariants: tokens lie inside the text on character boundaries, positions
 * and offsets never go back, term forms are valid UTF-8 of the stated
 * length; a stop request gives VB_ERR_CANCELLED.  Each term function, given
 * a heap buffer of exactly CAP bytes, returns less than CAP, writes its NUL
 * at the returned length, writes valid UTF-8, and the form cut to CAP is a
 * prefix of the uncut form.
 */
#include "fuzz_common.h"

typedef size_t (*fz_form_fn)(const char *, size_t, char *, size_t);

static void fz_tok_check_form(const char *name, fz_form_fn fn, const char *s, size_t n, size_t cap)
{
    /* the full form: generous room (case mapping can grow a character) */
    size_t bigcap = 8 * n + 16;
    char *big = malloc(bigcap);
    FZ_CHECK(big != NULL, "out of memory");
    size_t full = fn(s, n, big, bigcap);
    FZ_CHECK(full < bigcap && big[full] == '\0', "%s: length %zu, no NUL there", name, full);
    FZ_CHECK(fz_utf8_valid(big, full), "%s: not valid UTF-8 at byte %zu", name, fz_utf8_bad(big, full));

    char *buf = malloc(cap ? cap : 1);
    FZ_CHECK(buf != NULL, "out of memory");
    size_t r = fn(s, n, buf, cap);
    if (cap == 0) {
        FZ_CHECK(r == 0, "%s: cap 0 gave length %zu", name, r);
    } else {
        FZ_CHECK(r < cap, "%s: length %zu with cap %zu", name, r, cap);
        FZ_CHECK(buf[r] == '\0', "%s: no NUL at the returned length %zu (cap %zu)", name, r, cap);
        FZ_CHECK(fz_utf8_valid(buf, r), "%s: cut to cap %zu, not valid UTF-8 at byte %zu", name, cap,
                 fz_utf8_bad(buf, r));
        FZ_CHECK(r <= full && memcmp(buf, big, r) == 0, "%s: cut form (cap %zu, %zu bytes) is not a prefix of the "
                 "full one (%zu bytes)", name, cap, r, full);
    }
    free(buf);
    free(big);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    unsigned flags = data[0] & 3;            /* 0: vb_tokenize uses the default */
    int stop_after = (data[0] >> 2) & 7;
    size_t cap = data[1];
    const char *s = (const char *)data + 2;
    size_t n = size - 2;
    fz_tokenize_check(n ? s : "", n, 0, flags, (uint32_t)(data[0] >> 5), stop_after);
    fz_tok_check_form("vb_term_exact", vb_term_exact, s, n, cap);
    fz_tok_check_form("vb_term_fold", vb_term_fold, s, n, cap);
    fz_tok_check_form("vb_number_key", vb_number_key, s, n, cap);
    return 0;
}
