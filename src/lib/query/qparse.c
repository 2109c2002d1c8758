/* qparse: the tree — nodes, the recursive-descent parser, its checks, vb_qparse(), describe. */
/* The query-language parser: string -> syntax tree (see qparse.h and
 * docs/query-syntax.md).  The query is decoded into code points once; a lexer
 * (qparse_lex.c) hands out one token at a time to a recursive-descent parser,
 * so the error reported is the leftmost one.  Field values are read by
 * qparse_field.c and qparse_date.c. */
#include "query/qparse_internal.h"

/* ------------------------------------------------------------------ nodes */

void vb_qnode_free(vb_qnode_t *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nkids; i++) vb_qnode_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n->number);
    free(n->pinpoint);
    free(n);
}

vb_qnode_t *qp_new_node(parser_t *p, vb_qnode_kind_t kind, size_t col)
{
    vb_qnode_t *n = calloc(1, sizeof *n);
    if (!n) { qp_fail_nomem(p); return NULL; }
    n->kind = kind;
    n->column = col;
    return n;
}

/* A growable list of kids. */
typedef struct {
    vb_qnode_t **v;
    size_t n, cap;
} kids_t;

static void kids_free(kids_t *k)
{
    for (size_t i = 0; i < k->n; i++) vb_qnode_free(k->v[i]);
    free(k->v);
    k->v = NULL;
    k->n = k->cap = 0;
}

/* Append X to K, splicing X's kids when X is of kind FLAT (AND into AND,
 * OR into OR).  Takes X in every case.  Returns 0 on out of memory. */
static int kids_add(parser_t *p, kids_t *k, vb_qnode_t *x, vb_qnode_kind_t flat)
{
    size_t add = x->kind == flat ? x->nkids : 1;
    if (k->n + add > k->cap) {
        size_t cap = k->cap ? k->cap : 4;
        while (cap < k->n + add) cap *= 2;
        vb_qnode_t **v = realloc(k->v, cap * sizeof *v);
        if (!v) { vb_qnode_free(x); qp_fail_nomem(p); return 0; }
        k->v = v;
        k->cap = cap;
    }
    if (x->kind == flat) {
        memcpy(k->v + k->n, x->kids, x->nkids * sizeof *x->kids);
        k->n += x->nkids;
        x->nkids = 0;
        vb_qnode_free(x);
    } else {
        k->v[k->n++] = x;
    }
    return 1;
}

/* Turn the list into one node: its only element, or an n-ary KIND node. */
static vb_qnode_t *kids_finish(parser_t *p, kids_t *k, vb_qnode_kind_t kind)
{
    if (k->n == 1) {
        vb_qnode_t *x = k->v[0];
        free(k->v);
        k->v = NULL;
        k->n = k->cap = 0;
        return x;
    }
    vb_qnode_t *n = qp_new_node(p, kind, k->v[0]->column);
    if (!n) { kids_free(k); return NULL; }
    n->kids = k->v;
    n->nkids = k->n;
    k->v = NULL;
    k->n = k->cap = 0;
    return n;
}

/* ------------------------------------------------------------------ parser */

static int starts_unary(int kind)
{
    return kind == TK_WORD || kind == TK_PHRASE || kind == TK_FIELD || kind == TK_LP
        || kind == TK_NOT;
}

static vb_qnode_t *parse_or(parser_t *p, size_t depth);

