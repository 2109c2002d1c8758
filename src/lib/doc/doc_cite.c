/* Citations: references to other instruments inside clause texts. */
#include <stdio.h>
#include "doc/doc_cite.h"
#include "text/date.h"

typedef struct {
    size_t off, end;       /* span of the citation text */
    size_t sb, se;         /* symbol span (se == sb: short form) */
    const char *type;
    char date[11];
    size_t ib, ie;         /* issuer span */
    size_t nb, ne;         /* name span */
    int strong;            /* how the name was ended: see dc_name_t */
    char pin[CW_PINLEN];
} cand_t;

#define MAXW CW_MAXW
#define MAXNAMES 64

/* a Cyrillic or Greek letter that looks like a Latin one, inside a symbol ("16495/BТС-PTHT" typed with
 * Cyrillic Т and С): the Latin letter, or 0 */
static char confusable(uint32_t cp)
{
    static const struct { uint32_t cp; char l; } T[] = {
        { 0x0410, 'A' }, { 0x0412, 'B' }, { 0x0415, 'E' }, { 0x041A, 'K' }, { 0x041C, 'M' }, { 0x041D, 'H' },
        { 0x041E, 'O' }, { 0x0420, 'P' }, { 0x0421, 'C' }, { 0x0422, 'T' }, { 0x0425, 'X' }, { 0x0430, 'a' },
        { 0x0435, 'e' }, { 0x043E, 'o' }, { 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0443, 'y' }, { 0x0445, 'x' },
        { 0x0391, 'A' }, { 0x0392, 'B' }, { 0x0395, 'E' }, { 0x0396, 'Z' }, { 0x0397, 'H' }, { 0x0399, 'I' },
        { 0x039A, 'K' }, { 0x039C, 'M' }, { 0x039D, 'N' }, { 0x039F, 'O' }, { 0x03A1, 'P' }, { 0x03A4, 'T' },
        { 0x03A5, 'Y' }, { 0x03A7, 'X' }, { 0x03BF, 'o' },
    };
    for (size_t k = 0; k < sizeof T / sizeof T[0]; k++)
        if (T[k].cp == cp) return T[k].l;
    return 0;
}

static int is_alnum_at(const char *s, size_t n, size_t j)
{
    unsigned char nx = (unsigned char)s[j];
    (void)n;
    return (nx >= '0' && nx <= '9') || (nx >= 'A' && nx <= 'Z') || (nx >= 'a' && nx <= 'z') || nx >= 0xC0;
}

/* a code wrapped after a separator ("NĐ-⏎CP", "NĐ- CP", "123/⏎2020/NĐ-CP"): the token after the space
 * goes on the number when it looks like a code. Returns its start or 0. */
static size_t wrapped_code(const char *s, size_t n, size_t j)
{
    char sep = s[j];
    if (j + 2 >= n || s[j + 1] != ' ' || j == 0 || s[j - 1] == ' ') return 0;
    size_t k = j + 2, t = k;
    int upper = 0, lower = 0, digit = 0;
    while (t < n) {
        unsigned char ch = (unsigned char)s[t];
        if (ch >= 'A' && ch <= 'Z') { upper++; t++; continue; }
        if (ch >= 'a' && ch <= 'z') { lower++; t++; continue; }
        if (ch >= '0' && ch <= '9') { digit++; t++; continue; }
        if (ch >= 0xC0) {
            uint32_t cp;
            size_t l = vb_utf8_decode((const unsigned char *)s + t, n - t, &cp);
            vb_letter_t e;
            if (cp == 0xFFFD || !vb_letter_info(cp, &e)) break;
            if (d_first_letter_case(s + t, l) > 0) upper++; else lower++;
            t += l;
            continue;
        }
        if ((ch == '/' || ch == '-' || ch == '&' || ch == '.') && t + 1 < n && is_alnum_at(s, n, t + 1)) { t++; continue; }
        break;
    }
    if (t == k) return 0;
    if (t < n && s[t] != ' ' && s[t] != ',' && s[t] != ';' && s[t] != '.' && s[t] != ')' && s[t] != ':') return 0;
    if (sep == '/' && s[k] >= '0' && s[k] <= '9') return k;
    if (upper >= 2 && lower <= 1) return k;   /* "CP", "TTg", "BLĐTBXH" */
    return 0;
}

