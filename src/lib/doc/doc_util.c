/* Helpers of the document-model parser: string lists, folding, case,
 * document type names. */
#include <stdarg.h>
#include <stdio.h>
#include <utf8proc.h>
#include "doc/doc_internal.h"

int dl_push(strlist_t *l, char *s)
{
    if (!s) return 0;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        char **nv = realloc(l->v, nc * sizeof *nv);
        if (!nv) { free(s); return 0; }
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = s;
    return 1;
}

int dl_pushn(strlist_t *l, const char *s, size_t n)
{
    char *d = vb_strndup(s, n);
    return d ? dl_push(l, d) : 0;
}

void dl_free(strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

void d_warn(dctx_t *c, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    if (c->warn.n >= 50) return;          /* a messy file need not flood */
    va_start(ap, fmt);
    int r = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (r < 0) return;
    if (!dl_pushn(&c->warn, buf, strlen(buf))) c->oom = 1;
}

void d_set_str(dctx_t *c, char **dst, char *v)
{
    if (!v) { c->oom = 1; return; }
    free(*dst);
    *dst = v;
}

/* ---------------------------------------------------------------- folding */

size_t d_fold(const char *s, size_t n, char *buf, size_t cap)
{
    if (cap == 0) return 0;
    if (n > cap * 2) n = cap * 2;   /* long lines: only the start matters */
    return vb_term_fold_collapse(s, n, buf, cap);
}

int d_fold_may_start(const char *s, size_t n, char ch)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '*') continue;   /* d_fold drops them at the start */
        if (c >= 0x80) return 1;                          /* a letter folding to CH, maybe */
        return (c | 0x20) == (unsigned char)ch;
    }
    return 0;
}

int d_starts(const char *folded, const char *prefix)
{
    size_t k = strlen(prefix);
    return strncmp(folded, prefix, k) == 0;
}

static int letter_case(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return 1;
        if (cp >= 'a' && cp <= 'z') return -1;
        return 0;
    }
    vb_letter_t e;
    if (vb_letter_info(cp, &e)) return e.upper ? 1 : -1;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat == UTF8PROC_CATEGORY_LU) return 1;
    if (cat == UTF8PROC_CATEGORY_LL) return -1;
    return 0;
}

int d_is_upper_text(const char *s, size_t n)
{
    if (n > 400) return 0;
    size_t up = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        int lc = letter_case(cp);
        if (lc < 0) return 0;
        if (lc > 0) up++;
    }
    return up >= 2;
}

int d_first_letter_case(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = vb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp == ' ' || cp == '"' || cp == '\'' || cp == '(' || cp == '*' || cp == '[' ||
            cp == 0x201C || cp == 0x2018 || cp == '\t' || cp == 0xA0) {
            i += k;
            continue;
        }
        return letter_case(cp);
    }
    return 0;
}

/* last code point before END (>0); returns its start */
static size_t prev_cp(const char *s, size_t end, uint32_t *cp)
{
    size_t b = end - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80 && end - b < 4) b--;
    vb_utf8_decode((const unsigned char *)s + b, end - b, cp);
    return b;
}

int d_ends_term(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '*' || s[n - 1] == '\t')) n--;
    int quotes = 0;
    while (n > 0 && quotes < 3) {
        uint32_t cp;
        size_t b = prev_cp(s, n, &cp);
        if (cp == '.' || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == 0x2026) return 1;
        if (cp == '"' || cp == ')' || cp == 0x201D || cp == 0x2019 || cp == '\'' || cp == 0xBB ||
            cp == ']') {
            n = b;
            quotes++;
            continue;
        }
        return 0;
    }
    return 0;
}

/* bytes that may end a run d_append_clean copies as it is */
static const unsigned char CLEAN_STOP[256] = { [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['*'] = 1, [0xC2] = 1 };

void d_append_clean(vb_buf_t *b, const char *s, size_t n)
{
    size_t i = 0;
    int sp = b->len == 0 || b->data[b->len - 1] == ' ';   /* suppress leading space */
    int pending = 0;
    char *o = NULL;   /* where the next byte goes, once room is made for all the rest */
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '*' && i + 1 < n && s[i + 1] == '*') { i += 2; continue; }
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') { pending = 1; i++; continue; }
        if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { pending = 1; i += 2; continue; }
        if (!o) {
            /* at most one space and the N - I bytes left */
            if (!vb_buf_reserve(b, n - i + 1)) return;
            o = b->data + b->len;
        }
        if (pending && !sp) *o++ = ' ';
        pending = 0;
        sp = 0;
        /* copy a run of ordinary bytes */
        *o++ = s[i];
        size_t j = i + 1;
        for (;;) {
            while (j < n && !CLEAN_STOP[(unsigned char)s[j]]) *o++ = s[j++];   /* words are short: no memcpy */
            if (j < n && s[j] == '*' && !(j + 1 < n && s[j + 1] == '*')) { *o++ = s[j++]; continue; }   /* a lone '*' */
            break;
        }
        i = j;
    }
    if (o) {
        b->len = (size_t)(o - b->data);
        b->data[b->len] = '\0';
    }
}

