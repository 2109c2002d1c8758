/* Header block (issuer, number, place and date, type, subject, Kính gửi) and
 * closing block (Nơi nhận, signature) of a document. */
#include "doc/doc_internal.h"
#include "text/date.h"

enum { HL_OTHER = 0, HL_SEP, HL_KG, HL_MOTTO, HL_NUM, HL_DATE, HL_VV, HL_TYPE, HL_SECTION, HL_BODY, HL_AUTH };

#define FOLD_CAP 320

static int is_marker_start(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 4 && s[i] >= '0' && s[i] <= '9') i++;
    if (i > 0 && i < n && (s[i] == '.' || s[i] == ')') && (i + 1 == n || s[i + 1] == ' ')) return 1;
    return 0;
}

static int is_body_start(const char *f, const char *s, size_t n)
{
    static const char *const starts[] = {
        "can cu ", "can cu:", "thuc hien ", "theo de nghi", "xet de nghi", "xet ", "dieu 1.", "dieu 1 ",
        "chuong i", "phan i", "de nghi ", "nham ", "trong nhung nam", "ngay ", NULL
    };
    for (size_t i = 0; starts[i]; i++)
        if (d_starts(f, starts[i])) {
            if (!strcmp(starts[i], "ngay ") && f[5] >= '0' && f[5] <= '9') continue;  /* "ngày 20" */
            return 1;
        }
    if (is_marker_start(s, n)) return 1;
    return 0;
}

static const char *const AUTH[] = {
    "chu tich", "thu tuong", "bo truong", "chinh phu", "quoc hoi", "hoi dong nhan dan", "uy ban nhan dan",
    "uy ban thuong vu", "giam doc", "cuc truong", "tong cuc truong", "thong doc", "chanh an", "vien truong",
    "tong kiem toan", "truong ban", "chanh van phong", "tong giam doc", "ban chap hanh", "ban thuong vu",
    "bo chinh tri", "ban bi thu", "chu nhiem", NULL
};

static int is_auth_line(const char *f, const char *s, size_t n)
{
    if (!d_is_upper_text(s, n)) return 0;
    for (size_t i = 0; AUTH[i]; i++)
        if (d_starts(f, AUTH[i])) return 1;
    return 0;
}

/* the position of word "ngay" followed by a digit or the end, within the first 7 words */
static int find_ngay(const char *f, size_t *at)
{
    size_t i = 0, w = 0;
    while (f[i] && w < 8) {
        if ((i == 0 || f[i - 1] == ' ') && !strncmp(f + i, "ngay", 4) &&
            (f[i + 4] == '\0' || (f[i + 4] == ' ' && ((f[i + 5] >= '0' && f[i + 5] <= '9') || f[i + 5] == '\0')) ||
             (f[i + 4] >= '0' && f[i + 4] <= '9'))) {
            *at = i;
            return 1;
        }
        if (f[i] == ' ') w++;
        i++;
    }
    return 0;
}

static int motto_words(const char *f)
{
    return strstr(f, "cong hoa xa hoi") || strstr(f, "xa hoi chu nghia") || strstr(f, "chu nghia viet nam") ||
           strstr(f, "doc lap - tu do") || strstr(f, "doc lap – tu do") || strstr(f, "tu do - hanh phuc") ||
           (strstr(f, "doc lap") && strstr(f, "hanh phuc")) || !strcmp(f, "cong") || !strcmp(f, "cong hoa") ||
           !strcmp(f, "hoa xa hoi");
}

/* a type word line: the whole line, its first words, or (OCR junk first) its last words */
static const char *type_in_line(const char *s, size_t n)
{
    const char *t = d_type_phrase(s, n);
    if (t) return t;
    size_t e = 0;
    for (int w = 0; w < 4; w++) {
        while (e < n && s[e] != ' ') e++;
        if (e >= n) break;
        if (d_is_upper_text(s, e) && (t = d_type_phrase(s, e)) && d_is_upper_text(s, n < 200 ? n : 200)) return t;
        while (e < n && s[e] == ' ') e++;
    }
    size_t k = n, words = 0;
    while (k > 0 && words < 4) {
        while (k > 0 && s[k - 1] == ' ') k--;
        while (k > 0 && s[k - 1] != ' ') k--;
        words++;
        if (k > 0 && n - k >= 4 && d_is_upper_text(s + k, n - k) && (t = d_type_phrase(s + k, n - k))) return t;
    }
    return NULL;
}

