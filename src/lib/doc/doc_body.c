/* Body of a document: paragraphs, numbered items, Điều/khoản/điểm, bullets,
 * closing paragraphs; clause paths and labels (assignees: doc_assign.c). */
#include <stdio.h>
#include "doc/doc_internal.h"

enum { MK_NONE = 0, MK_DIEU, MK_CHUONG, MK_MUC, MK_PHAN, MK_ROMAN, MK_NUM, MK_DEC, MK_LETTER, MK_DASH, MK_PLUS };

typedef struct {
    int kind;
    char seg[24];     /* "5", "II", "1.2", "a", "d5" */
    long num;
    size_t content;   /* offset of the text after the marker */
} marker_t;

typedef struct {
    size_t first, last;   /* line indexes */
    marker_t m;
} block_t;

/* ---------------------------------------------------------------- clauses */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int pset_has(dctx_t *c, const char *p)
{
    if (!c->pset_cap) return 0;
    size_t m = c->pset_cap - 1, i = (size_t)hash_str(p) & m;
    while (c->pset[i]) {
        if (!strcmp(c->pset[i], p)) return 1;
        i = (i + 1) & m;
    }
    return 0;
}

static void pset_add(dctx_t *c, char *p)
{
    if ((c->pset_n + 1) * 2 > c->pset_cap) {
        size_t nc = c->pset_cap ? c->pset_cap * 2 : 64;
        char **nv = calloc(nc, sizeof *nv);
        if (!nv) { c->oom = 1; return; }
        for (size_t k = 0; k < c->pset_cap; k++) {
            char *q = c->pset[k];
            if (!q) continue;
            size_t i = (size_t)hash_str(q) & (nc - 1);
            while (nv[i]) i = (i + 1) & (nc - 1);
            nv[i] = q;
        }
        free(c->pset);
        c->pset = nv;
        c->pset_cap = nc;
    }
    size_t m = c->pset_cap - 1, i = (size_t)hash_str(p) & m;
    while (c->pset[i]) i = (i + 1) & m;
    c->pset[i] = p;   /* borrowed: owned by the clause */
    c->pset_n++;
}

/* Create a clause; makes the path unique. Returns its index, or (size_t)-1 on OOM. */
size_t d_new_clause(dctx_t *c, const char *path, const char *label, unsigned line)
{
    vb_doc_t *d = c->doc;
    if (d->clause_count == c->ccap) {
        size_t nc = c->ccap ? c->ccap * 2 : 32;
        vb_clause_t *nv = realloc(d->clauses, nc * sizeof *nv);
        if (!nv) { c->oom = 1; return (size_t)-1; }
        d->clauses = nv;
        ctext_t *nt = realloc(c->ct, nc * sizeof *nt);
        if (!nt) { c->oom = 1; return (size_t)-1; }
        c->ct = nt;
        c->ccap = nc;
    }
    char pbuf[96], lbuf[160];
    snprintf(pbuf, sizeof pbuf, "%s", path);
    snprintf(lbuf, sizeof lbuf, "%s", label);
    if (pset_has(c, pbuf)) {
        for (unsigned k = 2; k < 100000; k++) {
            snprintf(pbuf, sizeof pbuf, "%s~%u", path, k);
            if (!pset_has(c, pbuf)) {
                snprintf(lbuf, sizeof lbuf, "%s (lần %u)", label, k);
                break;
            }
        }
        d_warn(c, "duplicate clause number %s at line %u", path, line);
    }
    vb_clause_t *cl = &d->clauses[d->clause_count];
    memset(cl, 0, sizeof *cl);
    cl->path = vb_strndup(pbuf, strlen(pbuf));
    cl->label = vb_strndup(lbuf, strlen(lbuf));
    cl->line = line;
    memset(&c->ct[d->clause_count], 0, sizeof(ctext_t));
    if (!cl->path || !cl->label) { c->oom = 1; free(cl->path); free(cl->label); return (size_t)-1; }
    pset_add(c, cl->path);
    return d->clause_count++;
}

