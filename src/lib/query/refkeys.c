/* ref: as people type it: the value of a ref: condition (its pinpoint
 * already split off by qparse_field.c) -> the index keys it stands for,
 * each a number key or a name key of XR<key> (store/schema.h).
 *
 *   "145/2020/NĐ-CP", "Nghị định 145/2020/NĐ-CP"  that number
 *   "145/NĐ-CP"          the number in every year: 145/<year>/nd-cp, and 145/nd-cp
 *   "145/2020"           every 145/2020/<code>; "NĐ 145/2020", "Nghị định 145/2020"
 *                        the codes of that type (nd, nd-cp, …)
 *   "Luật Bảo hiểm xã hội"  citations by that name, and the numbers the archive
 *                        (XM terms) or the table of laws (corpus/laws.tsv) give it
 *   "Luật Đất đai 2024"  the same narrowed to that year ("năm 2024" too)
 */
#include <stdio.h>
#include "query/query_internal.h"
#include "query/refkeys.h"
#include "query/termstats.h"

static int keys_add(refkeys_t *k, const char *s, size_t n)
{
    if (n == 0) return 1;
    for (size_t i = 0; i < k->n; i++)
        if (strlen(k->keys[i]) == n && memcmp(k->keys[i], s, n) == 0) return 1;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 8;
        char **nk = realloc(k->keys, cap * sizeof *nk);
        if (!nk) return 0;
        k->keys = nk;
        k->cap = cap;
    }
    if (!(k->keys[k->n] = vb_strndup(s, n))) return 0;
    k->n++;
    return 1;
}

void refkeys_free(refkeys_t *k)
{
    for (size_t i = 0; i < k->n; i++) free(k->keys[i]);
    free(k->keys);
    memset(k, 0, sizeof *k);
}

/* The type words people put before a number, and the code of the symbol they go with. */
static const struct { const char *name, *code; } types[] = {
    { "nghi dinh", "nd" }, { "quyet dinh", "qd" }, { "thong tu lien tich", "ttlt" }, { "thong tu", "tt" },
    { "chi thi", "ct" }, { "nghi quyet", "nq" }, { "ke hoach", "kh" }, { "cong dien", "cd" },
    { "thong bao", "tb" }, { "huong dan", "hd" }, { "bao cao", "bc" }, { "to trinh", "ttr" },
    { "van ban hop nhat", "vbhn" }, { "luat", "qh" }, { "bo luat", "qh" }, { "phap lenh", "ubtvqh" },
    { "cong van", NULL }, { "van ban", NULL },
};

/* A number key split: "145/2020/nd-cp" -> 145, 2020, nd-cp; "10/ct-ttg" -> 10, -, ct-ttg.
 * 0 when the key does not start with digits and a '/'. */
typedef struct { char num[32], year[5], code[200]; } numparts_t;