static int classify(const char *s, size_t n, const char *f)
{
    if (d_is_separator(s, n)) return HL_SEP;
    if (d_starts(f, "kinh gui")) return HL_KG;
    if (motto_words(f)) return HL_MOTTO;
    if (d_starts(f, "so:") || d_starts(f, "so :") || d_starts(f, "luat so:") || d_starts(f, "luat so :") ||
        (d_starts(f, "so ") && f[3] >= '0' && f[3] <= '9' && n < 40 && strchr(f, '/')))
        return HL_NUM;
    if (d_starts(f, "v/v") || d_starts(f, "vv ") || d_starts(f, "v/v:") || d_starts(f, "v.v ")) return HL_VV;
    size_t at;
    if (n < 120 && find_ngay(f, &at) && (at == 0 || f[at - 1] == ' ')) {
        if (at == 0 || (at >= 2 && f[at - 2] == ',') || strchr(f, ',')) return HL_DATE;
    }
    if (d_starts(f, "van ban quy pham phap luat") || d_starts(f, "van ban phap luat khac") ||
        d_starts(f, "van ban khac") || d_starts(f, "van ban hop nhat -") || d_starts(f, "van ban hop nhat –"))
        return HL_SECTION;
    if (n < 200 && (d_is_upper_text(s, n) || n < 60) && type_in_line(s, n)) return HL_TYPE;
    if (is_body_start(f, s, n)) return HL_BODY;
    if (is_auth_line(f, s, n)) return HL_AUTH;
    return HL_OTHER;
}

static size_t next_text(const dctx_t *c, size_t i, size_t limit)
{
    for (i++; i < limit; i++)
        if (c->L[i].kind == LK_TEXT) return i;
    return limit;
}

static int blank_between(const dctx_t *c, size_t a, size_t b)
{
    for (size_t i = a + 1; i < b; i++)
        if (c->L[i].kind == LK_BLANK) return 1;
    return 0;
}

/* strip list punctuation from an item */
static char *item_dup(const char *s, size_t n)
{
    char *d = d_clean_dup(s, n);
    if (!d) return NULL;
    size_t m = strlen(d);
    while (m > 0 && (d[m - 1] == ';' || d[m - 1] == '.' || d[m - 1] == ',' || d[m - 1] == ' ' ||
                     d[m - 1] == '/'))
        d[--m] = '\0';
    return d;
}

static int is_dash(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) return !(n >= 2 && (s[1] == '-' || s[1] == '+'));
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0xA2))
        return 1;  /* – • */
    return 0;
}

static size_t dash_len(const char *s, size_t n)
{
    size_t k = (unsigned char)s[0] == 0xE2 ? 3 : 1;
    while (k < n && s[k] == ' ') k++;
    return k;
}

/* append continuation text to the last item of L */
static void item_extend(dctx_t *c, strlist_t *l, const char *s, size_t n)
{
    if (l->n == 0) return;
    vb_buf_t b = {0};
    vb_buf_puts(&b, l->v[l->n - 1]);
    vb_buf_putc(&b, ' ');
    vb_buf_append(&b, s, n);
    if (b.oom) { vb_buf_free(&b); c->oom = 1; return; }
    char *t = item_dup(b.data, b.len);
    vb_buf_free(&b);
    if (!t) { c->oom = 1; return; }
    free(l->v[l->n - 1]);
    l->v[l->n - 1] = t;
}

/* Parse a list of dash items starting after line I; returns the last line consumed. */
static size_t parse_list(dctx_t *c, size_t i, size_t limit, strlist_t *out, int stop_upper)
{
    size_t last = i, j = i;
    int open = 0;   /* last item lacks final ; or . */
    for (;;) {
        size_t k = next_text(c, j, limit);
        if (k >= limit) break;
        const dline_t *l = &c->L[k];
        if (is_dash(l->s, l->n)) {
            size_t dl = dash_len(l->s, l->n);
            char *it = item_dup(l->s + dl, l->n - dl);
            if (!it || !dl_push(out, it)) { c->oom = 1; break; }
            open = !d_ends_term(l->s, l->n) && l->s[l->n - 1] != ',';
            last = j = k;
            continue;
        }
        if (out->n && open && !blank_between(c, j, k) && !(stop_upper && d_is_upper_text(l->s, l->n)) &&
            d_first_letter_case(l->s, l->n) <= 0 && l->n < 200) {
            item_extend(c, out, l->s, l->n);
            open = !d_ends_term(l->s, l->n);
            last = j = k;
            continue;
        }
        break;
    }
    return last;
}

static void set_str(dctx_t *c, char **dst, char *v)
{
    if (!v) { c->oom = 1; return; }
    free(*dst);
    *dst = v;
}

/* date line "<place>, ngày D tháng M năm YYYY"; returns 1 when parsed */
static int parse_date_line(dctx_t *c, const char *s, size_t n, int set_place)
{
    /* find "ngày" in the raw text */
    size_t i = 0, at = n;
    while (i + 4 <= n) {
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == ',') ) {
            size_t e = i;
            while (e < n && s[e] != ' ' && s[e] != ',') e++;
            char f[16];
            if (e - i <= 8) {
                d_fold(s + i, e - i, f, sizeof f);
                if (!strcmp(f, "ngay")) { at = i; break; }
            }
        }
        i++;
    }
    if (at >= n) return 0;
    size_t e = at;
    while (e < n && s[e] != ' ') e++;
    char iso[11];
    size_t used;
    if (!vb_date_parse_words(s + e, n - e, iso, &used)) return 0;
    if (!c->doc->date) set_str(c, &c->doc->date, vb_strndup(iso, 10));
    if (set_place && !c->doc->place && at > 0) {
        size_t pe = at;
        while (pe > 0 && (s[pe - 1] == ' ' || s[pe - 1] == ',')) pe--;
        size_t pb = 0;
        while (pb < pe && (s[pb] == '.' || s[pb] == ' ' || s[pb] == '*')) pb++;
        if (pe > pb && pe - pb < 60) set_str(c, &c->doc->place, d_clean_dup(s + pb, pe - pb));
    }
    return 1;
}

