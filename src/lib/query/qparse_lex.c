/* qparse: the lexer — characters, spans, field names, tokens; and the parser's errors. */
#include <stdarg.h>
#include <stdio.h>
#include <utf8proc.h>
#include "query/qparse_internal.h"

/* ------------------------------------------------------------------ fields */

/* The one table of field names: every alias, in the order the "known:" list
 * of the unknown-field message shows them. */
static const struct {
    const char *name;
    vb_qfield_t field;
} field_names[] = {
    { "so", VB_QF_NUMBER },      { "number", VB_QF_NUMBER },
    { "loai", VB_QF_TYPE },      { "type", VB_QF_TYPE },
    { "coquan", VB_QF_ISSUER },  { "issuer", VB_QF_ISSUER },
    { "giao", VB_QF_TO },        { "to", VB_QF_TO },
    { "ref", VB_QF_REF },        { "trichdan", VB_QF_REF },
    { "nguoiky", VB_QF_SIGNER }, { "signer", VB_QF_SIGNER },
    { "nam", VB_QF_YEAR },       { "year", VB_QF_YEAR },
    { "ngay", VB_QF_DATE },      { "date", VB_QF_DATE },
    { "chude", VB_QF_TOPIC },    { "topic", VB_QF_TOPIC },
};
#define N_FIELD_NAMES (sizeof field_names / sizeof field_names[0])

static const char *const canonical_names[VB_QF_COUNT_] = {
    "", "number", "type", "issuer", "to", "ref", "signer", "year", "date", "topic"
};

const char *vb_qfield_name(vb_qfield_t f)
{
    if ((int)f < 0 || f >= VB_QF_COUNT_) return "";
    return canonical_names[f];
}

vb_qfield_t vb_qfield_lookup(const char *name, size_t len)
{
    if (!name) return VB_QF_NONE;
    for (size_t i = 0; i < N_FIELD_NAMES; i++) {
        const char *a = field_names[i].name;
        if (strlen(a) != len) continue;
        size_t k = 0;
        for (; k < len; k++) {
            char c = name[k];
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (c != a[k]) break;
        }
        if (k == len) return field_names[i].field;
    }
    return VB_QF_NONE;
}

void qp_fail(parser_t *p, size_t col, const char *fmt, ...)
{
    if (p->st != VB_OK) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->st = VB_ERR_QUERY_SYNTAX;
    p->errcol = col;
}

void qp_fail_nomem(parser_t *p)
{
    if (p->st != VB_OK) return;
    p->st = VB_ERR_NOMEM;
    snprintf(p->msg, sizeof p->msg, "out of memory");
    p->errcol = 0;
}

/* ------------------------------------------------------------------ characters */

int qp_is_space(uint32_t c)
{
    if (c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return 1;
    if (c < 0xA0) return 0;
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF) return 1;
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

static int is_quote(uint32_t c) { return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E; }
static int is_paren(uint32_t c) { return c == '(' || c == ')'; }
int is_delim(uint32_t c) { return qp_is_space(c) || is_paren(c) || is_quote(c); }
static int is_ascii_letter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Letters and digits make a word worth searching; a run of punctuation does not. */
static int is_alnum(uint32_t c)
{
    if (c < 0x80) return is_ascii_letter(c) || qp_is_digit(c);
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int has_alnum(const parser_t *p, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (is_alnum(p->cp[i])) return 1;
    return 0;
}

static void trim(const parser_t *p, size_t *s, size_t *e)
{
    while (*s < *e && qp_is_space(p->cp[*s])) (*s)++;
    while (*e > *s && qp_is_space(p->cp[*e - 1])) (*e)--;
}

/* Index of the quote closing the one at OPEN, or n when there is none. */
static size_t find_close_quote(const parser_t *p, size_t open)
{
    size_t i = open + 1;
    while (i < p->n && !is_quote(p->cp[i])) i++;
    return i;
}

/* Text of cp[s..e): white space -> ' ', U+00D0 -> U+0110, then NFC.
 * Returns a malloc'd string or NULL (out of memory, reported). */
char *qp_make_text(parser_t *p, size_t s, size_t e)
{
    vb_buf_t b = { 0 };
    for (size_t i = s; i < e; i++) {
        uint32_t c = p->cp[i];
        if (qp_is_space(c)) c = ' ';
        else if (c == 0xD0) c = 0x110;
        vb_buf_put_cp(&b, c);
    }
    char *raw = vb_buf_steal(&b);
    if (!raw) { qp_fail_nomem(p); return NULL; }
    int ascii = 1;
    for (const char *q = raw; *q; q++)
        if ((unsigned char)*q >= 0x80) { ascii = 0; break; }
    if (ascii) return raw;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)raw, 0, &nfc,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) {
        /* cannot happen for valid code points, but never lose the text */
        free(nfc);
        if (r == UTF8PROC_ERROR_NOMEM) { free(raw); qp_fail_nomem(p); return NULL; }
        return raw;
    }
    free(raw);
    return (char *)nfc;
}

