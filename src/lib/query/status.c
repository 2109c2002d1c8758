/* Legal status: what the archive's own text says of an instrument (issue 18,
 * docs/status.md). The instrument's documents are found by number (XN), its
 * citations through the ref: terms (XR<key>: the citing documents), and each
 * stored citation carries its role (vb_cite_role_t), the parts it concerns
 * and its date. A citation is given to the archived document it agrees with
 * (issuer, date: vb_doc_agrees, as vb_index_resolve() decides); citations
 * that agree with none make the instrument "as cited", one per number. */
#include <stdio.h>
#include <strings.h>
#include "store/docrec.h"
#include "query/refkeys.h"
#include "query/shardpage.h"
#include "query/status.h"

static const char *const force_names[VB_LEGAL_COUNT] = { "unknown", "in_force", "amended", "partly_repealed",
                                                         "replaced", "repealed", "expired" };

const char *vb_legal_force_name(vb_legal_force_t force)
{
    return (unsigned)force < VB_LEGAL_COUNT ? force_names[force] : NULL;
}

/* ------------------------------------------------------------------ storage */

typedef struct {
    vb_instrument_t pub;
    char *key;               /* its number key */
    vb_docinfo_t info;       /* an archived document: what agreement reads (strings pooled) */
    int archived;
    vb_relation_t *rels;
    size_t nrels, cap;
} ins_t;

typedef struct {
    char **strs;             /* every string handed out */
    size_t nstrs, capstrs;
    ins_t *ins;
    size_t nins, capins;
    vb_instrument_t *out;    /* the public array, built at the end */
    refkeys_t keys;          /* number and name keys cited for that number */
    char **numkey;           /* per key: the number key it stands for */
    int changes_only;        /* vb_index_legal_changes(): the changing documents read only */
    vb_instrument_t as_cited;   /* there: an instrument the other citations alone give */
    int oom;
} priv_t;

static const char *pool(priv_t *p, const char *s)
{
    if (!s || p->oom) return NULL;
    if (p->nstrs == p->capstrs) {
        size_t cap = p->capstrs ? p->capstrs * 2 : 64;
        char **n = realloc(p->strs, cap * sizeof *n);
        if (!n) { p->oom = 1; return NULL; }
        p->strs = n;
        p->capstrs = cap;
    }
    char *d = vb_strndup(s, strlen(s));
    if (!d) { p->oom = 1; return NULL; }
    p->strs[p->nstrs++] = d;
    return d;
}

static const char *pool_n(priv_t *p, const char *s, size_t n)
{
    if (!s || p->oom) return NULL;
    char *t = vb_strndup(s, n);
    if (!t) { p->oom = 1; return NULL; }
    const char *r = pool(p, t);
    free(t);
    return r;
}

static ins_t *ins_add(priv_t *p, const char *key)
{
    ins_t *n = vb_grow(p->ins, p->nins, &p->capins, sizeof *n);
    if (!n) { p->oom = 1; return NULL; }
    p->ins = n;
    ins_t *x = &p->ins[p->nins];
    memset(x, 0, sizeof *x);
    x->key = (char *)pool(p, key);
    if (!x->key) return NULL;
    p->nins++;
    return x;
}

static vb_relation_t *rel_add(priv_t *p, ins_t *x)
{
    vb_relation_t *n = vb_grow(x->rels, x->nrels, &x->cap, sizeof *n);
    if (!n) { p->oom = 1; return NULL; }
    x->rels = n;
    vb_relation_t *r = &x->rels[x->nrels++];
    memset(r, 0, sizeof *r);
    return r;
}

static void priv_free(priv_t *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nstrs; i++) free(p->strs[i]);
    free(p->strs);
    for (size_t i = 0; i < p->nins; i++) free(p->ins[i].rels);
    free(p->ins);
    free(p->out);
    for (size_t i = 0; i < p->keys.n; i++) free(p->numkey ? p->numkey[i] : NULL);
    free(p->numkey);
    refkeys_free(&p->keys);
    free(p);
}

void vb_legal_free(vb_legal_t *l)
{
    if (!l) return;
    priv_free(l->priv_);
    free(l);
}

/* ------------------------------------------------------------------ keys */

static int is_name_key(const char *k) { return strchr(k, ' ') != NULL; }