/* "Số" (or "Sô", "SỐ") as a word followed by ':' or a digit; returns 1 with *WB the word
 * start and *AFTER the offset just past the word and its colon */
static int find_so(const char *s, size_t n, size_t *wb, size_t *after)
{
    size_t lim = n < 300 ? n : 300;
    for (size_t i = 0; i + 2 < lim; i++) {
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '|' && s[i - 1] != '_' && s[i - 1] != '-' && s[i - 1] != '*')
            continue;
        if (s[i] != 'S' && s[i] != 's') continue;
        size_t e = i + 1;
        while (e < lim && s[e] != ' ' && s[e] != ':' && e - i < 4) e++;
        char f[8];
        d_fold(s + i, e - i, f, sizeof f);
        if (strcmp(f, "so")) continue;
        size_t p = e;
        while (p < n && s[p] == ' ') p++;
        if (p < n && s[p] == ':') {
            *wb = i;
            *after = p + 1;
            return 1;
        }
        if (p < n && p > e && s[p] >= '0' && s[p] <= '9' && s[i] == 'S') {
            *wb = i;
            *after = p;
            return 1;
        }
    }
    return 0;
}

/* the number at offset P of line I (or on the next line when nothing follows);
 * returns the line of the number and in *END the offset after it */
static size_t parse_number_at(dctx_t *c, size_t i, size_t limit, size_t p, size_t *endp)
{
    const dline_t *l = &c->L[i];
    const char *s = l->s;
    size_t n = l->n;
    while (p < n && (s[p] == ' ' || s[p] == '*')) p++;
    size_t at_line = i;
    *endp = n;
    if (p >= n) {
        size_t k = next_text(c, i, limit);
        if (k >= limit || c->L[k].n > 60) return i;
        l = &c->L[k];
        s = l->s;
        n = l->n;
        p = 0;
        at_line = k;
    }
    /* the number, with OCR spaces before '/' or '-' removed */
    char buf[64];
    size_t o = 0, e = p;
    while (e < n && o + 1 < sizeof buf) {
        if (s[e] == ' ') {
            size_t q = e;
            while (q < n && s[q] == ' ') q++;
            if (q < n && (s[q] == '/' || s[q] == '-') && o > 0) { e = q; continue; }
            if (o > 0 && (buf[o - 1] == '/' || buf[o - 1] == '-') && q < n && q - e < 3) { e = q; continue; }
            break;
        }
        if (s[e] == '|') break;
        buf[o++] = s[e++];
    }
    /* buffer full inside a character: the rest of the line (place, date) starts after it */
    while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80) e++;
    while (o > 0 && (buf[o - 1] == '.' || buf[o - 1] == ',' || buf[o - 1] == ';' || buf[o - 1] == '*')) o--;
    int digit = 0, dots = 0;
    for (size_t k = 0; k < o; k++) {
        if (buf[k] >= '0' && buf[k] <= '9') digit = 1;
        if (buf[k] == '.') dots++;
    }
    if (digit && dots < 2 && o < 60 && !c->doc->number) set_str(c, &c->doc->number, vb_strndup(buf, o));
    /* rest of the line: the place and date of the C layout */
    if (e < n) parse_date_line(c, s + e, n - e, 1);
    *endp = at_line == i ? e : n;
    return at_line;
}

static size_t parse_number(dctx_t *c, size_t i, size_t limit, int set)
{
    size_t wb, after, end;
    (void)set;
    if (!find_so(c->L[i].s, c->L[i].n, &wb, &after)) {
        /* "Luật số:" and the like */
        const char *colon = memchr(c->L[i].s, ':', c->L[i].n);
        if (!colon) return i;
        after = (size_t)(colon - c->L[i].s) + 1;
    }
    return parse_number_at(c, i, limit, after, &end);
}

static int upper_agency_ok(const char *s, size_t n)
{
    size_t words = 1;
    for (size_t i = 0; i < n; i++) if (s[i] == ' ') words++;
    return words <= 16 && n < 200;
}

static const char *const NEWBODY[] = {
    "ban ", "so ", "cuc ", "phong ", "vu ", "tong cuc", "chi cuc", "van phong", "trung tam", "vien ",
    "thanh tra", "kho bac", "truong ", "dang uy", "cong an", "bo chi huy", "doan ", "cong ty", "chi nhanh",
    "ban quan ly", "hoi dong", "ubnd", "uy ban", "thue ", "hai quan", "ngan hang", "benh vien", NULL
};

