/* The one tokenizer: syllables, numbers, document symbols and dates.
 * The indexer and the query parser both call it, so they cannot disagree. */
#include <utf8proc.h>
#include "internal.h"
#include "text/date.h"

enum { C_SEP = 0, C_LETTER, C_DIGIT, C_MARK };

static int classify(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return C_LETTER;
        if (cp >= '0' && cp <= '9') return C_DIGIT;
        return C_SEP;
    }
    vb_letter_t e;
    if (vb_letter_info(cp, &e)) return C_LETTER;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    default:
        return C_SEP;
    }
}

/* Class of the code point at S[i]; *K receives its byte length. */
static int class_at(const unsigned char *s, size_t n, size_t i, size_t *k)
{
    uint32_t cp;
    if (s[i] < 0x80) { *k = 1; return classify(s[i]); }
    if (vb_seq_base(s + i, n - i, k)) return C_LETTER;   /* tables: vb_tokenize */
    *k = vb_utf8_decode(s + i, n - i, &cp);
    if (cp == 0xFFFD) return C_SEP;
    return classify(cp);
}

static int is_word_class(int c) { return c == C_LETTER || c == C_DIGIT || c == C_MARK; }

typedef struct {
    size_t off, len;
    int letters, digits, upper;
} piece_t;

#define MAX_PIECES 16

/* Is all of S (N bytes) a date, D/M/YYYY, D-M-YYYY or D.M.YYYY (text/date.h)?
 * Writes ISO into iso[11]. */
static int whole_date(const char *s, size_t n, char iso[11])
{
    size_t used;
    return vb_date_parse_dmy(s, n, iso, &used) && used == n;
}

/* A piece made of letters then digits, with a lower-case letter or a
 * Vietnamese vowel among them ("hội20", "TẬT18": a footnote number glued on):
 * the length of its letters, else 0. Codes keep their digits: "QH15",
 * "UBTVQH15", "NC1", "BCĐ1". */
static size_t footnote_split(const unsigned char *s, size_t n, size_t off, size_t len)
{
    size_t i = off, end = off + len, letters_end = 0;
    int lower = 0;
    while (i < end) {
        size_t k;
        int c = class_at(s, n, i, &k);
        if (c == C_DIGIT) break;
        if (c == C_LETTER) {
            uint32_t cp;
            vb_utf8_decode(s + i, n - i, &cp);
            vb_letter_t e;
            if (cp < 0x80) lower |= cp >= 'a' && cp <= 'z';
            else if (vb_letter_info(cp, &e)) lower |= !e.upper || e.tone || (e.mod && e.mod != VB_MOD_BAR);
        }
        i += k;
        letters_end = i;
    }
    if (!lower || letters_end == off || i == end) return 0;
    for (size_t j = i; j < end;) {
        size_t k;
        if (class_at(s, n, j, &k) != C_DIGIT) return 0;
        j += k;
    }
    return letters_end - off;
}

/* The forms of words seen lately, per thread: a text repeats a few thousand
 * syllables, and a word's exact and folded forms (decoding, tone placement,
 * composition) were a tenth of a build's instructions. Direct-mapped on the
 * word's bytes, which alone decide both forms; a longer word, or one whose
 * forms do not fit, is worked out every time. */
#define FORM_SLOTS 1024
typedef struct {
    unsigned char rawlen, exlen, folen;   /* rawlen 0: an empty slot */
    char raw[16], ex[24], fo[16];
} form_slot_t;
static _Thread_local form_slot_t form_cache[FORM_SLOTS];

typedef struct {
    const char *text;
    form_slot_t *cache;
    vb_token_fn fn;
    void *data;
    unsigned flags;
    uint32_t pos;
    char exact[VB_TERM_MAX + 1];
    char folded[VB_TERM_MAX + 1];
} tk_t;

/* The exact and folded forms of the word W (LEN bytes) into T's buffers and
 * TOK: from this thread's table when the word is there, else worked out (and
 * kept when they fit). */
