/* A parsed document as one Xapian document: positional terms of every clause
 * (schema.h gives the layout), field terms, value slots, and the stored
 * record (store/record.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include "write/writer.h"

/* The wdf of each body term: the best clause-score bound over the file's
 * clauses (store/schema.h, VB_WDF_SCALE). One entry per distinct term of the
 * file: its count in the clause it was last seen in, folded into BEST when
 * the term turns up in a later clause and at the end of the file. */
typedef struct {
    size_t off;            /* the term's bytes in the arena (which moves as it grows) */
    uint32_t len;          /* 0: free slot */
    uint32_t clause, count, best;
    uint32_t sum, spellings;   /* a VB_P_SPELLINGS entry: its spellings' bounds added up, how many */
} tbound_ent_t;

typedef struct {
    tbound_ent_t *e;
    size_t cap, n;         /* cap: a power of two */
    uint32_t *clen;        /* length in positions of each clause seen so far */
    size_t nclen, capclen;
    vb_buf_t arena;        /* the terms' bytes; entries keep offsets until the end */
    int oom;
} tbound_t;


static int tbound_grow(tbound_t *tb)
{
    size_t cap = tb->cap ? tb->cap * 2 : 1024;
    tbound_ent_t *ne = calloc(cap, sizeof *ne);
    if (!ne) return 0;
    for (size_t i = 0; i < tb->cap; i++) {
        tbound_ent_t *o = &tb->e[i];
        if (!o->len) continue;
        size_t k = vb_hash64(tb->arena.data + o->off, o->len, VB_HASH_INIT) & (cap - 1);
        while (ne[k].len) k = (k + 1) & (cap - 1);
        ne[k] = *o;
    }
    free(tb->e);
    tb->e = ne;
    tb->cap = cap;
    return 1;
}

/* TERM (N > 0 bytes) seen once in clause CLAUSE. */
static void tbound_note(tbound_t *tb, const char *term, size_t n, uint32_t clause)
{
    if (tb->oom) return;
    if ((tb->n + 1) * 2 > tb->cap && !tbound_grow(tb)) { tb->oom = 1; return; }
    size_t k = vb_hash64(term, n, VB_HASH_INIT) & (tb->cap - 1);
    for (;; k = (k + 1) & (tb->cap - 1)) {
        tbound_ent_t *x = &tb->e[k];
        if (!x->len) break;
        if (x->len == n && memcmp(tb->arena.data + x->off, term, n) == 0) {
            if (x->clause == clause) {
                x->count++;
            } else {
                uint32_t b = vb_clause_sat_q(x->count, tb->clen[x->clause]);
                if (b > x->best) x->best = b;
                x->clause = clause;
                x->count = 1;
            }
            return;
        }
    }
    size_t off = tb->arena.len;
    vb_buf_append(&tb->arena, term, n);
    if (tb->arena.oom) { tb->oom = 1; return; }
    tb->e[k] = (tbound_ent_t){ off, (uint32_t)n, clause, 1, 0, 0, 0 };
    tb->n++;
}

/* The entry of TERM (N bytes), or NULL. */
static tbound_ent_t *tbound_find(tbound_t *tb, const char *term, size_t n)
{
    if (!tb->cap) return NULL;
    for (size_t k = vb_hash64(term, n, VB_HASH_INIT) & (tb->cap - 1);; k = (k + 1) & (tb->cap - 1)) {
        tbound_ent_t *x = &tb->e[k];
        if (!x->len) return NULL;
        if (x->len == n && memcmp(tb->arena.data + x->off, term, n) == 0) return x;
    }
}

static uint32_t tbound_final(const tbound_t *tb, const tbound_ent_t *x)
{
    uint32_t b = vb_clause_sat_q(x->count, tb->clen[x->clause]);
    return b < x->best ? x->best : b;
}

static void tbound_clause_done(tbound_t *tb, uint32_t len)
{
    if (tb->nclen == tb->capclen) {
        size_t cap = tb->capclen ? tb->capclen * 2 : 64;
        uint32_t *nc = realloc(tb->clen, cap * sizeof *nc);
        if (!nc) { tb->oom = 1; return; }
        tb->clen = nc;
        tb->capclen = cap;
    }
    tb->clen[tb->nclen++] = len;
}

