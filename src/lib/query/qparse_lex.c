/* qparse: the lexer — characters, spans, field names, tokens; and the parser's errors. */
#include <stdarg.h>
#include <stdio.h>
#include <utf8proc.h>
#include "query/qparse_internal.h"

/* ------------------------------------------------------------------ fields */

/* The one table of field names.  Names are matched by their folded form (no
 * diacritics, đ -> d, lower case: vb_term_fold), so `loại:`, `LOẠI:`, `loai:`
 * and `loại:` typed in NFD are one name; `shown` is how messages and the
 * "known:" list write it (Vietnamese first, then English).  A Vietnamese name
 * of two words ("cơ quan", "người ký", "chủ đề", "trích dẫn") may also be
 * typed with its space: qp_next_token() joins the two words. */
static const struct {
    const char *name;     /* folded */
    const char *shown;
    vb_qfield_t field;
} field_names[] = {
    { "so", "số", VB_QF_NUMBER },           { "number", "number", VB_QF_NUMBER },
    { "loai", "loại", VB_QF_TYPE },         { "type", "type", VB_QF_TYPE },
    { "coquan", "cơ quan", VB_QF_ISSUER },  { "issuer", "issuer", VB_QF_ISSUER },
    { "giao", "giao", VB_QF_ASSIGNEE },     { "assignee", "assignee", VB_QF_ASSIGNEE },
    { "chutri", "chủ trì", VB_QF_LEAD },    { "lead", "lead", VB_QF_LEAD },
    { "gui", "gửi", VB_QF_TO },             { "to", "to", VB_QF_TO },
    { "trichdan", "trích dẫn", VB_QF_REF }, { "ref", "ref", VB_QF_REF },
    { "nguoiky", "người ký", VB_QF_SIGNER },{ "signer", "signer", VB_QF_SIGNER },
    { "nam", "năm", VB_QF_YEAR },           { "year", "year", VB_QF_YEAR },
    { "ngay", "ngày", VB_QF_DATE },         { "date", "date", VB_QF_DATE },
    { "chude", "chủ đề", VB_QF_TOPIC },     { "topic", "topic", VB_QF_TOPIC },
    { "vaitro", "vai trò", VB_QF_ROLE },    { "role", "role", VB_QF_ROLE },
    { "hieuluc", "hiệu lực", VB_QF_EFFECTIVE }, { "effective", "effective", VB_QF_EFFECTIVE },
};
#define N_FIELD_NAMES (sizeof field_names / sizeof field_names[0])

/* Longest field name tried, in code points (longer "word:" is plain text). */
#define FIELD_NAME_MAX 24

static const char *const canonical_names[VB_QF_COUNT_] = {
    "", "number", "type", "issuer", "to", "ref", "signer", "year", "date", "topic", "assignee", "lead",
    "role", "effective"
};

const char *vb_qfield_name(vb_qfield_t f)
{
    if ((int)f < 0 || f >= VB_QF_COUNT_) return "";
    return canonical_names[f];
}

/* The folded form of NAME (LEN bytes of UTF-8) in BUF; 0 when too long. */
static size_t fold_name(const char *name, size_t len, char *buf, size_t cap)
{
    size_t n = vb_term_fold(name, len, buf, cap);
    return n + 2 >= cap ? 0 : n;
}

static vb_qfield_t lookup_folded(const char *f, size_t n)
{
    for (size_t i = 0; i < N_FIELD_NAMES; i++)
        if (strlen(field_names[i].name) == n && memcmp(field_names[i].name, f, n) == 0)
            return field_names[i].field;
    return VB_QF_NONE;
}

vb_qfield_t vb_qfield_lookup(const char *name, size_t len)
{
    if (!name) return VB_QF_NONE;
    char f[4 * FIELD_NAME_MAX + 8];
    size_t n = fold_name(name, len, f, sizeof f);
    return n ? lookup_folded(f, n) : VB_QF_NONE;
}

/* Edit distance (insertions, deletions, substitutions, swaps of two
 * neighbours) between A and B, both shorter than FIELD_NAME_MAX * 4 bytes. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[4 * FIELD_NAME_MAX + 9][4 * FIELD_NAME_MAX + 9];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The known name nearest to the folded F (N bytes), when it is close: one
 * edit for names of up to 4 letters, two for longer ones; NULL otherwise.
 * TWO_WORD: only the names Vietnamese writes as two words. */
static const char *nearest_name(const char *f, size_t n, int two_word)
{
    if (n == 0 || n >= 4 * FIELD_NAME_MAX + 8) return NULL;
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < N_FIELD_NAMES; i++) {
        const char *a = field_names[i].name;
        if (two_word && !strchr(field_names[i].shown, ' ')) continue;
        size_t la = strlen(a);
        size_t d = edit_distance(f, n, a, la);
        size_t longer = la > n ? la : n;
        size_t limit = two_word ? 1 : longer <= 4 ? 1 : 2;
        if (d <= limit && d < bestd && d < la) { best = a; bestd = d; }
    }
    return best;
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

