/* doc_attach: where appendices and attached instruments start, and how the
 * region after the issuing document is cut into "plK" segments.
 *
 * An appendix starts only at a real heading line. Real layouts wrap body
 * sentences anywhere, so a line that merely begins with "Phụ lục …" ("Phụ
 * lục II ban hành kèm theo Nghị định này). Trường hợp …") is text, not a
 * heading: a heading is the word, an optional number, and then nothing, a
 * separator and a title, an upper-case title or "(Kèm theo …)".
 *
 * An attached instrument (Quy chế, Quy định, Điều lệ … "ban hành kèm theo
 * Quyết định …") is parsed like a document of its own: its articles become
 * "plK.dN" under the segment (see d_body_range). */
#include <stdio.h>
#include "doc/doc_internal.h"

static size_t skip_word(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ' ') i++;
    while (i < n && s[i] == ' ') i++;
    return i;
}

static int is_roman_or_digit(char ch)
{
    return (ch >= '0' && ch <= '9') || ch == 'I' || ch == 'V' || ch == 'X' || ch == 'L' || ch == 'C';
}

/* The previous text line ends a wrapped sentence that runs into line I:
 * long, no closing punctuation, its last word in lower case ("… tại"). */
static int wrapped_into(const dctx_t *c, size_t i)
{
    size_t j = i;
    while (j > 0) {
        const dline_t *p = &c->L[--j];
        if (p->kind != LK_TEXT) continue;
        if (p->n < 50 || d_ends_term(p->s, p->n)) return 0;
        char last = p->s[p->n - 1];
        if (last == ':' || last == ')' || last == ';' || last == ',' || (last >= '0' && last <= '9')) return 0;
        size_t b = p->n;
        while (b > 0 && p->s[b - 1] != ' ') b--;
        return d_first_letter_case(p->s + b, p->n - b) < 0;
    }
    return 0;
}

int d_appendix_heading(const dctx_t *c, size_t i)
{
    const dline_t *l = &c->L[i];
    char f[96];
    if (l->kind != LK_TEXT || l->n > 400) return 0;
    size_t a = 0;
    while (a < l->n && (l->s[a] == '*' || l->s[a] == ' ')) a++;
    const char *s = l->s + a;
    size_t n = l->n - a;
    while (n > 0 && (s[n - 1] == '*' || s[n - 1] == ' ')) n--;
    if (n < 7) return 0;
    if (!d_fold_may_start(s, n < 80 ? n : 80, 'p')) return 0;
    d_fold(s, n < 80 ? n : 80, f, sizeof f);
    if (!d_starts(f, "phu luc")) return 0;
    if (d_is_upper_text(s, n < 80 ? n : 80)) return 1;          /* PHỤ LỤC … */
    size_t p = skip_word(s, n, skip_word(s, n, 0));             /* after "Phụ lục" */
    if (p < n) {                                                 /* "số" */
        char w[8];
        size_t e = p;
        while (e < n && s[e] != ' ' && e - p < 6) e++;
        d_fold(s + p, e - p, w, sizeof w);
        if (!strcmp(w, "so")) p = skip_word(s, n, p);
    }
    int id = 0;
    if (p < n && (is_roman_or_digit(s[p]) || (s[p] >= 'A' && s[p] <= 'Z'))) {
        size_t e = p;
        int single = !is_roman_or_digit(s[p]);
        e++;
        if (!single)
            while (e < n && (is_roman_or_digit(s[e]) || ((s[e] == '.' || s[e] == '-') && e + 1 < n &&
                                                         s[e + 1] >= '0' && s[e + 1] <= '9')))
                e++;
        if (e < n && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z')) &&
            (e + 1 == n || s[e + 1] == ' ' || s[e + 1] == '.' || s[e + 1] == ':'))
            e++;                                                 /* 1a, IIb, 2A */
        if (e == n || s[e] == ' ' || s[e] == ':' || s[e] == '.' || s[e] == '-' || s[e] == ',' || s[e] == ')') {
            id = 1;
            p = e;
        }
    }
    while (p < n && s[p] == ' ') p++;
    if (p >= n) return !wrapped_into(c, i);                     /* "Phụ lục I" alone */
    const char *r = s + p;
    size_t rn = n - p;
    if (r[0] == '(') return 1;                                   /* "(Kèm theo …)" */
    size_t sep = 0;
    if (r[0] == ':' || r[0] == '-') sep = 1;
    else if (r[0] == '.' && id) sep = 1;
    else if (rn >= 3 && (unsigned char)r[0] == 0xE2 && (unsigned char)r[1] == 0x80 && (unsigned char)r[2] == 0x93)
        sep = 3;                                                 /* en dash */
    if (sep) {
        size_t q = d_skip_spaces(r, rn, sep);
        if (q >= rn) return !wrapped_into(c, i);
        return d_first_letter_case(r + q, rn - q) > 0 || (r[q] >= '0' && r[q] <= '9');
    }
    return id && d_is_upper_text(r, rn < 80 ? rn : 80);          /* "Phụ lục I DANH MỤC …" */
}