/* Give every term its wdf (the postings were added with none). A syllable's
 * VB_P_SPELLINGS term is written only where it is tighter than the sum of its
 * spellings' bounds (two spellings or more: "lương" and "lượng" in the file). */
static vb_status_t tbound_flush(tbound_t *tb, vbx_doc_t *d)
{
    if (tb->oom) return VB_ERR_NOMEM;
    char key[VB_TERM_MAX * 2 + 8];
    for (size_t i = 0; i < tb->cap; i++) {
        tbound_ent_t *x = &tb->e[i];
        if (!x->len) continue;
        /* 0 for the XB entries themselves (prefixed) */
        size_t kl = vb_spellings_term(key, sizeof key, tb->arena.data + x->off, x->len);
        tbound_ent_t *s = kl ? tbound_find(tb, key, kl) : NULL;
        if (s) {
            uint32_t b = tbound_final(tb, x);
            s->sum = s->sum > UINT32_MAX - b ? UINT32_MAX : s->sum + b;
            s->spellings++;
        }
    }
    vb_status_t st = VB_OK;
    for (size_t i = 0; st == VB_OK && i < tb->cap; i++) {
        tbound_ent_t *x = &tb->e[i];
        if (!x->len) continue;
        uint32_t b = tbound_final(tb, x);
        if (x->spellings == 1 || (x->spellings && b >= x->sum)) continue;
        st = vbx_doc_add_term(d, tb->arena.data + x->off, x->len, b);
    }
    return st;
}

static void tbound_free(tbound_t *tb)
{
    free(tb->e);
    free(tb->clen);
    vb_buf_free(&tb->arena);
}

typedef struct {
    vbx_doc_t *doc;
    vb_status_t st;
    uint32_t base;          /* the clause's base position */
    uint32_t clause;        /* its index */
    tbound_t *tb;
    char term[VB_TERM_MAX * 2 + 8];
} posting_ctx_t;

/* Body tokens: "folded" or "folded:exact"; symbols and dates as S/D terms; all
 * positional (vb_token_term: the remote search rebuilds them from the text). */
static int add_token(const vb_token_t *t, void *data)
{
    posting_ctx_t *c = data;
    size_t n = vb_token_term(t, c->term);
    if (n == 0) return 0;
    c->st = vbx_doc_add_posting(c->doc, c->term, n, c->base + t->pos + 1, 0);
    tbound_note(c->tb, c->term, n, c->clause);
    /* every spelling of the syllable counted together: the bound of a query
     * typed without diacritics (schema.h, VB_P_SPELLINGS) */
    char key[VB_TERM_MAX * 2 + 8];
    size_t kl = vb_spellings_term(key, sizeof key, c->term, n);
    if (kl) tbound_note(c->tb, key, kl, c->clause);
    return c->st != VB_OK;
}

/* Field text (issuer, recipients, signer, assignee): every folded syllable and
 * every pair of neighbours ("XIhai phong"), so that a field phrase is an AND of
 * its pairs. POS 0: boolean terms; else postings at POS (clause-level fields). */
typedef struct {
    vbx_doc_t *doc;
    vb_status_t st;
    const char *prefix;
    uint32_t pos;
    char prev[VB_TERM_MAX + 1];
    size_t prev_len;
} field_ctx_t;

static vb_status_t field_term(field_ctx_t *c, const char *term, size_t n)
{
    if (n > 240) n = 240;
    return c->pos ? vbx_doc_add_posting(c->doc, term, n, c->pos, 1) : vbx_doc_add_boolean_term(c->doc, term, n);
}

static int add_field_token(const vb_token_t *t, void *data)
{
    field_ctx_t *c = data;
    if (t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE) return 0;
    char term[2 * VB_TERM_MAX + 16];
    size_t pl = strlen(c->prefix), fl = t->folded_len < 100 ? t->folded_len : 100;
    memcpy(term, c->prefix, pl);
    memcpy(term + pl, t->folded, fl);
    c->st = field_term(c, term, pl + fl);
    if (c->st == VB_OK && c->prev_len) {
        memcpy(term + pl, c->prev, c->prev_len);
        term[pl + c->prev_len] = ' ';
        memcpy(term + pl + c->prev_len + 1, t->folded, fl);
        c->st = field_term(c, term, pl + c->prev_len + 1 + fl);
    }
    memcpy(c->prev, t->folded, fl);
    c->prev_len = fl;
    return c->st != VB_OK;
}