char *d_clean_dup(const char *s, size_t n)
{
    vb_buf_t b = {0};
    d_append_clean(&b, s, n);
    if (b.oom) { vb_buf_free(&b); return NULL; }
    if (!b.data) return vb_strndup("", 0);
    return vb_buf_steal(&b);
}

size_t d_skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) i++;
    return i;
}

int d_is_separator(const char *s, size_t n)
{
    size_t i = 0, marks = 0;
    if (n == 0 || n > 400) return 0;
    while (i < n) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp == '-' || cp == '_' || cp == '=' || cp == '.' || cp == '*' || cp == '~' ||
            cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2500 || cp == 0x2E3A)
            marks++;
        else if (cp != ' ' && cp != '\t' && cp != 0xA0)
            return 0;
    }
    return marks >= 3;
}

/* ---------------------------------------------------------------- case */

static void put_case(vb_buf_t *b, const char *s, size_t n, int mode /* 0 lower, 1 cap, 2 keep */)
{
    size_t i = 0;
    int first = 1;
    while (i < n) {
        uint32_t cp;
        size_t k = vb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (mode == 2 || cp == 0xFFFD) {
            vb_buf_append(b, s + i, k);
        } else {
            int lc = letter_case(cp);
            uint32_t o = cp;
            if (lc != 0) {
                if (first && mode == 1) o = (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
                else o = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
                first = 0;
            }
            vb_buf_put_cp(b, o);
        }
        i += k;
    }
}

typedef struct {
    size_t b, e;      /* raw span */
    char f[40];       /* folded letters/digits only */
    char x[48];       /* exact lower case, letters/digits only */
    int abbrev;       /* keep as written */
} cw_t;

int d_word_is_abbrev(const char *s, size_t n)
{
    vb_letter_t L[24];
    size_t nl = 0, i = 0, digits = 0, other = 0;
    while (i < n) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        vb_letter_t e;
        if (cp >= '0' && cp <= '9') { digits++; continue; }
        if (vb_letter_info(cp, &e)) {
            if (nl < 24) { e.upper = 0; L[nl++] = e; }
            else return 1;
            continue;
        }
        if (cp != ',' && cp != '.' && cp != ';' && cp != ':' && cp != '(' && cp != ')' &&
            cp != '"' && cp != 0x201C && cp != 0x201D)
            other++;
    }
    if (digits) return 1;
    if (nl == 0) return 1;
    if (nl == 1) return n > 1 && s[n - 1] == '.';   /* "Q." */
    if (other) return 1;                  /* "ĐT-TT", "V/v" */
    return !vb_syllable_valid(L, nl);
}

static int fw(const cw_t *w, size_t nw, size_t i, const char *f)
{
    return i < nw && strcmp(w[i].f, f) == 0;
}

