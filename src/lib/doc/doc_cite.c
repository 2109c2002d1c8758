/* Citations: references to other instruments inside clause texts. */
#include <stdio.h>
#include "doc/doc_internal.h"
#include "text/date.h"

typedef struct {
    size_t b, e;       /* raw span */
    char f[40];        /* folded core (edge punctuation stripped) */
    char last;         /* last raw byte */
} cw_t;

#define MAXW 24

typedef struct {
    size_t off, end;       /* span of the citation text */
    size_t sb, se;         /* symbol span (se == sb: short form) */
    const char *type;
    char date[11];
    size_t ib, ie;         /* issuer span */
    char pin[48];
} cand_t;

static int is_word_char(unsigned char ch)
{
    return ch != ' ' && ch != '\t';
}

static void word_fold(const char *s, size_t b, size_t e, cw_t *w)
{
    size_t pb = b, pe = e;
    while (pb < pe && (s[pb] == '(' || s[pb] == '"' || s[pb] == '\'' || (unsigned char)s[pb] == 0xE2)) {
        if ((unsigned char)s[pb] == 0xE2) pb += 3; else pb++;
    }
    while (pe > pb && (s[pe - 1] == ',' || s[pe - 1] == '.' || s[pe - 1] == ';' || s[pe - 1] == ':' ||
                       s[pe - 1] == ')' || s[pe - 1] == '"')) pe--;
    if (pe > pb && pe - pb < 30) d_fold(s + pb, pe - pb, w->f, sizeof w->f);
    else w->f[0] = '\0';
    w->b = b;
    w->e = e;
    w->last = e > b ? s[e - 1] : 0;
}

/* words before position P, nearest first; stops after a sentence boundary */
static size_t words_before(const char *s, size_t p, cw_t *w, size_t max)
{
    size_t n = 0;
    while (n < max) {
        while (p > 0 && s[p - 1] == ' ') p--;
        if (p == 0) break;
        size_t e = p;
        while (p > 0 && is_word_char((unsigned char)s[p - 1])) p--;
        char lc = s[e - 1];
        if (n > 0 && (lc == '.' || lc == ';' || lc == ':' || lc == '?' || lc == '!')) break;
        if (n == 0 && (lc == '.' || lc == ';' || lc == '?' || lc == '!')) break;
        if (e - p > 60) break;
        word_fold(s, p, e, &w[n]);
        n++;
        if (lc == ':' && n == 1) {
            /* "số:" is fine, anything else ends the phrase */
            if (strcmp(w[0].f, "so")) { n = 0; break; }
        }
    }
    return n;
}

static size_t word_after(const char *s, size_t n, size_t p, cw_t *w)
{
    while (p < n && (s[p] == ' ' || s[p] == ',')) p++;
    if (p >= n) return 0;
    size_t b = p;
    while (p < n && is_word_char((unsigned char)s[p])) p++;
    if (p - b > 60) return 0;
    word_fold(s, b, p, w);
    return p;
}

static int is_num_word(const char *f)
{
    size_t i = 0;
    while (f[i] >= '0' && f[i] <= '9') i++;
    if (i == 0 || i > 4) return 0;
    if (f[i] >= 'a' && f[i] <= 'z') i++;
    return f[i] == '\0';
}

static int is_letter_word(const char *f)
{
    return f[0] >= 'a' && f[0] <= 'z' && f[1] == '\0';
}

static const char *const ISSUER_STOP[] = {
    "ve", "quy", "huong", "sua", "duoc", "va", "thi", "co", "da", "cua", "tai", "trong", "theo", "voi", "de",
    "phe", "thuc", "cho", "den", "tu", "nay", "tren", "ngay", "nam", "so", "quyet", "thong", "giao", "hop",
    "lien", "dieu", "kem", "la", "khi", "nhu", "thay", "bai", "ket", "chi", "mot", "cac", "nhung", "hien", NULL
};