static vb_status_t add_field_text(vbx_doc_t *doc, const char *prefix, const char *s, uint32_t pos)
{
    if (!s || !*s) return VB_OK;
    field_ctx_t c;
    c.doc = doc;
    c.st = VB_OK;
    c.prefix = prefix;
    c.pos = pos;
    c.prev_len = 0;
    vb_tokenize(s, strlen(s), VB_TOKENIZE_SYLLABLES, 0, add_field_token, &c, NULL);
    return c.st;
}

static vb_status_t add_bool(vbx_doc_t *doc, const char *prefix, const char *s, size_t n, int fold)
{
    char term[512];
    size_t k;
    if (fold) {
        k = vb_field_term(term, sizeof term, prefix, s, n);
    } else {
        size_t pl = strlen(prefix);
        if (n > sizeof term - pl - 1) n = sizeof term - pl - 1;
        memcpy(term, prefix, pl);
        memcpy(term + pl, s, n);
        k = pl + n;
    }
    if (k > 240) k = 240;
    return vbx_doc_add_boolean_term(doc, term, k);
}

/* XR<key> and XR<key>#<pinpoint> with each ancestor (d19, d19.1, d19.1.h),
 * at POS; or XN<key> as a boolean term when POS is 0. */
static vb_status_t add_number_term(vbx_doc_t *doc, const char *prefix, const char *number, const char *pin,
                                   uint32_t pos)
{
    char term[300];
    size_t n = vb_number_term(term, sizeof term, prefix, number, NULL, 0);
    if (n == 0 || n >= VB_TERM_LIMIT) return VB_OK; /* absurdly long: not a number anyone types */
    vb_status_t st = pos ? vbx_doc_add_posting(doc, term, n, pos, 1) : vbx_doc_add_boolean_term(doc, term, n);
    if (st != VB_OK || !pin || !*pin) return st;
    char fpin[128];
    size_t pl = vb_term_fold(pin, strlen(pin), fpin, sizeof fpin);
    for (size_t i = 1; i <= pl && st == VB_OK; i++) {
        if (i < pl && fpin[i] != '.') continue;
        n = vb_number_term(term, sizeof term, prefix, number, fpin, i);
        if (n > 0 && n < VB_TERM_LIMIT) st = vbx_doc_add_posting(doc, term, n, pos ? pos : 1, 1);
    }
    return st;
}

/* A small set of distinct terms (a clause's citation terms). */
typedef struct {
    char **t;
    size_t n, cap;
} termset_t;

static vb_status_t termset_add(termset_t *s, const char *t, size_t n)
{
    if (n == 0 || n >= VB_TERM_LIMIT) return VB_OK; /* absurdly long: not a key anyone types */
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->t[i]) == n && memcmp(s->t[i], t, n) == 0) return VB_OK;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **nt = realloc(s->t, cap * sizeof *nt);
        if (!nt) return VB_ERR_NOMEM;
        s->t = nt;
        s->cap = cap;
    }
    if (!(s->t[s->n] = vb_strndup(t, n))) return VB_ERR_NOMEM;
    s->n++;
    return VB_OK;
}

static void termset_free(termset_t *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->t[i]);
    free(s->t);
    memset(s, 0, sizeof *s);
}

/* XR<key> and XR<key>#<pinpoint> with each ancestor of the pinpoint. */
static vb_status_t key_terms(termset_t *ts, const char *prefix, const char *key, size_t kl, const char *pin)
{
    char term[320];
    vb_status_t st = termset_add(ts, term, vb_key_term(term, sizeof term, prefix, key, kl, NULL, 0));
    if (st != VB_OK || !pin || !*pin) return st;
    char fpin[128];
    size_t pl = vb_term_fold(pin, strlen(pin), fpin, sizeof fpin);
    for (size_t i = 1; i <= pl && st == VB_OK; i++) {
        if (i < pl && fpin[i] != '.') continue;
        st = termset_add(ts, term, vb_key_term(term, sizeof term, prefix, key, kl, fpin, i));
    }
    return st;
}

/* The ref: terms of one citation: its number key; for a citation by name
 * without a number the name key, and the name key with the year when it
 * gives a date. (A name given with its number is found through the number:
 * the citation states the pair, add_names(); so --top-cited counts the
 * instrument once.) */