/* symbol at I; returns its end or I when none. ALPHA: it may start with a letter ("JHDPC/2025/276") */
static size_t scan_symbol(const char *s, size_t n, size_t i, int alpha, int *wrapped)
{
    size_t j = i;
    while (j < n && s[j] >= '0' && s[j] <= '9') j++;
    if (j - i > 6) return i;
    if (j == i && !alpha) return i;
    int sep = 0, letter = 0, digit = j > i;
    while (j < n) {
        unsigned char ch = (unsigned char)s[j];
        if ((ch >= '0' && ch <= '9')) { digit = 1; j++; continue; }
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) { letter = 1; j++; continue; }
        if (ch >= 0xC0) {
            uint32_t cp;
            size_t k = vb_utf8_decode((const unsigned char *)s + j, n - j, &cp);
            vb_letter_t e;
            if (cp != 0xFFFD && (vb_letter_info(cp, &e) || confusable(cp))) { letter = 1; j += k; continue; }
            break;
        }
        if ((ch == '/' || ch == '-' || ch == '&' || ch == '.') && j + 1 < n) {
            /* "." inside the code, or between digits before it: "128.2025/OL.WMCLV" */
            if (is_alnum_at(s, n, j + 1) && (ch != '.' || sep || (j > i && s[j - 1] >= '0' && s[j - 1] <= '9' &&
                                                                    s[j + 1] >= '0' && s[j + 1] <= '9'))) {
                if (ch == '/' || ch == '-') sep = 1;
                j++;
                continue;
            }
            if ((ch == '/' || ch == '-' || ch == '&') && sep + (ch == '/') > 0) {
                size_t k = wrapped_code(s, n, j);
                if (k) {
                    sep = 1;
                    *wrapped = 1;
                    j = k;
                    continue;
                }
            }
        }
        break;
    }
    if (!sep || !letter || !digit || j - i > 60) return i;
    return j;
}

static unsigned line_of(const ctext_t *t, size_t off)
{
    if (t->mn == 0) return 0;
    size_t lo = 0, hi = t->mn;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->moff[mid] <= off) lo = mid;
        else hi = mid;
    }
    return t->mline[lo];
}

static int cand_cmp(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->off != y->off) return x->off < y->off ? -1 : 1;
    return strcmp(x->pin, y->pin);
}

typedef struct {
    cand_t *v;
    size_t n, cap;
} cands_t;

static cand_t *cand_push(dctx_t *c, cands_t *cs)
{
    if (cs->n == cs->cap) {
        size_t nc = cs->cap ? cs->cap * 2 : 16;
        cand_t *nv = realloc(cs->v, nc * sizeof *nv);
        if (!nv) { c->oom = 1; return NULL; }
        cs->v = nv;
        cs->cap = nc;
    }
    cand_t *x = &cs->v[cs->n++];
    memset(x, 0, sizeof *x);
    return x;
}

/* the type phrase ending at word index IDX (nearest-first array); returns length in words */
static const char *type_at(const char *s, const cw_t *w, size_t nw, size_t idx, size_t *len)
{
    for (size_t L = 4; L >= 1; L--) {
        if (idx + L > nw) continue;
        size_t b = w[idx + L - 1].b, e = w[idx].e;
        while (e > b && (s[e - 1] == ',' || s[e - 1] == ':')) e--;
        const char *t = d_type_phrase(s + b, e - b);
        if (t) {
            /* "Văn bản" is not a type; "Lệnh" only when capitalised */
            if (!strcmp(t, "Lệnh") && d_first_letter_case(s + b, e - b) <= 0) return NULL;
            if (!strcmp(t, "Quy định") || !strcmp(t, "Hướng dẫn") || !strcmp(t, "Kết luận") ||
                !strcmp(t, "Báo cáo") || !strcmp(t, "Chương trình") || !strcmp(t, "Kế hoạch") ||
                !strcmp(t, "Thông báo")) {
                if (d_first_letter_case(s + b, e - b) <= 0) continue;   /* "quy định tại" */
            }
            *len = L;
            return t;
        }
    }
    return NULL;
}

/* after position P: "ngày …" or "năm YYYY" (names only), then "của <issuer>"; fills X, returns the end */
static size_t tail(const char *s, size_t n, size_t p, size_t end, int year_ok, cand_t *x)
{
    cw_t w;
    size_t q = cw_after(s, n, p, &w);
    if (q && !strcmp(w.f, "ngay")) {
        size_t used;
        if (vb_date_parse_words(s + q, n - q, x->date, &used)) {
            end = q + used;
            p = end;
            q = cw_after(s, n, p, &w);
        }
    } else if (q && year_ok && (!strcmp(w.f, "nam") || (w.f[0] >= '1' && w.f[0] <= '2'))) {
        /* "năm 2019", or the year alone: "Luật Đất đai 2024" */
        cw_t y = w;
        size_t q2 = !strcmp(w.f, "nam") ? cw_next(s, n, q, &y) : q;
        if (q2 && strlen(y.f) == 4 && (y.f[0] == '1' || y.f[0] == '2') && y.f[1] >= '0' && y.f[1] <= '9' &&
            y.f[2] >= '0' && y.f[2] <= '9' && y.f[3] >= '0' && y.f[3] <= '9') {
            memcpy(x->date, y.f, 5);
            end = y.e;
            while (end > q && (s[end - 1] == ',' || s[end - 1] == ';' || s[end - 1] == '.' || s[end - 1] == ')')) end--;
            p = end;
            q = cw_after(s, n, p, &w);
        }
    }
    if (q && !strcmp(w.f, "cua") && w.last != ',' && w.last != '.') {
        size_t ib, ie;
        if (dc_issuer(s, n, q, &ib, &ie)) {
            x->ib = ib;
            x->ie = ie;
            end = ie;
        }
    }
    return end;
}