/* primary = word | phrase | field | "(" or-expr ")" — the current token. */
static vb_qnode_t *parse_primary(parser_t *p, size_t depth)
{
    tok_t t = p->tok;
    vb_qnode_t *n = NULL;
    switch (t.kind) {
    case TK_WORD: case TK_PHRASE:
        n = qp_new_node(p, t.kind == TK_WORD ? VB_QN_TERM : VB_QN_PHRASE, t.col);
        if (!n) return NULL;
        n->quoted = t.kind == TK_PHRASE;
        n->text = qp_make_text(p, t.s, t.e);
        if (!n->text) { vb_qnode_free(n); return NULL; }
        break;
    case TK_FIELD:
        n = qp_field_node(p, &t);
        if (!n) return NULL;
        break;
    case TK_LP:
        if (depth >= VB_QUERY_MAX_DEPTH) {
            qp_fail(p, t.col, "too deeply nested: more than %d parentheses at column %zu",
                 VB_QUERY_MAX_DEPTH, t.col);
            return NULL;
        }
        if (!qp_next_token(p)) return NULL;
        if (p->tok.kind == TK_RP) {
            qp_fail(p, t.col, "empty parentheses at column %zu", t.col);
            return NULL;
        }
        if (p->tok.kind == TK_END) {
            qp_fail(p, t.col, "unbalanced parenthesis opened at column %zu", t.col);
            return NULL;
        }
        n = parse_or(p, depth + 1);
        if (!n) return NULL;
        if (p->tok.kind != TK_RP) {
            vb_qnode_free(n);
            qp_fail(p, t.col, "unbalanced parenthesis opened at column %zu", t.col);
            return NULL;
        }
        break;
    default:
        qp_fail(p, t.col, "expected a term at column %zu", t.col);   /* not reached */
        return NULL;
    }
    if (!qp_next_token(p)) { vb_qnode_free(n); return NULL; }
    return n;
}

/* unary = { "NOT" } [ "-" ] primary; double exclusions cancel. */
static vb_qnode_t *parse_unary(parser_t *p, size_t depth)
{
    size_t negs = 0, col = 0;
    while (p->tok.kind == TK_NOT) {
        size_t c = p->tok.col;
        if (!negs++) col = c;
        if (!qp_next_token(p)) return NULL;
        if (!starts_unary(p->tok.kind)) {
            qp_fail(p, c, "NOT at column %zu needs a term after it", c);
            return NULL;
        }
    }
    if (p->tok.neg) {
        if (!negs++) col = p->tok.negcol;
    }
    vb_qnode_t *x = parse_primary(p, depth);
    if (!x) return NULL;
    if (negs % 2 == 0) return x;
    if (x->kind == VB_QN_NOT) {            /* -(-a) */
        vb_qnode_t *k = x->kids[0];
        x->nkids = 0;
        vb_qnode_free(x);
        return k;
    }
    vb_qnode_t *n = qp_new_node(p, VB_QN_NOT, col);
    if (!n) { vb_qnode_free(x); return NULL; }
    n->kids = malloc(sizeof *n->kids);
    if (!n->kids) { vb_qnode_free(x); vb_qnode_free(n); qp_fail_nomem(p); return NULL; }
    n->kids[0] = x;
    n->nkids = 1;
    return n;
}

/* Bare words typed next to each other form one expression: Vietnamese writes
 * every syllable apart, so "tín dụng đen" means the compound words it spells,
 * not three syllables anywhere in a clause. Appends B's text to A. */
static int merge_words(parser_t *p, vb_qnode_t *a, vb_qnode_t *b)
{
    size_t la = strlen(a->text), lb = strlen(b->text);
    char *t = realloc(a->text, la + lb + 2);
    if (!t) { qp_fail_nomem(p); return 0; }
    t[la] = ' ';
    memcpy(t + la + 1, b->text, lb + 1);
    a->text = t;
    return 1;
}

