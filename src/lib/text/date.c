/* Dates: read D/M/YYYY, "D tháng M năm YYYY" and the query's periods; one
 * validity rule (text/date.h). */
#include "text/date.h"
#include "internal.h"

int vb_date_days_in_month(long y, long m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12) return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

/* a real day, whatever the year */
static int calendar_day(long y, long m, long d)
{
    return d >= 1 && d <= vb_date_days_in_month(y, m);
}

static int year_in_range(long y)
{
    return y >= VB_DATE_YEAR_MIN && y <= VB_DATE_YEAR_MAX;
}

int vb_date_valid(long y, long m, long d)
{
    return year_in_range(y) && calendar_day(y, m, d);
}

/* "YYYY-MM-DD" of a date vb_date_valid() accepted */
static void put_iso(char iso[11], long y, long m, long d)
{
    iso[0] = (char)('0' + y / 1000 % 10); iso[1] = (char)('0' + y / 100 % 10);
    iso[2] = (char)('0' + y / 10 % 10); iso[3] = (char)('0' + y % 10);
    iso[4] = '-'; iso[5] = (char)('0' + m / 10 % 10); iso[6] = (char)('0' + m % 10);
    iso[7] = '-'; iso[8] = (char)('0' + d / 10 % 10); iso[9] = (char)('0' + d % 10);
    iso[10] = '\0';
}

/* Up to MAXD ASCII digits at S[i], not followed by another digit: their
 * count (0 when none or too many), the value in *V. */
static size_t read_num(const char *s, size_t n, size_t i, long *v, size_t maxd)
{
    size_t j = i;
    long x = 0;
    while (j < n && j - i < maxd && s[j] >= '0' && s[j] <= '9') x = x * 10 + (s[j++] - '0');
    if (j == i || (j < n && s[j] >= '0' && s[j] <= '9')) return 0;
    *v = x;
    return j - i;
}

int vb_date_parse_dmy(const char *s, size_t n, char iso[11], size_t *consumed)
{
    long d, m, y;
    size_t i = 0, k;
    if (!(k = read_num(s, n, i, &d, 2))) return 0;
    i += k;
    if (i >= n || (s[i] != '/' && s[i] != '-' && s[i] != '.')) return 0;
    char sep = s[i++];
    if (!(k = read_num(s, n, i, &m, 2))) return 0;
    i += k;
    if (i >= n || s[i] != sep) return 0;
    i++;
    if (!(k = read_num(s, n, i, &y, 4)) || k != 4) return 0;
    i += k;
    if (!vb_date_valid(y, m, d)) return 0;
    put_iso(iso, y, m, d);
    if (consumed) *consumed = i;
    return 1;
}

/* ---------------------------------------------------------------- words */

/* Fold S (N bytes, at most 12) into BUF (diacritics off, lower case) and
 * trim the blanks, '*' (bold marks) and no-break spaces at its ends: the
 * word as the document parser's d_fold() would give it. */
static void fold_word(const char *s, size_t n, char *buf, size_t cap)
{
    size_t m = vb_term_fold(s, n, buf, cap), b = 0;
    for (;;) {
        if (b < m && (buf[b] == ' ' || buf[b] == '\t' || buf[b] == '*')) b++;
        else if (b + 1 < m && (unsigned char)buf[b] == 0xC2 && (unsigned char)buf[b + 1] == 0xA0) b += 2;
        else break;
    }
    for (;;) {
        if (m > b && (buf[m - 1] == ' ' || buf[m - 1] == '\t' || buf[m - 1] == '*')) m--;
        else if (m >= b + 2 && (unsigned char)buf[m - 2] == 0xC2 && (unsigned char)buf[m - 1] == 0xA0) m -= 2;
        else break;
    }
    memmove(buf, buf + b, m - b);
    buf[m - b] = '\0';
}

/* a word at I (after spaces) whose fold is W; returns the index after it, or 0 */
static size_t word_at(const char *s, size_t n, size_t i, const char *w)
{
    while (i < n && s[i] == ' ') i++;
    size_t b = i;
    while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '\n') i++;
    if (i == b || i - b > 12) return 0;
    char f[32];
    fold_word(s + b, i - b, f, sizeof f);
    return strcmp(f, w) == 0 ? i : 0;
}