/* symbol at I; returns its end or I when none */
static size_t scan_symbol(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && s[j] >= '0' && s[j] <= '9') j++;
    if (j - i > 6) return i;
    int sep = 0, letter = 0;
    while (j < n) {
        unsigned char ch = (unsigned char)s[j];
        if ((ch >= '0' && ch <= '9')) { j++; continue; }
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) { letter = 1; j++; continue; }
        if (ch >= 0xC0) {
            uint32_t cp;
            size_t k = vb_utf8_decode((const unsigned char *)s + j, n - j, &cp);
            vb_letter_t e;
            if (cp != 0xFFFD && vb_letter_info(cp, &e)) { letter = 1; j += k; continue; }
            break;
        }
        if ((ch == '/' || ch == '-') && j + 1 < n) {
            unsigned char nx = (unsigned char)s[j + 1];
            if ((nx >= '0' && nx <= '9') || (nx >= 'A' && nx <= 'Z') || (nx >= 'a' && nx <= 'z') || nx >= 0xC0) {
                sep = 1;
                j++;
                continue;
            }
        }
        break;
    }
    if (!sep || !letter || j - i > 48) return i;
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

/* pinpoints before word index Q; fills groups (text order). Returns count. */
static size_t pinpoints(const cw_t *w, size_t nw, size_t q, char pins[][48], size_t *starts, size_t max)
{
    char tmp[8][48];
    size_t st[8], ng = 0;
    if (q < nw && !strcmp(w[q].f, "cua")) q++;
    while (ng < 8 && q + 1 < nw) {
        if (!(is_num_word(w[q].f) && !strcmp(w[q + 1].f, "dieu"))) break;
        char d[40], k[40] = "", p[40] = "";
        snprintf(d, sizeof d, "%s", w[q].f);
        size_t start = w[q + 1].b;
        q += 2;
        if (q + 1 < nw && !strcmp(w[q + 1].f, "khoan") && is_num_word(w[q].f) && w[q].last != ',') {
            snprintf(k, sizeof k, "%s", w[q].f);
            start = w[q + 1].b;
            q += 2;
            if (q + 1 < nw && !strcmp(w[q + 1].f, "diem") && is_letter_word(w[q].f) && w[q].last != ',') {
                snprintf(p, sizeof p, "%s", w[q].f);
                start = w[q + 1].b;
                q += 2;
            }
        }
        if (strlen(d) > 8 || strlen(k) > 8 || strlen(p) > 8) break;
        if (k[0] && p[0]) snprintf(tmp[ng], sizeof tmp[ng], "d%s.%s.%s", d, k, p);
        else if (k[0]) snprintf(tmp[ng], sizeof tmp[ng], "d%s.%s", d, k);
        else snprintf(tmp[ng], sizeof tmp[ng], "d%s", d);
        st[ng] = start;
        ng++;
        if (q < nw && (!strcmp(w[q].f, "va") || !strcmp(w[q].f, "hoac"))) { q++; continue; }
        if (q < nw && w[q].last == ',') continue;
        break;
    }
    size_t n = 0;
    for (size_t g = ng; g > 0 && n < max; g--, n++) {
        memcpy(pins[n], tmp[g - 1], 48);
        starts[n] = st[g - 1];
    }
    return n;
}