void d_clause_line(dctx_t *c, size_t ci, const dline_t *l)
{
    if (ci == (size_t)-1 || l->kind != LK_TEXT) return;
    ctext_t *t = &c->ct[ci];
    if (t->mn == t->mcap) {
        size_t nc = t->mcap ? t->mcap * 2 : 4;
        size_t *no = realloc(t->moff, nc * sizeof *no);
        if (!no) { c->oom = 1; return; }
        t->moff = no;
        unsigned *nl = realloc(t->mline, nc * sizeof *nl);
        if (!nl) { c->oom = 1; return; }
        t->mline = nl;
        t->mcap = nc;
    }
    size_t before = t->text.len;
    if (before) vb_buf_putc(&t->text, ' ');
    size_t start = t->text.len;
    d_append_clean(&t->text, l->s, l->n);
    if (t->text.len == start) { t->text.len = before; return; }
    t->moff[t->mn] = start;
    t->mline[t->mn] = l->no;
    t->mn++;
    if (t->text.oom) c->oom = 1;
}

/* ---------------------------------------------------------------- markers */

static int roman_value(const char *s, size_t n, long *v)
{
    long total = 0, prev = 0;
    if (n == 0 || n > 7) return 0;
    for (size_t i = n; i > 0; i--) {
        long x;
        switch (s[i - 1]) {
        case 'I': x = 1; break;
        case 'V': x = 5; break;
        case 'X': x = 10; break;
        case 'L': x = 50; break;
        default: return 0;
        }
        if (x < prev) total -= x;
        else { total += x; prev = x; }
    }
    if (total <= 0 || total > 60) return 0;
    /* reject non-canonical forms like IIII, VV */
    /* (S is inside the whole text: look no further than its N bytes, not to the text's end) */
    for (size_t i = 0; i < n; i++)
        if (s[i] == 'I' && s[i + 1] == 'I' && s[i + 2] == 'I' && s[i + 3] == 'I') return 0;
    *v = total;
    return 1;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    return i;
}

static int heading_word(const char *s, size_t n, const char *w, size_t *after)
{
    char f[16];
    size_t e = 0;
    while (e < n && e < 12 && s[e] != ' ') e++;
    if (e >= n || e >= 12) return 0;
    d_fold(s, e, f, sizeof f);
    if (strcmp(f, w)) return 0;
    *after = skip_sp(s, n, e);
    return 1;
}