/* one candidate per pinpoint (none: one without) */
static void push_pins(dctx_t *c, cands_t *cs, const cand_t *base, const char *s, const cw_t *w, size_t nw,
                      size_t after, size_t tstart)
{
    char pins[CW_MAXPIN][CW_PINLEN];
    size_t starts[CW_MAXPIN];
    size_t np = dc_pinpoints(s, w, nw, after, pins, starts, CW_MAXPIN);
    if (np == 0) {
        cand_t *cd = cand_push(c, cs);
        if (!cd) return;
        *cd = *base;
        cd->off = tstart;
        return;
    }
    for (size_t g = 0; g < np; g++) {
        cand_t *cd = cand_push(c, cs);
        if (!cd) return;
        *cd = *base;
        cd->off = starts[g];
        memcpy(cd->pin, pins[g], CW_PINLEN);
    }
}

/* Can the word before I fold to "so" (cw_before, cw_fold)? 0 when the first
 * byte of its core is plain ASCII and no 's': a test before the fold */
static int may_be_so(const char *s, size_t i)
{
    size_t p = i;
    while (p > 0 && s[p - 1] == ' ') p--;
    if (p == 0) return 0;
    size_t e = p;
    while (p > 0 && s[p - 1] != ' ' && s[p - 1] != '\t') p--;
    while (p < e && (s[p] == '(' || s[p] == '"' || s[p] == '\'' || (unsigned char)s[p] == 0xE2))
        p += (unsigned char)s[p] == 0xE2 ? 3 : 1;
    if (p >= e) return 0;
    unsigned char ch = (unsigned char)s[p];
    return ch >= 0x80 || ch == '*' || (ch | 0x20) == 's';
}