static int all_digits(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int split_key(const char *key, size_t n, numparts_t *p)
{
    memset(p, 0, sizeof *p);
    const char *a = memchr(key, '/', n);
    if (!a || !all_digits(key, (size_t)(a - key)) || (size_t)(a - key) >= sizeof p->num) return 0;
    memcpy(p->num, key, (size_t)(a - key));
    const char *rest = a + 1, *end = key + n;
    const char *b = memchr(rest, '/', (size_t)(end - rest));
    size_t rl = (size_t)((b ? b : end) - rest);
    if (rl == 4 && all_digits(rest, 4) && (rest[0] == '1' || rest[0] == '2')) {
        memcpy(p->year, rest, 4);
        rest = b ? b + 1 : end;
    }
    size_t cl = (size_t)(end - rest);
    if (cl >= sizeof p->code) return 0;
    memcpy(p->code, rest, cl);
    return 1;
}

/* Does CODE belong to type code HINT ("nd-cp" to "nd"; "qd-ubnd" to "qd")? */
static int code_of_type(const char *code, const char *hint)
{
    size_t hl = strlen(hint);
    return strncmp(code, hint, hl) == 0 && (code[hl] == '\0' || code[hl] == '-');
}

typedef struct {
    int (*fn)(const char *key, size_t n, void *data);
    void *data;
    refkeys_t *out;
} scan_t;

static vb_status_t scan_term(const char *t, size_t n, unsigned docs, void *data)
{
    scan_t *s = data;
    size_t pl = strlen(VB_P_REF);
    (void)docs;
    if (memchr(t, '#', n) || memchr(t, ' ', n)) return VB_OK;
    return !s->fn(t + pl, n - pl, s->data) || keys_add(s->out, t + pl, n - pl) ? VB_OK : VB_ERR_NOMEM;
}

/* Every XR key starting PREFIX (no pinpoint, no name): the keys FN accepts are added. */
static vb_status_t scan_keys(vb_index_t *ix, const char *prefix, int (*fn)(const char *key, size_t n, void *data),
                             void *data, refkeys_t *out)
{
    char term[300];
    int tl = snprintf(term, sizeof term, "%s%s", VB_P_REF, prefix);
    if (tl <= 0 || (size_t)tl >= sizeof term) return VB_OK;
    scan_t s = { fn, data, out };
    return vb_ts_allterms(ix, term, scan_term, &s);
}

typedef struct {
    const numparts_t *q;
    const char *hint;
} numq_t;

static int number_matches(const char *key, size_t n, void *data)
{
    const numq_t *m = data;
    numparts_t p;
    if (!split_key(key, n, &p) || strcmp(p.num, m->q->num) != 0) return 0;
    if (m->q->year[0] && strcmp(p.year, m->q->year) != 0) return 0;
    if (m->q->code[0]) return strcmp(p.code, m->q->code) == 0;
    return !m->hint || code_of_type(p.code, m->hint);
}

/* The type words W (folded key) -> the code of their symbols ("nghi dinh" -> "nd";
 * an abbreviation stands for itself: "nd"), or NULL. */
static const char *type_hint(const char *w)
{
    if (!*w) return NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(w, types[i].name) == 0) return types[i].code;
    if (!strchr(w, ' ') && strlen(w) <= 8) return w;
    return NULL;
}

/* A number as people type it: SYM the symbol word, BEFORE the words before it. */
static vb_status_t number_keys(vb_index_t *ix, const char *sym, const char *before, refkeys_t *out)
{
    char key[256], bk[128];
    size_t kl = vb_number_key(sym, strlen(sym), key, sizeof key);
    while (kl && (key[kl - 1] == ',' || key[kl - 1] == ';' || key[kl - 1] == '.')) key[--kl] = '\0';
    if (!keys_add(out, key, kl)) return VB_ERR_NOMEM;
    numparts_t q;
    if (!split_key(key, kl, &q)) return VB_OK;
    if (q.year[0] && q.code[0]) return VB_OK;   /* the whole number: that key */
    vb_name_key(before, strlen(before), bk, sizeof bk);
    numq_t m = { &q, type_hint(bk) };
    char prefix[40];
    snprintf(prefix, sizeof prefix, "%s/", q.num);
    return scan_keys(ix, prefix, number_matches, &m, out);
}

typedef struct {
    size_t tl;           /* the prefix's length */
    const char *year;
    refkeys_t *out;
} named_t;

static vb_status_t named_term(const char *t, size_t n, unsigned docs, void *data)
{
    const named_t *m = data;
    const char *y = t + m->tl, *end = t + n;
    const char *bar = memchr(y, '|', (size_t)(end - y));
    (void)docs;
    if (!bar) return VB_OK;
    if (*m->year && ((size_t)(bar - y) != 4 || memcmp(y, m->year, 4) != 0)) return VB_OK;
    return keys_add(m->out, bar + 1, (size_t)(end - bar - 1)) ? VB_OK : VB_ERR_NOMEM;
}