static void detect_marker(const char *s, size_t n, marker_t *m)
{
    memset(m, 0, sizeof *m);
    if (n == 0) return;
    size_t a;
    unsigned char c0 = (unsigned char)s[0];
    /* Điều N. / Chương / Mục / Phần */
    if ((c0 == 0xC4 || c0 == 'D' || c0 == 'C' || c0 == 'M' || c0 == 'P') && n >= 4) {
        if (heading_word(s, n, "dieu", &a) && a < n && s[a] >= '0' && s[a] <= '9') {
            size_t e = a;
            long v = 0;
            while (e < n && e - a < 4 && s[e] >= '0' && s[e] <= '9') v = v * 10 + (s[e++] - '0');
            size_t le = e;
            if (le < n && s[le] >= 'a' && s[le] <= 'z' && (le + 1 == n || s[le + 1] == '.' || s[le + 1] == ':' || s[le + 1] == ' '))
                le++;
            size_t p = skip_sp(s, n, le);
            if (p == n || s[p] == '.' || s[p] == ':') {
                m->kind = MK_DIEU;
                m->num = v;
                snprintf(m->seg, sizeof m->seg, "d%.*s", (int)(le - a), s + a);
                m->content = p < n ? skip_sp(s, n, p + 1) : n;
                return;
            }
            return;
        }
        int hk = 0;
        if (heading_word(s, n, "chuong", &a)) hk = MK_CHUONG;
        else if (heading_word(s, n, "muc", &a)) hk = MK_MUC;
        else if (heading_word(s, n, "phan", &a)) hk = MK_PHAN;
        if (hk && a < n && n < 300) {
            size_t e = a;
            while (e < n && ((s[e] >= '0' && s[e] <= '9') || s[e] == 'I' || s[e] == 'V' || s[e] == 'X' || s[e] == 'L'))
                e++;
            if (e > a && (e == n || s[e] == '.' || s[e] == ':' || s[e] == ' ' || s[e] == '-')) {
                if (hk == MK_MUC && e < n && s[e] == ' ') {
                    size_t p = skip_sp(s, n, e);
                    if (p < n && d_first_letter_case(s + p, n - p) < 0) return;
                }
                m->kind = hk;
                snprintf(m->seg, sizeof m->seg, "%.*s", (int)(e - a < 20 ? e - a : 20), s + a);
                m->content = n;
                return;
            }
        }
    }
    /* roman numerals */
    if (c0 == 'I' || c0 == 'V' || c0 == 'X' || c0 == 'L') {
        size_t e = 0;
        while (e < n && e < 8 && (s[e] == 'I' || s[e] == 'V' || s[e] == 'X' || s[e] == 'L')) e++;
        long v;
        if (e < n && (s[e] == '.' || s[e] == ')' || s[e] == '/' ) && roman_value(s, e, &v) &&
            (e + 1 == n || s[e + 1] == ' ')) {
            m->kind = MK_ROMAN;
            m->num = v;
            snprintf(m->seg, sizeof m->seg, "%.*s", (int)e, s);
            m->content = skip_sp(s, n, e + 1);
            return;
        }
        if (e < n && s[e] == ' ' && e >= 1 && roman_value(s, e, &v) && e + 1 < n && d_is_upper_text(s + e + 1, n - e - 1 < 60 ? n - e - 1 : 60) && n < 200 && e >= 2) {
            m->kind = MK_ROMAN;
            m->num = v;
            snprintf(m->seg, sizeof m->seg, "%.*s", (int)e, s);
            m->content = skip_sp(s, n, e + 1);
            return;
        }
    }
    /* numbers and decimals */
    if (c0 >= '0' && c0 <= '9') {
        size_t e = 0;
        long v = 0;
        while (e < n && e < 5 && s[e] >= '0' && s[e] <= '9') v = v * 10 + (s[e++] - '0');
        if (e >= 5 || e >= n || v == 0) return;
        if (s[e] == '.' && e + 1 < n && s[e + 1] >= '0' && s[e + 1] <= '9') {
            /* 1.2. / 1.2.3 */
            size_t p = e, comps = 1;
            while (p < n && s[p] == '.' && p + 1 < n && s[p + 1] >= '0' && s[p + 1] <= '9') {
                size_t q = p + 1, dg = 0;
                while (q < n && s[q] >= '0' && s[q] <= '9') { q++; dg++; }
                if (dg > 2) return;
                p = q;
                comps++;
                if (comps > 4) return;
            }
            size_t segend = p;
            int dot = 0;
            if (p < n && (s[p] == '.' || s[p] == ')')) { p++; dot = 1; }
            if (p < n && s[p] != ' ') return;
            size_t q = skip_sp(s, n, p);
            if (!dot && (q >= n || d_first_letter_case(s + q, n - q) <= 0)) return;
            m->kind = MK_DEC;
            m->num = (long)comps;
            snprintf(m->seg, sizeof m->seg, "%.*s", (int)(segend < 20 ? segend : 20), s);
            m->content = q;
            return;
        }
        if (s[e] == '.' || s[e] == ')' || s[e] == '/') {
            if (e + 1 < n && s[e + 1] != ' ') return;
            m->kind = MK_NUM;
            m->num = v;
            snprintf(m->seg, sizeof m->seg, "%ld", v);
            m->content = skip_sp(s, n, e + 1);
            return;
        }
        return;
    }
    /* letters: a) b) đ) */
    {
        size_t ll = 0;
        if (c0 >= 'a' && c0 <= 'z') ll = 1;
        else if (n >= 2 && c0 == 0xC4 && (unsigned char)s[1] == 0x91) ll = 2;   /* đ */
        if (ll && ll < n && (s[ll] == ')' || (s[ll] == '.' && ll + 1 < n && s[ll + 1] == ' ' &&
                                              d_first_letter_case(s + ll + 1, n - ll - 1) > 0))) {
            if (ll + 1 < n && s[ll + 1] != ' ') return;
            m->kind = MK_LETTER;
            snprintf(m->seg, sizeof m->seg, "%.*s", (int)ll, s);
            m->content = skip_sp(s, n, ll + 1);
            return;
        }
    }
    /* bullets */
    if (c0 == '-' || c0 == '+' || (c0 == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80 &&
                                   ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94 ||
                                    (unsigned char)s[2] == 0xA2))) {
        size_t k = c0 == 0xE2 ? 3 : 1;
        if (k < n && (s[k] == '-' || s[k] == '+' || s[k] == '_' || s[k] == '=')) return;
        if (k < n && s[k] >= '0' && s[k] <= '9') return;   /* "-5%" */
        if (k == n) return;
        m->kind = c0 == '+' ? MK_PLUS : MK_DASH;
        m->content = skip_sp(s, n, k);
        return;
    }
}

