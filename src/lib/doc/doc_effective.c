/* doc_effective: the document's own entry into force (issue 18).
 *
 * The rule, in order:
 *  1. A sentence whose subject is this document ("Nghị định này", "Luật
 *     này", "Quyết định này", … "này có hiệu lực") in the document's own
 *     body (not an attached Quy chế, not quoted amendment text), else the
 *     same in an attached segment, else any "có hiệu lực" sentence of the
 *     body that does not open with a part ("Điều 5", "khoản 2", "Chương").
 *  2. Of that sentence, the first rule after "có hiệu lực (thi hành)":
 *     "(kể) từ ngày 01 tháng 7 năm 2025" / "từ 01/7/2025" -> that date;
 *     "sau 45 ngày kể từ ngày ký (ban hành)" -> the document's date + 45;
 *     "kể từ ngày ký (ban hành)", "kể từ ngày ban hành", "kể từ ngày được
 *     thông qua", "kể từ ngày công bố" -> the document's date (the adoption
 *     date is the date a law bears).
 *  When an article gives several dates ("… từ ngày 01/7/2025, trừ khoản 3
 *  Điều 5 có hiệu lực từ ngày 01/01/2026"), the first — the general one,
 *  whose subject is the whole document — is taken. A VBHN: only its articles and its opening
 *  list (the consolidated instrument's date), not the footnotes quoting the amenders'.
 * Matching is on folded text (marks off), so text typed without diacritics
 * and lines joined inside a clause read the same. */
#include <stdio.h>
#include "doc/doc_internal.h"
#include "text/date.h"

/* days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithm) */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

int d_date_add_days(const char *iso, long n, char out[11])
{
    long y, m, d;
    if (!iso || strlen(iso) < 10 || sscanf(iso, "%4ld-%2ld-%2ld", &y, &m, &d) != 3) return 0;
    long z = days_from_civil(y, m, d) + n;
    civil_from_days(z, &y, &m, &d);
    if (y < 1000 || y > 9999) return 0;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
    return 1;
}

/* skip words W (space separated) at F; returns the position after, or NULL */
static const char *skip_word(const char *f, const char *w)
{
    while (*f == ' ' || *f == ',') f++;
    size_t n = strlen(w);
    if (strncmp(f, w, n) || (f[n] && f[n] != ' ' && f[n] != ',' && f[n] != '.' && f[n] != ';')) return NULL;
    return f + n;
}

int d_effective_rule(const char *f, const char *doc_date, char out[11])
{
    const char *p = f, *q;
    /* "sau 45 ngày (, kể) từ ngày ký" */
    if ((q = skip_word(p, "sau"))) {
        char *end;
        long n = strtol(q, &end, 10);
        if (end == q || n <= 0 || n > 3650) return 0;
        q = end;
        if (!(q = skip_word(q, "ngay"))) return 0;
        const char *k = skip_word(q, "ke");
        if (k) q = k;
        if (!(q = skip_word(q, "tu")) || !(q = skip_word(q, "ngay"))) return 0;
        if (!skip_word(q, "ky") && !skip_word(q, "ban hanh") && !skip_word(q, "cong bo")) return 0;
        return d_date_add_days(doc_date, n, out);
    }
    if ((q = skip_word(p, "ke"))) p = q;
    if (!(q = skip_word(p, "tu"))) return 0;
    p = q;
    if ((q = skip_word(p, "ngay"))) {
        const char *r = q;
        while (*r == ' ') r++;
        if (vb_date_parse_words(r, strlen(r), out, NULL)) return 1;
        if (skip_word(r, "ky") || skip_word(r, "ban hanh") || skip_word(r, "duoc thong qua") ||
            skip_word(r, "thong qua") || skip_word(r, "cong bo") || skip_word(r, "duoc ky")) {
            if (!doc_date || strlen(doc_date) != 10) return 0;
            memcpy(out, doc_date, 11);
            return 1;
        }
        return 0;
    }
    while (*p == ' ') p++;
    return vb_date_parse_words(p, strlen(p), out, NULL);
}

