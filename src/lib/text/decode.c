/* Decoding (UTF-8, UTF-16, CP1258, TCVN3, VISCII, VNI), encoding detection
 * and display normalization. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include "internal.h"



static const char *const enc_names[VB_ENC_COUNT_] = {
    "auto", "utf-8", "utf-16le", "utf-16be", "cp1258", "tcvn3", "viscii", "vni"
};

const char *vb_encoding_name(vb_encoding_t enc)
{
    return (unsigned)enc < VB_ENC_COUNT_ ? enc_names[enc] : "unknown";
}

vb_status_t vb_encoding_from_name(const char *name, vb_encoding_t *out)
{
    static const struct { const char *alias; vb_encoding_t enc; } aliases[] = {
        { "auto", VB_ENC_AUTO }, { "utf-8", VB_ENC_UTF8 }, { "utf8", VB_ENC_UTF8 },
        { "utf-16le", VB_ENC_UTF16LE }, { "utf16le", VB_ENC_UTF16LE },
        { "utf-16be", VB_ENC_UTF16BE }, { "utf16be", VB_ENC_UTF16BE },
        { "cp1258", VB_ENC_CP1258 }, { "windows-1258", VB_ENC_CP1258 }, { "win1258", VB_ENC_CP1258 },
        { "tcvn3", VB_ENC_TCVN3 }, { "tcvn", VB_ENC_TCVN3 }, { "tcvn5712-1", VB_ENC_TCVN3 },
        { "tcvn-5712", VB_ENC_TCVN3 }, { "viscii", VB_ENC_VISCII }, { "vni", VB_ENC_VNI },
        { "vni-windows", VB_ENC_VNI },
    };
    if (!name || !out) return VB_ERR_INVALID_ARG;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(name, aliases[i].alias) == 0) {
            *out = aliases[i].enc;
            return VB_OK;
        }
    return VB_ERR_ENCODING;
}

/* ------------------------------------------------------------ raw decoders */

typedef struct {
    vb_buf_t out;
    size_t invalid;
    size_t first_invalid;
} raw_t;

static void note_invalid(raw_t *r, size_t at)
{
    if (r->invalid++ == 0) r->first_invalid = at;
    vb_buf_put_cp(&r->out, 0xFFFD);
}

static void decode_utf8(raw_t *r, const unsigned char *s, size_t n)
{
    size_t i = 0;
    vb_buf_reserve(&r->out, n);
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] < 0x80) j++;
        if (j > i) { vb_buf_append(&r->out, s + i, j - i); i = j; if (i == n) break; }
        uint32_t cp;
        size_t k = vb_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD))
            note_invalid(r, i);
        else
            vb_buf_append(&r->out, s + i, k);
        i += k;
    }
}

static void decode_utf16(raw_t *r, const unsigned char *s, size_t n, int be)
{
    size_t i = 0;
    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 < n) {
                uint32_t v = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3]) : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
                if (v >= 0xDC00 && v <= 0xDFFF) {
                    vb_buf_put_cp(&r->out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                    i += 4;
                    continue;
                }
            }
            note_invalid(r, i);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            note_invalid(r, i);
        } else {
            vb_buf_put_cp(&r->out, u);
        }
        i += 2;
    }
    if (i < n) note_invalid(r, i); /* odd trailing byte */
}

static const char *iconv_name(vb_encoding_t enc)
{
    switch (enc) {
    case VB_ENC_CP1258: return "CP1258";
    case VB_ENC_TCVN3: return "TCVN5712-1";
    case VB_ENC_VISCII: return "VISCII";
    default: return NULL;
    }
}