static int add_key(refkeys_t *k, const char *s)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->keys[i], s) == 0) return 1;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 8;
        char **n = realloc(k->keys, cap * sizeof *n);
        if (!n) return 0;
        k->keys = n;
        k->cap = cap;
    }
    if (!(k->keys[k->n] = vb_strndup(s, strlen(s)))) return 0;
    k->n++;
    return 1;
}

/* The keys citations of VALUE are indexed under: its number keys (vb_ref_keys),
 * and the names the archive gives those numbers (XM<name>|<year>|<number>: a
 * law cited by name and year), each with the number key it stands for. */
static vb_status_t collect_keys(vb_index_t *ix, const char *value, priv_t *p)
{
    vb_status_t st = vb_ref_keys(ix, value, &p->keys);
    if (st != VB_OK) return st;
    /* the number keys, for the names */
    size_t nnum = 0;
    const char *only = NULL;
    for (size_t i = 0; i < p->keys.n; i++)
        if (!is_name_key(p->keys.keys[i])) { nnum++; only = p->keys.keys[i]; }
    size_t given = p->keys.n;
    struct vb_legal_memo *m = NULL;
    st = vb_memo_get(ix, MEMO_NAMED, &m);
    size_t pl = strlen(VB_P_NAMED);
    char **pairs = NULL;   /* name@year and its number key, in pairs */
    size_t npairs = 0, cap = 0;
    size_t nnamed = 0;
    char *const *named = st == VB_OK ? vb_memo_list(m, MEMO_NAMED, &nnamed) : NULL;
    for (size_t ti = 0; st == VB_OK && ti < nnamed; ti++) {
        const char *t = named[ti];
        const char *name = t + pl, *end = t + strlen(t);
        const char *b1 = memchr(name, '|', (size_t)(end - name));
        const char *b2 = b1 ? memchr(b1 + 1, '|', (size_t)(end - b1 - 1)) : NULL;
        if (!b2 || b2 - b1 - 1 != 4) continue;   /* a name without its year names no one law */
        for (size_t i = 0; i < given; i++) {
            const char *k = p->keys.keys[i];
            if (is_name_key(k) || strlen(k) != (size_t)(end - b2 - 1) || memcmp(k, b2 + 1, strlen(k)) != 0) continue;
            if (npairs + 2 > cap) {
                cap = cap ? cap * 2 : 16;
                char **np = realloc(pairs, cap * sizeof *np);
                if (!np) { st = VB_ERR_NOMEM; break; }
                pairs = np;
            }
            char buf[300];
            snprintf(buf, sizeof buf, "%.*s@%.4s", (int)(b1 - name), name, b1 + 1);
            pairs[npairs] = vb_strndup(buf, strlen(buf));
            pairs[npairs + 1] = vb_strndup(k, strlen(k));
            if (!pairs[npairs] || !pairs[npairs + 1]) { free(pairs[npairs]); free(pairs[npairs + 1]); st = VB_ERR_NOMEM; break; }
            npairs += 2;
        }
    }
    for (size_t i = 0; st == VB_OK && i < npairs; i += 2)
        if (!add_key(&p->keys, pairs[i])) st = VB_ERR_NOMEM;
    p->numkey = st == VB_OK ? calloc(p->keys.n ? p->keys.n : 1, sizeof *p->numkey) : NULL;
    if (st == VB_OK && !p->numkey) st = VB_ERR_NOMEM;
    for (size_t i = 0; st == VB_OK && i < p->keys.n; i++) {
        const char *k = p->keys.keys[i], *nk = k;
        if (is_name_key(k)) {
            /* a name asked for: its one number, when the archive gives one; a name
               without a year that names several laws (2006 and 2020) names none: "" */
            nk = nnum == 1 ? only : strchr(k, '@') ? k : "";
            for (size_t j = 0; j < npairs; j += 2)
                if (strcmp(pairs[j], k) == 0) { nk = pairs[j + 1]; break; }
        }
        if (!(p->numkey[i] = vb_strndup(nk, strlen(nk)))) st = VB_ERR_NOMEM;
    }
    for (size_t i = 0; i < npairs; i++) free(pairs[i]);
    free(pairs);
    return st;
}

/* The number key citation C stands for among P's keys, or NULL. */
static const char *key_of(const priv_t *p, const vb_citation_t *c)
{
    for (size_t i = 0; i < p->keys.n; i++)
        if (vb_citation_has_key(c, p->keys.keys[i])) return p->numkey[i];
    return NULL;
}

/* ------------------------------------------------------------------ the instruments */