/* XM<name>|<year>|<number key>: the numbers the archive gives NAME (in YEAR when set). */
static vb_status_t named_numbers(vb_index_t *ix, const char *name, const char *year, refkeys_t *out)
{
    char term[300];
    int tl = snprintf(term, sizeof term, "%s%s|", VB_P_NAMED, name);
    if (tl <= 0 || (size_t)tl >= sizeof term) return VB_OK;
    named_t m = { (size_t)tl, year, out };
    vb_status_t st = vb_ts_allterms(ix, term, named_term, &m);
    if (st != VB_OK) return st;
    /* the table shipped with vanban (corpus/laws.tsv) */
    for (const vb_law_t *l = vb_laws; l->name; l++) {
        char nk[200], key[128];
        vb_name_key(l->name, strlen(l->name), nk, sizeof nk);
        if (strcmp(nk, name) != 0 || (*year && strcmp(l->year, year) != 0)) continue;
        size_t kl = vb_number_key(l->number, strlen(l->number), key, sizeof key);
        if (!keys_add(out, key, kl)) return VB_ERR_NOMEM;
    }
    return VB_OK;
}

/* A name as people type it: "Luật Đất đai", "Luật Đất đai 2024", "Luật Đất đai năm 2024". */
static vb_status_t name_keys(vb_index_t *ix, const char *value, refkeys_t *out)
{
    char nk[200], year[5] = "";
    size_t nl = vb_name_key(value, strlen(value), nk, sizeof nk);
    char *sp = strrchr(nk, ' ');
    if (sp && strlen(sp + 1) == 4 && all_digits(sp + 1, 4) && (sp[1] == '1' || sp[1] == '2')) {
        memcpy(year, sp + 1, 5);
        *sp = '\0';
        nl = (size_t)(sp - nk);
        if (nl > 4 && strcmp(nk + nl - 4, " nam") == 0) nk[nl -= 4] = '\0';
    }
    if (!strchr(nk, ' ')) {
        /* one word: a number written without '/' ("UBTVQH15"): as given */
        char key[256];
        size_t kl = vb_number_key(value, strlen(value), key, sizeof key);
        return keys_add(out, key, kl) ? VB_OK : VB_ERR_NOMEM;
    }
    char with[210];
    int wl = snprintf(with, sizeof with, "%s%s%s", nk, *year ? "@" : "", year);
    if (wl <= 0 || !keys_add(out, with, (size_t)wl)) return VB_ERR_NOMEM;
    return named_numbers(ix, nk, year, out);
}

vb_status_t vb_ref_keys(vb_index_t *ix, const char *value, refkeys_t *out)
{
    memset(out, 0, sizeof *out);
    /* the symbol: the first word with a digit and a '/' */
    const char *p = value, *sym = NULL;
    size_t syml = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t') p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        int digit = 0, slash = 0;
        for (const char *c = w; c < p; c++) {
            digit |= *c >= '0' && *c <= '9';
            slash |= *c == '/';
        }
        if (digit && slash) {
            sym = w;
            syml = (size_t)(p - w);
            break;
        }
    }
    vb_status_t st;
    if (sym) {
        char *s = vb_strndup(sym, syml), *b = vb_strndup(value, (size_t)(sym - value));
        st = s && b ? number_keys(ix, s, b, out) : VB_ERR_NOMEM;
        free(s);
        free(b);
    } else {
        st = name_keys(ix, value, out);
    }
    if (st != VB_OK) refkeys_free(out);
    return st;
}

/* The keys citation CT is indexed under (document.c): number key, name key, name@year. */
int vb_citation_has_key(const vb_citation_t *ct, const char *key)
{
    char k[300];
    if (ct->number) {
        vb_number_key(ct->number, strlen(ct->number), k, sizeof k);
        if (strcmp(k, key) == 0) return 1;
    }
    if (ct->name) {
        size_t kl = vb_name_key(ct->name, strlen(ct->name), k, 200);
        if (strcmp(k, key) == 0) return 1;
        char year[5];
        if (vb_year_of(ct->date, year)) {
            snprintf(k + kl, sizeof k - kl, "@%s", year);
            if (strcmp(k, key) == 0) return 1;
        }
    }
    return 0;
}
