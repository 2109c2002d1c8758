/* doc: the number line ("Số: …") and the place-and-date line ("Hải Phòng, ngày …"). */
#include "doc/doc_internal.h"
#include "text/date.h"

/* date line "<place>, ngày D tháng M năm YYYY"; returns 1 when parsed */
int d_parse_date_line(dctx_t *c, const char *s, size_t n, int set_place)
{
    /* find "ngày" in the raw text */
    size_t i = 0, at = n;
    while (i + 4 <= n) {
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == ',') ) {
            size_t e = i;
            while (e < n && s[e] != ' ' && s[e] != ',') e++;
            char f[16];
            if (e - i <= 8) {
                d_fold(s + i, e - i, f, sizeof f);
                if (!strcmp(f, "ngay")) { at = i; break; }
            }
        }
        i++;
    }
    if (at >= n) return 0;
    size_t e = at;
    while (e < n && s[e] != ' ') e++;
    char iso[11];
    size_t used;
    int ok_date = vb_date_parse_words(s + e, n - e, iso, &used);
    if (!ok_date) {
        /* a day or month garbled by OCR ("ngày OTftháng10 năm 2025", "tháng 1D"): no
         * date, but the line is still the place-and-date line */
        char rf[64];
        d_fold(s + e, n - e < 40 ? n - e : 40, rf, sizeof rf);
        if (!set_place || !strstr(rf, "thang") || !strstr(rf, "nam ")) return 0;
    }
    if (ok_date && !c->doc->date) d_set_str(c, &c->doc->date, vb_strndup(iso, 10));
    if (set_place && !c->doc->place && at > 0) {
        size_t pe = at;
        while (pe > 0 && (s[pe - 1] == ' ' || s[pe - 1] == ',')) pe--;
        size_t pb = 0;
        while (pb < pe && (s[pb] == '.' || s[pb] == ' ' || s[pb] == '*' || s[pb] == '_' || s[pb] == '|')) pb++;
        /* "37/TB-VPCP Hà Nội": the number's columns before the place */
        for (size_t q = pe; q > pb; q--)
            if ((s[q - 1] >= '0' && s[q - 1] <= '9') || s[q - 1] == '/') {
                while (q < pe && s[q] != ' ') q++;
                while (q < pe && s[q] == ' ') q++;
                pb = q;
                break;
            }
        /* one rule: the bare name ("Hồ Chí Minh" for "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh") */
        char f[FOLD_CAP];
        d_fold(s + pb, pe - pb, f, sizeof f);
        static const char *const UNIT[] = { "thanh pho ", "tp. ", "tp ", "tinh ", NULL };
        for (size_t u = 0; UNIT[u]; u++)
            if (d_starts(f, UNIT[u]) && pe - pb > strlen(UNIT[u]) + 2) {
                /* skip as many words as the prefix has */
                for (const char *q = UNIT[u]; *q; q++)
                    if (*q == ' ') {
                        while (pb < pe && s[pb] != ' ') pb++;
                        while (pb < pe && s[pb] == ' ') pb++;
                    }
                break;
            }
        size_t words = 1;
        for (size_t q = pb; q < pe; q++) words += s[q] == ' ';
        int ok = pe > pb && pe - pb < 60 && words <= 5 && d_first_letter_case(s + pb, pe - pb) > 0;
        for (size_t q = pb; ok && q < pe; q++)
            if ((s[q] >= '0' && s[q] <= '9') || s[q] == '/') ok = 0;   /* "định số 1544/QĐ-TTg" is no place */
        if (ok) d_set_str(c, &c->doc->place, d_clean_dup(s + pb, pe - pb));
    }
    return ok_date;
}

/* "Số" (or "Sô", "SỐ") as a word followed by ':' or a digit; returns 1 with *WB the word
 * start and *AFTER the offset just past the word and its colon */