typedef struct {
    priv_t *p;
    const char *key;
} archive_t;

/* An archived document of number key A->key: an instrument of its own. */
static vb_status_t archive_doc(const docrec_t *d, void *data)
{
    const archive_t *a = data;
    priv_t *p = a->p;
    ins_t *x = ins_add(p, a->key);
    if (x) {
        const vb_docinfo_t *di = &d->info;
        x->archived = 1;
        x->pub.number = pool(p, di->number);
        x->pub.type = pool(p, di->type);
        x->pub.issuer = pool(p, di->issuer);
        x->pub.date = pool(p, di->date);
        x->pub.subject = pool(p, di->subject);
        x->pub.file = pool(p, di->file);
        x->info.number = x->pub.number;
        x->info.date = x->pub.date;
        x->info.issuer = x->pub.issuer;
        x->info.issuers = pool(p, di->issuers);
        x->info.place = pool(p, di->place);
        x->info.file = x->pub.file;
    }
    return p->oom ? VB_ERR_NOMEM : VB_OK;
}

/* The archived documents of each number key: one instrument each. */
static vb_status_t load_archived(vb_index_t *ix, priv_t *p)
{
    struct vb_legal_memo *m = NULL;
    vb_status_t st = vb_memo_get(ix, MEMO_ARCHIVED, &m);
    for (size_t i = 0; st == VB_OK && i < p->keys.n; i++) {
        archive_t a = { p, p->keys.keys[i] };
        if (is_name_key(a.key)) continue;
        char term[300];
        size_t tl = vb_key_term(term, sizeof term, VB_P_NUMBER, a.key, strlen(a.key), NULL, 0);
        if (!tl || (m && !vb_memo_has(m, MEMO_ARCHIVED, term))) continue;   /* no document of the archive has that number */
        st = vb_for_each_doc(ix, term, tl, 0, archive_doc, &a);
    }
    return st;
}

/* The instrument of number key NK that C names: the one archived document
 * that agrees with it; else (none agrees) the instrument as cited, made when
 * MAKE; NULL when several agree. */
static ins_t *attribute(priv_t *p, const char *nk, const vb_citation_t *c, int make, size_t *nagree)
{
    ins_t *one = NULL, *cited = NULL;
    size_t agree = 0;
    for (size_t i = 0; i < p->nins; i++) {
        ins_t *x = &p->ins[i];
        if (strcmp(x->key, nk) != 0) continue;
        if (!x->archived) { cited = x; continue; }
        if (vb_doc_agrees(c, &x->info)) { agree++; one = x; }
    }
    if (nagree) *nagree = agree;
    if (agree == 1) return one;
    if (agree > 1) return NULL;
    if (cited && make) {
        /* what one citation leaves out another may give */
        if (!cited->pub.type && c->type) cited->pub.type = pool(p, c->type);
        if (!cited->pub.issuer && c->issuer) cited->pub.issuer = pool(p, c->issuer);
        if (c->date && (!cited->pub.date || strlen(cited->pub.date) < strlen(c->date))) cited->pub.date = pool(p, c->date);
    }
    if (cited || !make) return cited;
    cited = ins_add(p, nk);
    if (cited) {
        cited->pub.number = pool(p, c->number ? c->number : c->name);
        cited->pub.type = pool(p, c->type);
        cited->pub.issuer = pool(p, c->issuer);
        cited->pub.date = pool(p, c->date);
    }
    return cited;
}

/* ------------------------------------------------------------------ relations */

static int changes(vb_cite_role_t r)
{
    return r == VB_CITE_SUA_DOI || r == VB_CITE_THAY_THE || r == VB_CITE_BAI_BO || r == VB_CITE_HET_HIEU_LUC;
}

static int ends(vb_cite_role_t r)
{
    return r == VB_CITE_THAY_THE || r == VB_CITE_BAI_BO || r == VB_CITE_HET_HIEU_LUC;
}

/* How path P (N bytes) stands to PIN: 1 P is PIN or above it (an amendment of
 * d27 covers d27.3), 2 P is under PIN (d27.3 is part of d27), 0 apart. */
static int path_rel(const char *p, size_t n, const char *pin)
{
    size_t pl = strlen(pin);
    if (n <= pl && strncasecmp(pin, p, n) == 0 && (n == pl || pin[n] == '.')) return 1;
    if (n > pl && strncasecmp(p, pin, pl) == 0 && p[pl] == '.') return 2;
    return 0;
}