char *d_sentence_case(const char *s, size_t n, int keep_first_lower)
{
    cw_t w[48];
    size_t nw = 0, i = 0;
    while (i < n && nw < 48) {
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i >= n) break;
        size_t b = i;
        while (i < n && s[i] != ' ' && s[i] != '\t') i++;
        cw_t *x = &w[nw++];
        x->b = b;
        x->e = i;
        char tmp[80];
        size_t m = vb_term_fold(s + b, i - b, tmp, sizeof tmp);
        size_t o = 0;
        for (size_t k = 0; k < m && o + 1 < sizeof x->f; k++)
            if ((tmp[k] >= 'a' && tmp[k] <= 'z') || (tmp[k] >= '0' && tmp[k] <= '9')) x->f[o++] = tmp[k];
        x->f[o] = '\0';
        m = vb_term_exact(s + b, i - b, tmp, sizeof tmp);
        o = 0;
        for (size_t k = 0; k < m && o + 1 < sizeof x->x; k++)
            if ((unsigned char)tmp[k] >= 0x80 || (tmp[k] >= 'a' && tmp[k] <= 'z') || (tmp[k] >= '0' && tmp[k] <= '9'))
                x->x[o++] = tmp[k];
        x->x[o] = '\0';
        x->abbrev = d_word_is_abbrev(s + b, i - b);
    }
    if (i < n && nw == 48) {  /* too many words: keep the rest as written */
        char *r = d_clean_dup(s, n);
        return r;
    }
    unsigned char cap[48] = {0};
    int place = 0;
    for (size_t k = 0; k < nw; k++) {
        const char *f = w[k].f, *x = w[k].x;
        if (k == 0 && !keep_first_lower) cap[k] = 1;
        if (place) {
            if ((f[0] >= '0' && f[0] <= '9') || f[0] == '\0') place = 0;
            else cap[k] = 1;
        }
        char last = s[w[k].e - 1];
        /* authority marks: TM. KT. TL. Q. TUQ. -> next word starts a title */
        if (w[k].abbrev && last == '.' && k + 1 < nw) cap[k + 1] = 1;
        int stop = last == ',' || last == ';' || last == '-';
        /* places: tỉnh X, huyện X, thành phố X ... */
        size_t unit = 0;
        if (!strcmp(x, "tỉnh") || !strcmp(x, "huyện") || !strcmp(x, "quận") || !strcmp(x, "phường") ||
            (!strcmp(x, "xã") && !fw(w, nw, k + 1, "hoi")))
            unit = 1;
        else if ((!strcmp(x, "thành") && k + 1 < nw && !strcmp(w[k + 1].x, "phố")) ||
                 (!strcmp(x, "thị") && k + 1 < nw && (!strcmp(w[k + 1].x, "xã") || !strcmp(w[k + 1].x, "trấn"))) ||
                 (!strcmp(x, "đặc") && k + 1 < nw && !strcmp(w[k + 1].x, "khu")))
            unit = 2;
        if (unit && !stop) {
            if (!place && k > 0) cap[k] = 0;
            if (unit == 2) { if (k + 1 < nw) cap[k + 1] = 0; k++; }
            place = k + 1 < nw && !fw(w, nw, k + 1, "uy") && !fw(w, nw, k + 1, "doan");
            continue;
        }
        if (stop) place = 0;
        /* phrases */
        if (!strcmp(f, "chinh") && fw(w, nw, k + 1, "phu")) cap[k] = 1;
        if (!strcmp(f, "quoc") && fw(w, nw, k + 1, "hoi")) cap[k] = 1;
        if (!strcmp(f, "viet") && fw(w, nw, k + 1, "nam")) { cap[k] = 1; cap[k + 1] = 1; }
        if (!strcmp(x, "nhà") && fw(w, nw, k + 1, "nuoc")) cap[k] = 1;
        if (!strcmp(f, "trung") && fw(w, nw, k + 1, "uong")) cap[k] = 1;
        /* bodies: the body word and the first word of its name are capitalised */
        int body = 0;
        size_t next = k + 1;
        int prev_name = k > 0 && cap[k - 1] && k - 1 != 0 && !w[k - 1].abbrev;
        if (!strcmp(f, "uy") && fw(w, nw, k + 1, "ban")) { body = 1; next = k + 2; if (fw(w, nw, next, "nhan")) next = nw; }
        else if (!strcmp(f, "hoi") && fw(w, nw, k + 1, "dong")) { body = 1; next = k + 2; if (fw(w, nw, next, "nhan")) next = nw; }
        else if (((!strcmp(f, "van") && fw(w, nw, k + 1, "phong")) || (!strcmp(f, "tong") && fw(w, nw, k + 1, "cuc")) ||
                  (!strcmp(f, "chi") && fw(w, nw, k + 1, "cuc")) || (!strcmp(f, "kho") && fw(w, nw, k + 1, "bac")) ||
                  (!strcmp(f, "trung") && fw(w, nw, k + 1, "tam")) || (!strcmp(f, "ngan") && fw(w, nw, k + 1, "hang")) ||
                  (!strcmp(f, "thanh") && fw(w, nw, k + 1, "tra"))) && !prev_name) {
            body = 1; next = k + 2;
        } else if ((!strcmp(x, "bộ") || !strcmp(x, "sở") || !strcmp(x, "cục") || !strcmp(x, "ban") || !strcmp(x, "vụ")) &&
                   !prev_name && !(k > 0 && !strcmp(w[k - 1].f, "uy"))) {
            body = 1;
        }
        if (body) {
            cap[k] = 1;
            if (next < nw && strcmp(w[next].f, "truong") && strcmp(w[next].f, "nhan") && strcmp(w[next].f, "pho"))
                cap[next] = 1;
        }
        if (!strcmp(x, "phó") && k + 1 < nw) cap[k + 1] = 1;
    }
    vb_buf_t b = {0};
    for (size_t k = 0; k < nw; k++) {
        if (k) vb_buf_putc(&b, ' ');
        size_t ws = w[k].b, we = w[k].e;
        /* strip ** */
        while (ws + 1 < we && s[ws] == '*' && s[ws + 1] == '*') ws += 2;
        while (we >= ws + 2 && s[we - 1] == '*' && s[we - 2] == '*') we -= 2;
        put_case(&b, s + ws, we - ws, w[k].abbrev ? 2 : cap[k] ? 1 : 0);
    }
    if (b.oom) { vb_buf_free(&b); return NULL; }
    if (!b.data) return vb_strndup("", 0);
    return vb_buf_steal(&b);
}