static void scan_clause(dctx_t *c, size_t ci, cands_t *cs, const char *own, size_t own_len)
{
    const ctext_t *t = &c->ct[ci];
    const char *s = t->text.data;
    size_t n = t->text.len;
    if (!s || n == 0) return;
    cw_t w[MAXW];
    dc_name_t names[MAXNAMES];
    size_t nn = dc_names(s, n, names, MAXNAMES);
    unsigned char used[MAXNAMES] = {0};
    size_t prev_end = 0;             /* end of the last number taken, and its type */
    const char *prev_type = NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int alpha = 0;
        if (ch >= 'A' && ch <= 'Z' && (i == 0 || s[i - 1] == ' ')) {
            /* a number that starts with letters, only right after "số" */
            cw_t p;
            if (!may_be_so(s, i) || cw_before(s, i, &p, 1) != 1 || strcmp(p.f, "so")) {
                while (i + 1 < n && s[i + 1] != ' ') i++;
                continue;
            }
            alpha = 1;
        } else if (ch < '0' || ch > '9') continue;
        /* "số" glued to its number by PDF text extraction: "Chỉ thị số10/CT-TTg" */
        int glued = !alpha && i >= 4 && !memcmp(s + i - 4, "số", 4) && (i == 4 || s[i - 5] == ' ');
        if (i > 0 && !alpha && !glued) {
            unsigned char pc = (unsigned char)s[i - 1];
            if ((pc >= '0' && pc <= '9') || (pc >= 'A' && pc <= 'Z') || (pc >= 'a' && pc <= 'z') || pc >= 0x80 ||
                pc == '/' || pc == '-' || pc == '.' || pc == ',') {
                if (pc < 0x80 || pc >= 0xC0 || ((pc & 0xC0) == 0x80 && !(i >= 3 && (unsigned char)s[i - 3] == 0xE2))) {
                    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
                    continue;
                }
            }
        }
        int wrapped = 0;
        size_t j = scan_symbol(s, n, i, alpha, &wrapped);
        if (j == i) {
            while (i + 1 < n && s[i + 1] != ' ' && (alpha || (s[i + 1] >= '0' && s[i + 1] <= '9'))) i++;
            continue;
        }
        size_t se = j;
        while (se > i && (s[se - 1] == '-' || s[se - 1] == '/' || s[se - 1] == '.' || s[se - 1] == '&')) se--;
        char key[96];
        vb_number_key(s + i, se - i, key, sizeof key);
        if (own_len && !strcmp(key, own)) { i = j - 1; continue; }
        size_t nw;
        if (glued) {
            cw_fold(s, i - 4, i, &w[0]);
            nw = 1 + cw_before(s, i - 4, w + 1, MAXW - 1);
        } else {
            nw = cw_before(s, i, w, MAXW);
        }
        size_t idx = 0, L = 0;
        int has_so = nw > 0 && !strcmp(w[0].f, "so");
        if (has_so) idx = 1;
        const char *type = type_at(s, w, nw, idx, &L);
        size_t tstart = type ? w[idx + L - 1].b : 0, after = idx + L;
        const char *code = d_type_from_code(s + i, se - i);
        char cf[16] = "";
        {
            /* code text for QH-laws */
            size_t a = i;
            while (a < se && ((s[a] >= '0' && s[a] <= '9') || s[a] == '/' || s[a] == '-')) a++;
            d_fold(s + a, se - a < 10 ? se - a : 10, cf, sizeof cf);
        }
        size_t name_i = (size_t)-1;
        if (!type && (has_so || d_starts(cf, "qh") || d_starts(cf, "ubtvqh"))) {
            /* "Luật Đất đai số 31/2024/QH15": the law named just before */
            size_t ext = 0;
            for (size_t k = 0; k < nn; k++) {
                if (names[k].ne > i) continue;
                if (names[k].ne + 8 >= (has_so ? w[0].b : i)) { name_i = k; ext = 0; continue; }
                /* "Luật Thuế xuất khẩu, thuế nhập khẩu 107/2016/QH13": the name goes on in lower case */
                size_t gb = names[k].ne, ge = has_so ? w[0].b : i, words = 0;
                int ok = gb < ge && s[gb] == ',' && ge - gb < 80;
                for (size_t q = gb + 1; ok && q < ge; q++) {
                    unsigned char ch = (unsigned char)s[q];
                    if (ch == ' ' || ch == '\n') { if (s[q - 1] != ' ' && s[q - 1] != '\n') words++; continue; }
                    if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == ';' || ch == '.' || ch == ':' ||
                        ch == ',' || ch == '(' || ch == ')')
                        ok = 0;
                }
                if (ok && gb + 2 < ge && d_first_letter_case(s + gb + 2, ge - gb - 2) > 0) ok = 0;
                if (ok && words >= 1 && words <= 6) {
                    cw_t gw;
                    size_t gr = cw_after(s, n, gb + 1, &gw);
                    /* not the sentence going on: "Luật Đất đai, được sửa đổi năm …" */
                    if (gr && !strcmp(gw.f, "duoc")) continue;
                    name_i = k;
                    ext = ge;
                    while (ext > gb && s[ext - 1] == ' ') ext--;
                }
            }
            if (name_i != (size_t)-1 && ext) names[name_i].ne = ext;
            if (name_i != (size_t)-1) {
                type = names[name_i].type;
                tstart = names[name_i].hb;
                used[name_i] = 1;
                after = 0;
                while (after < nw && w[after].b >= tstart) after++;
            }
        }
        if (!type && (has_so || d_starts(cf, "qh") || d_starts(cf, "ubtvqh"))) {
            for (size_t k = idx; k < nw && k < idx + 16; k++) {
                const char *f = w[k].f;
                const char *named = NULL;
                size_t extra = 0;
                if (!strcmp(f, "luat")) {
                    named = "Luật";
                    if (k + 1 < nw && !strcmp(w[k + 1].f, "bo") && d_first_letter_case(s + w[k + 1].b, 4) > 0) { named = "Bộ luật"; extra = 1; }
                } else if (!strcmp(f, "lenh") && k + 1 < nw && !strcmp(w[k + 1].f, "phap")) { named = "Pháp lệnh"; extra = 1; }
                else if (!strcmp(f, "phap") && k + 1 < nw && !strcmp(w[k + 1].f, "hien")) { named = "Hiến pháp"; extra = 1; }
                if (named && d_first_letter_case(s + w[k + extra].b, w[k + extra].e - w[k + extra].b) > 0) {
                    type = named;
                    tstart = w[k + extra].b;
                    after = k + extra + 1;
                    break;
                }
            }
        }
        if (!type && !code && has_so && nw >= 3) {
            /* "văn bản số 7201/VPCP-CN": a number without a type code is a công văn's */
            if (!strcmp(w[1].f, "ban") && !strcmp(w[2].f, "van")) {
                type = "Công văn";
                tstart = w[2].b;
                after = 3;
            } else if (!strcmp(w[1].f, "an") && !strcmp(w[2].f, "ban")) {
                /* "Bản án số 159/2022/HSST" */
                type = "Bản án";
                tstart = w[2].b;
                after = 3;
            }
        }
        if (!type && has_so && (d_starts(cf, "qh") || d_starts(cf, "ubtvqh"))) {
            /* "các Nghị quyết của Quốc hội: số 55/2010/QH12 …; số 28/2016/QH14 …": the nearest "Nghị quyết" or
             * "Pháp lệnh" written before in the sentence (a law is named by its name, above) */
            static const char *const QT[] = { "Nghị quyết", "Pháp lệnh", NULL };
            size_t lo = i > 400 ? i - 400 : 0, best = 0;
            for (size_t k = i; k > lo; k--)
                if (s[k - 1] == '.' && (k >= n || s[k] == ' ' || s[k] == '\n')) { lo = k; break; }
            for (size_t q = 0; QT[q]; q++) {
                size_t ql = strlen(QT[q]);
                const char *h = s + lo, *e = s + i;
                while ((h = vb_memmem(h, (size_t)(e - h), QT[q], ql)) != NULL) {
                    size_t at = (size_t)(h - s);
                    if (at + 1 > best) { best = at + 1; type = QT[q] == QT[0] ? "Nghị quyết" : "Pháp lệnh"; }
                    h += ql;
                }
            }
            if (type) {
                tstart = w[0].b;
                after = 1;
            }
        }
        if (!type && !code && prev_type && prev_end <= i) {
            /* "Công văn số 8935/BNV-CTTN&BĐG và 4814/CCTKV.05-TTKT3": the list goes on */
            size_t k = prev_end;
            while (k < i && (s[k] == ' ' || s[k] == ',' || s[k] == ';')) k++;
            if (k + 4 <= i && !memcmp(s + k, "và ", 4)) k += 4;
            while (k < i && s[k] == ' ') k++;
            if (k + 5 <= i && !memcmp(s + k, "số ", 5)) k += 5;   /* "…, số 13021/BTC-PTHT" */
            while (k < i && s[k] == ' ') k++;
            if (k == i) {
                type = prev_type;
                tstart = i;
                after = (size_t)-1;
            }
        }
        if (!type) {
            if (!code) { i = j - 1; continue; }
            type = code;
            tstart = has_so ? w[0].b : i;
            after = has_so ? 1 : 0;
        }
        cand_t base;
        memset(&base, 0, sizeof base);
        base.sb = i;
        base.se = se;
        base.type = type;
        if (name_i != (size_t)-1) {
            base.nb = names[name_i].nb;
            base.ne = names[name_i].ne;
            base.strong = 2;
        }
        base.end = tail(s, n, j, se, 0, &base);
        if (after == (size_t)-1) after = nw;   /* no pinpoint before a list's later number */
        push_pins(c, cs, &base, s, w, nw, after, tstart);
        prev_end = base.end;
        prev_type = type;
        i = j - 1;
    }
    /* laws cited by name alone */
    for (size_t k = 0; k < nn; k++) {
        if (used[k]) continue;
        cw_t x;
        size_t q = cw_after(s, n, names[k].ne, &x);
        if (q && !strcmp(x.f, "so")) continue;   /* its number follows: taken above */
        cand_t base;
        memset(&base, 0, sizeof base);
        base.type = names[k].type;
        base.nb = names[k].nb;
        base.ne = names[k].ne;
        base.strong = names[k].strong;
        base.end = tail(s, n, names[k].ne, names[k].ne, 1, &base);
        size_t nw = cw_before(s, names[k].hb, w, MAXW);
        {
            /* "một số điều của Luật Thuế thu nhập doanh nghiệp, bao gồm: Điều 2; …; khoản 3 Điều 19" */
            char pins[CW_MAXPIN][CW_PINLEN];
            size_t starts[CW_MAXPIN];
            size_t np = dc_pinpoints_after(s, n, base.end, pins, starts, CW_MAXPIN);
            char before[1][CW_PINLEN];
            size_t bstart[1];
            if (np && !dc_pinpoints(s, w, nw, 0, before, bstart, 1)) {   /* none written before the name */
                for (size_t g = 0; g < np; g++) {
                    cand_t *cd = cand_push(c, cs);
                    if (!cd) break;
                    *cd = base;
                    cd->off = names[k].hb;
                    memcpy(cd->pin, pins[g], CW_PINLEN);
                }
                continue;
            }
        }
        push_pins(c, cs, &base, s, w, nw, 0, names[k].hb);
    }
    /* "Nghị định nêu trên", "Chỉ thị nói trên" */
    static const char *const TREN[] = { "nêu trên", "nói trên", NULL };
    for (size_t k = 0; TREN[k]; k++) {
        size_t tl = strlen(TREN[k]);
        const char *p = s, *e = s + n;
        while ((p = vb_memmem(p, (size_t)(e - p), TREN[k], tl)) != NULL) {
            size_t at = (size_t)(p - s);
            size_t nw = cw_before(s, at, w, MAXW);
            size_t L = 0;
            const char *type = nw ? type_at(s, w, nw, 0, &L) : NULL;
            if (type && d_first_letter_case(s + w[L - 1].b, w[L - 1].e - w[L - 1].b) > 0) {
                /* "khoản 2 Điều 5 Nghị định nêu trên": one per pinpoint */
                cand_t base;
                memset(&base, 0, sizeof base);
                base.end = at + tl;
                base.sb = base.se = at;
                base.type = type;
                push_pins(c, cs, &base, s, w, nw, L, w[L - 1].b);
            }
            p += tl;
        }
    }
}