static vb_status_t decode_iconv(raw_t *r, const unsigned char *s, size_t n, vb_encoding_t enc)
{
    iconv_t cd = iconv_open("UTF-8", iconv_name(enc));
    if (cd == (iconv_t)-1) return VB_ERR_ENCODING;
    char *in = (char *)s;
    size_t inleft = n;
    for (;;) {
        if (!vb_buf_reserve(&r->out, inleft * 3 + 64)) break;
        char *o = r->out.data + r->out.len;
        size_t oleft = r->out.cap - r->out.len - 1;
        size_t rc = iconv(cd, inleft ? &in : NULL, inleft ? &inleft : NULL, &o, &oleft);
        r->out.len = (size_t)(o - r->out.data);
        if (rc != (size_t)-1) {
            if (inleft == 0) {
                /* flush state (CP1258/TCVN buffer a base letter awaiting a combining mark) */
                o = r->out.data + r->out.len;
                oleft = r->out.cap - r->out.len - 1;
                iconv(cd, NULL, NULL, &o, &oleft);
                r->out.len = (size_t)(o - r->out.data);
                break;
            }
            continue;
        }
        if (errno == E2BIG) continue;
        /* EILSEQ or EINVAL: replace one byte and go on */
        note_invalid(r, (size_t)((const unsigned char *)in - s));
        in++;
        inleft--;
        if (inleft == 0) break;
    }
    iconv_close(cd);
    if (r->out.data) r->out.data[r->out.len] = '\0';
    return r->out.oom ? VB_ERR_NOMEM : VB_OK;
}

/* VNI-Windows: base letters followed by mark bytes; a few letters are single bytes.
 * Bytes 0x80-0x9F follow Windows-1252 (curly quotes, dashes). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* mark byte (lower-case form) -> modifier and tone */
static int vni_mark(unsigned char b, int *mod, int *tone)
{
    if (b >= 0xC0 && b <= 0xDF) b = (unsigned char)(b + 0x20);
    *mod = VB_MOD_NONE; *tone = VB_TONE_NONE;
    switch (b) {
    case 0xF8: *tone = VB_TONE_GRAVE; return 1;
    case 0xF9: *tone = VB_TONE_ACUTE; return 1;
    case 0xFB: *tone = VB_TONE_HOOK; return 1;
    case 0xF5: *tone = VB_TONE_TILDE; return 1;
    case 0xEF: case 0xEE: *tone = VB_TONE_DOT; return 1;
    case 0xE2: *mod = VB_MOD_CIRC; return 1;
    case 0xE1: *mod = VB_MOD_CIRC; *tone = VB_TONE_ACUTE; return 1;
    case 0xE0: *mod = VB_MOD_CIRC; *tone = VB_TONE_GRAVE; return 1;
    case 0xE5: *mod = VB_MOD_CIRC; *tone = VB_TONE_HOOK; return 1;
    case 0xE3: *mod = VB_MOD_CIRC; *tone = VB_TONE_TILDE; return 1;
    case 0xE4: *mod = VB_MOD_CIRC; *tone = VB_TONE_DOT; return 1;
    case 0xEA: *mod = VB_MOD_BREVE; return 1;
    case 0xE9: *mod = VB_MOD_BREVE; *tone = VB_TONE_ACUTE; return 1;
    case 0xE8: *mod = VB_MOD_BREVE; *tone = VB_TONE_GRAVE; return 1;
    case 0xFA: *mod = VB_MOD_BREVE; *tone = VB_TONE_HOOK; return 1;
    case 0xFC: *mod = VB_MOD_BREVE; *tone = VB_TONE_TILDE; return 1;
    case 0xEB: *mod = VB_MOD_BREVE; *tone = VB_TONE_DOT; return 1;
    default: return 0;
    }
}

/* single-byte letters (lower-case byte) -> base, modifier, tone */
static int vni_letter(unsigned char b, char *base, int *mod, int *tone)
{
    if (b >= 0xC0 && b <= 0xDF) b = (unsigned char)(b + 0x20);
    *mod = VB_MOD_NONE; *tone = VB_TONE_NONE;
    switch (b) {
    case 0xF4: *base = 'o'; *mod = VB_MOD_HORN; return 1;
    case 0xF6: *base = 'u'; *mod = VB_MOD_HORN; return 1;
    case 0xF1: *base = 'd'; *mod = VB_MOD_BAR; return 1;
    case 0xEC: *base = 'i'; *tone = VB_TONE_GRAVE; return 1;
    case 0xED: *base = 'i'; *tone = VB_TONE_ACUTE; return 1;
    case 0xE6: *base = 'i'; *tone = VB_TONE_HOOK; return 1;
    case 0xF3: *base = 'i'; *tone = VB_TONE_TILDE; return 1;
    case 0xF2: *base = 'i'; *tone = VB_TONE_DOT; return 1;
    default: return 0;
    }
}