/* and-expr = unary { [ "AND" ] unary } */
static vb_qnode_t *parse_and(parser_t *p, size_t depth)
{
    kids_t k = { 0 };
    int explicit_and = 0, prev_bare = 0;
    for (;;) {
        int kind = p->tok.kind;
        if (kind == TK_AND) {
            explicit_and = 1;
            size_t c = p->tok.col;
            if (k.n == 0) {
                qp_fail(p, c, "AND at column %zu needs a term before it", c);
                break;
            }
            if (!qp_next_token(p)) break;
            if (!starts_unary(p->tok.kind)) {
                qp_fail(p, c, "AND at column %zu needs a term after it", c);
                break;
            }
            continue;
        }
        if (!starts_unary(kind)) {
            if (k.n > 0) return kids_finish(p, &k, VB_QN_AND);
            if (kind == TK_OR)
                qp_fail(p, p->tok.col, "OR at column %zu needs a term before it", p->tok.col);
            else if (kind == TK_RP)
                qp_fail(p, p->tok.col, "unbalanced parenthesis: ')' at column %zu has no '('",
                     p->tok.col);
            else
                qp_fail(p, 1, "the query is empty");
            break;
        }
        /* only a word written bare (no quotes, parentheses, field or exclusion) joins its neighbour */
        int bare = kind == TK_WORD && !p->tok.neg;
        vb_qnode_t *x = parse_unary(p, depth);
        if (!x) break;
        if (bare && prev_bare && !explicit_and && k.n > 0 && x->kind == VB_QN_TERM &&
            k.v[k.n - 1]->kind == VB_QN_TERM) {
            int merged = merge_words(p, k.v[k.n - 1], x);
            vb_qnode_free(x);
            if (!merged) break;
            continue;
        }
        explicit_and = 0;
        prev_bare = bare;
        if (!kids_add(p, &k, x, VB_QN_AND)) break;
    }
    kids_free(&k);
    return NULL;
}

/* or-expr = and-expr { "OR" and-expr } */
static vb_qnode_t *parse_or(parser_t *p, size_t depth)
{
    kids_t k = { 0 };
    vb_qnode_t *x = parse_and(p, depth);
    if (!x || !kids_add(p, &k, x, VB_QN_OR)) return NULL;
    while (p->tok.kind == TK_OR) {
        size_t c = p->tok.col;
        if (!qp_next_token(p)) goto bad;
        if (!starts_unary(p->tok.kind)) {
            qp_fail(p, c, "OR at column %zu needs a term after it", c);
            goto bad;
        }
        x = parse_and(p, depth);
        if (!x || !kids_add(p, &k, x, VB_QN_OR)) goto bad;
    }
    return kids_finish(p, &k, VB_QN_OR);
bad:
    kids_free(&k);
    return NULL;
}

/* Does N match something by itself (not only as an exclusion)? */
static int positive(const vb_qnode_t *n)
{
    switch (n->kind) {
    case VB_QN_NOT:
        return 0;
    case VB_QN_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (positive(n->kids[i])) return 1;
        return 0;
    case VB_QN_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (!positive(n->kids[i])) return 0;
        return 1;
    default:
        return 1;
    }
}

/* Is there a term anywhere outside every exclusion? */
static int has_positive_leaf(const vb_qnode_t *n)
{
    switch (n->kind) {
    case VB_QN_NOT:
        return 0;
    case VB_QN_AND: case VB_QN_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (has_positive_leaf(n->kids[i])) return 1;
        return 0;
    default:
        return 1;
    }
}

/* Every OR alternative and every exclusion must hold a positive term. */
static int check_positive(parser_t *p, const vb_qnode_t *n)
{
    if (n->kind == VB_QN_OR) {
        for (size_t i = 0; i < n->nkids; i++)
            if (!positive(n->kids[i])) {
                qp_fail(p, n->kids[i]->column, "the OR alternative at column %zu only excludes; "
                     "it needs at least one positive term", n->kids[i]->column);
                return 0;
            }
    }
    if (n->kind == VB_QN_NOT && !positive(n->kids[0])) {
        qp_fail(p, n->column, "the exclusion at column %zu needs at least one positive term "
             "inside it", n->column);
        return 0;
    }
    for (size_t i = 0; i < n->nkids; i++)
        if (!check_positive(p, n->kids[i])) return 0;
    return 1;
}

/* ------------------------------------------------------------------ entry */

static void put_error(const char *msg, char *errbuf, size_t errcap)
{
    if (!errbuf || errcap == 0) return;
    size_t n = strlen(msg);
    if (n >= errcap) {
        n = errcap - 1;
        while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80) n--;   /* char boundary */
    }
    memcpy(errbuf, msg, n);
    errbuf[n] = '\0';
}