/* A letter of a field name: ASCII letters, any other letter, and combining
 * marks (a name typed in NFD).  No digits: "8:30", "2020:x" are text. */
static int is_name_char(uint32_t c)
{
    if (c < 0x80) return is_ascii_letter(c);
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
        return 1;
    default:
        return 0;
    }
}

/* Fold the name made of cp[a1..b1) and cp[a2..b2) (the second range may be
 * empty) into F; returns its length, 0 when too long. */
static size_t fold_cp_name(const parser_t *p, size_t a1, size_t b1, size_t a2, size_t b2,
                           char *f, size_t cap)
{
    if ((b1 - a1) + (b2 - a2) > FIELD_NAME_MAX) return 0;
    char u[4 * FIELD_NAME_MAX + 4];
    size_t o = 0;
    for (size_t i = a1; i < b1; i++) o += vb_utf8_encode(p->cp[i], u + o);
    for (size_t i = a2; i < b2; i++) o += vb_utf8_encode(p->cp[i], u + o);
    return fold_name(u, o, f, cap);
}

/* A field name at S, whose word ends at J.  One word: letters, then ':'
 * inside the word.  Two words: a word of letters only, white space, then
 * letters and ':', when the two fold together to a known name ("cơ quan:")
 * or, for the error message, nearly so ("cơ quam:").  Returns 1 with
 * *COLON (index of the ':'), *WEND (end of the word holding it), *F (the
 * field or VB_QF_NONE) and *NEAR (a close known name or NULL); else 0. */
typedef struct {
    size_t colon, wend;
    vb_qfield_t f;
    const char *near;
} fname_t;

static int field_name_at(const parser_t *p, size_t s, size_t j, fname_t *fn)
{
    char f[4 * FIELD_NAME_MAX + 8];
    size_t k = s;
    while (k < j && is_name_char(p->cp[k])) k++;
    if (k == s) return 0;
    if (k < j && p->cp[k] == ':') {
        if (k - s > FIELD_NAME_MAX) return 0;
        size_t n = fold_cp_name(p, s, k, 0, 0, f, sizeof f);
        fn->colon = k;
        fn->wend = j;
        fn->f = n ? lookup_folded(f, n) : VB_QF_NONE;
        fn->near = fn->f == VB_QF_NONE ? nearest_name(f, n, 0) : NULL;
        return 1;
    }
    if (k != j || j >= p->n || !qp_is_space(p->cp[j])) return 0;
    size_t t = j;
    while (t < p->n && qp_is_space(p->cp[t])) t++;
    size_t k2 = t;
    while (k2 < p->n && is_name_char(p->cp[k2])) k2++;
    if (k2 == t || k2 >= p->n || p->cp[k2] != ':') return 0;
    size_t n = fold_cp_name(p, s, j, t, k2, f, sizeof f);
    if (!n) return 0;
    fn->f = lookup_folded(f, n);
    fn->near = fn->f == VB_QF_NONE ? nearest_name(f, n, 1) : NULL;
    if (fn->f == VB_QF_NONE && !fn->near) return 0;
    fn->colon = k2;
    size_t w = k2;
    while (w < p->n && !is_delim(p->cp[w])) w++;
    fn->wend = w;
    return 1;
}

/* Would a field name at S be taken as one (known, or an unknown field error)? */
static int starts_field(const parser_t *p, size_t s, size_t j)
{
    fname_t fn;
    if (!field_name_at(p, s, j, &fn)) return 0;
    size_t v = fn.colon + 1;
    if (v >= p->n || qp_is_space(p->cp[v]) || is_paren(p->cp[v])) return fn.f != VB_QF_NONE;
    return !(p->cp[v] == '/' && v + 1 < p->n && p->cp[v + 1] == '/');
}

/* After an unquoted field value ending at POS: the end of the bare words that
 * follow it (words that the parser would read as free text, up to a quote,
 * parenthesis, exclusion, operator, field or the end), or POS when none. */
static size_t bare_words_after(const parser_t *p, size_t pos)
{
    size_t end = pos;
    for (;;) {
        while (pos < p->n && qp_is_space(p->cp[pos])) pos++;
        if (pos >= p->n) return end;
        uint32_t c = p->cp[pos];
        if (is_quote(c) || is_paren(c)) return end;
        if (c == '-') {
            size_t j = pos;
            while (j < p->n && p->cp[j] == '-') j++;
            if (j < p->n && !qp_is_space(p->cp[j]) && p->cp[j] != ')') return end;
            pos = j;               /* a dash standing alone: punctuation */
            continue;
        }
        size_t j = pos;
        while (j < p->n && !is_delim(p->cp[j])) j++;
        if (j - pos <= 3) {
            static const char *const ops[] = { "AND", "OR", "NOT" };
            for (int o = 0; o < 3; o++) {
                size_t L = strlen(ops[o]), i = 0;
                if (L != j - pos) continue;
                while (i < L && p->cp[pos + i] == (uint32_t)ops[o][i]) i++;
                if (i == L) return end;
            }
        }
        if (starts_field(p, pos, j)) return end;
        if (has_alnum(p, pos, j)) end = j;
        pos = j;
    }
}

