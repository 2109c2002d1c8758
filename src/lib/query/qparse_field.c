/* qparse: a field token -> its FIELD node; ref: values split into number and pinpoint. */
#include "query/qparse_internal.h"

/* ------------------------------------------------------------------ pinpoints */

/* Fold cp[s..e) (diacritics off, lower case) into BUF; drops trailing ",;."
 * unless the form (nearly) fills BUF: it may have been cut, and with its
 * tail dropped too it could pass for a pinpoint part ("d9.1.di,,,…,,f"
 * would read as the point "di"). */
static size_t fold_word(parser_t *p, size_t s, size_t e, char *buf, size_t cap)
{
    char *t = qp_make_text(p, s, e);
    if (!t) { buf[0] = '\0'; return 0; }
    size_t n = vb_term_fold(t, strlen(t), buf, cap);
    free(t);
    if (n + 4 >= cap) return n;
    while (n > 0 && (buf[n - 1] == ',' || buf[n - 1] == ';' || buf[n - 1] == '.')) buf[--n] = '\0';
    return n;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0 || n > 6) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* An article number: digits with an optional letter ("19", "19a"). */
static int article_number(const char *s, size_t n)
{
    if (n > 1 && s[n - 1] >= 'a' && s[n - 1] <= 'z') n--;
    return all_digits(s, n);
}

/* Copy N bytes of S into DST (CAP bytes) with a NUL, cutting if need be. */
static void copy_small(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap) n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* A point: one or two Vietnamese letters, lower case (exact form kept). */
static int point_letter(const char *folded, size_t n)
{
    if (n == 0 || n > 2) return 0;
    for (size_t i = 0; i < n; i++)
        if (folded[i] < 'a' || folded[i] > 'z') return 0;
    return 1;
}

/* The exact lower-case form of cp[s..e) minus trailing ",;." (malloc'd). */
static char *exact_word(parser_t *p, size_t s, size_t e)
{
    while (e > s && (p->cp[e - 1] == ',' || p->cp[e - 1] == ';' || p->cp[e - 1] == '.')) e--;
    char *t = qp_make_text(p, s, e);
    if (!t) return NULL;
    char buf[64];
    size_t n = vb_term_exact(t, strlen(t), buf, sizeof buf);
    free(t);
    char *r = vb_strndup(buf, n);
    if (!r) qp_fail_nomem(p);
    return r;
}

/* The point of a pinpoint in cp[s..e): its exact lower-case form
 * (malloc'd) when that form folds to one or two letters, else NULL (p->st
 * says whether memory ran out). The form kept is the one checked: folding
 * drops marks, so checking the fold of the raw word could pass a form whose
 * stray mark hid trailing punctuation ("dA,,,<U+07AC>" folds to "da"). */
static char *point_word(parser_t *p, size_t s, size_t e)
{
    char *pt = exact_word(p, s, e);
    if (!pt) return NULL;
    char f[64];
    size_t L = vb_term_fold(pt, strlen(pt), f, sizeof f);
    if (L >= sizeof f - 4 || !point_letter(f, L)) {
        free(pt);
        return NULL;
    }
    return pt;
}

static int is_pin_keyword(const char *f, size_t n)
{
    if (n >= 2 && f[0] == 'd' && f[1] >= '0' && f[1] <= '9') return 1;
    return strcmp(f, "dieu") == 0 || strcmp(f, "khoan") == 0 || strcmp(f, "diem") == 0;
}

/* Parse the words W[0..nw) (code-point ranges) as a pinpoint into a clause
 * path. Returns the malloc'd path, or NULL (p->st set on out of memory; else
 * the pinpoint is unreadable). */
