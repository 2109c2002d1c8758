/* Is a text typed with diacritics? The share of its syllables that carry a
 * Vietnamese mark (a tone, or the letters ă â đ ê ô ơ ư). Typed Vietnamese
 * marks most syllables (about four in five: "Ủy ban nhân dân thành phố");
 * an old e-mail, a telex or some scans mark almost none, and then a word
 * of the text cannot say which word it meant ("mua" for mua, mưa, múa…). */
#include "internal.h"

/* Below this share of marked syllables a text counts as typed without
 * diacritics; with fewer syllables than VB_MARKS_MIN_SYLLABLES nothing is
 * judged (a short text is too little evidence: it counts as typed with). */
#define VB_MARKS_MAX_SHARE 0.10
#define VB_MARKS_MIN_SYLLABLES 40

void vb_text_marks(const char *text, size_t len, size_t *syllables, size_t *marked)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, syl = 0, mk = 0;
    int in = 0, has_mark = 0, letters = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = vb_utf8_decode(s + i, len - i, &cp);
        if (k == 0) k = 1;
        i += k;
        /* 0 not a letter, 1 a letter, 2 one with a Vietnamese mark (vb_letter_info, in short) */
        int letter = cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : vb_letter_mark(cp);
        if (letter) {
            if (!in) { in = 1; has_mark = 0; letters = 0; }
            letters++;
            if (letter == 2) has_mark = 1;
            continue;
        }
        if (cp >= 0x300 && cp <= 0x36F && in) {   /* a combining mark (text not in NFC) */
            has_mark = 1;
            continue;
        }
        if (in && letters <= 7) {   /* longer runs are not syllables (words of other languages, codes) */
            syl++;
            mk += has_mark;
        }
        in = 0;
    }
    if (in && letters <= 7) {
        syl++;
        mk += has_mark;
    }
    *syllables = syl;
    *marked = mk;
}

int vb_text_marks_without(size_t syllables, size_t marked)
{
    return syllables >= VB_MARKS_MIN_SYLLABLES && (double)marked < VB_MARKS_MAX_SHARE * (double)syllables;
}