static uint32_t upper_cp(uint32_t cp)
{
    return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

static void decode_vni(raw_t *r, const unsigned char *s, size_t n)
{
    /* pending letter: emitted once we know whether a mark byte follows */
    char pbase = 0;
    int pmod = 0, ptone = 0, pupper = 0;
    vb_buf_reserve(&r->out, n + n / 2);
#define FLUSH()                                                                    \
    do {                                                                           \
        if (pbase) {                                                               \
            uint32_t c_ = vb_letter_compose(pbase, pmod, ptone);                   \
            if (!c_) c_ = (uint32_t)(unsigned char)pbase;                          \
            vb_buf_put_cp(&r->out, pupper ? upper_cp(c_) : c_);                    \
            pbase = 0;                                                             \
        }                                                                          \
    } while (0)
    for (size_t i = 0; i < n; i++) {
        unsigned char b = s[i];
        int mod, tone;
        char base;
        if (b < 0x80) {
            FLUSH();
            char lc = (b >= 'A' && b <= 'Z') ? (char)(b + 32) : (char)b;
            if (lc == 'a' || lc == 'e' || lc == 'i' || lc == 'o' || lc == 'u' || lc == 'y') {
                pbase = lc; pmod = 0; ptone = 0; pupper = lc != (char)b;
            } else {
                vb_buf_putc(&r->out, (char)b);
            }
            continue;
        }
        if (pbase && vni_mark(b, &mod, &tone)) {
            int ok = 1;
            if (mod == VB_MOD_CIRC && !(pbase == 'a' || pbase == 'e' || pbase == 'o')) ok = 0;
            if (mod == VB_MOD_BREVE && pbase != 'a') ok = 0;
            if (mod && pmod) ok = 0;
            if (tone && ptone) ok = 0;
            if (ok) {
                if (mod) pmod = mod;
                if (tone) ptone = tone;
                if (!vb_letter_compose(pbase, pmod, ptone)) ok = 0;
            }
            if (ok) continue;
        }
        FLUSH();
        if (vni_letter(b, &base, &mod, &tone)) {
            pbase = base; pmod = mod; ptone = tone; pupper = b < 0xE0;
            if (base == 'i') FLUSH(); /* ì í ỉ ĩ ị take no further mark */
            continue;
        }
        if (b < 0xA0) {
            uint32_t cp = cp1252_hi[b - 0x80];
            if (cp) vb_buf_put_cp(&r->out, cp);
            else note_invalid(r, i);
            continue;
        }
        vb_buf_put_cp(&r->out, b); /* Latin-1 fallback */
    }
    FLUSH();
#undef FLUSH
}

/* ------------------------------------------------------------ normalization */

/* Does this code point force an NFC pass over its segment? */
static int needs_nfc(uint32_t cp)
{
    if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) return 0;
    if (cp >= 0x1100 && cp <= 0x11FF) return 1; /* conjoining jamo */
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (p->combining_class) return 1;
    if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) return 1; /* canonical decomposition */
    if (p->comb_index != UINT16_MAX) return 1; /* may compose with what follows */
    return 0;
}

static int ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Controls, line ends and Ð first; then NFC over the segments that need it.
 * Segments are split at ASCII non-letters, which never take part in composition. */