/* Does a field's unquoted value take one token only, so that words after it
 * are free text?  Years, dates, and numbers (a value with a digit). */
static int single_token_value(const parser_t *p, vb_qfield_t f, size_t s, size_t e)
{
    if (f == VB_QF_YEAR || f == VB_QF_DATE || f == VB_QF_EFFECTIVE) return 1;
    if (f == VB_QF_NUMBER || f == VB_QF_REF) {
        for (size_t i = s; i < e; i++)
            if (qp_is_digit(p->cp[i])) return 1;
    }
    return 0;
}

static void known_list(char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (int english = 0; english < 2; english++)
        for (size_t i = english; i < N_FIELD_NAMES; i += 2) {
            /* the table pairs each Vietnamese name with its English one */
            int w = snprintf(out + o, cap - o, "%s%s", o ? ", " : "", field_names[i].shown);
            if (w < 0 || (size_t)w >= cap - o) return;
            o += (size_t)w;
        }
}

/* Lex the field whose name is cp[s..fn->colon) (one or two words).
 * Returns 1 with the token filled, 0 when this is not a field attempt (the
 * caller lexes a word), -1 on error. */
static int lex_field(parser_t *p, size_t s, const fname_t *fn, tok_t *t)
{
    size_t k = fn->colon, v = k + 1;
    vb_qfield_t f = fn->f;
    int has_value = v < p->n && !qp_is_space(p->cp[v]) && !is_paren(p->cp[v]);
    char name[4 * FIELD_NAME_MAX + 16];
    qp_quote_for_msg(p, s, k + 1, name, sizeof name);
    if (!has_value) {
        if (f == VB_QF_NONE) return 0;       /* "Note: text" */
        /* "Số: 5287/BCĐ" as documents write it: show where the value goes */
        size_t a = v;
        while (a < p->n && qp_is_space(p->cp[a])) a++;
        size_t b = a;
        while (b < p->n && !is_delim(p->cp[b])) b++;
        if (a > v && b > a && a < p->n && !is_paren(p->cp[a])) {
            char val[200];
            qp_quote_for_msg(p, a, b, val, sizeof val);
            qp_fail(p, s + 1, "empty value for field '%s' at column %zu (write the value "
                    "right after the colon: %s%s)", name, s + 1, name, val);
        } else {
            qp_fail(p, s + 1, "empty value for field '%s' at column %zu", name, s + 1);
        }
        return -1;
    }
    /* "http://…", "https://…": a web address, text */
    if (p->cp[v] == '/' && v + 1 < p->n && p->cp[v + 1] == '/') return 0;
    if (f == VB_QF_NONE) {
        if (fn->near) {
            qp_fail(p, s + 1, "unknown field '%s' at column %zu; did you mean %s:?",
                    name, s + 1, fn->near);
        } else {
            char known[400];
            known_list(known, sizeof known);
            qp_fail(p, s + 1, "unknown field '%s' at column %zu (known: %s; diacritics "
                    "optional)", name, s + 1, known);
        }
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
        t->e = fn->wend;
        p->pos = fn->wend;
        if (f == VB_QF_NUMBER || f == VB_QF_REF)
            while (t->e > t->s && (p->cp[t->e - 1] == '.' || p->cp[t->e - 1] == ','
                                   || p->cp[t->e - 1] == ';'))
                t->e--;
    }
    /* a date range may be made of punctuation only ("..") and is judged later */
    int dated = f == VB_QF_DATE || f == VB_QF_YEAR || f == VB_QF_EFFECTIVE;
    if (dated ? t->e == t->s : !has_alnum(p, t->s, t->e)) {
        qp_fail(p, s + 1, "empty value for field '%s' at column %zu", name, s + 1);
        return -1;
    }
    /* a value of several words must be quoted: never split "coquan:Hải Phòng"
     * into coquan:Hải and the word Phòng */
    if (!t->quoted && !single_token_value(p, f, t->s, t->e)) {
        size_t more = bare_words_after(p, fn->wend);
        if (more > fn->wend) {
            char val[200];
            qp_quote_for_msg(p, v, more, val, sizeof val);
            qp_fail(p, s + 1, "the value of field '%s' at column %zu is followed by more words: "
                    "put the value in quotes (%s\"%s\"), or write AND before the words that "
                    "are not part of it", name, s + 1, name, val);
            return -1;
        }
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
        fname_t fn;
        if (field_name_at(p, s, j, &fn)) {
            int neg = t->neg;
            size_t negcol = t->negcol;
            int r = lex_field(p, s, &fn, t);
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
