/* Vietnamese letters: decomposition table, canonical tone placement, the
 * exact and folded term forms, and syllable validity (used by detection). */
#include <pthread.h>
#include <utf8proc.h>
#include "internal.h"

/* Latin letters with diacritics live in these two blocks. */
#define R1_LO 0x00C0u
#define R1_HI 0x024Fu
#define R2_LO 0x1E00u
#define R2_HI 0x1EFFu

static vb_letter_t tab1[R1_HI - R1_LO + 1];
static vb_letter_t tab2[R2_HI - R2_LO + 1];
/* compose[base][mod][tone] for bases a e i o u y d */
static uint32_t compose_tab[7][5][6];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
char vb_base2[7 * 64], vb_base3[4 * 64];

static int base_index(char b)
{
    switch (b) {
    case 'a': return 0; case 'e': return 1; case 'i': return 2; case 'o': return 3;
    case 'u': return 4; case 'y': return 5; case 'd': return 6;
    default: return -1;
    }
}

static void fill_entry(uint32_t cp, vb_letter_t *e)
{
    utf8proc_int32_t buf[8];
    utf8proc_int32_t last = 0;
    memset(e, 0, sizeof *e);
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0) { /* Đ đ, and Ð (eth) read as Đ */
        e->base = 'd'; e->mod = VB_MOD_BAR; e->upper = cp != 0x0111;
        return;
    }
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 8,
                                                 UTF8PROC_DECOMPOSE, &last);
    if (n < 2 || n > 8) return;
    uint32_t b = (uint32_t)buf[0];
    if (b >= 'A' && b <= 'Z') { e->upper = 1; b += 32; }
    if (b < 'a' || b > 'z') return;
    e->base = (char)b;
    for (utf8proc_ssize_t i = 1; i < n; i++) {
        switch (buf[i]) {
        case 0x0300: e->tone = VB_TONE_GRAVE; break;
        case 0x0301: e->tone = VB_TONE_ACUTE; break;
        case 0x0309: e->tone = VB_TONE_HOOK; break;
        case 0x0303: e->tone = VB_TONE_TILDE; break;
        case 0x0323: e->tone = VB_TONE_DOT; break;
        case 0x0302: e->mod = VB_MOD_CIRC; break;
        case 0x0306: e->mod = VB_MOD_BREVE; break;
        case 0x031B: e->mod = VB_MOD_HORN; break;
        default: e->foreign = 1; break;
        }
    }
    /* a mark on a letter Vietnamese never puts it on (ê is fine, ĭ is not) */
    if (!e->foreign && e->mod) {
        int ok = (e->mod == VB_MOD_CIRC && (b == 'a' || b == 'e' || b == 'o')) ||
                 (e->mod == VB_MOD_BREVE && b == 'a') ||
                 (e->mod == VB_MOD_HORN && (b == 'o' || b == 'u'));
        if (!ok) e->foreign = 1;
    }
    if (!e->foreign && e->tone && base_index(e->base) < 0) e->foreign = 1;
}

static void build_tables(void)
{
    for (uint32_t cp = R1_LO; cp <= R1_HI; cp++) fill_entry(cp, &tab1[cp - R1_LO]);
    for (uint32_t cp = R2_LO; cp <= R2_HI; cp++) fill_entry(cp, &tab2[cp - R2_LO]);
    const char bases[] = "aeiouyd";
    for (int b = 0; b < 7; b++) compose_tab[b][0][0] = (uint32_t)bases[b];
    for (int pass = 0; pass < 2; pass++) {
        uint32_t lo = pass ? R2_LO : R1_LO, hi = pass ? R2_HI : R1_HI;
        vb_letter_t *t = pass ? tab2 : tab1;
        for (uint32_t cp = lo; cp <= hi; cp++) {
            vb_letter_t *e = &t[cp - lo];
            int bi = base_index(e->base);
            if (bi < 0 || e->upper || e->foreign) continue;
            if (cp == 0x00D0) continue;
            if (!compose_tab[bi][e->mod][e->tone]) compose_tab[bi][e->mod][e->tone] = cp;
        }
    }
    for (uint32_t cp = R1_LO; cp <= R1_HI; cp++) vb_base2[cp - R1_LO] = tab1[cp - R1_LO].base;
    for (uint32_t cp = R2_LO; cp <= R2_HI; cp++) vb_base3[cp - R2_LO] = tab2[cp - R2_LO].base;
}

void vb_letter_tables(void)
{
    pthread_once(&tables_once, build_tables);
}

/* the table entry of CP >= 0x80 (tables built), NULL when none */
static inline const vb_letter_t *entry_of(uint32_t cp)
{
    if (cp >= R1_LO && cp <= R1_HI) return &tab1[cp - R1_LO];
    if (cp >= R2_LO && cp <= R2_HI) return &tab2[cp - R2_LO];
    return NULL;
}