static int is_heading(int k) { return k == MK_CHUONG || k == MK_MUC || k == MK_PHAN; }
static int is_item(int k) { return k == MK_DIEU || k == MK_ROMAN || k == MK_NUM || k == MK_DEC || k == MK_LETTER; }

/* ---------------------------------------------------------------- building */

typedef struct {
    size_t ci;
    int level;
    int kind;
    unsigned nb;        /* bullet children so far */
    int colon;          /* text ends with ':' (paragraph owns bullets) */
} node_t;

#define MAXDEPTH 10

typedef struct {
    dctx_t *c;
    node_t st[MAXDEPTH];
    size_t depth;
    char *chuong, *muc, *phan;
    size_t pend_first, pend_last;  /* pending heading lines; pend_first > pend_last when none */
    int has_pending;
    int dieu_mode;
    const char *prefix;   /* attachment segment ("pl1") or NULL */
    const char *name;     /* its name for labels ("Quy chế kèm theo") */
    size_t head_ci;       /* the segment's own clause (title, preamble), or (size_t)-1 */
    size_t first_ci;      /* the first clause this range makes */
} bstate_t;

/* P without the attachment prefix: "pl1.d5.2" -> "d5.2" */
static const char *local_path(const bstate_t *b, const char *p)
{
    if (!b->prefix) return p;
    size_t n = strlen(b->prefix);
    return !strncmp(p, b->prefix, n) && p[n] == '.' ? p + n + 1 : p;
}

static int is_dieu_path(const bstate_t *b, const char *p)
{
    p = local_path(b, p);
    return p[0] == 'd' && p[1] >= '0' && p[1] <= '9';
}

/* put a top-level path and label under the attachment: "pl1.d5",
 * "Điều 5 (Quy chế kèm theo)" */
static void under_prefix(const bstate_t *b, char *path, size_t pcap, char *label, size_t lcap)
{
    if (!b->prefix || local_path(b, path) != path) return;
    char t[96];
    snprintf(t, sizeof t, "%s", path);
    if (snprintf(path, pcap, "%s.%s", b->prefix, t) >= (int)pcap) path[pcap - 1] = '\0';
    size_t ln = strlen(label);
    if (ln + 1 < lcap && snprintf(label + ln, lcap - ln, " (%s)", b->name) >= (int)(lcap - ln)) label[lcap - 1] = '\0';
}

static int level_of(const marker_t *m)
{
    switch (m->kind) {
    case MK_DIEU: case MK_ROMAN: return 0;
    case MK_NUM: return 1;
    case MK_DEC: return (int)m->num;   /* 2..4 */
    case MK_LETTER: return 5;
    case MK_DASH: return 6;
    case MK_PLUS: return 7;
    default: return 8;
    }
}

static void add_lines(bstate_t *b, size_t ci, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++) d_clause_line(b->c, ci, &b->c->L[i]);
}

/* The words of a Chương/Mục heading go to the clause before it (the clause
 * after it has the heading as its context): a clause's text then never
 * starts above its own line. Only the first clause of a range takes them. */
static void flush_pending(bstate_t *b, size_t ci)
{
    if (!b->has_pending) return;
    size_t n = b->c->doc->clause_count;
    if (ci != (size_t)-1 && ci + 1 == n && ci > b->first_ci) ci--;
    add_lines(b, ci, b->pend_first, b->pend_last);
    b->has_pending = 0;
}