static void build_issuer(dctx_t *c, strlist_t *ag)
{
    strlist_t lv = {0};
    vb_buf_t cur = {0};
    size_t curwords = 0;
    for (size_t i = 0; i < ag->n; i++) {
        const char *a = ag->v[i];
        char f[FOLD_CAP];
        d_fold(a, strlen(a), f, sizeof f);
        int nb = 0;
        for (size_t k = 0; NEWBODY[k]; k++)
            if (d_starts(f, NEWBODY[k])) { nb = 1; break; }
        size_t words = 1;
        for (const char *p = a; *p; p++) if (*p == ' ') words++;
        if (cur.len && nb && curwords >= 2) {
            if (!dl_push(&lv, d_sentence_case(cur.data, cur.len, 0))) c->oom = 1;
            cur.len = 0;
            curwords = 0;
        }
        if (cur.len) vb_buf_putc(&cur, ' ');
        vb_buf_puts(&cur, a);
        curwords += words;
    }
    if (cur.len && !dl_push(&lv, d_sentence_case(cur.data, cur.len, 0))) c->oom = 1;
    vb_buf_free(&cur);
    if (cur.oom) c->oom = 1;
    c->doc->issuer = lv.v;
    c->doc->issuer_count = lv.n;
}

static void header_run(dctx_t *c, size_t start, int commit)
{
    vb_doc_t *d = c->doc;
    strlist_t ag = {0}, rec = {0};
    vb_buf_t subj = {0};
    int seen_real = 0, seen_num = 0, seen_date = 0, seen_type = 0, seen_kg = 0, subj_vv = 0;
    size_t last = (size_t)-1, junk = 0, content = 0;
    const char *type = NULL;
    char f[FOLD_CAP];
    size_t i;
    for (i = start; i < c->nl && content < 120; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT) continue;
        if (seen_kg) break;
        content++;
        const char *s = l->s;
        size_t n = l->n;
        d_fold(s, n, f, sizeof f);
        int k = classify(s, n, f);
        size_t wb, after;
        if (!seen_num && k != HL_NUM && k != HL_BODY && k != HL_KG && n < 400 && find_so(s, n, &wb, &after) && wb > 0) {
            /* "CHÍNH PHỦ___ Số: 172/2025/NĐ-CP | CỘNG HÒA ... Hà Nội, ngày ..." */
            size_t pe = wb;
            while (pe > 0 && (s[pe - 1] == ' ' || s[pe - 1] == '_' || s[pe - 1] == '-' || s[pe - 1] == '|' || s[pe - 1] == '*'))
                pe--;
            const char *tp = pe ? d_type_phrase(s, pe) : NULL;
            if (tp && s[after - 1] != ':') {
                goto normal;
            } else if (tp) {
                if (!type) type = tp;
            } else if (pe > 0 && d_is_upper_text(s, pe) && !d_is_separator(s, pe) && ag.n == 0) {
                if (!dl_push(&ag, d_clean_dup(s, pe))) c->oom = 1;
            } else if (pe > 0 && !d_is_separator(s, pe) && k != HL_MOTTO && !seen_real) {
                goto normal;   /* "... Công văn số: 12" in running text */
            }
            size_t end;
            i = parse_number_at(c, i, c->nl, after, &end);
            seen_num = seen_real = 1;
            if (d->date) seen_date = 1;
            last = i;
            junk = 0;
            continue;
        }
normal:
        if (k == HL_BODY) break;
        if (k == HL_SEP) { if (seen_real || ag.n) last = i; continue; }
        if (k == HL_KG) {
            size_t p = 0;
            while (p < n && s[p] != ':') p++;
            if (p < n) {
                p++;
                while (p < n && s[p] == ' ') p++;
                if (p < n) {
                    /* inline recipients, ';'-separated */
                    size_t b = p;
                    for (size_t q = p; q <= n; q++) {
                        if (q == n || s[q] == ';') {
                            if (q > b) {
                                char *it = item_dup(s + b, q - b);
                                if (it && *it) { if (!dl_push(&rec, it)) c->oom = 1; }
                                else free(it);
                            }
                            b = q + 1;
                        }
                    }
                    /* wrapped inline recipient */
                    size_t j = i;
                    int open = !d_ends_term(s, n);
                    while (open) {
                        size_t k2 = next_text(c, j, c->nl);
                        if (k2 >= c->nl || blank_between(c, j, k2) || is_dash(c->L[k2].s, c->L[k2].n)) break;
                        const dline_t *m = &c->L[k2];
                        if (m->n > 120 || d_first_letter_case(m->s, m->n) > 0) break;
                        item_extend(c, &rec, m->s, m->n);
                        open = !d_ends_term(m->s, m->n);
                        j = k2;
                    }
                    i = j;
                }
            }
            i = parse_list(c, i, c->nl, &rec, 0);
            last = i;
            seen_kg = seen_real = 1;
            continue;
        }
        if (k == HL_MOTTO) {
            /* agency + motto on one OCR line */
            const char *m = NULL;
            size_t mb = 0;
            for (size_t q = 0; q + 4 < n && !m; q++) {
                if (q == 0 || s[q - 1] == ' ') {
                    char w[24];
                    size_t e = q;
                    while (e < n && s[e] != ' ') e++;
                    if (e - q < 12) {
                        d_fold(s + q, e - q, w, sizeof w);
                        if (!strcmp(w, "cong") && q > 0) { m = s + q; mb = q; }
                    }
                }
            }
            if (m && !seen_num && !seen_type) {
                size_t pe = mb;
                while (pe > 0 && s[pe - 1] == ' ') pe--;
                if (pe > 0 && d_is_upper_text(s, pe) && !d_is_separator(s, pe)) {
                    char *a = d_clean_dup(s, pe);
                    if (!dl_push(&ag, a)) c->oom = 1;
                }
            }
            last = i;
            seen_real = 1;
            junk = 0;
            continue;
        }
        if (k == HL_NUM) {
            size_t at = parse_number(c, i, c->nl, 1);
            i = at;
            last = i;
            seen_num = seen_real = 1;
            if (d->date) seen_date = 1;
            junk = 0;
            continue;
        }
        if (k == HL_DATE) {
            if (!seen_date && parse_date_line(c, s, n, 1)) {
                seen_date = seen_real = 1;
                last = i;
                junk = 0;
                continue;
            }
            if (!seen_date) {
                /* date split over two lines */
                size_t k2 = next_text(c, i, c->nl);
                if (k2 < c->nl && c->L[k2].n < 80) {
                    vb_buf_t b = {0};
                    vb_buf_append(&b, s, n);
                    vb_buf_putc(&b, ' ');
                    vb_buf_append(&b, c->L[k2].s, c->L[k2].n);
                    int ok = !b.oom && parse_date_line(c, b.data, b.len, 1);
                    vb_buf_free(&b);
                    if (ok) {
                        seen_date = seen_real = 1;
                        last = i = k2;
                        junk = 0;
                        continue;
                    }
                }
            }
            /* fall through as other */
        }
        if (k == HL_VV) {
            size_t p = 0;
            while (p < n && s[p] != ' ' && s[p] != ':') p++;
            while (p < n && (s[p] == ' ' || s[p] == ':')) p++;
            subj.len = 0;
            d_append_clean(&subj, s + p, n - p);
            size_t j = i;
            for (;;) {
                size_t k2 = next_text(c, j, c->nl);
                if (k2 >= c->nl || blank_between(c, j, k2)) break;
                const dline_t *m = &c->L[k2];
                char f2[FOLD_CAP];
                d_fold(m->s, m->n, f2, sizeof f2);
                int kk = classify(m->s, m->n, f2);
                if (kk != HL_OTHER || m->n > 200 || is_dash(m->s, m->n)) break;
                vb_buf_putc(&subj, ' ');
                d_append_clean(&subj, m->s, m->n);
                j = k2;
            }
            i = last = j;
            subj_vv = seen_real = 1;
            junk = 0;
            continue;
        }
        if (k == HL_TYPE && !seen_type) {
            /* the type word, then the title */
            type = type_in_line(s, n);
            seen_type = seen_real = 1;
            last = i;
            junk = 0;
            if (subj_vv) continue;
            size_t j = i, tl = 0;
            vb_buf_t t = {0};
            int upper_title = 0;
            for (;;) {
                size_t k2 = next_text(c, j, c->nl);
                if (k2 >= c->nl) break;
                if (tl > 0 && blank_between(c, j, k2)) break;
                const dline_t *m = &c->L[k2];
                char f2[FOLD_CAP];
                d_fold(m->s, m->n, f2, sizeof f2);
                int kk = classify(m->s, m->n, f2);
                if (kk == HL_BODY && tl == 0 && !d_starts(f2, "can cu") && !is_marker_start(m->s, m->n) &&
                    !d_starts(f2, "dieu "))
                    kk = HL_OTHER;   /* "Thực hiện Nghị quyết ..." as a title */
                if (kk == HL_SEP || kk == HL_BODY || kk == HL_KG || kk == HL_NUM || kk == HL_MOTTO ||
                    kk == HL_TYPE || m->n > 300 || tl >= 10)
                    break;
                if (kk == HL_AUTH && tl > 0) break;
                int up = d_is_upper_text(m->s, m->n);
                if (tl == 0) upper_title = up;
                else if (upper_title && !up) break;
                /* consolidated texts: "Thông tư số 05/2015/TT-BYT ngày ..." */
                if (tl > 0 && strstr(f2, " so ") && strchr(f2, '/') && d_first_letter_case(m->s, m->n) > 0 &&
                    !up)
                    break;
                if (t.len) vb_buf_putc(&t, ' ');
                d_append_clean(&t, m->s, m->n);
                tl++;
                j = k2;
            }
            if (t.len && !t.oom) {
                char *v = upper_title ? d_sentence_case(t.data, t.len, 0) : d_clean_dup(t.data, t.len);
                set_str(c, &d->subject, v);
            }
            if (t.oom) c->oom = 1;
            vb_buf_free(&t);
            last = i = j;
            continue;
        }
        if (k == HL_SECTION) {
            if (strstr(f, "hop nhat")) {
                c->vbhn = 1;
                const char *dash = memchr(s, '-', n);
                if (!dash) dash = strstr(s, "–");
                if (dash && (size_t)(dash - s) < n) {
                    size_t b = (size_t)(dash - s) + ((unsigned char)*dash == 0xE2 ? 3 : 1);
                    while (b < n && s[b] == ' ') b++;
                    if (b < n && !c->vbhn_issuer) c->vbhn_issuer = d_sentence_case(s + b, n - b, 0);
                }
            }
            if (seen_real || ag.n) last = i;
            continue;
        }
        if (k == HL_AUTH && seen_type) { last = i; continue; }
        if (k != HL_OTHER && k != HL_DATE && k != HL_AUTH && k != HL_TYPE) { junk++; continue; }
        /* an agency line */
        if (!seen_num && !seen_date && !seen_type && d_is_upper_text(s, n) && upper_agency_ok(s, n)) {
            char *a = d_clean_dup(s, n);
            if (a && ag.n && !strcmp(ag.v[ag.n - 1], a)) free(a);       /* Công báo repeats it */
            else if (!dl_push(&ag, a)) c->oom = 1;
            last = i;
            junk = 0;
            continue;
        }
        junk++;
        if (!seen_real && junk > 14) break;
        if (seen_real && (seen_type || (seen_num && seen_date) || junk > 4)) break;
        if (!seen_real && !d_is_upper_text(s, n)) { /* body text before any header element */
            if (n > 150) break;
        }
    }
    if (commit) {
        if (seen_real && last != (size_t)-1) {
            c->hdr_beg = 0;
            c->hdr_end = last + 1;
        } else {
            c->hdr_beg = c->hdr_end = 0;
            dl_free(&ag);
        }
    }
    if (subj_vv && subj.len && !subj.oom && !d->subject) set_str(c, &d->subject, d_clean_dup(subj.data, subj.len));
    if (subj.oom) c->oom = 1;
    vb_buf_free(&subj);
    if (d->issuer_count == 0) build_issuer(c, &ag);
    dl_free(&ag);
    if (d->recipient_count == 0) {
        d->recipients = rec.v;
        d->recipient_count = rec.n;
    } else dl_free(&rec);
    if (type && !d->type) d->type = vb_strndup(type, strlen(type));
    if (!d->type && subj_vv) d->type = vb_strndup("Công văn", strlen("Công văn"));
    if (commit && !seen_real) d_warn(c, "no header found");
}