/* A form header: "Mẫu số 01", "Mẫu số 02/TB" on a short line of its own. */
static int form_heading(const dline_t *l)
{
    char f[32];
    if (l->kind != LK_TEXT || l->n >= 60) return 0;
    if (!d_fold_may_start(l->s, l->n < 20 ? l->n : 20, 'm')) return 0;
    d_fold(l->s, l->n < 20 ? l->n : 20, f, sizeof f);
    return d_starts(f, "mau so") && d_first_letter_case(l->s, l->n) > 0;
}

/* Words that title an attached instrument. */
static const char *const TITLES[] = {
    "quy che", "quy dinh", "dieu le", "chuong trinh", "ke hoach", "de an", "huong dan", "noi quy", "quy trinh",
    "phuong an", "quy tac", "tieu chuan", "bo tieu chi", NULL
};

/* Line I titles an attached instrument: an upper-case title word, and
 * within the next four text lines (its subtitle may be in any case)
 * "(Ban hành) kèm theo …" opening a line. Returns the
 * title's TITLES index + 1, or 0. */
int d_attachment_title(const dctx_t *c, size_t i)
{
    const dline_t *l = &c->L[i];
    char f[FOLD_CAP];
    if (l->kind != LK_TEXT || l->n < 6 || l->n > 200) return 0;
    if (!d_is_upper_text(l->s, l->n)) return 0;
    d_fold(l->s, l->n, f, sizeof f);
    const char *g = f;
    while (*g == '*' || *g == ' ') g++;
    int t = 0;
    for (size_t k = 0; TITLES[k]; k++) {
        size_t wl = strlen(TITLES[k]);
        if (!strncmp(g, TITLES[k], wl) && (g[wl] == '\0' || g[wl] == ' ' || g[wl] == '*')) { t = (int)k + 1; break; }
    }
    if (!t) return 0;
    size_t seen = 0;
    for (size_t j = i + 1; j < c->nl && seen < 4; j++) {
        const dline_t *q = &c->L[j];
        if (q->kind != LK_TEXT) continue;
        seen++;
        d_fold(q->s, q->n < 120 ? q->n : 120, f, sizeof f);
        const char *h = f;
        while (*h == '*' || *h == ' ' || *h == '(' || *h == '[') h++;
        if (d_starts(h, "ban hanh kem theo") || d_starts(h, "kem theo")) return t;
        if (q->n > 200) return 0;   /* body text, not a subtitle */
    }
    return 0;
}

/* [BEG, END) holds only header lines: upper case, separators, the motto */
static int only_header(const dctx_t *c, size_t beg, size_t end)
{
    char f[FOLD_CAP];
    for (size_t j = beg; j < end; j++) {
        const dline_t *l = &c->L[j];
        if (l->kind != LK_TEXT) continue;
        d_fold(l->s, l->n, f, sizeof f);
        if (!(d_is_upper_text(l->s, l->n) || d_is_separator(l->s, l->n) || d_motto_words(f))) return 0;
    }
    return 1;
}

/* A segment starts at line I (appendix heading, form header, attached instrument). */
static int segment_start(const dctx_t *c, size_t i)
{
    return d_appendix_heading(c, i) || form_heading(&c->L[i]) || d_attachment_title(c, i);
}

/* First line of an attached instrument inside [BEG, END) of the body, or
 * END: its title, with the repeated issuer and motto lines above it. */
size_t d_find_attachment(const dctx_t *c, size_t beg, size_t end)
{
    for (size_t i = beg; i < end; i++) {
        if (!d_attachment_title(c, i)) continue;
        /* only after the issuing text has had an article or paragraph */
        size_t text = 0;
        for (size_t j = beg; j < i && text < 3; j++)
            if (c->L[j].kind == LK_TEXT) text++;
        if (text < 3) continue;
        size_t k = i;
        char f[FOLD_CAP];
        while (k > beg) {
            const dline_t *p = &c->L[k - 1];
            if (p->kind == LK_TEXT) {
                d_fold(p->s, p->n, f, sizeof f);
                int header = d_is_separator(p->s, p->n) || d_motto_words(f) ||
                             (d_is_upper_text(p->s, p->n) && p->n < 80 && !d_starts(f, "tm") &&
                              !d_starts(f, "kt") && !d_starts(f, "q.") && !d_starts(f, "tl."));
                if (!header) break;
            }
            k--;
        }
        /* keep upper-case lines above only when a national motto stands among them */
        int motto = 0;
        for (size_t j = k; j < i; j++)
            if (c->L[j].kind == LK_TEXT) {
                d_fold(c->L[j].s, c->L[j].n, f, sizeof f);
                if (d_motto_words(f)) motto = 1;
            }
        return motto ? k : i;
    }
    return end;
}