static char *context_str(bstate_t *b)
{
    if (!b->chuong && !b->muc && !b->phan) return NULL;
    vb_buf_t x = {0};
    if (b->phan) vb_buf_puts(&x, b->phan);
    if (b->chuong) { if (x.len) vb_buf_puts(&x, "; "); vb_buf_puts(&x, b->chuong); }
    if (b->muc) { if (x.len) vb_buf_puts(&x, "; "); vb_buf_puts(&x, b->muc); }
    if (x.oom) { vb_buf_free(&x); b->c->oom = 1; return NULL; }
    return vb_buf_steal(&x);
}

static int block_ends_colon(const dctx_t *c, const block_t *bl)
{
    const dline_t *l = &c->L[bl->last];
    size_t n = l->n;
    while (n > 0 && (l->s[n - 1] == '*' || l->s[n - 1] == ' ')) n--;
    return n > 0 && l->s[n - 1] == ':';
}

/* A sub-clause's label. Under an article it is in legal order, the smallest
 * unit first: "khoản 2 Điều 5", "điểm a khoản 2 Điều 5", "ý 3 khoản 2 Điều 5";
 * elsewhere top-down, as a letter's items are read: "mục 5, ý 2". */
static void child_label(const bstate_t *b, char *out, size_t cap, const vb_clause_t *pc, const char *word,
                        const char *seg)
{
    int legal = is_dieu_path(b, pc->path);
    if (legal) snprintf(out, cap, "%s %s %s", word, seg, pc->label);
    else snprintf(out, cap, "%s, %s %s", pc->label, word, seg);
}

static size_t make_item(bstate_t *b, const block_t *bl)
{
    dctx_t *c = b->c;
    const marker_t *m = &bl->m;
    int lv = level_of(m);
    while (b->depth > 0 && b->st[b->depth - 1].level >= lv) b->depth--;
    node_t *par = b->depth ? &b->st[b->depth - 1] : NULL;
    const vb_clause_t *pc = par ? &c->doc->clauses[par->ci] : NULL;
    char path[96], label[160];
    int dieu_parent = pc && is_dieu_path(b, pc->path);
    switch (m->kind) {
    case MK_DIEU:
        snprintf(path, sizeof path, "%s", m->seg);
        snprintf(label, sizeof label, "Điều %s", m->seg + 1);
        break;
    case MK_ROMAN:
        snprintf(path, sizeof path, "%s", m->seg);
        snprintf(label, sizeof label, "mục %s", m->seg);
        break;
    case MK_NUM:
        if (pc && dieu_parent) {
            snprintf(path, sizeof path, "%s.%s", pc->path, m->seg);
            child_label(b, label, sizeof label, pc, "khoản", m->seg);
        } else if (pc && par->kind != MK_DASH && par->kind != MK_PLUS && par->kind != MK_NONE) {
            snprintf(path, sizeof path, "%s.%s", pc->path, m->seg);
            snprintf(label, sizeof label, "mục %s", path);
        } else {
            b->depth = 0;
            par = NULL;
            snprintf(path, sizeof path, "%s", m->seg);
            snprintf(label, sizeof label, "mục %s", m->seg);
        }
        break;
    case MK_DEC: {
        const vb_clause_t *top = b->depth && b->st[0].level == 0 ? &c->doc->clauses[b->st[0].ci] : NULL;
        if (top) {
            snprintf(path, sizeof path, "%s.%s", top->path, m->seg);
            if (is_dieu_path(b, top->path)) child_label(b, label, sizeof label, top, "mục", m->seg);
            else snprintf(label, sizeof label, "mục %s", path);
        } else {
            snprintf(path, sizeof path, "%s", m->seg);
            snprintf(label, sizeof label, "mục %s", m->seg);
        }
        break;
    }
    case MK_LETTER:
        if (pc) {
            snprintf(path, sizeof path, "%s.%s", pc->path, m->seg);
            child_label(b, label, sizeof label, pc, "điểm", m->seg);
        } else {
            snprintf(path, sizeof path, "%s", m->seg);
            snprintf(label, sizeof label, "điểm %s", m->seg);
        }
        break;
    default: /* bullets */
        if (pc) {
            par->nb++;
            snprintf(path, sizeof path, "%s.%u", pc->path, par->nb);
            char nb[16];
            snprintf(nb, sizeof nb, "%u", par->nb);
            child_label(b, label, sizeof label, pc, "ý", nb);
        } else {
            return (size_t)-1;
        }
        break;
    }
    under_prefix(b, path, sizeof path, label, sizeof label);
    /* Under an article or in an attachment a khoản, điểm or bullet number
       that is already taken is a table row or a list the text starts again
       (forms, quoted wording without quotes): text of the clause above,
       not an invented "(lần 2)" path. */
    if (m->kind != MK_DIEU && (b->prefix || is_dieu_path(b, path)) && pset_has(c, path)) return (size_t)-1;
    size_t ci = d_new_clause(c, path, label, c->L[bl->first].no);
    if (ci == (size_t)-1) return ci;
    flush_pending(b, ci);
    add_lines(b, ci, bl->first, bl->last);
    if (b->dieu_mode) {
        c->doc->clauses[ci].context = context_str(b);
    }
    if (b->depth >= MAXDEPTH) b->depth = MAXDEPTH - 1;
    node_t *nd = &b->st[b->depth];
    nd->ci = ci;
    nd->level = lv;
    nd->kind = m->kind;
    nd->nb = 0;
    nd->colon = block_ends_colon(c, bl);
    b->depth++;
    return ci;
}