void d_header(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    header_run(c, 0, 1);
    if (d->number && d->date && d->issuer_count) goto typing;
    /* the header further down: a news preface before it, or the first page's columns
     * flattened after the first articles */
    char f[FOLD_CAP];
    size_t limit = c->nl < 600 ? c->nl : 600;
    for (size_t i = c->hdr_end; i < limit; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT || l->n > 60) continue;
        d_fold(l->s, l->n, f, sizeof f);
        if (classify(l->s, l->n, f) != HL_NUM) continue;
        /* a motto near it */
        int motto = 0;
        for (size_t j = i > 8 ? i - 8 : 0; j < i + 8 && j < c->nl && !motto; j++) {
            if (c->L[j].kind != LK_TEXT || c->L[j].n > 200) continue;
            d_fold(c->L[j].s, c->L[j].n, f, sizeof f);
            motto = motto_words(f) != 0;
        }
        if (!motto) continue;
        size_t st = i, back = 0;
        while (st > c->hdr_end && back < 10) {
            const dline_t *p = &c->L[st - 1];
            if (p->kind == LK_TEXT) {
                d_fold(p->s, p->n, f, sizeof f);
                if (!(d_is_separator(p->s, p->n) || motto_words(f) ||
                      (d_is_upper_text(p->s, p->n) && !is_marker_start(p->s, p->n))))
                    break;
            }
            st--;
            back++;
        }
        header_run(c, st, 0);
        break;
    }