/* Name of the instrument a segment holds, for labels: "Quy chế kèm theo",
 * else "phụ lục K". */
static void segment_name(const dctx_t *c, size_t beg, size_t end, unsigned k, char *out, size_t cap)
{
    static const char *const NAMES[] = { "Quy chế", "Quy định", "Điều lệ", "Chương trình", "Kế hoạch", "Đề án",
                                         "Hướng dẫn", "Nội quy", "Quy trình", "Phương án", "Quy tắc",
                                         "Tiêu chuẩn", "Bộ tiêu chí" };
    for (size_t i = beg, seen = 0; i < end && seen < 12; i++) {
        if (c->L[i].kind != LK_TEXT) continue;
        seen++;
        int t = d_attachment_title(c, i);
        if (t) { snprintf(out, cap, "%s kèm theo", NAMES[t - 1]); return; }
    }
    snprintf(out, cap, "phụ lục %u", k);
}

/* Cut [BEG, END) into segments and make their clauses: a segment with
 * article headings is parsed like a document ("plK.dN"), any other one is a
 * single clause "plK". */
void d_segments(dctx_t *c, size_t beg, size_t end)
{
    size_t s = beg;
    for (size_t i = beg + 1; i <= end; i++) {
        if (i < end && !segment_start(c, i)) continue;
        /* a title and its "(kèm theo …)" line belong to one segment */
        if (i < end && i > s && d_attachment_title(c, s) == 0 && i - s <= 2 && d_appendix_heading(c, s)) continue;
        if (i < end && only_header(c, s, i)) continue;   /* the issuer and motto repeated above a title */
        /* a form or instrument whose articles number from 1 again starts a segment of its own */
        size_t rs = d_article_restart(c, s, i);
        if (rs > s && rs < i) i = rs;
        size_t first = s;
        while (first < i && c->L[first].kind != LK_TEXT) first++;
        if (first < i) {
            unsigned k = ++c->nseg;
            char path[24], name[64];
            snprintf(path, sizeof path, "pl%u", k);
            segment_name(c, s, i, k, name, sizeof name);
            if (d_has_articles(c, s, i)) {
                d_body_range(c, s, i, path, name);
            } else {
                size_t ci = d_new_clause(c, path, name, c->L[first].no);
                if (ci != (size_t)-1)
                    for (size_t j = first; j < i; j++) d_clause_line(c, ci, &c->L[j]);
            }
        }
        s = i;
    }
}

/* A closing block never holds articles nor pages of text: a form or
 * instrument that follows the signature with no heading this parser knows
 * ("HỢP ĐỒNG …", "Điều 1. …", a heading wrapped as "Phụ / lục 01") is cut
 * off after the last signature or Nơi nhận line and made a segment. */
void d_closing_articles(dctx_t *c)
{
    if (c->close_end <= c->close_beg) return;
    size_t bytes = 0;
    for (size_t i = c->close_beg; i < c->close_end; i++) bytes += c->L[i].n;
    /* a closing block is a few hundred bytes; 16 KB is attached material */
    if (bytes <= 16384 && !d_has_articles(c, c->close_beg, c->close_end)) return;
    size_t a = c->close_beg;
    while (a < c->close_end && !d_has_articles(c, a, a + 1)) a++;
    if (a > c->close_beg + 150) a = c->close_beg + 150;   /* the signature is near the top */
    size_t last = c->close_beg;
    char f[64];
    const char *name = c->doc->signer.name;
    for (size_t i = c->close_beg; i < a; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT) continue;
        d_fold(l->s, l->n < 40 ? l->n : 40, f, sizeof f);
        if (d_is_dash(l->s, l->n) || d_starts(f, "noi nhan") || d_starts(f, "luu") ||
            (name && vb_memmem(l->s, l->n, name, strlen(name))))
            last = i;
    }
    size_t cut = d_next_text(c, last, a);
    if (cut > a || cut <= c->close_beg) cut = a;
    c->close_end = cut;
    c->app_beg = cut;
}