/* the words of a sentence's subject naming this document: "<type> nay" */
static int own_subject(const char *f, const char *at)
{
    /* up to 40 bytes back */
    const char *b = at - f > 40 ? at - 40 : f;
    char w[48];
    size_t n = (size_t)(at - b);
    memcpy(w, b, n);
    w[n] = '\0';
    return strstr(w, " nay ") != NULL || !strncmp(w, "nay ", 4);
}

/* a sentence that opens with a part of the document */
static int part_subject(const char *s)
{
    while (*s == ' ' || *s == '-' || *s == '+' || *s == '*') s++;
    return !strncmp(s, "dieu ", 5) || !strncmp(s, "khoan ", 6) || !strncmp(s, "diem ", 5) ||
           !strncmp(s, "chuong ", 7) || !strncmp(s, "muc ", 4) || !strncmp(s, "phu luc", 7) ||
           !strncmp(s, "cac dieu", 8) || !strncmp(s, "cac khoan", 9) || !strncmp(s, "quy dinh tai", 12);
}

/* best candidate in clause text T: 3 own subject in the body, 2 own subject
   elsewhere, 1 generic; the date in OUT */
static int scan_text(const char *t, size_t n, const char *doc_date, int body, char out[11])
{
    char f[4096];
    d_fold(t, n < 3000 ? n : 3000, f, sizeof f);
    /* a stray full stop inside a date: "ngày 15 tháng 02.năm 2024" */
    for (char *p = f + 1; *p; p++)
        if (*p == '.' && p[-1] >= '0' && p[-1] <= '9' && p[1] >= 'a' && p[1] <= 'z') *p = ' ';
    int best = 0;
    for (const char *h = strstr(f, "co hieu luc"); h; h = strstr(h + 1, "co hieu luc")) {
        if (h > f && h[-1] != ' ') continue;
        /* the sentence it stands in */
        const char *s = h;
        while (s > f && s[-1] != '.' && s[-1] != ';' && s[-1] != ':') s--;
        const char *r = h + strlen("co hieu luc");
        const char *k;
        if ((k = skip_word(r, "thi hanh"))) r = k;
        char d[11];
        if (!d_effective_rule(r, doc_date, d)) continue;
        int score = own_subject(f, h) ? (body ? 3 : 2) : (body && !part_subject(s) ? 1 : 0);
        if (score > best) {
            best = score;
            memcpy(out, d, 11);
            if (score == 3) break;
        }
    }
    return best;
}

void d_effective(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    int best = 0;
    char date[11] = "";
    /* a VBHN's footnotes quote the amenders' own "… này có hiệu lực" articles: only its
       articles and its opening list speak of the consolidated instrument */
    int vbhn = d_is_vbhn(c);
    for (size_t i = 0; i < d->clause_count && best < 3; i++) {
        const vb_clause_t *cl = &d->clauses[i];
        const ctext_t *ct = &c->ct[i];
        if (!ct->text.data || !ct->text.len || cl->amends) continue;
        if (vbhn && cl->path[0] != 'd' && cl->path[0] != 'p') continue;
        int body = strncmp(cl->path, "pl", 2) != 0;
        /* only the text before a quote: amendment wording is not this document's */
        size_t n = ct->text.len;
        for (size_t k = 0; k + 2 < n; k++) {
            if ((unsigned char)ct->text.data[k] == 0xE2 && (unsigned char)ct->text.data[k + 1] == 0x80 &&
                (unsigned char)ct->text.data[k + 2] == 0x9C) { n = k; break; }
        }
        char out[11];
        int s = scan_text(ct->text.data, n, d->date, body, out);
        if (s > best) { best = s; memcpy(date, out, 11); }
    }
    if (best) d_set_str(c, &d->effective, vb_strndup(date, 10));
}