typing:
    if (!d->type && d->number) {
        const char *t = d_type_from_code(d->number, strlen(d->number));
        if (t) d->type = vb_strndup(t, strlen(t));
    }
}

/* ---------------------------------------------------------------- closing */

static int is_app_heading(const dline_t *l, int loose)
{
    char f[64];
    if (l->kind != LK_TEXT || l->n > 400) return 0;
    d_fold(l->s, l->n < 80 ? l->n : 80, f, sizeof f);
    int up = d_is_upper_text(l->s, l->n < 80 ? l->n : 80) || (l->n > 80 && d_first_letter_case(l->s, l->n) > 0);
    if (d_starts(f, "phu luc") && (up || (l->n < 40 && !d_ends_term(l->s, l->n) && l->s[l->n - 1] != ','))) return 1;
    if (!loose) return 0;
    if ((d_starts(f, "mau so") || d_starts(f, "mau ")) && l->n < 60 && d_first_letter_case(l->s, l->n) > 0) return 1;
    static const char *const heads[] = { "danh muc", "bieu mau", "quy che", "quy dinh", "dieu le", "huong dan",
                                         "chuong trinh", "de an", "ke hoach", "bang ", "noi quy", "quy trinh", NULL };
    if (up && l->n >= 8)
        for (size_t i = 0; heads[i]; i++)
            if (d_starts(f, heads[i])) return 1;
    return 0;
}

static int is_authority_mark(const char *f)
{
    return d_starts(f, "tm.") || d_starts(f, "kt.") || d_starts(f, "tl.") || d_starts(f, "q.") ||
           d_starts(f, "tuq.") || d_starts(f, "t/m") || d_starts(f, "k/t") || d_starts(f, "tm ") ||
           d_starts(f, "kt ");
}