int vb_letter_info(uint32_t cp, vb_letter_t *out)
{
    if (cp < 0x80) {
        memset(out, 0, sizeof *out);
        if (cp >= 'a' && cp <= 'z') { out->base = (char)cp; return 1; }
        if (cp >= 'A' && cp <= 'Z') { out->base = (char)(cp + 32); out->upper = 1; return 1; }
        return 0;
    }
    pthread_once(&tables_once, build_tables);
    const vb_letter_t *e = NULL;
    if (cp >= R1_LO && cp <= R1_HI) e = &tab1[cp - R1_LO];
    else if (cp >= R2_LO && cp <= R2_HI) e = &tab2[cp - R2_LO];
    if (!e || !e->base) return 0;
    *out = *e;
    return 1;
}

int vb_letter_mark(uint32_t cp)
{
    pthread_once(&tables_once, build_tables);
    const vb_letter_t *e = entry_of(cp);
    if (!e || !e->base) return 0;
    return !e->foreign && (e->mod || e->tone) ? 2 : 1;
}

uint32_t vb_letter_compose(char base, int mod, int tone)
{
    if (mod == VB_MOD_NONE && tone == VB_TONE_NONE) return (uint32_t)(unsigned char)base;
    int bi = base_index(base);
    if (bi < 0 || mod < 0 || mod > 4 || tone < 0 || tone > 5) return 0;
    pthread_once(&tables_once, build_tables);
    return compose_tab[bi][mod][tone];
}

static int is_vowel(char b)
{
    return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* Split a lower-case letter sequence into onset, nucleus [*vs, *ve) and coda.
 * Returns 0 when it is not syllable-shaped (no vowel, a vowel after the coda). */
static int split_syllable(const vb_letter_t *L, size_t n, size_t *vs, size_t *ve)
{
    size_t i = 0;
    while (i < n && !is_vowel(L[i].base)) i++;
    if (i == n) return 0;
    if (i > 0 && L[i - 1].base == 'q' && L[i].base == 'u' && L[i].mod == VB_MOD_NONE && i + 1 < n &&
        is_vowel(L[i + 1].base))
        i++;
    else if (i == 1 && L[0].base == 'g' && L[1].base == 'i' && L[1].mod == VB_MOD_NONE && i + 1 < n &&
             is_vowel(L[i + 1].base))
        i++;
    *vs = i;
    while (i < n && is_vowel(L[i].base)) i++;
    *ve = i;
    for (; i < n; i++)
        if (is_vowel(L[i].base)) return 0;
    return *ve > *vs;
}

/* Where the tone mark belongs (traditional placement), or -1. */
static long tone_position(const vb_letter_t *L, size_t n)
{
    size_t vs, ve;
    if (!split_syllable(L, n, &vs, &ve)) return -1;
    size_t len = ve - vs;
    if (len > 3) return -1;
    long modified = -1;
    for (size_t i = vs; i < ve; i++)
        if (L[i].mod == VB_MOD_CIRC || L[i].mod == VB_MOD_BREVE || L[i].mod == VB_MOD_HORN)
            modified = (long)i;  /* the last one: ươ -> ơ, uyê -> ê */
    if (modified >= 0) return modified;
    if (ve < n) return (long)ve - 1;          /* closed syllable: last vowel (toán, hoàng) */
    if (len == 1) return (long)vs;
    if (len == 3) return (long)vs + 1;        /* oai, oay, uyu, oeo: the middle one */
    return (long)vs;                          /* open pair: hòa, thủy, khỏe, mùa, tài */
}

#define MAX_LETTERS 48

/* Decode S into letters; returns count, or -1 if something is not a plain
 * Vietnamese-capable letter (then callers fall back to simple lower-casing). */
static long to_letters(const char *s, size_t len, vb_letter_t *L)
{
    size_t n = 0, i = 0;
    pthread_once(&tables_once, build_tables);
    while (i < len) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == MAX_LETTERS) return -1;
        if (cp < 0x80) {
            /* vb_letter_info's ASCII case, inline */
            memset(&L[n], 0, sizeof L[n]);
            if (cp >= 'a' && cp <= 'z') L[n].base = (char)cp;
            else if (cp >= 'A' && cp <= 'Z') { L[n].base = (char)(cp + 32); L[n].upper = 1; }
            else return -1;
        } else {
            const vb_letter_t *e = entry_of(cp);
            if (!e || !e->base || e->foreign) return -1;
            L[n] = *e;
        }
        n++;
    }
    return (long)n;
}

/* Append CP lower-cased, respecting the cap; returns 0 when it no longer fits. */
static int put_cp(char *buf, size_t cap, size_t *o, uint32_t cp)
{
    char tmp[4];
    size_t k = vb_utf8_encode(cp, tmp);
    if (*o + k + 1 > cap) return 0;
    memcpy(buf + *o, tmp, k);
    *o += k;
    return 1;
}