static char *dupspan(dctx_t *c, const char *s, size_t b, size_t e)
{
    char *r = d_clean_dup(s + b, e - b);
    if (!r) c->oom = 1;
    return r;
}

/* a number as written, without the spaces of a wrapped line ("NĐ- CP") */
static char *dupnum(dctx_t *c, const char *s, size_t b, size_t e)
{
    char *r = malloc(e - b + 1);
    if (!r) { c->oom = 1; return NULL; }
    size_t o = 0;
    for (size_t i = b; i < e; i++) {
        if (s[i] == ' ') continue;
        if ((unsigned char)s[i] >= 0xC0) {
            uint32_t cp;
            size_t k = vb_utf8_decode((const unsigned char *)s + i, e - i, &cp);
            char l = confusable(cp);
            if (l && k > 1) { r[o++] = l; i += k - 1; continue; }
        }
        r[o++] = s[i];
    }
    r[o] = '\0';
    return r;
}

/* a name that was not ended by a date or number takes the longest name of the same document that
 * was, when that one is its beginning ("Luật Bảo hiểm xã hội tham gia …") */
static void names_confirm(dctx_t *c, const unsigned char *strong)
{
    vb_doc_t *d = c->doc;
    for (size_t i = 0; i < d->citation_count; i++) {
        vb_citation_t *x = &d->citations[i];
        if (!x->name || strong[i] >= 2) continue;
        size_t xl = strlen(x->name), best = 0;
        for (size_t k = 0; k < d->citation_count; k++) {
            const vb_citation_t *o = &d->citations[k];
            if (!o->name || strong[k] < 2) continue;
            size_t ol = strlen(o->name);
            if (ol < xl && ol > best && !strncmp(o->name, x->name, ol) && x->name[ol] == ' ') best = ol;
        }
        if (best) x->name[best] = '\0';
    }
}