static vb_status_t citation_keys(termset_t *ts, const char *prefix, const vb_citation_t *ct, const char *pin)
{
    vb_status_t st = VB_OK;
    char key[300];
    if (ct->number && *ct->number) {
        size_t kl = vb_number_key(ct->number, strlen(ct->number), key, sizeof key);
        st = key_terms(ts, prefix, key, kl, pin);
    }
    if (st == VB_OK && ct->name && *ct->name && !(ct->number && *ct->number)) {
        size_t kl = vb_name_key(ct->name, strlen(ct->name), key, 200);
        char year[5];
        if (kl) st = key_terms(ts, prefix, key, kl, pin);
        if (kl && st == VB_OK && vb_year_of(ct->date, year)) {
            memcpy(key + kl, "@", 1);
            memcpy(key + kl + 1, year, 4);
            st = key_terms(ts, prefix, key, kl + 5, pin);
        }
    }
    return st;
}

/* and its role (vaitro:): XV<role>, and XV<role>:<key> for ref: with vaitro: — one term
 * holds the cited instrument and what this document does to it, so the pair is exact
 * (a clause that amends A and cites B is not "amends B") */
static vb_status_t citation_terms(termset_t *ts, const vb_citation_t *ct)
{
    vb_status_t st = citation_keys(ts, VB_P_REF, ct, ct->pinpoint);
    const char *role = vb_cite_role_name(ct->role);
    if (st != VB_OK || !role) return st;
    char prefix[40];
    snprintf(prefix, sizeof prefix, "%s%s", VB_P_ROLE, role);
    st = termset_add(ts, prefix, strlen(prefix));
    if (st != VB_OK) return st;
    snprintf(prefix, sizeof prefix, "%s%s:", VB_P_ROLE, role);
    return citation_keys(ts, prefix, ct, NULL);
}

/* The year in a number key "31/2024/qh15" (its second part, 4 digits), or "". */
static void number_year(const char *key, char year[5])
{
    year[0] = '\0';
    const char *a = strchr(key, '/');
    if (a && strlen(a + 1) >= 5 && a[5] == '/' && (a[1] == '1' || a[1] == '2')) {
        for (int i = 1; i <= 4; i++)
            if (a[i] < '0' || a[i] > '9') return;
        memcpy(year, a + 1, 4);
        year[4] = '\0';
    }
}

/* XM<name key>|<year>|<number key>: NAME (and DATE) is the instrument NUMBER. */
static vb_status_t add_named(vbx_doc_t *d, const char *name, const char *date, const char *number)
{
    char nk[200], key[256], year[5], term[512];
    size_t nl = vb_name_key(name, strlen(name), nk, sizeof nk);
    size_t kl = vb_number_key(number, strlen(number), key, sizeof key);
    if (!nl || !kl || !strchr(nk, ' ')) return VB_OK;
    if (!vb_year_of(date, year)) number_year(key, year);
    int n = snprintf(term, sizeof term, "%s%s|%s|%s", VB_P_NAMED, nk, year, key);
    if (n <= 0 || (size_t)n >= VB_TERM_LIMIT) return VB_OK;
    return vbx_doc_add_boolean_term(d, term, (size_t)n);
}

/* The names this document states numbers of: its citations that give both,
 * and itself when it is a law, code or ordinance ("Luật" + its subject). */
static vb_status_t add_names(vbx_doc_t *d, const vb_doc_t *doc)
{
    vb_status_t st = VB_OK;
    for (size_t k = 0; st == VB_OK && k < doc->citation_count; k++) {
        const vb_citation_t *ct = &doc->citations[k];
        if (ct->name && ct->number) st = add_named(d, ct->name, ct->date, ct->number);
    }
    if (st != VB_OK || !doc->type || !doc->subject || !doc->number) return st;
    static const char *const named[] = { "Luật", "Bộ luật", "Pháp lệnh" };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strcmp(doc->type, named[i]) != 0) continue;
        char tk[64], sk[200];
        size_t tl = vb_name_key(doc->type, strlen(doc->type), tk, sizeof tk);
        size_t sl = vb_name_key(doc->subject, strlen(doc->subject), sk, sizeof sk);
        vb_buf_t b = { 0 };
        if (!(sl > tl && memcmp(sk, tk, tl) == 0 && sk[tl] == ' ')) vb_buf_printf(&b, "%s ", doc->type);
        vb_buf_puts(&b, doc->subject);
        st = b.oom ? VB_ERR_NOMEM : add_named(d, b.data, doc->date, doc->number);
        vb_buf_free(&b);
    }
    return st;
}

