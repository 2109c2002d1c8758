/* doc_amend: quoted amendment text and what an amending clause amends.
 *
 * An amending article quotes the new wording of another instrument's
 * articles ("3. Sửa đổi Điều 7 như sau: “Điều 7. … 1. … a) …”"). The quoted
 * text belongs to the amending clause (the body parser keeps it there, see
 * d_body_range); its own "Điều 7", "1." and "a)" are not this document's
 * articles. The clause records the target: amends = "d7" (path in the
 * amended instrument), amends_doc = "Nghị định số 145/2020/NĐ-CP" as the
 * text names it, from the clause itself or the article above it. */
#include <stdio.h>
#include "doc/doc_internal.h"

/* “ and ” count as open and close; an ASCII '"' opens after a space or at
 * the start, and closes otherwise. */
int d_quote_delta(const char *s, size_t n)
{
    return d_quote_delta_from(s, 0, n);
}

int d_quote_delta_from(const char *s, size_t from, size_t n)
{
    int d = 0;
    for (size_t i = from; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            if ((unsigned char)s[i + 2] == 0x9C) d++;
            else if ((unsigned char)s[i + 2] == 0x9D) d--;
            i += 2;
        } else if (ch == '"') {
            if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == '*') d++;
            else d--;
        }
    }
    return d;
}

int d_opens_quote(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '*')) i++;
    if (i < n && s[i] == '"') return 1;
    return i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           (unsigned char)s[i + 2] == 0x9C;
}

/* Quoted amendment text: from a line that opens a quote right after a
 * lead-in ending in ':' ("… như sau:" / “Điều 7. …”) until the quotes
 * close. Its lines belong to the amending clause, their markers are the
 * amended instrument's. A runaway zone (the closing quote lost) ends at an
 * unquoted article heading that continues this document's own numbering. */
/* article key K continues the numbering after LAST: Điều 8 or 7b after 7a */
static int continues(long k, long last)
{
    return k > last && k / 32 <= last / 32 + 1;
}

/* the previous text line ends with ':' (a lead-in "… như sau:") */
static int after_lead(const dctx_t *c, size_t prev)
{
    if (prev == (size_t)-1) return 0;
    const dline_t *p = &c->L[prev];
    size_t n = p->n;
    while (n > 0 && (p->s[n - 1] == ' ' || p->s[n - 1] == '*')) n--;
    return n > 0 && p->s[n - 1] == ':';
}

int d_in_quote(qzone_t *q, const dctx_t *c, size_t prev, const dline_t *l, long dieu)
{
    if (q->on == 2) {
        /* unquoted: ends at the article that continues this document's numbering */
        if (dieu && continues(dieu, q->last_dieu)) { q->on = 0; q->last_dieu = dieu; return 0; }
        return 1;
    }
    if (!q->on) {
        /* An article heading that goes back in the numbering ("Điều 3." after
           "Điều 50.", not a fresh "Điều 1.") quotes another instrument
           without quotation marks: consolidated texts (VBHN) quote the
           transitional articles of the amending laws that way. */
        if (dieu > 32 && q->last_dieu && dieu <= q->last_dieu && after_lead(c, prev) &&
            !d_opens_quote(l->s, l->n)) {
            q->on = 2;
            return 1;
        }
        if (!d_opens_quote(l->s, l->n) || !after_lead(c, prev)) {
            if (dieu) q->last_dieu = dieu;
            return 0;
        }
        q->on = 1;
        q->depth = 0;
    } else if (dieu && continues(dieu, q->last_dieu) && !d_opens_quote(l->s, l->n)) {
        q->on = 0;   /* runaway: the article after the amending one */
        q->last_dieu = dieu;
        return 0;
    }
    q->depth += d_quote_delta(l->s, l->n);
    if (q->depth <= 0) q->on = 0;
    return 1;
}

int d_has_articles(const dctx_t *c, size_t beg, size_t end)
{
    qzone_t q = { 0, 0, 0 };
    size_t prev = (size_t)-1;
    for (size_t i = beg; i < end; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT) continue;
        long dn = d_dieu_num(l->s, l->n);
        if (!d_in_quote(&q, c, prev, l, dn) && dn) return 1;
        prev = i;
    }
    return 0;
}

/* The line where article numbering starts again inside [BEG, END) (an
 * "Điều 1." after "Điều 5.", outside quotes and not after a lead-in ending
 * in ':'): another instrument or form begins there. END when none. */
size_t d_article_restart(const dctx_t *c, size_t beg, size_t end)
{
    qzone_t q = { 0, 0, 0 };
    size_t prev = (size_t)-1;
    long top = 0;
    for (size_t i = beg; i < end; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT) continue;
        long dn = d_dieu_num(l->s, l->n);
        if (!d_in_quote(&q, c, prev, l, dn) && dn) {
            const dline_t *p = prev == (size_t)-1 ? NULL : &c->L[prev];
            int lead = p && p->n && p->s[p->n - 1] == ':' && !d_is_upper_text(p->s, p->n);   /* not "QUYẾT ĐỊNH:" */
            if (top > 0 && dn == 32 && !lead) {
                /* take the instrument's title lines above with it */
                size_t k = i;
                while (k > beg) {
                    const dline_t *t = &c->L[k - 1];
                    if (t->kind == LK_TEXT && !(d_is_upper_text(t->s, t->n) || t->s[0] == '(' ||
                                                d_is_separator(t->s, t->n)))
                        break;
                    k--;
                }
                return k > beg ? k : i;
            }
            if (dn > top) top = dn;
        }
        prev = i;
    }
    return end;
}