/* ---------------------------------------------------------------- types */

static const struct { const char *f, *canon; } TYPES[] = {
    { "chi thi", "Chỉ thị" }, { "quyet dinh", "Quyết định" }, { "nghi dinh", "Nghị định" },
    { "nghi quyet lien tich", "Nghị quyết liên tịch" }, { "nghi quyet", "Nghị quyết" },
    { "thong tu lien tich", "Thông tư liên tịch" }, { "thong tu", "Thông tư" },
    { "cong van", "Công văn" }, { "cong dien", "Công điện" }, { "ke hoach", "Kế hoạch" },
    { "thong bao", "Thông báo" }, { "bo luat", "Bộ luật" }, { "luat", "Luật" },
    { "phap lenh", "Pháp lệnh" }, { "hien phap", "Hiến pháp" }, { "lenh", "Lệnh" },
    { "van ban hop nhat", "Văn bản hợp nhất" }, { "huong dan", "Hướng dẫn" },
    { "ket luan", "Kết luận" }, { "bao cao", "Báo cáo" }, { "to trinh", "Tờ trình" },
    { "chuong trinh", "Chương trình" }, { "quy dinh", "Quy định" }, { "quy che", "Quy chế" },
    { "de an", "Đề án" }, { "thong cao", "Thông cáo" }, { "giay moi", "Giấy mời" },
    { "bien ban", "Biên bản" }, { "dieu le", "Điều lệ" }, { "sac lenh", "Sắc lệnh" },
    { "cong dien khan", "Công điện" }, { "quyet nghi", "Nghị quyết" },
    { NULL, NULL }
};

static const struct { const char *code, *canon; } CODES[] = {
    { "ct", "Chỉ thị" }, { "qd", "Quyết định" }, { "nd", "Nghị định" }, { "nq", "Nghị quyết" },
    { "tt", "Thông tư" }, { "ttlt", "Thông tư liên tịch" }, { "kh", "Kế hoạch" },
    { "cd", "Công điện" }, { "tb", "Thông báo" }, { "cv", "Công văn" }, { "hd", "Hướng dẫn" },
    { "kl", "Kết luận" }, { "vbhn", "Văn bản hợp nhất" }, { "bc", "Báo cáo" },
    { "ttr", "Tờ trình" }, { "ctr", "Chương trình" }, { "nqlt", "Nghị quyết liên tịch" },
    { "lctn", "Lệnh" }, { NULL, NULL }
};

const char *vb_doc_type_canonical(const char *word, size_t len)
{
    char f[96];
    if (!word) return NULL;
    if (len > 80) return NULL;
    size_t m = d_fold(word, len, f, sizeof f);
    while (m > 0 && (f[m - 1] == ':' || f[m - 1] == '.' || f[m - 1] == ' ')) f[--m] = '\0';
    if (m == 0) return NULL;
    for (size_t i = 0; TYPES[i].f; i++)
        if (strcmp(f, TYPES[i].f) == 0) return TYPES[i].canon;
    for (size_t i = 0; CODES[i].code; i++)
        if (strcmp(f, CODES[i].code) == 0) return CODES[i].canon;
    return NULL;
}

/* The type named by a symbol's code: "10/CT-TTg" -> Chỉ thị, "30/2020/NĐ-CP" -> Nghị định. */
const char *d_type_from_code(const char *sym, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t b = i;
        while (i < n && sym[i] != '/' && sym[i] != '-') i++;
        int letter = 0;
        for (size_t k = b; k < i; k++)
            if (!(sym[k] >= '0' && sym[k] <= '9')) { letter = 1; break; }
        if (letter) {
            char f[24];
            if (i - b > 12) return NULL;
            d_fold(sym + b, i - b, f, sizeof f);
            for (size_t k = 0; CODES[k].code; k++)
                if (strcmp(f, CODES[k].code) == 0) return CODES[k].canon;
            return NULL;
        }
        i++;
    }
    return NULL;
}

/* A type word written as a phrase ("QUYẾT ĐỊNH", "Chỉ thị"), never a bare code. */
const char *d_type_phrase(const char *s, size_t n)
{
    char f[96];
    if (n > 80) return NULL;
    size_t m = d_fold(s, n, f, sizeof f);
    while (m > 0 && (f[m - 1] == ':' || f[m - 1] == '.' || f[m - 1] == ' ')) f[--m] = '\0';
    /* footnote marks: "QUYẾT ĐỊNH1" */
    while (m > 1 && f[m - 1] >= '0' && f[m - 1] <= '9' && f[m - 2] >= 'a' && f[m - 2] <= 'z') f[--m] = '\0';
    for (size_t i = 0; TYPES[i].f; i++)
        if (TYPES[i].f[0] == f[0] && strcmp(f, TYPES[i].f) == 0) return TYPES[i].canon;
    return NULL;
}