static char *heading_text(dctx_t *c, const block_t *bl)
{
    vb_buf_t x = {0};
    for (size_t i = bl->first; i <= bl->last; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT) continue;
        if (x.len) vb_buf_putc(&x, ' ');
        d_append_clean(&x, l->s, l->n);
    }
    if (x.oom) { vb_buf_free(&x); c->oom = 1; return NULL; }
    return x.data ? vb_buf_steal(&x) : NULL;
}

static const char *const CLOSERS[] = {
    "yeu cau", "tren day la", "trong qua trinh", "de nghi", "noi dung", "quyet dinh nay co hieu luc",
    "chi thi nay", "ke hoach nay", "cong dien nay", "thong bao nay", "vay, ", "vay thong bao", "xin tran trong",
    "tran trong", "de nghi cac", "nhan duoc", NULL
};

/* The order key of a "Điều N." heading line, 0 when it is none: N * 32,
 * plus 1 for "Na", 2 for "Nb" … (Điều 7a stands between 7 and 8). */
long d_dieu_num(const char *s, size_t n)
{
    /* "Điều", "ĐIỀU", "Dieu": detect_marker's test of the first byte, before its work */
    if (n == 0 || ((unsigned char)s[0] != 0xC4 && s[0] != 'D')) return 0;
    marker_t m;
    detect_marker(s, n, &m);
    if (m.kind != MK_DIEU) return 0;
    size_t k = strlen(m.seg);
    long suf = k > 1 && m.seg[k - 1] >= 'a' && m.seg[k - 1] <= 'z' ? m.seg[k - 1] - 'a' + 1 : 0;
    return (m.num > 0 ? m.num : 1) * 32 + suf;
}

void d_body(dctx_t *c)
{
    size_t beg = c->body_beg, end = c->body_end;
    size_t att = d_find_attachment(c, beg, end);
    size_t rs = d_article_restart(c, beg, att);
    if (rs < att) att = rs;
    d_body_range(c, beg, att, NULL, NULL);
    if (att < end) d_segments(c, att, end);
}