/* The strongest way the comma-separated PATHS stand to PIN (1 over 2). */
static int paths_rel(const char *paths, const char *pin)
{
    int best = 0;
    for (const char *s = paths; *s;) {
        while (*s == ',' || *s == ' ') s++;
        size_t n = strcspn(s, ", ");
        if (n) {
            int r = path_rel(s, n, pin);
            if (r == 1) return 1;
            if (r) best = r;
        }
        s += n;
    }
    return best;
}

/* Is PATH one of the comma-separated PATHS (ASCII case-blind)? */
static int has_path(const char *paths, const char *path)
{
    size_t pl = strlen(path);
    for (const char *s = paths; *s;) {
        while (*s == ',' || *s == ' ') s++;
        size_t n = strcspn(s, ", ");
        if (n == pl && strncasecmp(s, path, n) == 0) return 1;
        s += n;
    }
    return 0;
}

/* Does relation R concern PIN? Every relation concerns the whole; a part
 * only what covers it, what lies under it, and the end of the whole. */
static int concerns(const vb_relation_t *r, const char *pin)
{
    if (!pin) return 1;
    if (!r->affects) return ends(r->role) || r->role == VB_CITE_HOP_NHAT;
    return paths_rel(r->affects, pin) != 0;
}

static int role_rank(vb_cite_role_t r)
{
    static const int rank[VB_CITE_ROLE_COUNT] = {
        [VB_CITE_THAY_THE] = 0, [VB_CITE_BAI_BO] = 1, [VB_CITE_HET_HIEU_LUC] = 2, [VB_CITE_SUA_DOI] = 3,
        [VB_CITE_HOP_NHAT] = 4, [VB_CITE_HUONG_DAN] = 5, [VB_CITE_CAN_CU] = 6, [VB_CITE_DAN_CHIEU] = 7,
    };
    return (unsigned)r < VB_CITE_ROLE_COUNT ? rank[r] : 8;
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b) return a ? -1 : b ? 1 : 0;   /* undated last */
    return strcmp(a, b);
}