static vb_status_t normalize(const char *in, size_t n, vb_text_t *t)
{
    vb_buf_t a = { 0 };
    vb_buf_reserve(&a, n);
    size_t i = 0;
    const unsigned char *s = (const unsigned char *)in;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F) {
            size_t j = i + 1;
            while (j < n && s[j] >= 0x20 && s[j] < 0x7F) j++;
            vb_buf_append(&a, s + i, j - i);
            i = j;
            continue;
        }
        if (c < 0x80) {
            if (c == '\n' || c == '\t') vb_buf_putc(&a, (char)c);
            else if (c == '\r') { vb_buf_putc(&a, '\n'); if (i + 1 < n && s[i + 1] == '\n') i++; }
            else if (c == '\f' || c == '\v') { vb_buf_putc(&a, '\n'); t->controls++; }
            else { vb_buf_putc(&a, ' '); t->controls++; }
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = vb_utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x80 && cp <= 0x9F) { vb_buf_putc(&a, ' '); t->controls++; }
        else if (cp == 0x00D0) vb_buf_put_cp(&a, 0x0110);
        else if (cp == 0xFEFF) { /* zero-width no-break space inside the text: drop */ }
        else if (cp == 0x2028 || cp == 0x2029) vb_buf_putc(&a, '\n');
        else vb_buf_append(&a, s + i, k);
        i += k;
    }
    if (a.oom) { vb_buf_free(&a); return VB_ERR_NOMEM; }

    vb_buf_t b = { 0 };
    vb_buf_reserve(&b, a.len);
    s = (const unsigned char *)a.data;
    n = a.len;
    i = 0;
    while (i < n) {
        /* copy ASCII non-letters straight through */
        if (s[i] < 0x80 && !ascii_letter(s[i])) {
            size_t j = i + 1;
            while (j < n && s[j] < 0x80 && !ascii_letter(s[j])) j++;
            vb_buf_append(&b, s + i, j - i);
            i = j;
            continue;
        }
        size_t j = i;
        int need = 0;
        while (j < n && !(s[j] < 0x80 && !ascii_letter(s[j]))) {
            if (s[j] < 0x80) { j++; continue; }
            uint32_t cp;
            j += vb_utf8_decode(s + j, n - j, &cp);
            if (!need && needs_nfc(cp)) need = 1;
        }
        if (!need) {
            vb_buf_append(&b, s + i, j - i);
        } else {
            utf8proc_uint8_t *res = NULL;
            utf8proc_ssize_t m = utf8proc_map(s + i, (utf8proc_ssize_t)(j - i), &res,
                                              UTF8PROC_COMPOSE | UTF8PROC_STABLE);
            if (m < 0) vb_buf_append(&b, s + i, j - i);
            else vb_buf_append(&b, res, (size_t)m);
            free(res);
        }
        i = j;
    }
    vb_buf_free(&a);
    if (b.oom) { vb_buf_free(&b); return VB_ERR_NOMEM; }
    t->len = b.len;
    t->text = vb_buf_steal(&b);
    return t->text ? VB_OK : VB_ERR_NOMEM;
}

/* ------------------------------------------------------------ detection */

typedef struct {
    const char *text;
    long score;
} score_ctx_t;

static int score_token(const vb_token_t *tok, void *data)
{
    score_ctx_t *sc = data;
    if (tok->kind != VB_TOK_WORD) return 0;
    const unsigned char *p = (const unsigned char *)sc->text + tok->offset;
    int nonascii = 0;
    for (size_t i = 0; i < tok->len; i++)
        if (p[i] & 0x80) { nonascii = 1; break; }
    if (!nonascii) return 0;
    vb_letter_t L[9] = { { 0 } };
    size_t n = 0, i = 0;
    int ok = 1, case_flip = 0;
    while (i < tok->len) {
        uint32_t cp;
        i += vb_utf8_decode(p + i, tok->len - i, &cp);
        if (n == 8 || !vb_letter_info(cp, &L[n])) { ok = 0; break; }
        if (n > 0 && L[n].upper && !L[n - 1].upper) case_flip = 1; /* "TiỏẲẴp": a wrong code page */
        n++;
    }
    sc->score += (ok && vb_syllable_valid(L, n)) ? 2 : -2;
    if (case_flip) sc->score -= 2;
    return 0;
}

/* Characters that real Vietnamese text of any code page should not produce. */
static long odd_chars(const char *t, size_t n)
{
    long bad = 0;
    size_t i = 0;
    const unsigned char *s = (const unsigned char *)t;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        i += vb_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD || (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
            (cp >= 0x2500 && cp <= 0x25FF))
            bad++;
    }
    return bad;
}

static vb_status_t decode_as(raw_t *r, const unsigned char *s, size_t n, vb_encoding_t enc);

static long legacy_score(const unsigned char *s, size_t n, vb_encoding_t enc)
{
    raw_t r = { 0 };
    vb_text_t t = { 0 };
    long score = -1000000;
    if (decode_as(&r, s, n, enc) == VB_OK && normalize(r.out.data ? r.out.data : "", r.out.len, &t) == VB_OK) {
        score_ctx_t sc = { t.text, 0 };
        vb_tokenize(t.text, t.len, VB_TOKENIZE_SYLLABLES, 0, score_token, &sc, NULL);
        /* odd_chars() already counts the U+FFFD that UTF-8 decoding puts for invalid bytes */
        long invalid = enc == VB_ENC_UTF8 ? 0 : 3 * (long)r.invalid;
        score = sc.score - 3 * odd_chars(t.text, t.len) - invalid - (long)t.controls;
    }
    free(t.text);
    vb_buf_free(&r.out);
    return score;
}