static char *parse_pinpoint(parser_t *p, const size_t (*w)[2], size_t nw)
{
    char f[64], art[16] = "", cl[16] = "";
    char *pt = NULL;
    vb_buf_t b = { 0 };
    if (nw == 1) {
        /* compact: d19, d19.1, d19.1.h (Đ19 too) */
        size_t s = w[0][0], e = w[0][1];
        while (e > s && (p->cp[e - 1] == ',' || p->cp[e - 1] == ';' || p->cp[e - 1] == '.')) e--;
        if (e - s < 2 || (p->cp[s] != 'd' && p->cp[s] != 'D' && p->cp[s] != 0x111
                          && p->cp[s] != 0x110 && p->cp[s] != 0xD0))
            return NULL;
        size_t part[3][2];
        size_t np = 0, a = s + 1;
        for (size_t i = s + 1; i <= e; i++) {
            if (i == e || p->cp[i] == '.') {
                if (np == 3 || i == a) return NULL;
                part[np][0] = a;
                part[np][1] = i;
                np++;
                a = i + 1;
            }
        }
        for (size_t k = 0; k < np && k < 2; k++) {
            size_t L = fold_word(p, part[k][0], part[k][1], f, sizeof f);
            if (p->st != VB_OK) return NULL;
            if (k == 0 ? !article_number(f, L) : !all_digits(f, L)) return NULL;
            copy_small(k == 0 ? art : cl, sizeof art, f, L);
        }
        if (np == 3 && !(pt = point_word(p, part[2][0], part[2][1]))) return NULL;
    } else {
        /* long form: "điểm h khoản 1 Điều 19", any order, each once */
        if (nw % 2) return NULL;
        for (size_t i = 0; i < nw; i += 2) {
            fold_word(p, w[i][0], w[i][1], f, sizeof f);
            if (p->st != VB_OK) goto bad;
            char v[64];
            size_t L = fold_word(p, w[i + 1][0], w[i + 1][1], v, sizeof v);
            if (p->st != VB_OK) goto bad;
            if (strcmp(f, "dieu") == 0 && !art[0] && article_number(v, L)) {
                copy_small(art, sizeof art, v, L);
            } else if (strcmp(f, "khoan") == 0 && !cl[0] && all_digits(v, L)) {
                copy_small(cl, sizeof cl, v, L);
            } else if (strcmp(f, "diem") == 0 && !pt && point_letter(v, L)) {
                pt = point_word(p, w[i + 1][0], w[i + 1][1]);
                if (!pt) goto bad;
            } else {
                goto bad;
            }
        }
        if (!art[0] || (pt && !cl[0])) goto bad;
    }
    vb_buf_printf(&b, "d%s", art);
    if (cl[0]) vb_buf_printf(&b, ".%s", cl);
    if (pt) vb_buf_printf(&b, ".%s", pt);
    free(pt);
    {
        char *r = vb_buf_steal(&b);
        if (!r) qp_fail_nomem(p);
        return r;
    }
bad:
    free(pt);
    vb_buf_free(&b);
    return NULL;
}