int d_find_so(const char *s, size_t n, size_t *wb, size_t *after)
{
    size_t lim = n < 300 ? n : 300;
    for (size_t i = 0; i + 2 < lim; i++) {
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '|' && s[i - 1] != '_' && s[i - 1] != '-' && s[i - 1] != '*')
            continue;
        if (s[i] != 'S' && s[i] != 's') continue;
        size_t e = i + 1;
        while (e < lim && s[e] != ' ' && s[e] != ':' && e - i < 4) e++;
        char f[8];
        d_fold(s + i, e - i, f, sizeof f);
        if (strcmp(f, "so")) continue;
        size_t p = e;
        while (p < n && s[p] == ' ') p++;
        if (p < n && s[p] == ':') {
            *wb = i;
            *after = p + 1;
            return 1;
        }
        if (p < n && p > e && s[p] >= '0' && s[p] <= '9' && s[i] == 'S') {
            *wb = i;
            *after = p;
            return 1;
        }
    }
    return 0;
}

/* OCR reads the stroke of a bold "Đ" as a second one ("225/QĐĐ-BLĐTBXH"):
 * a code segment ending in "ĐĐ" that is no type code, while the segment with
 * one "Đ" is one (QĐ, NĐ), loses the extra letter. BUF holds O bytes. */
static size_t repair_doubled_d(char *buf, size_t o)
{
    static const char DD[] = "\xC4\x90\xC4\x90";   /* "ĐĐ" */
    size_t b = 0;
    for (size_t i = 0; i <= o; i++) {
        if (i < o && buf[i] != '/' && buf[i] != '-') continue;
        size_t n = i - b;
        if (n >= 5 && memcmp(buf + i - 4, DD, 4) == 0 && !d_type_from_code(buf + b, n) &&
            d_type_from_code(buf + b, n - 2)) {
            memmove(buf + i - 2, buf + i, o - i);
            o -= 2;
            i -= 2;
        }
        b = i + 1;
    }
    return o;
}

/* the number at offset P of line I (or on the next line when nothing follows);
 * returns the line of the number and in *END the offset after it */
size_t d_parse_number_at(dctx_t *c, size_t i, size_t limit, size_t p, size_t *endp)
{
    const dline_t *l = &c->L[i];
    const char *s = l->s;
    size_t n = l->n;
    while (p < n && (s[p] == ' ' || s[p] == '*')) p++;
    size_t at_line = i;
    *endp = n;
    if (p >= n) {
        size_t k = d_next_text(c, i, limit);
        if (k >= limit || c->L[k].n > 60) return i;
        l = &c->L[k];
        s = l->s;
        n = l->n;
        p = 0;
        at_line = k;
    }
    /* the number, with OCR spaces before '/' or '-' removed */
    char buf[64];
    size_t o = 0, e = p;
    while (e < n && o + 1 < sizeof buf) {
        if (s[e] == ' ') {
            size_t q = e;
            while (q < n && s[q] == ' ') q++;
            if (q < n && (s[q] == '/' || s[q] == '-') && o > 0) { e = q; continue; }
            if (o > 0 && (buf[o - 1] == '/' || buf[o - 1] == '-') && q < n && q - e < 3) { e = q; continue; }
            break;
        }
        if (s[e] == '|') break;
        buf[o++] = s[e++];
    }
    /* buffer full inside a character: the rest of the line (place, date) starts after it */
    while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80) e++;
    while (o > 0 && (buf[o - 1] == '.' || buf[o - 1] == ',' || buf[o - 1] == ';' || buf[o - 1] == '*')) o--;
    o = repair_doubled_d(buf, o);
    int digit = 0, dots = 0;
    for (size_t k = 0; k < o; k++) {
        if (buf[k] >= '0' && buf[k] <= '9') digit = 1;
        if (buf[k] == '.') dots++;
    }
    if (digit && dots < 2 && o < 60 && !c->doc->number) d_set_str(c, &c->doc->number, vb_strndup(buf, o));
    /* rest of the line: the place and date of the C layout */
    if (e < n) d_parse_date_line(c, s + e, n - e, 1);
    *endp = at_line == i ? e : n;
    return at_line;
}

size_t d_parse_number(dctx_t *c, size_t i, size_t limit, int set)
{
    size_t wb, after, end;
    (void)set;
    if (!d_find_so(c->L[i].s, c->L[i].n, &wb, &after)) {
        /* "Luật số:" and the like */
        const char *colon = memchr(c->L[i].s, ':', c->L[i].n);
        if (!colon) return i;
        after = (size_t)(colon - c->L[i].s) + 1;
    }
    return d_parse_number_at(c, i, limit, after, &end);
}