static int cmp_rel(const void *a, const void *b)
{
    const vb_relation_t *x = a, *y = b;
    int d = role_rank(x->role) - role_rank(y->role);
    if (d) return d;
    if ((d = cmp_str(x->from, y->from))) return d;
    if ((d = cmp_str(x->file, y->file))) return d;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The change already kept from the same clause of the same document, role alike. */
static vb_relation_t *same_clause(ins_t *x, const vb_relation_t *r)
{
    for (size_t i = 0; i < x->nrels; i++) {
        vb_relation_t *o = &x->rels[i];
        if (o->role == r->role && cmp_str(o->file, r->file) == 0 && o->clause && r->clause
            && strcmp(o->clause, r->clause) == 0)
            return o;
    }
    return NULL;
}

static int in_article(const char *clause) { return clause && clause[0] == 'd' && clause[1] >= '0' && clause[1] <= '9'; }

/* The relation already kept that says the same as R: one per citing document
 * and role, and for a change one per parts concerned (its subject line, its
 * preamble and its article say it three times). NULL when none. */
static vb_relation_t *same(ins_t *x, const vb_relation_t *r)
{
    for (size_t i = 0; i < x->nrels; i++) {
        vb_relation_t *o = &x->rels[i];
        if (o->role != r->role || cmp_str(o->file, r->file) != 0) continue;
        if (!changes(r->role) || cmp_str(o->affects, r->affects) == 0) return o;
    }
    return NULL;
}

/* The label of clause PATH of D, or NULL. */
static const char *clause_label(const docrec_t *d, const char *path, size_t *n)
{
    if (!path) return NULL;
    for (size_t i = 0; i < d->nclauses; i++)
        if (docrec_clause_is(d, i, path)) {
            *n = d->cll[i * VB_RCL_COUNT_ + VB_RCL_LABEL];
            return d->cl[i * VB_RCL_COUNT_ + VB_RCL_LABEL];
        }
    return NULL;
}

/* The citations of document D that name the instrument: one relation each
 * (PIN: those that concern it); *AMBIGUOUS counts those that agree with
 * several archived documents. */
static vb_status_t relations_of(priv_t *p, const docrec_t *d, const char *pin, size_t *ambiguous)
{
    const vb_docinfo_t *di = &d->info;
    char own[256] = "";
    if (di->number) vb_number_key(di->number, strlen(di->number), own, sizeof own);
    size_t *counted = calloc(p->nins + 64, sizeof *counted);   /* instruments this document cites */
    size_t ncounted = 0, capcounted = p->nins + 64;
    if (!counted) return VB_ERR_NOMEM;
    for (size_t k = 0; k < d->ncites && !p->oom; k++) {
        const vb_citation_t *c = &d->cites[k];
        const char *nk = key_of(p, c);
        if (!nk) continue;
        if (!*nk) { ++*ambiguous; continue; }   /* a name of several laws */
        if (strcmp(own, nk) == 0 && (!c->issuer || vb_doc_agrees(c, di))) continue;   /* itself */
        ins_t *x = attribute(p, nk, c, 1, NULL);
        if (!x) {
            if (!p->oom) ++*ambiguous;
            continue;
        }
        size_t xi = (size_t)(x - p->ins), j;
        for (j = 0; j < ncounted && counted[j] != xi; j++) {}
        if (j == ncounted && ncounted < capcounted) { counted[ncounted++] = xi; x->pub.citing_documents++; }
        vb_relation_t r;
        memset(&r, 0, sizeof r);
        r.role = c->role;
        r.file = di->file;
        r.clause = c->clause;
        r.line = c->line;
        /* the parts concerned: what the role names, and for a change the part the
           citation itself names ("Bãi bỏ Điều 17, Điều 18 … Thông tư số …": one
           citation per article) when that is not among them */
        char parts[512];
        r.affects = c->affects && *c->affects ? c->affects : c->pinpoint && *c->pinpoint ? c->pinpoint : NULL;
        if (changes(c->role) && c->affects && *c->affects && c->pinpoint && *c->pinpoint
            && !has_path(c->affects, c->pinpoint) && strlen(c->affects) + strlen(c->pinpoint) + 2 < sizeof parts) {
            size_t al = strlen(c->affects), pl = strlen(c->pinpoint);
            memcpy(parts, c->affects, al);
            parts[al] = ',';
            memcpy(parts + al + 1, c->pinpoint, pl + 1);
            r.affects = parts;
        }
        r.from = c->from && *c->from ? c->from : di->effective && *di->effective ? di->effective : di->date;
        if (!concerns(&r, pin)) continue;
        vb_relation_t *o = same(x, &r);
        if (!o && changes(r.role) && r.affects) {
            /* one clause changing several parts ("Bãi bỏ Điều 17, Điều 18 và khoản 1
               Điều 20"): one relation, the parts together */
            vb_relation_t *m = same_clause(x, &r);
            if (m && m->affects) {
                vb_buf_t b = { 0 };
                vb_buf_puts(&b, m->affects);
                for (const char *a = r.affects; *a;) {
                    size_t n = strcspn(a, ",");
                    char one[128];
                    if (n && n < sizeof one) {
                        memcpy(one, a, n);
                        one[n] = '\0';
                        if (!has_path(m->affects, one)) { vb_buf_putc(&b, ','); vb_buf_puts(&b, one); }
                    }
                    a += n;
                    if (*a == ',') a++;
                }
                if (b.oom) { vb_buf_free(&b); p->oom = 1; break; }
                vb_buf_putc(&b, '\0');
                m->affects = pool(p, b.data);
                vb_buf_free(&b);
                continue;
            }
            if (m) continue;   /* the clause ends the whole already */
        }
        /* the evidence: the article that says it rather than the subject line or preamble */
        if (o && (in_article(o->clause) || !in_article(r.clause))) continue;
        if (!o && !(o = rel_add(p, x))) break;
        size_t ll = 0;
        const char *label = clause_label(d, c->clause, &ll);
        o->role = c->role;
        o->number = pool(p, di->number);
        o->type = pool(p, di->type);
        o->issuer = pool(p, di->issuer);
        o->date = pool(p, di->date);
        o->file = pool(p, di->file);
        o->subject = pool(p, di->subject);
        o->clause = pool(p, c->clause);
        o->label = label ? pool_n(p, label, ll) : NULL;
        o->line = c->line;
        o->text = pool(p, c->text);
        o->affects = pool(p, r.affects);
        o->from = pool(p, r.from);
    }
    free(counted);
    return p->oom ? VB_ERR_NOMEM : VB_OK;
}

/* Fetched a chunk at a time: a reading that stops early fetches little. */
#define FETCH_FIRST 4
#define FETCH_CHUNK 32

/* The documents a reading reads, DOCS[N] next: over a stub whose remote
 * shards have page servers, their records fetched into C from the servers,
 * one exchange per shard for the lot (through xapian-tcpsrv each was a round
 * trip with the whole record, most of a JSON page's statuses over shards);
 * C holds only those afterwards. Anything not fetched is read as before, and
 * so are fewer than FETCH_FIRST documents (an exchange with a page server, a
 * connection of its own, costs a few round trips on xapian-tcpsrv's). */
static void fetch_docs(vb_index_t *ix, doccache_t *c, const unsigned *docs, size_t n)
{
    doccache_free(c);
    if (!ix->remote || !ix->nshards || n < FETCH_FIRST) return;
    shardpages_t none;
    memset(&none, 0, sizeof none);
    vb_shardpages_records(ix, &none, docs, n, c);
}

/* Every document citing one of P's keys (with P->changes_only: citing it in
 * a changing role, XV<role>:<key>), each once, in file id order (vb_docs_by_file). */
static vb_status_t citing_docs(vb_index_t *ix, const priv_t *p, unsigned **out, size_t *nout)
{
    size_t nroles = p->changes_only ? VB_NCHANGING : 1, n = 0;
    char (*terms)[320] = calloc(p->keys.n * nroles + 1, sizeof *terms);
    const char **tp = calloc(p->keys.n * nroles + 1, sizeof *tp);
    size_t *lens = calloc(p->keys.n * nroles + 1, sizeof *lens);
    vb_status_t st = terms && tp && lens ? VB_OK : VB_ERR_NOMEM;
    struct vb_legal_memo *m = NULL;
    if (st == VB_OK && p->changes_only) st = vb_memo_get(ix, MEMO_CHANGED, &m);
    for (size_t i = 0; st == VB_OK && i < p->keys.n; i++) {
        const char *k = p->keys.keys[i];
        for (size_t r = 0; r < nroles; r++) {
            char prefix[40] = VB_P_REF;
            if (p->changes_only) snprintf(prefix, sizeof prefix, "%s%s:", VB_P_ROLE, vb_cite_role_name(vb_changing_roles[r]));
            lens[n] = vb_key_term(terms[n], sizeof terms[n], prefix, k, strlen(k), NULL, 0);
            /* most instruments are changed by no document: no posting list to ask for */
            if (m && !vb_memo_has(m, MEMO_CHANGED, terms[n])) continue;
            tp[n] = terms[n];
            n++;
        }
    }
    if (st == VB_OK) st = vb_docs_by_file(ix, tp, lens, n, out, nout);
    free(terms);
    free(tp);
    free(lens);
    return st;
}

/* Does a document of the relation FILE also amend the instrument, or repeal
 * a part of it? Then what it "replaces" or "repeals" without naming parts is
 * a part too (an appendix, a form): no text both amends an instrument and
 * ends the whole of it. */
static int also_amends(const ins_t *x, const char *file)
{
    for (size_t i = 0; i < x->nrels; i++) {
        const vb_relation_t *o = &x->rels[i];
        if (cmp_str(o->file, file) != 0) continue;
        if (o->role == VB_CITE_SUA_DOI || (ends(o->role) && o->affects)) return 1;
    }
    return 0;
}

/* The instrument's force from its relations (already those that concern PIN). */
static void derive(ins_t *x, const char *pin)
{
    vb_legal_force_t f = VB_LEGAL_IN_FORCE;
    const char *since = NULL;
    for (size_t i = 0; i < x->nrels; i++)
        x->rels[i].part = x->rels[i].affects || (ends(x->rels[i].role) && also_amends(x, x->rels[i].file));
    for (size_t i = 0; i < x->nrels; i++) {
        const vb_relation_t *r = &x->rels[i];
        if (!changes(r->role)) continue;
        vb_legal_force_t g;
        /* the whole ends, or the part asked for does */
        int whole = !r->part || (pin && r->affects && paths_rel(r->affects, pin) == 1);
        if (ends(r->role) && whole) {
            g = r->role == VB_CITE_THAY_THE ? VB_LEGAL_REPLACED
              : r->role == VB_CITE_BAI_BO ? VB_LEGAL_REPEALED : VB_LEGAL_EXPIRED;
        } else if (r->role == VB_CITE_BAI_BO || r->role == VB_CITE_HET_HIEU_LUC) {
            g = VB_LEGAL_PARTLY_REPEALED;
        } else {
            g = VB_LEGAL_AMENDED;
        }
        int g_end = g >= VB_LEGAL_REPLACED, f_end = f >= VB_LEGAL_REPLACED;
        if (g_end && f_end) {
            /* several ends: the first that took effect */
            if (r->from && (!since || strcmp(r->from, since) < 0)) { f = g; since = r->from; }
        } else if (g_end || (!f_end && g > f)) {
            f = g;
            since = g_end ? r->from : NULL;
        }
    }
    x->pub.force = f;
    x->pub.since = since;
}

static ins_t *find_ins(priv_t *p, const char *nk, int archived)
{
    for (size_t i = 0; i < p->nins; i++)
        if (p->ins[i].archived == archived && strcmp(p->ins[i].key, nk) == 0) return &p->ins[i];
    return NULL;
}

/* vb_index_legal_changes(), after the changing documents READ (sorted by docid): what
 * else --status would hold that the caller asks of it. Each number key's
 * instrument "as cited": a number no document of the archive is, cited at all,
 * has it (every citation of that number is one); of an archived number, or
 * when a name comes first (a citation with that name is the name's), the
 * citing documents are read until one citation makes it, when that can
 * matter (below). And whether a citation names several laws (a name key of
 * no one number, cited). */
static vb_status_t cited_instruments(vb_index_t *ix, priv_t *p, const char *pin, const unsigned *read, size_t nread,
                                     doccache_t *cache, size_t *ambiguous)
{
    vb_status_t st = VB_OK;
    int named = 0;   /* a name key comes first: a citation of a number with that name is the name's */
    int several = 0;  /* a name of several laws asked */
    for (size_t i = 0; i < p->keys.n; i++) several |= !*p->numkey[i];
    for (size_t i = 0; st == VB_OK && i < p->keys.n; i++) {
        const char *k = p->keys.keys[i], *nk = p->numkey[i];
        char term[320];
        size_t tl = vb_key_term(term, sizeof term, VB_P_REF, k, strlen(k), NULL, 0);
        unsigned tf = 0;
        if (is_name_key(k)) {
            named = 1;
            if (!*nk && !*ambiguous) {
                st = vb_index_xerr(vbx_db_termfreq(ix->db, term, tl, &tf), ix->path);
                if (tf) *ambiguous = 1;
            }
            continue;
        }
        if (find_ins(p, nk, 0)) continue;
        if (!named && !find_ins(p, nk, 1)) {
            st = vb_index_xerr(vbx_db_termfreq(ix->db, term, tl, &tf), ix->path);
            ins_t *x = st == VB_OK && tf ? ins_add(p, nk) : NULL;
            if (x) x->pub.number = pool(p, nk);
            if (p->oom) st = VB_ERR_NOMEM;
            continue;
        }
        /* reading can only add instruments as cited that no changing document
           made (in force, as vb_legal_instrument_of() says of such a citation
           without one) and count ambiguous citations: what a citation by a name
           of several laws is told by (how many instruments, vb_legal_cache_of),
           and nothing once there are two. The citing documents of a law are
           thousands, read to the last when every citation agrees */
        if (!several || p->nins >= 2) continue;
        const char *one = term;
        unsigned *docs = NULL;
        size_t ndocs = 0, fetched = 0, chunk = FETCH_FIRST;
        st = vb_docs_by_file(ix, &one, &tl, 1, &docs, &ndocs);
        for (size_t j = 0; st == VB_OK && j < ndocs && !find_ins(p, nk, 0); j++) {
            if (vb_sorted_has(read, nread, docs[j])) continue;
            if (j >= fetched) {   /* the next ones not read yet, to the server in one go */
                unsigned want[FETCH_CHUNK];
                size_t nw = 0;
                for (fetched = j; fetched < ndocs && nw < chunk; fetched++)
                    if (!vb_sorted_has(read, nread, docs[fetched])) want[nw++] = docs[fetched];
                fetch_docs(ix, cache, want, nw);
                chunk = FETCH_CHUNK;
            }
            const docrec_t *d = NULL;
            st = doccache_get(ix, cache, docs[j], &d);
            if (st == VB_OK) st = relations_of(p, d, pin, ambiguous);
        }
        free(docs);
    }
    return st;
}

/* One reading of the index: the instrument, its citations, their relations into *OUT. */
static vb_status_t legal_once(vb_index_t *ix, const char *number, const char *pinpoint, int changes_only, vb_legal_t **out)
{
    vb_legal_t *l = calloc(1, sizeof *l);
    priv_t *p = calloc(1, sizeof *p);
    if (!l || !p) { free(l); free(p); return VB_ERR_NOMEM; }
    l->priv_ = p;
    p->changes_only = changes_only;
    p->as_cited.force = VB_LEGAL_IN_FORCE;
    char *pin = NULL;
    vb_status_t st = pinpoint && *pinpoint ? vb_pin_path(pinpoint, &pin) : VB_OK;
    l->number = pool(p, number);
    l->pinpoint = pin ? pool(p, pin) : NULL;
    free(pin);
    pin = (char *)l->pinpoint;
    if (st == VB_OK && p->oom) st = VB_ERR_NOMEM;
    unsigned *docs = NULL;
    size_t ndocs = 0;
    if (st == VB_OK) st = vb_memo_reading(ix);
    if (st == VB_OK) st = collect_keys(ix, number, p);
    if (st == VB_OK) st = load_archived(ix, p);
    if (st == VB_OK) st = citing_docs(ix, p, &docs, &ndocs);
    doccache_t cache;
    memset(&cache, 0, sizeof cache);
    for (size_t i = 0; st == VB_OK && i < ndocs; i++) {
        if (i % FETCH_CHUNK == 0) fetch_docs(ix, &cache, docs + i, ndocs - i < FETCH_CHUNK ? ndocs - i : FETCH_CHUNK);
        const docrec_t *d = NULL;
        st = doccache_get(ix, &cache, docs[i], &d);
        if (st != VB_OK) break;
        st = relations_of(p, d, pin, &l->ambiguous);
    }
    if (st == VB_OK && changes_only) {
        /* the documents read, by docid for the lookups */
        if (ndocs > 1) qsort(docs, ndocs, sizeof *docs, vb_cmp_unsigned);
        st = cited_instruments(ix, p, pin, docs, ndocs, &cache, &l->ambiguous);
    }
    doccache_free(&cache);
    free(docs);
    if (st == VB_OK && p->nins) {
        p->out = calloc(p->nins, sizeof *p->out);
        if (!p->out) st = VB_ERR_NOMEM;
        for (size_t i = 0; st == VB_OK && i < p->nins; i++) {
            ins_t *x = &p->ins[i];
            if (x->nrels > 1) qsort(x->rels, x->nrels, sizeof *x->rels, cmp_rel);
            derive(x, pin);
            x->pub.relations = x->rels;
            x->pub.relation_count = x->nrels;
            p->out[i] = x->pub;
        }
        l->instruments = p->out;
        l->instrument_count = p->nins;
    }
    if (st != VB_OK) {
        vb_legal_free(l);
        return st;
    }
    *out = l;
    return VB_OK;
}

static vb_status_t legal_read(vb_index_t *ix, const char *number, const char *pinpoint, int changes_only, vb_legal_t **out)
{
    if (!ix || !number || !out) return VB_ERR_INVALID_ARG;
    *out = NULL;
    while (*number == ' ' || *number == '\t') number++;
    if (!*number) return VB_ERR_INVALID_ARG;
    vb_status_t st;
    vb_index_read_begin(ix);
    /* an indexer that commits meanwhile: read again, as the other readers do */
    for (int tries = 0;; tries++) {
        st = legal_once(ix, number, pinpoint, changes_only, out);
        if (st == VB_OK || !vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    return st;
}

vb_status_t vb_index_legal_status(vb_index_t *ix, const char *number, const char *pinpoint, vb_legal_t **out)
{
    return legal_read(ix, number, pinpoint, 0, out);
}

vb_status_t vb_index_legal_changes(vb_index_t *ix, const char *number, vb_legal_t **out)
{
    return legal_read(ix, number, NULL, 1, out);
}

const vb_instrument_t *vb_legal_instrument_of(const vb_legal_t *l, const vb_citation_t *c)
{
    if (!l || !c || !l->priv_) return NULL;
    priv_t *p = l->priv_;
    const char *nk = key_of(p, c);
    if (!nk || !*nk) return NULL;
    size_t agree = 0;
    ins_t *x = attribute(p, nk, c, 0, &agree);
    if (x) return &p->out[x - p->ins];
    /* no changing document names the instrument as cited: every citation that
       agrees with no archived document gives it (vb_index_legal_status() makes it
       from the first), in force */
    return p->changes_only && agree == 0 ? &p->as_cited : NULL;
}