static char *dupz(dctx_t *c, const char *s);

/* A name cut short where the document elsewhere gives it in full (ended by a date or number) takes the
 * full one when the text goes on with its rest: "Luật Đầu tư" + " theo phương thức đối tác⏎công tư" */
static int rest_follows(const char *t, size_t tn, size_t p, const char *rest)
{
    size_t i = p;
    for (const char *r = rest; *r; r++) {
        if (*r == ' ') {
            if (i < tn && t[i] != ' ' && t[i] != '\n' && r != rest) return 0;
            while (i < tn && (t[i] == ' ' || t[i] == '\n')) i++;
            continue;
        }
        if (i >= tn || t[i] != *r) return 0;
        i++;
    }
    /* the end of a word */
    return i >= tn || !((unsigned char)t[i] >= 0x80 || (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
                        (t[i] >= '0' && t[i] <= '9'));
}

static void names_extend(dctx_t *c, unsigned char *strong, const size_t *ncl, const size_t *nne)
{
    vb_doc_t *d = c->doc;
    for (size_t i = 0; i < d->citation_count && !c->oom; i++) {
        vb_citation_t *x = &d->citations[i];
        if (!x->name || strong[i] >= 2 || ncl[i] == (size_t)-1) continue;
        const char *t = c->ct[ncl[i]].text.data;
        size_t tn = c->ct[ncl[i]].text.len, xl = strlen(x->name);
        const vb_citation_t *best = NULL;
        for (size_t k = 0; k < d->citation_count; k++) {
            const vb_citation_t *o = &d->citations[k];
            if (!o->name || strong[k] < 2) continue;
            size_t ol = strlen(o->name);
            if (ol <= xl || strncmp(o->name, x->name, xl) || (o->name[xl] != ' ' && o->name[xl] != ',')) continue;
            if (best && strlen(best->name) >= ol) continue;
            if (rest_follows(t, tn, nne[i], o->name + xl)) best = o;
        }
        if (best) {
            char *nm = dupz(c, best->name);
            if (!nm) return;
            free(x->name);
            x->name = nm;
            strong[i] = 2;
        }
    }
}

static char *dupz(dctx_t *c, const char *s)
{
    if (!s) return NULL;
    char *r = vb_strndup(s, strlen(s));
    if (!r) c->oom = 1;
    return r;
}

/* a law named without date or number takes them from the same name elsewhere in the document, when
 * the document gives only one ("Căn cứ Luật Đất đai số 31/2024/QH15" … "theo Luật Đất đai") */
static void names_fill(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    for (size_t i = 0; i < d->citation_count && !c->oom; i++) {
        vb_citation_t *x = &d->citations[i];
        if (!x->name || (x->date && x->number)) continue;
        const char *date = NULL, *number = NULL, *ndate = NULL;
        int dates = 0, numbers = 0;
        for (size_t k = 0; k < d->citation_count; k++) {
            const vb_citation_t *o = &d->citations[k];
            if (k == i || !o->name || strcmp(o->name, x->name)) continue;
            /* "Luật Đất đai số 45/2013/QH13" does not take the date of "Luật Đất đai số 31/2024/QH15" */
            if (x->number && (!o->number || strcmp(o->number, x->number))) continue;
            if (o->date) {
                if (!date) { date = o->date; dates = 1; }
                else if (strcmp(date, o->date)) dates = 2;
            }
            if (o->number) {
                if (!number) { number = o->number; ndate = o->date; numbers = 1; }
                else if (strcmp(number, o->number)) numbers = 2;
            }
        }
        if (!x->date && dates == 1) x->date = dupz(c, date);
        if (!x->number && numbers == 1 && (!x->date || !ndate || !strcmp(x->date, ndate))) x->number = dupz(c, number);
    }
}

/* number key -> index of the first citation of it that carries a date */
typedef struct {
    char **keys;
    size_t *idx;
    size_t cap, n;
} ftab_t;

static uint64_t khash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static size_t *full_slot(dctx_t *c, ftab_t *t, const char *key)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        char **nk = calloc(nc, sizeof *nk);
        size_t *ni = malloc(nc * sizeof *ni);
        if (!nk || !ni) { free(nk); free(ni); c->oom = 1; return NULL; }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->keys[i]) continue;
            size_t j = (size_t)khash(t->keys[i]) & (nc - 1);
            while (nk[j]) j = (j + 1) & (nc - 1);
            nk[j] = t->keys[i];
            ni[j] = t->idx[i];
        }
        free(t->keys);
        free(t->idx);
        t->keys = nk;
        t->idx = ni;
        t->cap = nc;
    }
    size_t j = (size_t)khash(key) & (t->cap - 1);
    while (t->keys[j]) {
        if (!strcmp(t->keys[j], key)) return &t->idx[j];
        j = (j + 1) & (t->cap - 1);
    }
    t->keys[j] = vb_strndup(key, strlen(key));
    if (!t->keys[j]) { c->oom = 1; return NULL; }
    t->idx[j] = (size_t)-1;
    t->n++;
    return &t->idx[j];
}