static size_t lower_copy(const char *s, size_t len, char *buf, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        uint32_t lc = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                                : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        if (lc == 0x00F0 && cp == 0x00D0) lc = 0x0111;
        if (!put_cp(buf, cap, &o, lc)) break;
    }
    buf[o] = '\0';
    return o;
}

/* vb_term_exact; when FOLD is not NULL, vb_term_fold's bytes into it too
 * (FCAP bytes) and their count into *FLEN: a letter's folded form is its
 * base, so the letters decoded once give both (the tokenizer's two passes
 * over every word were a tenth of its time). */
static size_t term_forms(const char *s, size_t len, char *buf, size_t cap, char *fold, size_t fcap, size_t *flen)
{
    /* fast path: ASCII */
    size_t i;
    for (i = 0; i < len && !((unsigned char)s[i] & 0x80); i++) {}
    if (i == len) {
        size_t n = len < cap - 1 ? len : cap - 1;
        for (size_t k = 0; k < n; k++) {
            char c = s[k];
            buf[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        buf[n] = '\0';
        if (fold) *flen = vb_term_fold(s, len, fold, fcap);
        return n;
    }
    vb_letter_t L[MAX_LETTERS];
    long n = to_letters(s, len, L);
    if (n < 0) {
        if (fold) *flen = vb_term_fold(s, len, fold, fcap);
        return lower_copy(s, len, buf, cap);
    }
    if (fold) {
        /* every letter is ASCII or has a table entry: vb_term_fold writes its base */
        size_t f = (size_t)n < fcap - 1 ? (size_t)n : fcap - 1;
        for (size_t k = 0; k < f; k++) fold[k] = L[k].base;
        fold[f] = '\0';
        *flen = f;
    }
    int tones = 0, tone = 0;
    long at = -1;
    for (long k = 0; k < n; k++)
        if (L[k].tone) { tones++; tone = L[k].tone; at = k; }
    if (tones == 1) {
        long want = tone_position(L, (size_t)n);
        if (want >= 0 && want != at) {
            L[at].tone = VB_TONE_NONE;
            L[want].tone = (uint8_t)tone;
        }
    }
    size_t o = 0;
    for (long k = 0; k < n; k++) {
        uint32_t cp = vb_letter_compose(L[k].base, L[k].mod, L[k].tone);
        if (!cp) return lower_copy(s, len, buf, cap);
        if (!put_cp(buf, cap, &o, cp)) break;
    }
    buf[o] = '\0';
    return o;
}

size_t vb_term_exact(const char *s, size_t len, char *buf, size_t cap)
{
    if (!buf || cap == 0) return 0;
    return term_forms(s, len, buf, cap, NULL, 0, NULL);
}

size_t vb_term_forms(const char *s, size_t len, char *exact, size_t ecap, size_t *exact_len, char *fold, size_t fcap)
{
    if (!exact || ecap == 0 || !fold || fcap == 0) {
        if (exact_len) *exact_len = 0;
        return 0;
    }
    size_t fl = 0;
    *exact_len = term_forms(s, len, exact, ecap, fold, fcap, &fl);
    return fl;
}

size_t vb_term_fold(const char *s, size_t len, char *buf, size_t cap)
{
    if (!buf || cap == 0) return 0;
    size_t o = 0, i = 0;
    int tables = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o + 2 > cap) break;
            buf[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
            i++;
            continue;
        }
        /* vb_letter_info, inline: the tables are asked once per call, not per letter */
        if (!tables) { pthread_once(&tables_once, build_tables); tables = 1; }
        size_t k;
        char b = vb_seq_base((const unsigned char *)s + i, len - i, &k);
        if (b) {
            if (o + 2 > cap) break;
            buf[o++] = b;
            i += k;
            continue;
        }
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        const vb_letter_t *e = entry_of(cp);
        if (e && e->base) {
            if (o + 2 > cap) break;
            buf[o++] = e->base;
            continue;
        }
        const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
        if (p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_ME) continue;
        if (!put_cp(buf, cap, &o, (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp))) break;
    }
    buf[o] = '\0';
    return o;
}