static void word_forms(tk_t *t, const char *w, size_t len, vb_token_t *tok)
{
    form_slot_t *f = NULL;
    if (len <= sizeof f->raw) {
        uint64_t h = vb_hash64(w, len, VB_HASH_INIT);
        f = &t->cache[(h ^ (h >> 32)) & (FORM_SLOTS - 1)];
        if (f->rawlen == len && memcmp(f->raw, w, len) == 0) {
            memcpy(t->exact, f->ex, f->exlen);
            t->exact[f->exlen] = '\0';
            memcpy(t->folded, f->fo, f->folen);
            t->folded[f->folen] = '\0';
            tok->exact_len = f->exlen;
            tok->folded_len = f->folen;
            return;
        }
    }
    tok->folded_len = vb_term_forms(w, len, t->exact, sizeof t->exact, &tok->exact_len, t->folded, sizeof t->folded);
    if (f && tok->exact_len <= sizeof f->ex && tok->folded_len <= sizeof f->fo) {
        f->rawlen = (unsigned char)len;
        f->exlen = (unsigned char)tok->exact_len;
        f->folen = (unsigned char)tok->folded_len;
        memcpy(f->raw, w, len);
        memcpy(f->ex, t->exact, tok->exact_len);
        memcpy(f->fo, t->folded, tok->folded_len);
    }
}

static int emit(tk_t *t, vb_token_kind_t kind, size_t off, size_t len, uint32_t pos)
{
    vb_token_t tok;
    tok.kind = kind;
    tok.offset = off;
    tok.len = len;
    tok.pos = pos;
    if (kind == VB_TOK_NUMBER) {
        size_t n = len < VB_TERM_MAX ? len : VB_TERM_MAX;
        /* cut a long number at a character boundary (digits may be non-ASCII or carry marks) */
        while (n > 0 && n < len && ((unsigned char)t->text[off + n] & 0xC0) == 0x80) n--;
        memcpy(t->exact, t->text + off, n);
        t->exact[n] = '\0';
        memcpy(t->folded, t->exact, n + 1);
        tok.exact_len = tok.folded_len = n;
    } else {
        word_forms(t, t->text + off, len, &tok);
    }
    tok.exact = t->exact;
    tok.folded = t->folded;
    return t->fn(&tok, t->data);
}

static int emit_date(tk_t *t, size_t off, size_t len, const char *iso)
{
    vb_token_t tok = { VB_TOK_DATE, off, len, t->pos, iso, 10, iso, 10 };
    return t->fn(&tok, t->data);
}

/* One compound: letters, digits and marks joined by '/', '-', or by ',' '.'
 * between digits. Emit its whole-token forms, then its syllables. */