static vb_encoding_t detect(const unsigned char *s, size_t n)
{
    size_t invalid = 0, multi = 0, i = 0;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        size_t k = vb_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1) invalid++;
        else multi++;
        i += k;
    }
    if (invalid == 0 || (multi > 0 && multi >= 8 * invalid)) {
        /* valid UTF-8 — unless it is BOM-less UTF-16 full of NULs */
        size_t zeros_even = 0, zeros_odd = 0, m = n < 8192 ? n : 8192;
        for (size_t k = 0; k + 1 < m; k += 2) {
            zeros_even += s[k] == 0;
            zeros_odd += s[k + 1] == 0;
        }
        if (m >= 8 && zeros_odd * 3 > m / 2 && zeros_even * 20 < m / 2) return VB_ENC_UTF16LE;
        if (m >= 8 && zeros_even * 3 > m / 2 && zeros_odd * 20 < m / 2) return VB_ENC_UTF16BE;
        return VB_ENC_UTF8;
    }
    /* Legacy code page: score how Vietnamese each decoding looks, on a sample. */
    size_t sample = n < 256 * 1024 ? n : 256 * 1024;
    /* UTF-8 with some damage competes too, when it has valid multi-byte sequences */
    static const vb_encoding_t cands[] = { VB_ENC_UTF8, VB_ENC_CP1258, VB_ENC_VNI, VB_ENC_TCVN3, VB_ENC_VISCII };
    vb_encoding_t best = VB_ENC_CP1258;
    long best_score = 0;
    int first = 1;
    for (size_t c = multi == 0; c < sizeof cands / sizeof cands[0]; c++) { /* ties: the first wins */
        long sc = legacy_score(s, sample, cands[c]);
        if (first || sc > best_score) { best = cands[c]; best_score = sc; first = 0; }
    }
    return best;
}

static vb_status_t decode_as(raw_t *r, const unsigned char *s, size_t n, vb_encoding_t enc)
{
    switch (enc) {
    case VB_ENC_UTF8: decode_utf8(r, s, n); break;
    case VB_ENC_UTF16LE: decode_utf16(r, s, n, 0); break;
    case VB_ENC_UTF16BE: decode_utf16(r, s, n, 1); break;
    case VB_ENC_VNI: decode_vni(r, s, n); break;
    case VB_ENC_CP1258: case VB_ENC_TCVN3: case VB_ENC_VISCII: {
        vb_status_t st = decode_iconv(r, s, n, enc);
        if (st != VB_OK) return st;
        break;
    }
    default: return VB_ERR_INVALID_ARG;
    }
    if (!r->out.data) vb_buf_reserve(&r->out, 0);
    return r->out.oom ? VB_ERR_NOMEM : VB_OK;
}

vb_status_t vb_text_decode(const void *bytes, size_t len, vb_encoding_t enc, vb_text_t **out)
{
    if ((!bytes && len) || !out || (unsigned)enc >= VB_ENC_COUNT_) return VB_ERR_INVALID_ARG;
    if (len > VB_MAX_INPUT) return VB_ERR_TOO_LARGE;
    const unsigned char *s = bytes ? bytes : (const unsigned char *)"";
    vb_text_t *t = calloc(1, sizeof *t);
    if (!t) return VB_ERR_NOMEM;
    /* byte-order marks */
    if ((enc == VB_ENC_AUTO || enc == VB_ENC_UTF8) && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        enc = VB_ENC_UTF8; s += 3; len -= 3; t->had_bom = 1;
    } else if ((enc == VB_ENC_AUTO || enc == VB_ENC_UTF16LE) && len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        enc = VB_ENC_UTF16LE; s += 2; len -= 2; t->had_bom = 1;
    } else if ((enc == VB_ENC_AUTO || enc == VB_ENC_UTF16BE) && len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        enc = VB_ENC_UTF16BE; s += 2; len -= 2; t->had_bom = 1;
    }
    if (enc == VB_ENC_AUTO) enc = detect(s, len);
    t->encoding = enc;
    raw_t r = { 0 };
    vb_status_t st = decode_as(&r, s, len, enc);
    if (st == VB_OK) st = normalize(r.out.data, r.out.len, t);
    vb_buf_free(&r.out);
    if (st != VB_OK) { free(t->text); free(t); return st; }
    t->invalid = r.invalid;
    t->first_invalid = r.first_invalid + (size_t)(t->had_bom ? (enc == VB_ENC_UTF8 ? 3 : 2) : 0);
    *out = t;
    return VB_OK;
}