static vb_status_t add_doc_fields(vbx_doc_t *d, const vb_doc_t *doc)
{
    vb_status_t st = VB_OK;
    if (doc->number) st = add_number_term(d, VB_P_NUMBER, doc->number, NULL, 0);
    if (st == VB_OK && doc->type) st = add_bool(d, VB_P_TYPE, doc->type, strlen(doc->type), 1);
    if (st == VB_OK && doc->date && strlen(doc->date) >= 4) st = add_bool(d, VB_P_YEAR, doc->date, 4, 0);
    for (size_t i = 0; st == VB_OK && i < doc->issuer_count; i++) st = add_field_text(d, VB_P_ISSUER, doc->issuer[i], 0);
    for (size_t i = 0; st == VB_OK && i < doc->recipient_count; i++)
        st = add_field_text(d, VB_P_RECIPIENT, doc->recipients[i], 0);
    if (st == VB_OK) st = add_field_text(d, VB_P_SIGNER, doc->signer.title, 0);
    if (st == VB_OK) st = add_field_text(d, VB_P_SIGNER, doc->signer.name, 0);
    if (st == VB_OK && doc->date) st = vbx_doc_add_value(d, VB_SLOT_DATE, doc->date, strlen(doc->date));
    if (st == VB_OK && doc->effective)
        st = vbx_doc_add_value(d, VB_SLOT_EFFECTIVE, doc->effective, strlen(doc->effective));
    if (st == VB_OK && doc->date && strlen(doc->date) >= 4) st = vbx_doc_add_value(d, VB_SLOT_YEAR, doc->date, 4);
    if (st == VB_OK && doc->type) st = vbx_doc_add_value(d, VB_SLOT_TYPE, doc->type, strlen(doc->type));
    if (st == VB_OK && doc->issuer_count)
        st = vbx_doc_add_value(d, VB_SLOT_ISSUER, doc->issuer[0], strlen(doc->issuer[0]));
    if (st == VB_OK && doc->number) st = vbx_doc_add_value(d, VB_SLOT_NUMBER, doc->number, strlen(doc->number));
    if (st == VB_OK && doc->without_diacritics) st = vbx_doc_add_value(d, VB_SLOT_UNMARKED, "1", 1);
    if (st == VB_OK && doc->without_diacritics)
        st = vbx_doc_add_boolean_term(d, VB_P_UNMARKED, strlen(VB_P_UNMARKED));
    if (st == VB_OK) st = add_names(d, doc);
    return st;
}

/* The clauses: body postings, clause-level fields at each clause's first
 * position, and the table of their bases (VB_SLOT_CLAUSES). */
static vb_status_t add_clauses(vbx_doc_t *d, const vb_doc_t *doc)
{
    vb_status_t st = VB_OK;
    vb_buf_t bases = { 0 };
    tbound_t tb;
    memset(&tb, 0, sizeof tb);
    uint32_t base = 0;
    for (size_t i = 0; st == VB_OK && i < doc->clause_count; i++) {
        const vb_clause_t *cl = &doc->clauses[i];
        unsigned char b4[4] = { (unsigned char)base, (unsigned char)(base >> 8), (unsigned char)(base >> 16),
                                (unsigned char)(base >> 24) };
        vb_buf_append(&bases, b4, 4);
        posting_ctx_t c;
        c.doc = d;
        c.st = VB_OK;
        c.base = base;
        c.clause = (uint32_t)i;
        c.tb = &tb;
        uint32_t ntok = 0;
        vb_tokenize(cl->text, cl->text_len, VB_TOKENIZE_DEFAULT, 0, add_token, &c, &ntok);
        st = c.st;
        tbound_clause_done(&tb, ntok ? ntok : 1);
        /* every body it gives work to: the leads (chutri:, and giao:) once, under
         * their own prefix; the others under VB_P_ASSIGNEE (giao:). Each body under
         * both cost a twentieth of the position table (docs/performance.md) */
        for (size_t k = 0; st == VB_OK && k < cl->assignee_count; k++)
            st = add_field_text(d, cl->assignees[k].role == VB_ROLE_CHU_TRI ? VB_P_LEAD : VB_P_ASSIGNEE,
                                cl->assignees[k].body, base + 1);
        if (st == VB_OK && cl->assignee && !cl->assignee_count) st = add_field_text(d, VB_P_ASSIGNEE, cl->assignee, base + 1);
        /* the instruments this clause cites, each term once */
        termset_t ts = { 0 };
        for (size_t k = 0; st == VB_OK && k < doc->citation_count; k++) {
            const vb_citation_t *ct = &doc->citations[k];
            if (!ct->clause || strcmp(ct->clause, cl->path) != 0) continue;
            st = citation_terms(&ts, ct);
        }
        for (size_t k = 0; st == VB_OK && k < ts.n; k++)
            st = vbx_doc_add_posting(d, ts.t[k], strlen(ts.t[k]), base + 1, 1);
        termset_free(&ts);
        base += (ntok ? ntok : 1) + VB_CLAUSE_GAP;
    }
    unsigned char b4[4] = { (unsigned char)base, (unsigned char)(base >> 8), (unsigned char)(base >> 16),
                            (unsigned char)(base >> 24) };
    vb_buf_append(&bases, b4, 4);
    if (st == VB_OK) st = tbound_flush(&tb, d);
    tbound_free(&tb);
    if (st == VB_OK) st = bases.oom ? VB_ERR_NOMEM : vbx_doc_add_value(d, VB_SLOT_CLAUSES, bases.data, bases.len);
    /* wdf of Kc = clauses of this file; Xapian keeps the sum over the index */
    if (st == VB_OK && doc->clause_count)
        st = vbx_doc_add_term(d, VB_P_CLAUSES, strlen(VB_P_CLAUSES), (unsigned)doc->clause_count);
    vb_buf_free(&bases);
    return st;
}