/* ref: value cp[s..e) -> number and pinpoint. */
static int parse_ref_value(parser_t *p, vb_qnode_t *n, size_t s, size_t e)
{
    size_t (*w)[2] = NULL;
    size_t nw = 0;
    if (n->quoted) {
        /* split into words */
        size_t cnt = 0;
        for (size_t i = s; i < e;) {
            while (i < e && qp_is_space(p->cp[i])) i++;
            if (i >= e) break;
            cnt++;
            while (i < e && !qp_is_space(p->cp[i])) i++;
        }
        w = malloc((cnt ? cnt : 1) * sizeof *w);
        if (!w) { qp_fail_nomem(p); return 0; }
        for (size_t i = s; i < e;) {
            while (i < e && qp_is_space(p->cp[i])) i++;
            if (i >= e) break;
            w[nw][0] = i;
            while (i < e && !qp_is_space(p->cp[i])) i++;
            w[nw][1] = i;
            nw++;
        }
    }
    /* a pinpoint in words may come first: "khoản 3 Điều 27 [của] Nghị định 140/2025/NĐ-CP" */
    size_t lead = 0;
    for (;;) {
        char f[64];
        if (lead + 2 > nw) break;
        fold_word(p, w[lead][0], w[lead][1], f, sizeof f);
        if (p->st != VB_OK) { free(w); return 0; }
        if (strcmp(f, "dieu") != 0 && strcmp(f, "khoan") != 0 && strcmp(f, "diem") != 0) break;
        lead += 2;
    }
    size_t first = lead;
    while (lead && first < nw) {
        char f[64];
        fold_word(p, w[first][0], w[first][1], f, sizeof f);
        if (p->st != VB_OK) { free(w); return 0; }
        if (strcmp(f, "cua") != 0 && strcmp(f, "tai") != 0 && strcmp(f, "theo") != 0) break;
        first++;
    }
    if (lead && first < nw) {
        n->pinpoint = parse_pinpoint(p, (const size_t (*)[2])w, lead);
        if (!n->pinpoint) {
            if (p->st == VB_OK) {
                char shown[200];
                qp_quote_for_msg(p, w[0][0], w[lead - 1][1], shown, sizeof shown);
                qp_fail(p, w[0][0] + 1, "cannot read the pinpoint '%s' at column %zu (write d19, "
                     "d19.1.h, \"Điều 19\", \"khoản 1 Điều 19\" or \"điểm h khoản 1 Điều 19\")",
                     shown, w[0][0] + 1);
            }
            free(w);
            return 0;
        }
        n->number = qp_make_text(p, w[first][0], e);
        free(w);
        return n->number != NULL;
    }
    size_t pin = nw;   /* first word of the pinpoint */
    for (size_t i = 1; i < nw; i++) {
        char f[64];
        size_t L = fold_word(p, w[i][0], w[i][1], f, sizeof f);
        if (p->st != VB_OK) { free(w); return 0; }
        if (is_pin_keyword(f, L)) { pin = i; break; }
    }
    size_t ne = e;
    if (pin < nw) {
        n->pinpoint = parse_pinpoint(p, (const size_t (*)[2])(w + pin), nw - pin);
        if (!n->pinpoint) {
            if (p->st == VB_OK) {
                char shown[200];
                qp_quote_for_msg(p, w[pin][0], e, shown, sizeof shown);
                qp_fail(p, w[pin][0] + 1, "cannot read the pinpoint '%s' at column %zu (write d19, "
                     "d19.1.h, \"Điều 19\", \"khoản 1 Điều 19\" or \"điểm h khoản 1 Điều 19\")",
                     shown, w[pin][0] + 1);
            }
            free(w);
            return 0;
        }
        ne = w[pin - 1][1];
        while (ne > s && (p->cp[ne - 1] == ',' || p->cp[ne - 1] == ';' || qp_is_space(p->cp[ne - 1])))
            ne--;
    }
    free(w);
    n->number = qp_make_text(p, s, ne);
    return n->number != NULL;
}

vb_qnode_t *qp_field_node(parser_t *p, const tok_t *t)
{
    vb_qnode_t *n = qp_new_node(p, VB_QN_FIELD, t->col);
    if (!n) return NULL;
    n->field = t->field;
    n->quoted = t->quoted;
    n->text = qp_make_text(p, t->s, t->e);
    if (!n->text) goto bad;
    switch (t->field) {
    case VB_QF_NUMBER:
        n->number = qp_make_text(p, t->s, t->e);
        if (!n->number) goto bad;
        break;
    case VB_QF_REF:
        if (!parse_ref_value(p, n, t->s, t->e)) goto bad;
        break;
    case VB_QF_YEAR: case VB_QF_DATE: case VB_QF_EFFECTIVE:
        if (!qp_date_value(p, n, t->s, t->e)) goto bad;
        break;
    case VB_QF_ROLE: {
        vb_cite_role_t r;
        if (vb_cite_role_parse(n->text, strlen(n->text), &r) != VB_OK) {
            qp_fail(p, t->s + 1, "unknown role '%s' at column %zu (known: can_cu, huong_dan, sua_doi, thay_the, "
                    "bai_bo, het_hieu_luc, hop_nhat, dan_chieu, or basis, guides, amends, replaces, repeals, "
                    "expires, consolidates, cites)", n->text, t->s + 1);
            goto bad;
        }
        break;
    }
    default:
        break;
    }
    return n;
bad:
    vb_qnode_free(n);
    return NULL;
}