void d_citations(dctx_t *c)
{
    ftab_t ft = {0};
    vb_doc_t *d = c->doc;
    char own[96] = "";
    size_t own_len = 0;
    if (d->number) own_len = vb_number_key(d->number, strlen(d->number), own, sizeof own);
    /* the document's own name: "Quốc hội ban hành Luật Lưu trữ" in the Luật Lưu trữ is not a citation */
    char own_name[256] = "";
    if (d->type && d->subject && (!strcmp(d->type, "Luật") || !strcmp(d->type, "Bộ luật") || !strcmp(d->type, "Pháp lệnh"))) {
        char tmp[256];
        int l = snprintf(tmp, sizeof tmp, "%s %s", d->type, d->subject);
        if (l > 0 && (size_t)l < sizeof tmp) d_fold(tmp, (size_t)l, own_name, sizeof own_name);
    }
    cands_t cs = {0};
    size_t cap = 0;
    unsigned char *strong = NULL;
    size_t *ncl = NULL, *nne = NULL;   /* clause and end of each citation's name */
    for (size_t ci = 0; ci < d->clause_count && !c->oom; ci++) {
        cs.n = 0;
        scan_clause(c, ci, &cs, own, own_len);
        if (cs.n > 1) qsort(cs.v, cs.n, sizeof *cs.v, cand_cmp);
        const char *s = c->ct[ci].text.data;
        for (size_t k = 0; k < cs.n && !c->oom; k++) {
            cand_t *x = &cs.v[k];
            if (d->citation_count == cap) {
                size_t nc = cap ? cap * 2 : 16;
                vb_citation_t *nv = realloc(d->citations, nc * sizeof *nv);
                if (!nv) { c->oom = 1; break; }
                d->citations = nv;
                unsigned char *ns = realloc(strong, nc);
                if (!ns) { c->oom = 1; break; }
                strong = ns;
                size_t *n1 = realloc(ncl, nc * sizeof *n1);
                if (!n1) { c->oom = 1; break; }
                ncl = n1;
                size_t *n2 = realloc(nne, nc * sizeof *n2);
                if (!n2) { c->oom = 1; break; }
                nne = n2;
                struct cpos *n3 = realloc(c->cpos, nc * sizeof *n3);
                if (!n3) { c->oom = 1; break; }
                c->cpos = n3;
                cap = nc;
            }
            strong[d->citation_count] = (unsigned char)x->strong;
            ncl[d->citation_count] = x->ne > x->nb ? ci : (size_t)-1;
            nne[d->citation_count] = x->ne;
            vb_citation_t ct;
            memset(&ct, 0, sizeof ct);
            if (x->ne > x->nb) ct.name = dupspan(c, s, x->nb, x->ne);
            if (x->se == x->sb && x->ne > x->nb && own_name[0] && ct.name) {
                char nf[256];
                d_fold(ct.name, strlen(ct.name), nf, sizeof nf);
                if (!strcmp(nf, own_name) && (!x->date[0] || !d->date || !strncmp(x->date, d->date, 4))) {
                    free(ct.name);
                    continue;
                }
            }
            if (x->se == x->sb && x->ne > x->nb) {
                /* by name alone */
                if (x->date[0]) ct.date = dupz(c, x->date);
                if (x->ie > x->ib) ct.issuer = dupspan(c, s, x->ib, x->ie);
            } else if (x->se > x->sb) {
                ct.number = dupnum(c, s, x->sb, x->se);
                if (x->date[0]) ct.date = dupz(c, x->date);
                if (x->ie > x->ib) ct.issuer = dupspan(c, s, x->ib, x->ie);
                if (ct.number) {
                    char key[96];
                    vb_number_key(ct.number, strlen(ct.number), key, sizeof key);
                    size_t *slot = full_slot(c, &ft, key);
                    if (slot && *slot != (size_t)-1) {
                        /* short form: fill from an earlier full citation */
                        const vb_citation_t *o = &d->citations[*slot];
                        if (!ct.date && o->date) ct.date = dupz(c, o->date);
                        if (!ct.issuer && o->issuer) ct.issuer = dupz(c, o->issuer);
                    } else if (slot && ct.date) {
                        *slot = d->citation_count;
                    }
                }
            } else {
                /* "... nêu trên": the one earlier instrument of that type */
                const vb_citation_t *hit = NULL;
                int ambiguous = 0;
                char key[96], k2[96];
                for (size_t q = d->citation_count; q > 0 && q + 400 > d->citation_count; q--) {
                    const vb_citation_t *o = &d->citations[q - 1];
                    if (!o->number || !o->type || strcmp(o->type, x->type)) continue;
                    if (!hit) { hit = o; vb_number_key(o->number, strlen(o->number), key, sizeof key); continue; }
                    vb_number_key(o->number, strlen(o->number), k2, sizeof k2);
                    if (strcmp(key, k2)) { ambiguous = 1; break; }
                }
                if (!hit || ambiguous) continue;
                ct.number = dupz(c, hit->number);
                ct.date = dupz(c, hit->date);
                ct.issuer = dupz(c, hit->issuer);
            }
            ct.type = dupz(c, x->type);
            if (x->pin[0]) ct.pinpoint = dupz(c, x->pin);
            ct.clause = dupz(c, d->clauses[ci].path);
            ct.line = line_of(&c->ct[ci], x->off);
            ct.text = dupspan(c, s, x->off, x->end > x->off ? x->end : x->off);
            c->cpos[d->citation_count] = (struct cpos){ ci, x->off, x->end > x->off ? x->end : x->off };
            d->citations[d->citation_count++] = ct;
        }
    }
    if (!c->oom && strong) names_extend(c, strong, ncl, nne);
    if (!c->oom && strong) names_confirm(c, strong);
    if (!c->oom) names_fill(c);
    free(strong);
    free(ncl);
    free(nne);
    free(cs.v);
    for (size_t i = 0; i < ft.cap; i++) free(ft.keys[i]);
    free(ft.keys);
    free(ft.idx);
}