/* the folded word at F (letters and digits, up to 8 bytes) into W */
static const char *word_at(const char *f, char *w, size_t cap)
{
    size_t k = 0;
    while (*f == ' ') f++;
    while (*f && *f != ' ' && *f != ',' && *f != '.' && *f != ';' && *f != ':' && k + 1 < cap) w[k++] = *f++;
    w[k] = '\0';
    return f;
}

/* An article number ("5", "7a") at F; 0 when there is none. */
static int art_num(const char *f, char *out, size_t cap)
{
    size_t k = 0;
    while (f[k] >= '0' && f[k] <= '9' && k < 4) k++;
    if (!k) return 0;
    if (f[k] >= 'a' && f[k] <= 'z' && (f[k + 1] == '\0' || f[k + 1] == ' ' || f[k + 1] == ',' || f[k + 1] == '.'))
        k++;
    if (k + 1 > cap) return 0;
    memcpy(out, f, k);
    out[k] = '\0';
    return 1;
}

static const char *const VERBS[] = { "sua doi", "bo sung", "thay the", "bai bo", "dinh chinh", NULL };

/* Target path of an amending lead-in F (folded): "điểm a khoản 2 Điều 5" -> "d5.2.a". */
static int target(const char *f, char *out, size_t cap)
{
    /* past the clause's own heading ("dieu 4. bo sung dieu 19a …") */
    if (!strncmp(f, "dieu ", 5)) {
        char own[8];
        if (art_num(f + 5, own, sizeof own)) {
            const char *h = f + 5 + strlen(own);
            while (*h == ' ') h++;
            if (*h == '.' || *h == ':') f = h + 1;
        }
    }
    const char *v = NULL;
    for (size_t i = 0; VERBS[i]; i++) {
        const char *h = strstr(f, VERBS[i]);
        if (h && (!v || h < v)) v = h;
    }
    if (!v) return 0;
    const char *d = strstr(f, "dieu ");
    /* "Điều 5 được sửa đổi": the article before the verb; else the first after it */
    if (!d || d > v) d = strstr(v, "dieu ");
    if (!d) return 0;
    char an[8];
    if (!art_num(d + 5, an, sizeof an)) return 0;
    /* "điểm a khoản 2" right before "Điều" */
    char kh[8] = "", di[8] = "";
    const char *p = d;
    size_t back = (size_t)(p - f) < 40 ? (size_t)(p - f) : 40;
    const char *win = p - back;
    const char *k = NULL;
    for (const char *q = win; q < p; q++)
        if (!strncmp(q, "khoan ", 6)) k = q;
    if (k) {
        art_num(k + 6, kh, sizeof kh);
        const char *e = NULL;
        for (const char *q = win; q < k; q++)
            if (!strncmp(q, "diem ", 5)) e = q;
        if (e && kh[0]) {
            char w[8];
            word_at(e + 5, w, sizeof w);
            if (strlen(w) <= 2) snprintf(di, sizeof di, "%s", w);
        }
    }
    if (kh[0] && di[0]) snprintf(out, cap, "d%s.%s.%s", an, kh, di);
    else if (kh[0]) snprintf(out, cap, "d%s.%s", an, kh);
    else snprintf(out, cap, "d%s", an);
    return 1;
}

static const char *const TYPES[] = { "Luật", "Nghị định", "Thông tư liên tịch", "Thông tư", "Quyết định",
                                     "Nghị quyết", "Pháp lệnh", "Chỉ thị", NULL };

/* The amended instrument in raw text S: "<Type> số N" or "<Type> <Name>"
 * after "của"; a malloc'd copy or NULL. */