void vb_text_free(vb_text_t *text)
{
    if (!text) return;
    free(text->text);
    free(text->pages);
    free(text);
}

/* ------------------------------------------------------------ encoding (for tests and tools) */

static const unsigned char vni_tone_lower[6] = { 0, 0xF8, 0xF9, 0xFB, 0xF5, 0xEF };

static void encode_vni_cp(vb_buf_t *b, uint32_t cp)
{
    vb_letter_t e;
    if (cp < 0x80) { vb_buf_putc(b, (char)cp); return; }
    for (int k = 0; k < 32; k++)
        if (cp1252_hi[k] == cp) { vb_buf_putc(b, (char)(0x80 + k)); return; }
    if (!vb_letter_info(cp, &e) || e.foreign) { vb_buf_putc(b, '?'); return; }
    unsigned char up = e.upper ? 0x20 : 0; /* upper-case mark bytes are 0x20 lower */
    char base = e.upper ? (char)(e.base - 32) : e.base;
    if (e.mod == VB_MOD_BAR) { vb_buf_putc(b, (char)(0xF1 - up)); return; }
    if (e.base == 'i' && e.tone) {
        static const unsigned char it[6] = { 0, 0xEC, 0xED, 0xE6, 0xF3, 0xF2 };
        vb_buf_putc(b, (char)(it[e.tone] - up));
        return;
    }
    if (e.mod == VB_MOD_HORN) {
        vb_buf_putc(b, (char)((e.base == 'o' ? 0xF4 : 0xF6) - up));
    } else {
        vb_buf_putc(b, base);
    }
    unsigned char mark = 0;
    if (e.mod == VB_MOD_CIRC) {
        static const unsigned char ct[6] = { 0xE2, 0xE0, 0xE1, 0xE5, 0xE3, 0xE4 };
        mark = ct[e.tone];
    } else if (e.mod == VB_MOD_BREVE) {
        static const unsigned char bt[6] = { 0xEA, 0xE8, 0xE9, 0xFA, 0xFC, 0xEB };
        mark = bt[e.tone];
    } else if (e.tone) {
        mark = (e.base == 'y' && e.tone == VB_TONE_DOT) ? 0xEE : vni_tone_lower[e.tone];
    }
    if (mark) vb_buf_putc(b, (char)(mark - up));
}

vb_status_t vb_text_encode(const char *utf8, size_t len, vb_encoding_t enc, char **out, size_t *outlen)
{
    if ((!utf8 && len) || !out || !outlen) return VB_ERR_INVALID_ARG;
    vb_buf_t b = { 0 };
    const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
    if (enc == VB_ENC_UTF8) {
        vb_buf_append(&b, s, len);
    } else if (enc == VB_ENC_VNI) {
        size_t i = 0;
        while (i < len) {
            uint32_t cp;
            i += vb_utf8_decode(s + i, len - i, &cp);
            encode_vni_cp(&b, cp);
        }
    } else if (iconv_name(enc)) {
        iconv_t cd = iconv_open(iconv_name(enc), "UTF-8");
        if (cd == (iconv_t)-1) return VB_ERR_ENCODING;
        size_t i = 0;
        while (i < len) {
            uint32_t cp;
            size_t k = vb_utf8_decode(s + i, len - i, &cp);
            char *in = (char *)s + i, tmp[16], *o = tmp;
            size_t inleft = k, oleft = sizeof tmp;
            if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) vb_buf_putc(&b, '?');
            else vb_buf_append(&b, tmp, sizeof tmp - oleft);
            i += k;
        }
        char tmp[16], *o = tmp;
        size_t oleft = sizeof tmp;
        iconv(cd, NULL, NULL, &o, &oleft);
        vb_buf_append(&b, tmp, sizeof tmp - oleft);
        iconv_close(cd);
    } else {
        return VB_ERR_ENCODING;
    }
    if (b.oom) { vb_buf_free(&b); return VB_ERR_NOMEM; }
    *outlen = b.len;
    *out = vb_buf_steal(&b);
    return *out ? VB_OK : VB_ERR_NOMEM;
}