static vb_status_t build_document(vbx_doc_t *d, const vb_doc_t *doc, const vb_text_t *text, const char *fileid,
                                  const char *display, const char *realpath_, const char *stamp)
{
    size_t fidlen = strlen(fileid);
    char uid[40];
    size_t ul = vb_uid_term(uid, sizeof uid, fileid, fidlen);
    vb_status_t st = vbx_doc_add_boolean_term(d, uid, ul);
    if (st == VB_OK) st = add_doc_fields(d, doc);
    if (st == VB_OK) st = vbx_doc_add_value(d, VB_SLOT_STAMP, stamp, strlen(stamp));
    if (st == VB_OK) st = vbx_doc_add_value(d, VB_SLOT_FILEID, fileid, fidlen);
    if (st == VB_OK) st = vbx_doc_add_value(d, VB_SLOT_REALPATH, realpath_, strlen(realpath_));
    if (st == VB_OK && text->format != VB_FMT_TEXT) {
        vb_buf_t f = { 0 };
        vb_buf_puts(&f, vb_format_name(text->format));
        for (size_t i = 0; i < text->page_count; i++)
            vb_buf_printf(&f, "\n%u %d %d", text->pages[i].line, text->pages[i].ocr, text->pages[i].confidence);
        st = f.oom ? VB_ERR_NOMEM : vbx_doc_add_value(d, VB_SLOT_FORMAT, f.data, f.len);
        vb_buf_free(&f);
    }
    if (st == VB_OK) st = add_clauses(d, doc);
    if (st != VB_OK) return st;
    vb_buf_t b = { 0 }, z = { 0 };
    vb_record_encode(&b, doc, fileid, display, vb_encoding_name(text->encoding), text->invalid);
    st = b.oom ? VB_ERR_NOMEM : vb_record_pack(b.data, b.len, &z);
    if (st == VB_OK) st = vbx_doc_set_data(d, z.data, z.len);
    vb_buf_free(&b);
    vb_buf_free(&z);
    return st;
}

vb_status_t vb_write_document(vbx_wdb_t *wdb, const char *dbpath, const vb_doc_t *doc, const vb_text_t *text,
                                  const char *fileid, const char *display, const char *real, const char *stamp)
{
    vbx_doc_t *d = NULL;
    vb_status_t st = vbx_doc_new(&d);
    if (st == VB_OK) st = build_document(d, doc, text, fileid, display, real, stamp);
    if (st == VB_OK) {
        char uid[40];
        size_t n = vb_uid_term(uid, sizeof uid, fileid, strlen(fileid));
        st = vb_index_xerr(vbx_wdb_replace_document_by_term(wdb, uid, n, d, NULL), dbpath);
    }
    vbx_doc_free(d);
    return st;
}