size_t vb_term_fold_collapse(const char *s, size_t len, char *buf, size_t cap)
{
    if (!buf || cap == 0) return 0;
    /* O: the bytes vb_term_fold would have written (its cap applies to them),
     * W: the bytes kept; SP: the last kept byte is a space (or none yet) */
    size_t o = 0, w = 0, i = 0;
    int sp = 1, tables = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o + 2 > cap) break;
            o++;
            i++;
            if (c == ' ' || c == '\t' || c == '*') {
                if (!sp) { buf[w++] = ' '; sp = 1; }
                continue;
            }
            buf[w++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
            sp = 0;
            continue;
        }
        if (!tables) { pthread_once(&tables_once, build_tables); tables = 1; }
        size_t k0;
        char b = vb_seq_base((const unsigned char *)s + i, len - i, &k0);
        if (b) {
            if (o + 2 > cap) break;
            o++;
            buf[w++] = b;
            sp = 0;
            i += k0;
            continue;
        }
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        const vb_letter_t *e = entry_of(cp);
        if (e && e->base) {
            if (o + 2 > cap) break;
            o++;
            buf[w++] = e->base;
            sp = 0;
            continue;
        }
        const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
        if (p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_ME) continue;
        char tmp[4];
        size_t k = vb_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), tmp);
        if (o + k + 1 > cap) break;
        o += k;
        if (k == 2 && (unsigned char)tmp[0] == 0xC2 && (unsigned char)tmp[1] == 0xA0) {   /* no-break space */
            if (!sp) { buf[w++] = ' '; sp = 1; }
            continue;
        }
        memcpy(buf + w, tmp, k);
        w += k;
        sp = 0;
    }
    while (w > 0 && buf[w - 1] == ' ') w--;
    buf[w] = '\0';
    return w;
}

size_t vb_number_key(const char *s, size_t len, char *buf, size_t cap)
{
    char tmp[VB_TERM_MAX + 1];
    size_t n = vb_term_fold(s, len, tmp, sizeof tmp);
    size_t o = 0;
    if (!buf || cap == 0) return 0;
    for (size_t i = 0, k; i < n; i += k) {
        /* whole characters only: a key cut to CAP stays valid UTF-8 */
        unsigned char c = (unsigned char)tmp[i];
        k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + k > n || o + k + 1 > cap) break;
        if (c != ' ' && c != '\t' && c != '\n') { memcpy(buf + o, tmp + i, k); o += k; }
    }
    buf[o] = '\0';
    return o;
}

/* ---- syllable validity (encoding detection) ---- */

static const char *const nuclei[] = {
    "a", "a(", "a^", "e", "e^", "i", "o", "o^", "o+", "u", "u+", "y",
    "ai", "ao", "au", "ay", "a^u", "a^y", "eo", "e^u", "ia", "ie^", "iu", "oa", "oa(", "oe",
    "oi", "o^i", "o+i", "oo", "ua", "ua^", "ue^", "ui", "uo^", "uo+", "uy", "u+a", "u+i", "u+o+",
    "u+u", "ye^", "oai", "oay", "oeo", "ua^y", "uo^i", "u+o+i", "u+o+u", "ie^u", "ye^u",
    "uye^", "uya", "uyu", "u+o", NULL
};
static const char *const onsets[] = {
    "", "b", "c", "ch", "d", "d-", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x", NULL
};
static const char *const codas[] = { "", "c", "ch", "m", "n", "ng", "nh", "p", "t", NULL };

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0) return 1;
    return 0;
}

static size_t spell(const vb_letter_t *L, size_t from, size_t to, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = from; i < to && o + 3 < cap; i++) {
        out[o++] = L[i].base;
        if (L[i].mod == VB_MOD_CIRC) out[o++] = '^';
        else if (L[i].mod == VB_MOD_BREVE) out[o++] = '(';
        else if (L[i].mod == VB_MOD_HORN) out[o++] = '+';
        else if (L[i].mod == VB_MOD_BAR) out[o++] = '-';
    }
    out[o] = '\0';
    return o;
}

int vb_syllable_valid(const vb_letter_t *L, size_t n)
{
    size_t vs, ve;
    int tones = 0, tone = 0;
    if (n == 0 || n > 8) return 0;
    for (size_t i = 0; i < n; i++) {
        if (L[i].foreign) return 0;
        if (L[i].tone) { tones++; tone = L[i].tone; }
    }
    if (tones > 1) return 0;
    if (!split_syllable(L, n, &vs, &ve)) return 0;
    char on[24], nu[24], co[24];
    size_t onset_end = vs;
    /* qu / gi: the glide was counted into the onset by split_syllable */
    spell(L, 0, onset_end, on, sizeof on);
    if (strcmp(on, "qu") == 0) on[1] = '\0';
    spell(L, vs, ve, nu, sizeof nu);
    spell(L, ve, n, co, sizeof co);
    if (!in_list(onsets, on) || !in_list(nuclei, nu) || !in_list(codas, co)) return 0;
    if ((strcmp(co, "c") == 0 || strcmp(co, "ch") == 0 || strcmp(co, "p") == 0 || strcmp(co, "t") == 0) &&
        tone != VB_TONE_ACUTE && tone != VB_TONE_DOT && tone != VB_TONE_NONE)
        return 0;
    return 1;
}