static int do_compound(tk_t *t, const unsigned char *s, size_t n, size_t cs, size_t ce)
{
    piece_t pc[MAX_PIECES];
    size_t np = 0;
    int slash = 0;
    /* split into pieces at '/' and '-' */
    size_t i = cs;
    while (i < ce) {
        if (s[i] == '/' || s[i] == '-') { slash |= s[i] == '/'; i++; continue; }
        size_t j = i;
        piece_t p = { i, 0, 0, 0, 0 };
        while (j < ce && s[j] != '/' && s[j] != '-') {
            size_t k;
            int c = class_at(s, n, j, &k);
            if (c == C_LETTER) { p.letters++; if (s[j] >= 'A' && s[j] <= 'Z') p.upper++; else if (s[j] >= 0x80) p.upper++; }
            else if (c == C_DIGIT) p.digits++;
            j += k;
        }
        p.len = j - i;
        if (np < MAX_PIECES) pc[np++] = p;
        else pc[np - 1].len = j - pc[np - 1].off; /* absurdly long compound: fold the rest in */
        i = j;
    }
    if (t->flags & VB_TOKENIZE_SYMBOLS) {
        char iso[11];
        int any_letter = 0, any_digit = 0;
        for (size_t k = 0; k < np; k++) { any_letter |= pc[k].letters > 0; any_digit |= pc[k].digits > 0; }
        if (np >= 1 && !any_letter && whole_date((const char *)s + cs, ce - cs, iso)) {
            if (emit_date(t, cs, ce - cs, iso)) return 1;
        } else if ((slash && any_letter && any_digit) ||
                   (np == 1 && pc[0].digits && pc[0].upper >= 2 && pc[0].letters == pc[0].upper &&
                    classify(s[cs]) == C_LETTER)) {
            if (emit(t, VB_TOK_SYMBOL, cs, ce - cs, t->pos)) return 1;
        }
    }
    if (!(t->flags & VB_TOKENIZE_SYLLABLES)) {
        t->pos += (uint32_t)np;
        return 0;
    }
    for (size_t k = 0; k < np; k++) {
        /* a piece of digits with '.' inside that is a date ("22.4.2019") splits at the dots */
        if (pc[k].letters == 0 && pc[k].digits) {
            size_t a = pc[k].off, e = pc[k].off + pc[k].len;
            char iso[11];
            if (np == 1 && whole_date((const char *)s + a, e - a, iso)) {
                size_t b = a;
                for (size_t m = a; m <= e; m++) {
                    if (m == e || s[m] == '.') {
                        if (m > b && emit(t, VB_TOK_NUMBER, b, m - b, t->pos++)) return 1;
                        b = m + 1;
                    }
                }
                continue;
            }
            if (emit(t, VB_TOK_NUMBER, a, e - a, t->pos++)) return 1;
        } else {
            /* only a piece with a digit can have a footnote number glued on (most
             * have none: the split's second decoding pass was 3 % of a build) */
            size_t wl = pc[k].digits ? footnote_split(s, n, pc[k].off, pc[k].len) : 0;
            if (wl) {
                /* "hội20": a word with a footnote number glued on (consolidated texts) */
                if (emit(t, VB_TOK_WORD, pc[k].off, wl, t->pos++)) return 1;
                if (emit(t, VB_TOK_NUMBER, pc[k].off + wl, pc[k].len - wl, t->pos++)) return 1;
                continue;
            }
            if (emit(t, VB_TOK_WORD, pc[k].off, pc[k].len, t->pos++)) return 1;
        }
    }
    return 0;
}

vb_status_t vb_tokenize(const char *text, size_t len, unsigned flags, uint32_t first_pos,
                        vb_token_fn fn, void *data, uint32_t *last_pos)
{
    if ((!text && len) || !fn) return VB_ERR_INVALID_ARG;
    tk_t t;
    t.text = text;
    t.cache = form_cache;   /* this thread's (the address is looked up once per call) */
    vb_letter_tables();     /* for class_at */
    t.fn = fn;
    t.data = data;
    t.flags = flags ? flags : VB_TOKENIZE_DEFAULT;
    t.pos = first_pos;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        size_t k;
        int c = class_at(s, len, i, &k);
        if (!is_word_class(c)) { i += k; continue; }
        size_t cs = i, ce = i;
        int prev_digit = 0;
        size_t j = i;
        while (j < len) {
            int cj = class_at(s, len, j, &k);
            if (is_word_class(cj)) {
                prev_digit = cj == C_DIGIT;
                j += k;
                ce = j;
                continue;
            }
            unsigned char ch = s[j];
            if ((ch == '/' || ch == '-' || ((ch == ',' || ch == '.') && prev_digit)) && j + 1 < len) {
                size_t k2;
                int nx = class_at(s, len, j + 1, &k2);
                int ok = (ch == '/' || ch == '-') ? (nx == C_LETTER || nx == C_DIGIT) : nx == C_DIGIT;
                if (ok) { j++; prev_digit = 0; continue; }
            }
            break;
        }
        if (do_compound(&t, s, len, cs, ce)) {
            if (last_pos) *last_pos = t.pos;
            return VB_ERR_CANCELLED;
        }
        i = ce > i ? ce : i + k;
    }
    if (last_pos) *last_pos = t.pos;
    return VB_OK;
}