static int has_endmark(const dline_t *l)
{
    return l->kind == LK_TEXT && l->n >= 3 && d_memmem(l->s, l->n, "./.", 3) != NULL;
}

static int name_like(const char *s, size_t n)
{
    if (n < 5 || n > 60) return 0;
    size_t words = 0, i = 0;
    int lower = 0;
    while (i < n) {
        while (i < n && s[i] == ' ') i++;
        if (i >= n) break;
        size_t b = i;
        while (i < n && s[i] != ' ') i++;
        words++;
        if (d_first_letter_case(s + b, i - b) <= 0) return 0;
        for (size_t k = b; k < i; k++) {
            if (s[k] >= '0' && s[k] <= '9') return 0;
            if (s[k] == ':' || s[k] == ';' || s[k] == ',' || s[k] == '(' || s[k] == '.') return 0;
        }
        uint32_t cp;
        size_t p = b;
        while (p < i) {
            p += vb_utf8_decode((const unsigned char *)s + p, i - p, &cp);
            if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp < 0x2000 && cp != 0xD7)) lower = 1;
        }
    }
    return words >= 2 && words <= 6 && lower;
}

void d_closing(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    size_t from = c->hdr_end, nl = c->nl, nn = nl, ap0 = nl;
    char f[FOLD_CAP];
    for (size_t i = from; i < nl; i++)
        if (is_app_heading(&c->L[i], 0)) { ap0 = i; break; }
    for (size_t i = from; i < ap0; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT || l->n > 120) continue;
        d_fold(l->s, l->n, f, sizeof f);
        if (d_starts(f, "noi nhan")) { nn = i; break; }
    }
    size_t beg = nl;
    if (nn < nl) {
        beg = nn;
        /* signature lines flattened before Nơi nhận */
        size_t j = nn, seen = 0;
        while (j > from && seen < 8) {
            size_t k = j - 1;
            const dline_t *l = &c->L[k];
            if (l->kind != LK_TEXT) { j = k; continue; }
            if (has_endmark(l)) break;
            d_fold(l->s, l->n, f, sizeof f);
            if (!(is_authority_mark(f) || (d_is_upper_text(l->s, l->n) && l->n < 80) ||
                  name_like(l->s, l->n)))
                break;
            if (d_is_upper_text(l->s, l->n) && !is_authority_mark(f)) {
                /* an upper-case heading of the body is not a signature */
                if (seen == 0 && k + 1 < nn) { /* keep */ }
            }
            seen++;
            j = k;
            beg = k;
        }
        if (seen > 4) beg = nn;   /* too much: it was body text */
    } else {
        size_t ap = ap0;
        size_t em = nl, xt = nl;
        /* the end mark followed by a signature (footnotes may follow it and hold ./. too) */
        for (size_t i = from; i < ap && em == nl; i++) {
            if (!has_endmark(&c->L[i])) continue;
            size_t cnt = 0;
            for (size_t j = i + 1; j < ap && cnt < 8; j++) {
                const dline_t *l = &c->L[j];
                if (l->kind != LK_TEXT) continue;
                cnt++;
                d_fold(l->s, l->n, f, sizeof f);
                if ((is_authority_mark(f) && l->n < 100) || strstr(f, "xac thuc van ban hop nhat") ||
                    d_starts(f, "so:")) { em = i; break; }
            }
        }
        for (size_t i = from; i < ap; i++) {
            const dline_t *l = &c->L[i];
            if (l->kind != LK_TEXT || l->n > 80) continue;
            d_fold(l->s, l->n, f, sizeof f);
            if (strstr(f, "xac thuc van ban hop nhat")) { xt = i; break; }
        }
        if (em == nl && xt < nl) {
            /* walk back over the agency and number lines */
            size_t k = xt, cnt = 0;
            while (k > from && cnt < 6) {
                const dline_t *l = &c->L[k - 1];
                if (l->kind == LK_TEXT) {
                    d_fold(l->s, l->n, f, sizeof f);
                    if (!(d_is_upper_text(l->s, l->n) || d_starts(f, "so:"))) break;
                    cnt++;
                }
                k--;
            }
            em = k > 0 ? k - 1 : 0;
        }
        if (em == nl)
            for (size_t i = ap; i > from; i--)
                if (has_endmark(&c->L[i - 1])) { em = i - 1; break; }
        if (em < nl) {
            size_t k = next_text(c, em, ap);
            beg = k < ap ? k : ap;
        } else {
            size_t cnt = 0;
            for (size_t i = ap; i > from && cnt < 25; i--) {
                const dline_t *l = &c->L[i - 1];
                if (l->kind != LK_TEXT) continue;
                cnt++;
                d_fold(l->s, l->n, f, sizeof f);
                if (is_authority_mark(f) && l->n < 100) beg = i - 1;
            }
            if (beg == nl) beg = ap;
        }
        if (beg >= ap) {
            c->close_beg = c->close_end = ap;
            c->app_beg = ap;
            c->body_beg = c->hdr_end;
            c->body_end = ap;
            goto vbhn;
        }
    }
    c->close_beg = beg;
    c->close_end = nl;
    for (size_t i = beg + 1; i < nl; i++)
        if (is_app_heading(&c->L[i], 1)) { c->close_end = i; break; }
    c->app_beg = c->close_end;
    c->body_beg = c->hdr_end;
    c->body_end = c->close_beg;

    /* Nơi nhận list and signature */
    {
        strlist_t cc = {0};
        size_t name_at = nl;
        int in_list = 0, open = 0;
        size_t i;
        for (i = c->close_beg; i < c->close_end; i++) {
            const dline_t *l = &c->L[i];
            if (l->kind != LK_TEXT) continue;
            char *t = d_clean_dup(l->s, l->n);
            if (!t) { c->oom = 1; break; }
            size_t tn = strlen(t);
            d_fold(t, tn, f, sizeof f);
            if (d_starts(f, "noi nhan")) {
                in_list = 1;
                const char *colon = memchr(t, ':', tn);
                if (colon && colon[1]) {
                    char *it = item_dup(colon + 1, strlen(colon + 1));
                    if (it && *it) { if (!dl_push(&cc, it)) c->oom = 1; open = !d_ends_term(t, tn); }
                    else free(it);
                }
                free(t);
                continue;
            }
            if (in_list && is_dash(t, tn)) {
                size_t dl = dash_len(t, tn);
                char *it = item_dup(t + dl, tn - dl);
                if (!it || !dl_push(&cc, it)) c->oom = 1;
                open = !d_ends_term(t, tn);
                free(t);
                continue;
            }
            if (in_list && open && d_first_letter_case(t, tn) < 0 && !is_authority_mark(f)) {
                item_extend(c, &cc, t, tn);
                open = !d_ends_term(t, tn);
                free(t);
                continue;
            }
            if (strstr(f, "xac thuc van ban hop nhat")) c->vbhn = 1;
            if (d_starts(f, "so:") && !d->number) {
                parse_number(c, i, c->close_end, 1);
            } else if (name_like(t, tn)) {
                name_at = i;
                set_str(c, &d->signer.name, vb_strndup(t, tn));
            } else if (!d->date || c->vbhn) {
                if (!d->date && strstr(f, "ngay") && strstr(f, "thang")) parse_date_line(c, t, tn, !d->place);
            }
            free(t);
        }
        d->cc = cc.v;
        d->cc_count = cc.n;
        /* title: upper-case lines and authority marks right before the name */
        if (name_at < nl) {
            size_t first = name_at, k = name_at;
            while (k > c->close_beg) {
                const dline_t *l = &c->L[k - 1];
                if (l->kind != LK_TEXT) { k--; continue; }
                char *t = d_clean_dup(l->s, l->n);
                if (!t) { c->oom = 1; break; }
                size_t tn = strlen(t);
                d_fold(t, tn, f, sizeof f);
                int ok = (d_is_upper_text(t, tn) && tn < 100 && !is_dash(t, tn) && !strstr(f, "xac thuc")) ||
                         (is_authority_mark(f) && tn < 100);
                int skip = tn <= 2 || (t[0] == '(' && tn < 40) || is_dash(t, tn);
                free(t);
                if (skip) { k--; continue; }
                if (!ok) break;
                first = k - 1;
                k--;
                if (is_authority_mark(f)) {
                    /* a TM. line above a KT. line: keep going one more */
                }
            }
            vb_buf_t tb = {0};
            for (size_t q = first; q < name_at; q++) {
                const dline_t *l = &c->L[q];
                if (l->kind != LK_TEXT) continue;
                char *t = d_clean_dup(l->s, l->n);
                if (!t) { c->oom = 1; break; }
                size_t tn = strlen(t);
                d_fold(t, tn, f, sizeof f);
                if (tn > 2 && !(t[0] == '(' && tn < 40) && !is_dash(t, tn) && !d_starts(f, "noi nhan") &&
                    (d_is_upper_text(t, tn) || is_authority_mark(f))) {
                    char *sc = d_sentence_case(t, tn, 0);
                    if (sc) {
                        if (tb.len) vb_buf_puts(&tb, ", ");
                        vb_buf_puts(&tb, sc);
                        free(sc);
                    }
                }
                free(t);
            }
            if (tb.len && !tb.oom) set_str(c, &d->signer.title, vb_buf_steal(&tb));
            vb_buf_free(&tb);
        }
    }
vbhn:
    if (c->vbhn || (d->number && strstr(d->number, "VBHN"))) {
        free(d->type);
        d->type = vb_strndup("Văn bản hợp nhất", strlen("Văn bản hợp nhất"));
    }
    if (d->issuer_count == 0 && c->vbhn_issuer) {
        d->issuer = malloc(sizeof *d->issuer);
        if (d->issuer) {
            d->issuer[0] = c->vbhn_issuer;
            c->vbhn_issuer = NULL;
            d->issuer_count = 1;
        } else c->oom = 1;
    }
    if (!d->type && d->number) {
        const char *t = d_type_from_code(d->number, strlen(d->number));
        if (t) d->type = vb_strndup(t, strlen(t));
    }
    if (!d->type && d->number && d->recipient_count) d->type = vb_strndup("Công văn", strlen("Công văn"));
}