static void scan_clause(dctx_t *c, size_t ci, cands_t *cs, const char *own, size_t own_len)
{
    const ctext_t *t = &c->ct[ci];
    const char *s = t->text.data;
    size_t n = t->text.len;
    if (!s || n == 0) return;
    cw_t w[MAXW];
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < '0' || ch > '9') continue;
        if (i > 0) {
            unsigned char pc = (unsigned char)s[i - 1];
            if ((pc >= '0' && pc <= '9') || (pc >= 'A' && pc <= 'Z') || (pc >= 'a' && pc <= 'z') || pc >= 0x80 ||
                pc == '/' || pc == '-' || pc == '.' || pc == ',') {
                if (pc < 0x80 || pc >= 0xC0 || ((pc & 0xC0) == 0x80 && !(i >= 3 && (unsigned char)s[i - 3] == 0xE2))) {
                    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
                    continue;
                }
            }
        }
        size_t j = scan_symbol(s, n, i);
        if (j == i) {
            while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') i++;
            continue;
        }
        size_t se = j;
        while (se > i && (s[se - 1] == '-' || s[se - 1] == '/')) se--;
        char key[96];
        vb_number_key(s + i, se - i, key, sizeof key);
        if (own_len && !strcmp(key, own)) { i = j - 1; continue; }
        size_t nw = words_before(s, i, w, MAXW);
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
        if (!type) {
            if (!code) { i = j - 1; continue; }
            type = code;
            tstart = has_so ? w[0].b : i;
            after = has_so ? 1 : 0;
        }
        /* forward: date, issuer */
        cand_t base;
        memset(&base, 0, sizeof base);
        base.sb = i;
        base.se = se;
        base.type = type;
        size_t end = se, p = j;
        cw_t x;
        size_t q = word_after(s, n, p, &x);
        if (q && !strcmp(x.f, "ngay")) {
            size_t used;
            if (vb_date_parse_words(s + q, n - q, base.date, &used)) {
                end = q + used;
                p = end;
                q = word_after(s, n, p, &x);
            }
        }
        if (q && !strcmp(x.f, "cua") && x.last != ',' && x.last != '.') {
            size_t ib = 0, ie = 0, cnt = 0, r = q;
            cw_t y;
            char prevf[40] = "";
            for (;;) {
                size_t r2 = word_after(s, n, r, &y);
                if (!r2 || cnt >= 10) break;
                if (cnt == 0 && d_first_letter_case(s + y.b, y.e - y.b) <= 0) break;
                int stop = 0;
                if (cnt > 0)
                    for (size_t k = 0; ISSUER_STOP[k]; k++)
                        if (!strcmp(y.f, ISSUER_STOP[k])) { stop = 1; break; }
                if (!strcmp(y.f, "ban") && cnt > 0 && strcmp(prevf, "uy")) stop = 1;
                if (s[y.b] == '(' || y.f[0] == '\0') stop = 1;
                if (stop) break;
                if (!ib) ib = y.b;
                ie = y.e;
                cnt++;
                snprintf(prevf, sizeof prevf, "%s", y.f);
                r = r2;
                if (y.last == ',' || y.last == ';' || y.last == '.' || y.last == ':' || y.last == ')') break;
            }
            while (ie > ib && (s[ie - 1] == ',' || s[ie - 1] == ';' || s[ie - 1] == '.' || s[ie - 1] == ':' ||
                               s[ie - 1] == ')'))
                ie--;
            if (ie > ib) {
                base.ib = ib;
                base.ie = ie;
                end = ie;
            }
        }
        base.end = end;
        char pins[8][48];
        size_t starts[8];
        size_t np = pinpoints(w, nw, after, pins, starts, 8);
        if (np == 0) {
            cand_t *cd = cand_push(c, cs);
            if (!cd) return;
            *cd = base;
            cd->off = tstart;
        } else {
            for (size_t g = 0; g < np; g++) {
                cand_t *cd = cand_push(c, cs);
                if (!cd) return;
                *cd = base;
                cd->off = starts[g];
                memcpy(cd->pin, pins[g], 48);
            }
        }
        i = j - 1;
    }
    /* "Nghị định nêu trên", "Chỉ thị nói trên" */
    static const char *const TREN[] = { "nêu trên", "nói trên", NULL };
    for (size_t k = 0; TREN[k]; k++) {
        size_t tl = strlen(TREN[k]);
        const char *p = s, *e = s + n;
        while ((p = d_memmem(p, (size_t)(e - p), TREN[k], tl)) != NULL) {
            size_t at = (size_t)(p - s);
            size_t nw = words_before(s, at, w, 4);
            size_t L = 0;
            const char *type = nw ? type_at(s, w, nw, 0, &L) : NULL;
            if (type && d_first_letter_case(s + w[L - 1].b, w[L - 1].e - w[L - 1].b) > 0) {
                cand_t *cd = cand_push(c, cs);
                if (!cd) return;
                cd->off = w[L - 1].b;
                cd->end = at + tl;
                cd->sb = cd->se = at;
                cd->type = type;
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

static char *dupz(dctx_t *c, const char *s)
{
    if (!s) return NULL;
    char *r = vb_strndup(s, strlen(s));
    if (!r) c->oom = 1;
    return r;
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
    cands_t cs = {0};
    size_t cap = 0;
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
                cap = nc;
            }
            vb_citation_t ct;
            memset(&ct, 0, sizeof ct);
            if (x->se > x->sb) {
                ct.number = dupspan(c, s, x->sb, x->se);
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
            d->citations[d->citation_count++] = ct;
        }
    }
    free(cs.v);
    for (size_t i = 0; i < ft.cap; i++) free(ft.keys[i]);
    free(ft.keys);
    free(ft.idx);
}