static char *instrument(const char *s, size_t n)
{
    static const char CUA[] = "của ";
    const size_t cl = sizeof CUA - 1;
    for (const char *c = vb_memmem(s, n, CUA, cl); c; c = vb_memmem(c + 1, (size_t)(s + n - c - 1), CUA, cl)) {
        const char *t = c + cl;
        size_t rest = (size_t)(s + n - t);
        for (size_t i = 0; TYPES[i]; i++) {
            size_t tl = strlen(TYPES[i]);
            if (rest <= tl || strncmp(t, TYPES[i], tl) || t[tl] != ' ') continue;
            size_t e = tl + 1;
            if (rest > e + strlen("số ") && !strncmp(t + e, "số ", strlen("số "))) {
                e += strlen("số ");
                while (e < rest && t[e] != ' ' && t[e] != ',' && t[e] != ';' && t[e] != ')') e++;
                while (e > 0 && (t[e - 1] == '.' || t[e - 1] == ':')) e--;
            } else {
                /* a name: up to a comma, "ngày", "như sau", or 80 bytes */
                size_t lim = rest < 120 ? rest : 120, k = e;
                while (k < lim && t[k] != ',' && t[k] != ';' && t[k] != ':' && t[k] != '(' &&
                       strncmp(t + k, " ngày", strlen(" ngày")) && strncmp(t + k, " như sau", strlen(" như sau")) &&
                       strncmp(t + k, " đã", strlen(" đã")))
                    k++;
                e = k;
                while (e > 0 && (t[e - 1] == '.' || t[e - 1] == ' ')) e--;
            }
            if (e <= tl + 1) return NULL;
            /* a number cut by a line break: "68/2026/NĐ- CP" */
            if (t[e - 1] == '-' && e + 1 < rest && t[e] == ' ' && t[e + 1] >= 'A' && t[e + 1] <= 'Z') {
                size_t k = e + 1;
                while (k < rest && t[k] != ' ' && t[k] != ',' && t[k] != ';' && t[k] != ')') k++;
                while (k > e + 1 && (t[k - 1] == '.' || t[k - 1] == ':')) k--;
                vb_buf_t x = { 0 };
                vb_buf_append(&x, t, e);
                vb_buf_append(&x, t + e + 1, k - e - 1);
                if (x.oom) { vb_buf_free(&x); return NULL; }
                return vb_buf_steal(&x);
            }
            return d_clean_dup(t, e);
        }
    }
    return NULL;
}

/* the lead-in of a clause: its text up to the first opening quote */
static size_t lead_len(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '"' && (i == 0 || t[i - 1] == ' ')) return i;
        if ((unsigned char)t[i] == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80 &&
            (unsigned char)t[i + 2] == 0x9C)
            return i;
    }
    return n;
}

void d_amends(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    char f[640];
    for (size_t i = 0; i < d->clause_count && !c->oom; i++) {
        vb_clause_t *cl = &d->clauses[i];
        ctext_t *ct = &c->ct[i];
        if (!ct->text.data || !ct->text.len) continue;
        /* only articles and numbered items amend: not the header, preamble or closing */
        const char *lp = cl->path;
        if (!strncmp(lp, "pl", 2)) lp = strchr(lp, '.') ? strchr(lp, '.') + 1 : "";
        if (lp[0] == 'h' || lp[0] == 'p' || lp[0] == 'c' || lp[0] == 'f' || !lp[0]) continue;
        const char *t = ct->text.data;
        size_t n = lead_len(t, ct->text.len);
        if (n > 600) n = 600;
        while (n > 0 && n < ct->text.len && ((unsigned char)t[n] & 0xC0) == 0x80) n--;   /* whole characters */
        /* Most clauses amend nothing: look for a verb in the fold of their first
         * 200 bytes before folding 600. Folding goes left to right, so that
         * fold is the start of the long one; a verb at most 120 bytes in (the
         * test below) ends within its first 131 bytes. */
        size_t m = n < 200 ? n : 200;
        while (m > 0 && m < n && ((unsigned char)t[m] & 0xC0) == 0x80) m--;
        if (m < n && d_fold(t, m, f, sizeof f) >= 131) {
            int near = 0;
            for (size_t v = 0; VERBS[v] && !near; v++) {
                const char *h = strstr(f, VERBS[v]);
                if (h && h - f <= 120) near = 1;
            }
            if (!near) continue;
        }
        d_fold(t, n, f, sizeof f);
        const char *verb = NULL;
        for (size_t v = 0; VERBS[v]; v++) {
            const char *h = strstr(f, VERBS[v]);
            if (h && (!verb || h < verb)) verb = h;
        }
        /* the verb leads the clause ("Sửa đổi khoản 5 Điều 8 …", "Điều 5 được
           sửa đổi …"), and the clause gives new wording ("như sau") or repeals */
        if (!verb || verb - f > 120) continue;
        const char *ns = strstr(verb, "nhu sau");
        int quotes = (ns && ns - verb < 300) || !strncmp(verb, "bai bo", 6);
        char tp[32];
        if (quotes && target(f, tp, sizeof tp)) d_set_str(c, &cl->amends, vb_strndup(tp, strlen(tp)));
        char *doc = cl->amends || strstr(f, "mot so dieu") ? instrument(t, n) : NULL;
        if (!doc && cl->amends) {
            /* inherit from the clause above ("Điều 1. Sửa đổi … của Nghị định số …") */
            for (size_t j = i; j > 0 && !doc; j--) {
                const vb_clause_t *p = &d->clauses[j - 1];
                size_t pl = strlen(p->path);
                if (p->amends_doc && !strncmp(cl->path, p->path, pl) && cl->path[pl] == '.')
                    doc = vb_strndup(p->amends_doc, strlen(p->amends_doc));
            }
        }
        if (doc) d_set_str(c, &cl->amends_doc, doc);
    }
}