vb_status_t vb_qparse(const char *query, size_t len, vb_qnode_t **out,
                      char *errbuf, size_t errcap, size_t *errcol)
{
    if (errbuf && errcap) errbuf[0] = '\0';
    if (errcol) *errcol = 0;
    if (!out || (!query && len > 0)) return VB_ERR_INVALID_ARG;

    parser_t p;
    memset(&p, 0, sizeof p);
    p.st = VB_OK;
    vb_qnode_t *root = NULL;

    if (len > VB_QUERY_MAX) {
        qp_fail(&p, 1, "the query is too long: %zu bytes (at most %d)", len, VB_QUERY_MAX);
        goto done;
    }
    p.cp = malloc((len ? len : 1) * sizeof *p.cp);
    if (!p.cp) { qp_fail_nomem(&p); goto done; }
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t k = vb_utf8_decode((const unsigned char *)query + i, len - i, &c);
        if (c == 0xFFFD && k == 1 && (unsigned char)query[i] >= 0x80) {
            qp_fail(&p, p.n + 1, "invalid UTF-8 (byte 0x%02X) at column %zu",
                 (unsigned)(unsigned char)query[i], p.n + 1);
            goto done;
        }
        p.cp[p.n++] = c;
        i += k;
    }
    if (!qp_next_token(&p)) goto done;
    if (p.tok.kind == TK_END) {
        qp_fail(&p, 1, "the query is empty");
        goto done;
    }
    root = parse_or(&p, 0);
    if (!root) goto done;
    if (p.tok.kind != TK_END) {
        /* parse_or stops only at END or an unmatched ')' */
        qp_fail(&p, p.tok.col, "unbalanced parenthesis: ')' at column %zu has no '('", p.tok.col);
        goto done;
    }
    if (!has_positive_leaf(root)) {
        qp_fail(&p, root->column, "a query needs at least one positive term, not only "
             "exclusions (column %zu)", root->column);
        goto done;
    }
    check_positive(&p, root);

done:
    free(p.cp);
    if (p.st != VB_OK) {
        vb_qnode_free(root);
        put_error(p.msg, errbuf, errcap);
        if (errcol) *errcol = p.errcol;
        return p.st;
    }
    *out = root;
    return VB_OK;
}

/* ------------------------------------------------------------------ describe */

static void put_quoted(vb_buf_t *b, const char *s)
{
    vb_buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') vb_buf_putc(b, '\\');
        vb_buf_putc(b, *s);
    }
    vb_buf_putc(b, '"');
}

static void describe(const vb_qnode_t *n, vb_buf_t *b)
{
    switch (n->kind) {
    case VB_QN_TERM:
        vb_buf_puts(b, "(TERM ");
        put_quoted(b, n->text);
        break;
    case VB_QN_PHRASE:
        vb_buf_puts(b, "(PHRASE ");
        put_quoted(b, n->text);
        break;
    case VB_QN_AND: case VB_QN_OR: case VB_QN_NOT:
        vb_buf_puts(b, n->kind == VB_QN_AND ? "(AND" : n->kind == VB_QN_OR ? "(OR" : "(NOT");
        for (size_t i = 0; i < n->nkids; i++) {
            vb_buf_putc(b, ' ');
            describe(n->kids[i], b);
        }
        break;
    case VB_QN_FIELD:
        vb_buf_printf(b, "(FIELD %s ", vb_qfield_name(n->field));
        if (n->field == VB_QF_YEAR || n->field == VB_QF_DATE || n->field == VB_QF_EFFECTIVE) {
            vb_buf_printf(b, "%s..%s", n->lo, n->hi);
            break;
        }
        put_quoted(b, n->number ? n->number : n->text);
        if (n->pinpoint) {
            vb_buf_puts(b, " pin ");
            put_quoted(b, n->pinpoint);
        }
        if (n->quoted) vb_buf_puts(b, " quoted");
        break;
    }
    vb_buf_putc(b, ')');
}

size_t vb_qnode_describe(const vb_qnode_t *n, vb_buf_t *out)
{
    if (!out) return 0;
    size_t before = out->len;
    if (!n) vb_buf_puts(out, "()");
    else describe(n, out);
    return out->oom ? 0 : out->len - before;
}