void d_body_range(dctx_t *c, size_t beg, size_t end, const char *prefix, const char *name)
{
    if (end <= beg) return;
    /* pass 1: blocks */
    block_t *bl = NULL;
    size_t nb = 0, cap = 0;
    int blank = 0, noise = 0;
    long last_num = 0;
    size_t prev = (size_t)-1;
    qzone_t qz = { 0, 0, 0 };
    for (size_t i = beg; i < end; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind == LK_BLANK) { blank = 1; continue; }
        if (l->kind == LK_NOISE) { noise = 1; continue; }
        marker_t m;
        detect_marker(l->s, l->n, &m);
        if (nb && d_in_quote(&qz, c, prev, l, d_dieu_num(l->s, l->n))) {
            bl[nb - 1].last = i;   /* quoted text stays in the amending block */
            prev = i;
            blank = noise = 0;
            continue;
        }
        int newb = 1;
        if (nb) {
            block_t *cur = &bl[nb - 1];
            const dline_t *p = &c->L[prev];
            int eff_blank = blank && !noise;
            int pterm = d_ends_term(p->s, p->n);
            int fc = d_first_letter_case(l->s + m.content, l->n - m.content);
            if (is_heading(cur->m.kind) && m.kind == MK_NONE && cur->last - cur->first < 3 && l->n < 300) {
                newb = 0;
            } else if (m.kind != MK_NONE) {
                if (!eff_blank && !pterm && !is_heading(cur->m.kind) && m.kind != MK_DIEU && m.kind != MK_CHUONG &&
                    m.kind != MK_PHAN) {
                    if (fc < 0) newb = 0;
                    else if (m.kind == MK_NUM && m.num != last_num + 1 && m.num != 1) newb = 0;
                    else if ((m.kind == MK_NUM || m.kind == MK_DEC) && p->n > 0 && p->s[p->n - 1] == ',') newb = 0;
                }
            } else {
                if (eff_blank) newb = !(fc < 0 && !pterm);
                else newb = pterm && fc > 0;
            }
        }
        if (newb) {
            if (nb == cap) {
                size_t nc = cap ? cap * 2 : 64;
                block_t *nv = realloc(bl, nc * sizeof *nv);
                if (!nv) { c->oom = 1; free(bl); return; }
                bl = nv;
                cap = nc;
            }
            bl[nb].first = bl[nb].last = i;
            bl[nb].m = m;
            if (m.kind == MK_NUM) last_num = m.num;
            nb++;
        } else {
            bl[nb - 1].last = i;
        }
        prev = i;
        blank = noise = 0;
    }
    /* pass 2: closing paragraphs after the last item */
    size_t last_item = nb, c_start = nb;
    int dieu = 0;
    for (size_t k = 0; k < nb; k++) {
        if (is_item(bl[k].m.kind)) last_item = k;
        if (bl[k].m.kind == MK_DIEU) dieu = 1;
    }
    if (last_item < nb) {
        for (size_t k = last_item + 1; k < nb; k++) {
            if (bl[k].m.kind != MK_NONE) continue;
            const dline_t *l = &c->L[bl[k].first];
            char f[64];
            d_fold(l->s, l->n < 60 ? l->n : 60, f, sizeof f);
            int hit = 0;
            for (size_t q = 0; CLOSERS[q]; q++)
                if (d_starts(f, CLOSERS[q])) { hit = 1; break; }
            if (!hit)
                for (size_t q = bl[k].first; q <= bl[k].last && !hit; q++)
                    if (c->L[q].kind == LK_TEXT && vb_memmem(c->L[q].s, c->L[q].n, "./.", 3)) hit = 1;
            if (hit) { c_start = k; break; }
        }
    }
    /* pass 3: clauses */
    bstate_t b;
    memset(&b, 0, sizeof b);
    b.c = c;
    b.dieu_mode = dieu;
    b.prefix = prefix;
    b.name = name;
    b.head_ci = (size_t)-1;
    b.first_ci = c->doc->clause_count;
    int mode = 0;   /* 0 preamble, 1 items, 2 closing */
    unsigned np = 0, ncl = 0;
    for (size_t k = 0; k < nb && !c->oom; k++) {
        block_t *x = &bl[k];
        int kind = x->m.kind;
        if (kind == MK_MUC && !dieu) kind = x->m.kind = MK_NONE;
        /* in an attachment only articles make the structure: the numbered
           rows of its tables and forms outside an article stay text */
        if (prefix && is_item(kind) && kind != MK_DIEU && !(b.depth > 0 && b.st[0].kind == MK_DIEU))
            kind = x->m.kind = MK_NONE;
        if (k == c_start) { mode = 2; b.depth = 0; }
        if (is_heading(kind) && mode != 2) {
            char *h = heading_text(c, x);
            if (kind == MK_PHAN) { free(b.phan); b.phan = h; free(b.chuong); b.chuong = NULL; free(b.muc); b.muc = NULL; }
            else if (kind == MK_CHUONG) { free(b.chuong); b.chuong = h; free(b.muc); b.muc = NULL; }
            else { free(b.muc); b.muc = h; }
            if (!b.has_pending) { b.pend_first = x->first; b.has_pending = 1; }
            b.pend_last = x->last;
            continue;
        }
        if (prefix && mode == 0 && !is_item(kind)) {
            /* an attachment's title and preamble: the segment's own clause */
            if (b.head_ci == (size_t)-1) b.head_ci = d_new_clause(c, prefix, name, c->L[x->first].no);
            if (b.head_ci == (size_t)-1) break;
            flush_pending(&b, b.head_ci);
            add_lines(&b, b.head_ci, x->first, x->last);
            continue;
        }
        if (mode == 2 || (mode == 0 && !is_item(kind))) {
            int bullet = kind == MK_DASH || kind == MK_PLUS;
            const char *pre = mode == 2 ? "c" : "p";
            unsigned *cnt = mode == 2 ? &ncl : &np;
            if (bullet && b.depth > 0 && (b.st[0].colon || b.st[0].nb > 0)) {
                size_t ci = make_item(&b, x);
                if (ci != (size_t)-1) continue;
            }
            if (!bullet && b.depth > 0 && is_item(kind)) { /* numbered in closing: keep as paragraph */ }
            char path[96], label[160];
            (*cnt)++;
            snprintf(path, sizeof path, "%s%u", pre, *cnt);
            snprintf(label, sizeof label, mode == 2 ? "đoạn kết %u" : "đoạn mở đầu %u", *cnt);
            under_prefix(&b, path, sizeof path, label, sizeof label);
            size_t ci = d_new_clause(c, path, label, c->L[x->first].no);
            if (ci == (size_t)-1) break;
            flush_pending(&b, ci);
            add_lines(&b, ci, x->first, x->last);
            b.depth = 1;
            b.st[0].ci = ci;
            b.st[0].level = -1;
            b.st[0].kind = MK_NONE;
            b.st[0].nb = 0;
            b.st[0].colon = block_ends_colon(c, x);
            continue;
        }
        if (mode == 0) { mode = 1; b.depth = 0; }
        if (kind == MK_NONE) {
            if (b.depth > 0) {
                size_t ci = b.st[b.depth - 1].ci;
                flush_pending(&b, ci);
                add_lines(&b, ci, x->first, x->last);
            }
            continue;
        }
        size_t ci = make_item(&b, x);
        if (ci == (size_t)-1 && b.depth > 0 && !c->oom) {
            /* a bullet with no parent: attach to the current clause */
            size_t cj = b.st[b.depth - 1].ci;
            add_lines(&b, cj, x->first, x->last);
        } else if (ci == (size_t)-1 && !c->oom) {
            char path[96], label[160] = "đoạn";
            np++;
            snprintf(path, sizeof path, "p%u", np);
            under_prefix(&b, path, sizeof path, label, sizeof label);
            size_t cj = d_new_clause(c, path, label, c->L[x->first].no);
            if (cj != (size_t)-1) add_lines(&b, cj, x->first, x->last);
        }
    }
    if (b.has_pending && !c->oom) {
        size_t ci;
        if (c->doc->clause_count > 0 && c->doc->clauses[c->doc->clause_count - 1].path[0] != 'h')
            ci = c->doc->clause_count - 1;
        else {
            np++;
            char path[96], label[160];
            snprintf(path, sizeof path, "p%u", np);
            snprintf(label, sizeof label, "đoạn mở đầu %u", np);
            under_prefix(&b, path, sizeof path, label, sizeof label);
            ci = d_new_clause(c, path, label, c->L[b.pend_first].no);
        }
        if (ci != (size_t)-1) flush_pending(&b, ci);
    }
    free(b.chuong);
    free(b.muc);
    free(b.phan);
    free(bl);
}