int vb_date_parse_words(const char *s, size_t n, char iso[11], size_t *consumed)
{
    size_t i = 0, k;
    long d, m, y;
    while (i < n && s[i] == ' ') i++;
    if (vb_date_parse_dmy(s + i, n - i, iso, &k)) {
        if (consumed) *consumed = i + k;
        return 1;
    }
    if (!(k = read_num(s, n, i, &d, 2))) return 0;
    i += k;
    if (!(k = word_at(s, n, i, "thang"))) {
        /* "tháng11": the month glued to the word */
        size_t p = i;
        while (p < n && s[p] == ' ') p++;
        char f[16];
        size_t e = p;
        while (e < n && s[e] != ' ' && e - p < 12) e++;
        fold_word(s + p, e - p, f, sizeof f);
        if (strncmp(f, "thang", 5) || f[5] < '0' || f[5] > '9') return 0;
        while (p < e && !(s[p] >= '0' && s[p] <= '9')) p++;
        k = p;
    }
    i = k;
    while (i < n && s[i] == ' ') i++;
    if (!(k = read_num(s, n, i, &m, 2))) return 0;
    i += k;
    if (!(k = word_at(s, n, i, "nam"))) return 0;
    i = k;
    while (i < n && s[i] == ' ') i++;
    if (!(k = read_num(s, n, i, &y, 4)) || k != 4) {
        /* a footnote mark glued to the year: "năm 20264" */
        if (!(k = read_num(s, n, i, &y, 5)) || k != 5) return 0;
        y /= 10;
    }
    i += k;
    if (!vb_date_valid(y, m, d)) return 0;
    put_iso(iso, y, m, d);
    if (consumed) *consumed = i;
    return 1;
}

/* ---------------------------------------------------------------- periods */

int vb_date_parse_period(const char *s, size_t n, char lo[11], char hi[11])
{
    long v[3] = { 0, 0, 0 };
    size_t nd[3] = { 0, 0, 0 };
    size_t parts = 1;
    char sep = 0;
    if (n == 0) return VB_DATE_BAD;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (nd[parts - 1] >= 4) return VB_DATE_BAD;
            v[parts - 1] = v[parts - 1] * 10 + (s[i] - '0');
            nd[parts - 1]++;
        } else if (s[i] == '-' || s[i] == '/' || s[i] == '.') {
            if (sep && s[i] != sep) return VB_DATE_BAD;
            sep = s[i];
            if (nd[parts - 1] == 0 || parts == 3) return VB_DATE_BAD;
            parts++;
        } else {
            return VB_DATE_BAD;
        }
    }
    if (nd[parts - 1] == 0) return VB_DATE_BAD;
    long y, m = 0, d = 0;
    if (parts == 1) {
        if (nd[0] != 4) return VB_DATE_BAD;
        y = v[0];
    } else if (parts == 2) {
        if (nd[0] == 4 && nd[1] <= 2) { y = v[0]; m = v[1]; }
        else if (nd[0] <= 2 && nd[1] == 4) { m = v[0]; y = v[1]; }
        else return VB_DATE_BAD;
        if (m < 1 || m > 12) return VB_DATE_BAD;
    } else {
        if (nd[0] == 4 && nd[1] <= 2 && nd[2] <= 2) { y = v[0]; m = v[1]; d = v[2]; }
        else if (nd[0] <= 2 && nd[1] <= 2 && nd[2] == 4) {
            /* D/M/YYYY: read as the documents and the tokenizer read it */
            size_t used;
            if (vb_date_parse_dmy(s, n, lo, &used) && used == n) {
                memcpy(hi, lo, 11);
                return VB_DATE_OK;
            }
            /* not a date: is only its year at fault? */
            return calendar_day(v[2], v[1], v[0]) ? VB_DATE_YEAR_OUT : VB_DATE_BAD;
        }
        else return VB_DATE_BAD;
        if (!calendar_day(y, m, d)) return VB_DATE_BAD;
    }
    if (!year_in_range(y)) return VB_DATE_YEAR_OUT;
    long m0 = m ? m : 1, m1 = m ? m : 12;
    long d0 = d ? d : 1, d1 = d ? d : vb_date_days_in_month(y, m1);
    put_iso(lo, y, m0, d0);
    put_iso(hi, y, m1, d1);
    return VB_DATE_OK;
}