/* Quote at most 40 code points of cp[s..e) for a message. */
void qp_quote_for_msg(const parser_t *p, size_t s, size_t e, char *out, size_t cap)
{
    size_t o = 0;
    size_t i = s;
    for (; i < e && i - s < 40; i++) {
        char tmp[4];
        uint32_t c = qp_is_space(p->cp[i]) ? ' ' : p->cp[i];
        size_t k = vb_utf8_encode(c, tmp);
        if (o + k + 4 >= cap) break;
        memcpy(out + o, tmp, k);
        o += k;
    }
    if (i < e && o + 4 < cap) {   /* "…" */
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* ------------------------------------------------------------------ lexer */

/* Lex the field whose ASCII name is cp[s..k) (cp[k] == ':'), value at k+1.
 * Returns 1 with the token filled, 0 when this is not a field attempt (the
 * caller lexes a word), -1 on error. */
static int lex_field(parser_t *p, size_t s, size_t k, size_t wordend, tok_t *t)
{
    size_t v = k + 1;
    int has_value = v < p->n && !qp_is_space(p->cp[v]) && !is_paren(p->cp[v]);
    char name[64];
    vb_qfield_t f = VB_QF_NONE;
    if (k - s < sizeof name) {
        for (size_t i = s; i < k; i++) name[i - s] = (char)p->cp[i];
        f = vb_qfield_lookup(name, k - s);
    }
    if (!has_value) {
        if (f == VB_QF_NONE) return 0;
        qp_fail(p, s + 1, "empty value for field '%.*s:' at column %zu",
             (int)(k - s), name, s + 1);
        return -1;
    }
    if (f == VB_QF_NONE) {
        char known[300];
        size_t o = 0;
        for (size_t i = 0; i < N_FIELD_NAMES; i++) {
            int w = snprintf(known + o, sizeof known - o, "%s%s", i ? ", " : "",
                             field_names[i].name);
            if (w < 0 || (size_t)w >= sizeof known - o) break;
            o += (size_t)w;
        }
        char shown[200];
        qp_quote_for_msg(p, s, k, shown, sizeof shown);
        qp_fail(p, s + 1, "unknown field '%s' at column %zu (known: %s)", shown, s + 1, known);
        return -1;
    }
    t->kind = TK_FIELD;
    t->field = f;
    t->col = s + 1;
    t->namelen = k - s;
    if (is_quote(p->cp[v])) {
        size_t close = find_close_quote(p, v);
        if (close >= p->n) {
            qp_fail(p, v + 1, "unbalanced quote opened at column %zu", v + 1);
            return -1;
        }
        t->quoted = 1;
        t->s = v + 1;
        t->e = close;
        p->pos = close + 1;
        trim(p, &t->s, &t->e);
    } else {
        t->quoted = 0;
        t->s = v;
        t->e = wordend;
        p->pos = wordend;
        if (f == VB_QF_NUMBER || f == VB_QF_REF)
            while (t->e > t->s && (p->cp[t->e - 1] == '.' || p->cp[t->e - 1] == ','
                                   || p->cp[t->e - 1] == ';'))
                t->e--;
    }
    /* a date range may be made of punctuation only ("..") and is judged later */
    int dated = f == VB_QF_DATE || f == VB_QF_YEAR;
    if (dated ? t->e == t->s : !has_alnum(p, t->s, t->e)) {
        qp_fail(p, s + 1, "empty value for field '%.*s:' at column %zu",
             (int)(k - s), name, s + 1);
        return -1;
    }
    return 1;
}

/* Lex the next token into p->tok.  Returns 0 on error (p->st set). */
int qp_next_token(parser_t *p)
{
    tok_t *t = &p->tok;
    for (;;) {
        memset(t, 0, sizeof *t);
        while (p->pos < p->n && qp_is_space(p->cp[p->pos])) p->pos++;
        if (p->pos >= p->n) { t->kind = TK_END; t->col = p->n + 1; return 1; }
        uint32_t c = p->cp[p->pos];
        if (c == '(' || c == ')') {
            t->kind = c == '(' ? TK_LP : TK_RP;
            t->col = p->pos + 1;
            p->pos++;
            return 1;
        }
        if (c == '-') {
            size_t j = p->pos;
            while (j < p->n && p->cp[j] == '-') j++;
            if (j >= p->n || qp_is_space(p->cp[j]) || p->cp[j] == ')') {
                p->pos = j;            /* a dash standing alone: punctuation */
                continue;
            }
            t->neg = 1;
            t->negcol = p->pos + 1;
            p->pos = j;
            c = p->cp[j];
            if (c == '(') {
                t->kind = TK_LP;
                t->col = p->pos + 1;
                p->pos++;
                return 1;
            }
        }
        size_t s = p->pos;
        if (is_quote(c)) {
            size_t close = find_close_quote(p, s);
            if (close >= p->n) {
                qp_fail(p, s + 1, "unbalanced quote opened at column %zu", s + 1);
                return 0;
            }
            p->pos = close + 1;
            size_t a = s + 1, b = close;
            trim(p, &a, &b);
            if (!has_alnum(p, a, b)) continue;   /* "" or "…": nothing to find */
            t->kind = TK_PHRASE;
            t->col = s + 1;
            t->s = a;
            t->e = b;
            return 1;
        }
        size_t j = s;
        while (j < p->n && !is_delim(p->cp[j])) j++;
        size_t k = s;
        while (k < j && is_ascii_letter(p->cp[k])) k++;
        if (k > s && k < j && p->cp[k] == ':') {
            int neg = t->neg;
            size_t negcol = t->negcol;
            int r = lex_field(p, s, k, j, t);
            if (r < 0) return 0;
            if (r > 0) {
                t->neg = neg;
                t->negcol = negcol;
                return 1;
            }
        }
        p->pos = j;
        if (!t->neg && j - s <= 3) {
            static const char *const ops[] = { "AND", "OR", "NOT" };
            static const int kinds[] = { TK_AND, TK_OR, TK_NOT };
            for (int o = 0; o < 3; o++) {
                size_t L = strlen(ops[o]), i = 0;
                if (L != j - s) continue;
                while (i < L && p->cp[s + i] == (uint32_t)ops[o][i]) i++;
                if (i == L) {
                    t->kind = kinds[o];
                    t->col = s + 1;
                    return 1;
                }
            }
        }
        if (!has_alnum(p, s, j)) continue;       /* punctuation only: skip (with its '-') */
        t->kind = TK_WORD;
        t->col = s + 1;
        t->s = s;
        t->e = j;
        return 1;
    }
}
