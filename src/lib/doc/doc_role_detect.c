/* doc_role_detect: what each citation's document does to the cited one
 * (issue 18; the names are in doc_role.c, the rules in docs/design.md
 * "Roles of citations").
 *
 * A citation's role is read from the sentence it stands in (its window:
 * from the last ';', ':', sentence-ending '.' or capitalised "Căn cứ"
 * before it to the next break after it), on folded text so that text
 * typed without marks and lines joined inside a clause read the same:
 *  1. inside quoted wording (an amendment's new text) -> dan_chieu;
 *  2. a consolidated text (VBHN): the instruments named before its own
 *     preamble (the base and those "được sửa đổi, bổ sung bởi") and every
 *     later citation of them -> hop_nhat;
 *  3. the sentence opens with "Căn cứ" in the header or preamble -> can_cu;
 *  4. the cited instrument is the subject of a passive verb this document
 *     performs: "Điều 5 Nghị định X được sửa đổi như sau", "X bị bãi bỏ",
 *     "X hết hiệu lực (kể từ …)" (not "đã được sửa đổi …", "… bởi/theo Y":
 *     history told, not done);
 *  5. the nearest verb before it, in the sentence or in the lead-in of the
 *     list it is an item of ("Bãi bỏ các văn bản sau: a) …"): "sửa đổi",
 *     "bổ sung", "đính chính", "thay thế cụm từ" -> sua_doi; "thay thế" ->
 *     thay_the; "bãi bỏ", "hủy bỏ" -> bai_bo; "hết hiệu lực" ->
 *     het_hieu_luc; "quy định chi tiết", "hướng dẫn (thi hành)" ->
 *     huong_dan (only in the title, preamble "ban hành" sentence or Điều 1).
 *     The verb does not reach the citation past "đã được", "được",
 *     "theo", "bởi", "căn cứ", and it is not this document's when another
 *     instrument stands right before it as its subject ("Thông tư số A
 *     sửa đổi Thông tư số B": B is only cited);
 *  6. anything else -> dan_chieu.
 * affects: for sua_doi the `amends` paths of the amending clauses that name
 * the same instrument (under the citation's clause, or all of them when
 * it stands in the header, preamble or Điều 1), else the pinpoint; for
 * bai_bo and thay_the the clause's own `amends` or the pinpoint.
 * from: het_hieu_luc, thay_the, bai_bo take a date the sentence gives
 * ("kể từ ngày 01/7/2025") or the document's entry into force when it says
 * "kể từ ngày <văn bản> này có hiệu lực". */
#include <stdio.h>
#include "doc/doc_internal.h"

#define FCAP 4096
#define PH '\x01'   /* where another citation stands in a folded window */

static int starts_can_cu(const char *f);
static char *dupz2(dctx_t *c, const char *s);

/* *DST becomes a copy of S (NULL: none) */
static void set_copy(dctx_t *c, char **dst, const char *s)
{
    char *v = dupz2(c, s);
    free(*dst);
    *dst = v;
}
static void d_roles_after(dctx_t *c);

static int is_lower_ascii(char ch) { return ch >= 'a' && ch <= 'z'; }

/* a break ends a sentence or list item at T[i] */
static int is_break(const char *t, size_t n, size_t i)
{
    char ch = t[i];
    if (ch == ';') return 1;
    if (ch == ':') return i + 1 >= n || t[i + 1] == ' ' || t[i + 1] == '\n' || (unsigned char)t[i + 1] == 0xE2 || t[i + 1] == '"';
    if (ch == '.') {
        size_t k = i + 1;
        /* a closing quote after the full stop: ".” Nghị định …" */
        if (k + 2 < n && (unsigned char)t[k] == 0xE2 && (unsigned char)t[k + 1] == 0x80 && (unsigned char)t[k + 2] == 0x9D)
            k += 3;
        else if (k < n && t[k] == '"')
            k++;
        if (k < n && t[k] != ' ' && t[k] != '\n') return 0;
        while (k < n && (t[k] == ' ' || t[k] == '\n')) k++;
        return k >= n || !is_lower_ascii(t[k]);
    }
    return 0;
}

/* "Căn cứ" capitalised at T[i] (with or without marks) */
static int can_cu_at(const char *t, size_t n, size_t i)
{
    static const char *const forms[] = { "Căn cứ", "CĂN CỨ", "Can cu", "CAN CU", "Căn Cứ", NULL };
    if (i > 0 && t[i - 1] != ' ' && t[i - 1] != '\n' && t[i - 1] != '-' && t[i - 1] != '*') return 0;
    for (size_t k = 0; forms[k]; k++) {
        size_t l = strlen(forms[k]);
        if (i + l <= n && !memcmp(t + i, forms[k], l) && (i + l == n || t[i + l] == ' ')) return 1;
    }
    return 0;
}

/* a capitalised operative verb after a space at T[i] opens a sentence whose
   full stop the layout lost ("… số 30/2023/QH15 Bãi bỏ khoản 2 Điều 32 …") */
static int verb_cap_at(const char *t, size_t n, size_t i)
{
    static const char *const forms[] = { "Bãi bỏ", "Sửa đổi", "Bổ sung", "Thay thế", "Hủy bỏ", "Huỷ bỏ",
                                         "Bai bo", "Sua doi", "Bo sung", "Thay the", "Huy bo", NULL };
    if (i == 0 || t[i - 1] != ' ') return 0;
    for (size_t k = 0; forms[k]; k++) {
        size_t l = strlen(forms[k]);
        if (i + l <= n && !memcmp(t + i, forms[k], l) && (i + l == n || t[i + l] == ' ' || t[i + l] == ',')) return 1;
    }
    return 0;
}

static size_t win_start(const char *t, size_t n, size_t o)
{
    size_t lim = o > 1500 ? o - 1500 : 0;
    for (size_t i = o; i > lim; i--) {
        if (is_break(t, n, i - 1)) return i;
        unsigned char ch = (unsigned char)t[i - 1];
        if (ch == 'C' && can_cu_at(t, n, i - 1)) return i - 1;
        if ((ch == 'B' || ch == 'S' || ch == 'T' || ch == 'H') && verb_cap_at(t, n, i - 1)) return i - 1;
    }
    return lim;
}

static size_t win_end(const char *t, size_t n, size_t e)
{
    size_t lim = e + 600 < n ? e + 600 : n;
    for (size_t i = e; i < lim; i++)
        if (is_break(t, n, i)) return i;
    return lim;
}

/* the folded text of T[A, B) into B (appended), the spans of the clause's
   other citations that end by B replaced with PH */
typedef struct { char s[FCAP]; size_t n; } fbuf_t;

static void fb_put(fbuf_t *f, const char *s, size_t n)
{
    if (f->n + n + 1 >= FCAP) n = FCAP - 1 - f->n;
    memcpy(f->s + f->n, s, n);
    f->n += n;
    f->s[f->n] = '\0';
}

static void fb_fold(fbuf_t *f, const char *t, size_t a, size_t b)
{
    if (b <= a) return;
    char tmp[FCAP];
    size_t k = d_fold(t + a, b - a < FCAP - 1 ? b - a : FCAP - 1, tmp, sizeof tmp);
    if (k >= sizeof tmp) k = strlen(tmp);
    if (f->n && f->s[f->n - 1] != ' ' && k && tmp[0] != ' ') fb_put(f, " ", 1);
    fb_put(f, tmp, k);
}

static void fold_window(const dctx_t *c, size_t ci, size_t self, size_t a, size_t b, fbuf_t *f)
{
    const char *t = c->ct[ci].text.data;
    f->n = 0;
    f->s[0] = '\0';
    size_t pos = a;
    for (size_t k = 0; k < c->doc->citation_count; k++) {
        const struct cpos *p = &c->cpos[k];
        if (k == self || p->ci != ci || p->off < pos || p->end > b || p->end <= p->off) continue;
        if (k > self && p->off < c->cpos[self].end) continue;
        fb_fold(f, t, pos, p->off);
        fb_put(f, " \x01 ", 3);
        pos = p->end;
    }
    fb_fold(f, t, pos, b);
}

/* the last occurrence of W in F[0, lim) at a word start; NULL if none */
static const char *last_word(const char *f, size_t lim, const char *w)
{
    const char *best = NULL;
    size_t wl = strlen(w);
    for (const char *h = strstr(f, w); h && (size_t)(h - f) + wl <= lim; h = strstr(h + 1, w))
        if (h == f || h[-1] == ' ' || h[-1] == ',' || h[-1] == '(' || h[-1] == '"') best = h;
    return best;
}

static const struct { const char *w; vb_cite_role_t role; } VERBS[] = {
    { "sua doi", VB_CITE_SUA_DOI },           { "bo sung", VB_CITE_SUA_DOI },
    { "dinh chinh", VB_CITE_SUA_DOI },        { "thay the", VB_CITE_THAY_THE },
    { "bai bo", VB_CITE_BAI_BO },             { "huy bo", VB_CITE_BAI_BO },
    { "het hieu luc", VB_CITE_HET_HIEU_LUC },
    { "quy dinh chi tiet", VB_CITE_HUONG_DAN }, { "huong dan", VB_CITE_HUONG_DAN },
};
#define NVERBS (sizeof VERBS / sizeof VERBS[0])

/* the verb nearest the end of F[0, lim): its role, *AT its start, *END after it */
static int last_verb(const char *f, size_t lim, const char **at, const char **end)
{
    const char *best = NULL;
    int role = -1;
    size_t bl = 0;
    for (size_t v = 0; v < NVERBS; v++) {
        const char *h = last_word(f, lim, VERBS[v].w);
        if (h && (!best || h > best)) { best = h; role = (int)VERBS[v].role; bl = strlen(VERBS[v].w); }
    }
    if (!best) return -1;
    /* "sửa đổi, bổ sung": take the first verb of the pair as the start */
    *at = best;
    *end = best + bl;
    return role;
}

static int has(const char *s, const char *w) { return strstr(s, w) != NULL; }

/* "bởi" (by), not "bồi" of "bồi thường", "bồi dưỡng", … (the same once folded) */
static int has_boi(const char *s)
{
    static const char *const nouns[] = { "thuong", "duong", "hoan", "dap", "tham", "lap", NULL };
    for (const char *h = strstr(s, " boi "); h; h = strstr(h + 1, " boi ")) {
        int noun = 0;
        for (size_t i = 0; nouns[i] && !noun; i++)
            if (!strncmp(h + 5, nouns[i], strlen(nouns[i]))) noun = 1;
        if (!noun) return 1;
    }
    return 0;
}

/* text between the verb and the citation lets the verb reach it */
static int gap_ok(const char *g, vb_cite_role_t role)
{
    char b[FCAP];
    size_t n = 0;
    b[n++] = ' ';
    /* "ban hành kèm theo" is part of an object's description */
    for (const char *p = g; *p && n + 2 < sizeof b; p++) {
        if (!strncmp(p, "kem theo", 8)) { p += 7; b[n++] = ' '; continue; }
        if (!strncmp(p, "thi hanh", 8)) { p += 7; b[n++] = ' '; continue; }
        b[n++] = *p;
    }
    b[n++] = ' ';   /* words at either end are whole words too */
    b[n] = '\0';
    if (n > 400) return 0;
    if (has(b, "da duoc") || has(b, " duoc ") || !strncmp(b, "duoc ", 5) || has(b, " bi ") ||
        has(b, "theo ") || has_boi(b) || has(b, "can cu") || has(b, " thi ") || has(b, " neu "))
        return 0;
    {
        /* "bổ sung tại Nghị quyết số X", "sửa đổi tại Luật số X": where it was done, not what */
        const char *p = b;
        while (*p == ' ' || *p == ',') p++;
        if (!strcmp(p, "tai ") || !strcmp(p, "tai cac ")) return 0;
        if (!strncmp(p, "tai ", 4)) {
            static const char *const types[] = { "luat", "nghi dinh", "nghi quyet", "thong tu", "quyet dinh",
                                                 "van ban", "cong van", "phap lenh", NULL };
            for (size_t i = 0; types[i]; i++)
                if (!strncmp(p + 4, types[i], strlen(types[i]))) return 0;
        }
    }
    if (role == VB_CITE_SUA_DOI || role == VB_CITE_BAI_BO) {
        /* the object of an amendment or a repeal is a text or a part of one ("nộp bổ sung tiền
           ký quỹ", "bãi bỏ điều kiện kinh doanh" are no amendment) */
        static const char *const objs[] = { "mot so", "cac ", "khoan", "diem", "dieu ", "chuong", "muc ", "phan ",
                                            "phu luc", "cum tu", "tu ", "noi dung", "quy dinh", "quy che",
                                            "toan bo", "vao ", "sau ", "nhu sau", "ten ", "mau ", "bang ", "bieu ",
                                            "danh muc", "tieu de", "doan ", "va ", "bo sung", "sua doi", "bai bo",
                                            "thay the", "mot ", "so thu tu", "stt", "dong ", "cot ", "hang ", "\x01", NULL };
        const char *p = b;
        while (*p == ' ' || *p == ',' || *p == '(' || *p == ':') p++;
        if (*p) {
            int ok = 0;
            for (size_t i = 0; objs[i] && !ok; i++)
                if (!strncmp(p, objs[i], strlen(objs[i]))) ok = 1;
            if (!ok) return 0;
        }
    }
    if (role == VB_CITE_HUONG_DAN) {
        const char *p = b;
        while (*p == ' ') p++;
        if (!strncmp(p, "tai ", 4) || !strncmp(p, "cua ", 4)) return 0;
    }
    return 1;
}

/* another instrument right before the verb is its subject ("Thông tư số A sửa đổi …") */
static int other_subject(const char *f, const char *verb)
{
    const char *ph = NULL;
    for (const char *p = f; p < verb; p++)
        if (*p == PH) ph = p;
    if (!ph) return 0;
    size_t n = (size_t)(verb - ph - 1);
    if (n > 200) return 0;
    char b[256];
    memcpy(b, ph + 1, n);
    b[n] = '\0';
    if (strstr(b, " nay") || strstr(b, "dong thoi")) return 0;
    /* only a conjunction between: "Bãi bỏ A và sửa đổi B" */
    const char *p = b;
    while (*p == ' ' || *p == ',') p++;
    if (!strncmp(p, "va ", 3) || *p == '\0') return *p == '\0' && p > b && p[-1] != ',' ? 1 : 0;
    return 1;
}

/* the citation stands in another instrument's title: after the last other citation of the
   window the text ends with "của" or a verb ("Nghị định số A quy định chi tiết một số điều của
   Luật B", "Thông tư số A sửa đổi Thông tư số B") */
static int embedded(const char *f, size_t n, int prev_embedded, int numbered)
{
    const char *ph = NULL;
    for (size_t i = 0; i < n; i++)
        if (f[i] == PH) ph = f + i;
    if (!ph) return 0;
    size_t m = (size_t)(f + n - ph - 1);
    if (m > 250) return 0;
    char b[256];
    memcpy(b, ph + 1, m);
    b[m] = '\0';
    while (m > 0 && (b[m - 1] == ' ' || b[m - 1] == ',')) b[--m] = '\0';
    /* "… của Luật A và Luật B": B shares A's place */
    const char *p = b;
    while (*p == ' ' || *p == ',') p++;
    if (!*p || !strcmp(p, "va")) return prev_embedded;
    /* more names of the same list ("…, Luật đầu tư theo phương thức đối tác công tư, Luật X") */
    if (prev_embedded && m < 120 && !strstr(b, "ngay ") && !strstr(b, " so ") && !strstr(b, "quy dinh") &&
        !strstr(b, "sua doi") && !strstr(b, "huong dan") && !strstr(b, "ban hanh"))
        return 1;
    if (strstr(b, " nay ") || !m) return 0;
    /* "Luật số A … về sửa đổi, bổ sung một số điều của Luật: X, Y, Luật Z" — a law named
       without number after the description verb of the one before */
    if (!numbered && (strstr(b, "sua doi") || strstr(b, "bo sung") || strstr(b, "quy dinh chi tiet") ||
                      strstr(b, "huong dan")) && !strchr(b, ';'))
        return 1;
    static const char *const ends[] = { " cua", "sua doi", "bo sung", "thay the", "bai bo", "huong dan",
                                        "thi hanh", "chi tiet", "thuc hien", " tai", " theo", "ban hanh", NULL };
    for (size_t k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (m >= l && !strcmp(b + m - l, ends[k]))
            return !(m >= 8 && !strcmp(b + m - 8, "kem theo"));   /* "ban hành kèm theo X": X itself */
    }
    return 0;
}

/* the citation names an amender of the one before it: "… X (đã) được sửa đổi, bổ sung (một số
   điều) bởi/tại/theo Y", or follows such a one after ',' / "và" (CHAINED: the one before was) */
static int amender(const char *f, size_t n, int chained)
{
    const char *ph = NULL;
    for (size_t i = 0; i < n; i++)
        if (f[i] == PH) ph = f + i;
    if (!ph) return 0;
    size_t m = (size_t)(f + n - ph - 1);
    if (m > 160) return 0;
    char b[168];
    memcpy(b, ph + 1, m);
    b[m] = '\0';
    while (m > 0 && (b[m - 1] == ' ' || b[m - 1] == ',' || b[m - 1] == '(')) b[--m] = '\0';
    const char *p = b;
    while (*p == ' ' || *p == ',') p++;
    if (!*p || !strcmp(p, "va")) return chained;
    if (!strstr(b, "sua doi") && !strstr(b, "bo sung")) return 0;
    if (!strstr(b, "duoc ")) return 0;
    return (m >= 4 && !strcmp(b + m - 4, " boi")) || (m >= 4 && !strcmp(b + m - 4, " tai")) ||
           (m >= 5 && !strcmp(b + m - 5, " theo"));
}

/* "thay thế cụm từ / từ …": words are replaced, which amends */
static vb_cite_role_t refine(vb_cite_role_t r, const char *vend)
{
    const char *p = vend;
    while (*p == ' ' || *p == ',') p++;
    /* "bãi bỏ cụm từ … tại khoản 2 Điều 11": a phrase removed amends the clause */
    if (r == VB_CITE_BAI_BO && (!strncmp(p, "cum tu", 6) || !strncmp(p, "tu ", 3) || !strncmp(p, "mot so cum tu", 13) ||
                                !strncmp(p, "cac cum tu", 10)))
        return VB_CITE_SUA_DOI;
    if (r != VB_CITE_THAY_THE) return r;
    if (!strncmp(p, "cum tu", 6) || !strncmp(p, "tu ", 3) || !strncmp(p, "mot so cum tu", 13) ||
        !strncmp(p, "cac cum tu", 10) || !strncmp(p, "mot so tu", 9) || !strncmp(p, "cac tu", 6))
        return VB_CITE_SUA_DOI;
    return r;
}

/* role from the verb nearest before the end of F (the citation's place) */
static int verb_before_x(const char *f, size_t lim, int huong_ok, int name_ok)
{
    const char *at, *end;
    int r = last_verb(f, lim, &at, &end);
    if (r < 0) return -1;
    /* the head of "sửa đổi, bổ sung" / "sửa đổi, bãi bỏ" for what stands before it */
    while (at - f >= 9 && (!strncmp(at - 9, "sua doi, ", 9) || !strncmp(at - 9, "bo sung, ", 9))) at -= 9;
    while (at - f >= 8 && (!strncmp(at - 8, "sua doi ", 8) || !strncmp(at - 8, "bo sung ", 8))) at -= 8;
    /* the name of an amending instrument ("Luật sửa đổi, bổ sung … của Luật X"), not a verb */
    if (!name_ok) {
        static const char *const types[] = { "luat ", "nghi dinh ", "thong tu ", "quyet dinh ", "nghi quyet ",
                                             "phap lenh ", "thong tu lien tich ", NULL };
        for (size_t i = 0; types[i]; i++) {
            size_t l = strlen(types[i]);
            if ((size_t)(at - f) >= l && !strncmp(at - l, types[i], l)) {
                /* unless the enacting formula names this document so ("Chính phủ ban hành
                   Nghị định sửa đổi, bổ sung … của Nghị định số X") */
                const char *b = at - l - ((size_t)(at - l - f) >= 9 ? 9 : (size_t)(at - l - f));
                if (!strncmp(b, "ban hanh ", 9)) break;
                return -1;
            }
        }
    }
    if (r == VB_CITE_HUONG_DAN && !huong_ok) return -1;
    /* a draft's or a policy's words ("dự án Luật sửa đổi …", "dự thảo Nghị quyết (thay thế …)",
       "theo hướng: Bãi bỏ …"): nothing this document does */
    {
        char pre[FCAP];
        size_t pn = (size_t)(at - f);
        memcpy(pre, f, pn);
        pre[pn] = '\0';
        const char *th = strstr(pre, "theo huong");
        if (has(pre, "du an") || has(pre, "du thao") || (th && strncmp(th, "theo huong dan", 14))) return -1;
        /* a parenthesis says what another thing does ("Nghị quyết về … (thay thế Nghị quyết số X)");
           "việc bãi bỏ" is a noun */
        if ((pn >= 1 && pre[pn - 1] == '(') || (pn >= 2 && !strncmp(pre + pn - 2, "( ", 2)) ||
            (pn >= 5 && !strncmp(pre + pn - 5, "viec ", 5) && !(pn >= 8 && !strncmp(pre + pn - 8, "ve viec ", 8))) ||
            (pn >= 8 && !strncmp(pre + pn - 8, "van ban ", 8)))
            return -1;
    }
    /* "hướng dẫn" after "theo"/"tại": the cited one guides */
    if (r == VB_CITE_HUONG_DAN && at - f >= 5 && (!strncmp(at - 5, "theo ", 5) || !strncmp(at - 4, "tai ", 4)))
        return -1;
    if (at - f >= 5 && (!strncmp(at - 5, "duoc ", 5) || !strncmp(at - 3, "bi ", 3)) && r != VB_CITE_HET_HIEU_LUC)
        return -1;   /* "được sửa đổi" before the citation: told of another */
    /* a condition ("khi chưa bãi bỏ …", "nếu …") or a noun ("các khoản bổ sung khác") */
    if ((at - f >= 4 && (!strncmp(at - 4, "khi ", 4) || !strncmp(at - 4, "neu ", 4))) ||
        (at - f >= 5 && (!strncmp(at - 5, "chua ", 5) || !strncmp(at - 5, "phan ", 5))) ||
        (at - f >= 6 && !strncmp(at - 6, "khoan ", 6)) ||
        (at - f >= 4 && !strncmp(at - 4, "cac ", 4) && r == VB_CITE_SUA_DOI))
        return -1;
    char g[FCAP];
    size_t gn = (size_t)(f + lim - end);
    memcpy(g, end, gn);
    g[gn] = '\0';
    if (!gap_ok(g, (vb_cite_role_t)r)) return -1;
    if (r != VB_CITE_HET_HIEU_LUC && other_subject(f, at)) return -1;
    return (int)refine((vb_cite_role_t)r, end);
}

static int verb_before(const char *f, size_t lim, int huong_ok)
{
    return verb_before_x(f, lim, huong_ok, 0);
}

/* a passive verb after the citation: "… được sửa đổi, bổ sung như sau", "… bị bãi bỏ",
   "… hết hiệu lực"; history ("đã được …", "… bởi Y") does not count */
static int verb_after(const char *p)
{
    static const struct { const char *w; vb_cite_role_t role; } PASS[] = {
        { "duoc sua doi", VB_CITE_SUA_DOI },   { "duoc bo sung", VB_CITE_SUA_DOI },
        { "duoc dinh chinh", VB_CITE_SUA_DOI },{ "bi sua doi", VB_CITE_SUA_DOI },
        { "duoc thay the", VB_CITE_THAY_THE }, { "bi thay the", VB_CITE_THAY_THE },
        { "duoc bai bo", VB_CITE_BAI_BO },     { "bi bai bo", VB_CITE_BAI_BO },
        { "bi huy bo", VB_CITE_BAI_BO },       { "duoc huy bo", VB_CITE_BAI_BO },
        { "het hieu luc", VB_CITE_HET_HIEU_LUC },
    };
    const char *best = NULL;
    int role = -1;
    size_t bl = 0;
    for (size_t k = 0; k < sizeof PASS / sizeof PASS[0]; k++) {
        const char *h = strstr(p, PASS[k].w);
        if (h && (!best || h < best)) { best = h; role = (int)PASS[k].role; bl = strlen(PASS[k].w); }
    }
    if (!best || best - p > 160) return -1;
    /* another instrument in between: the verb is its own */
    for (const char *q = p; q < best; q++)
        if (*q == PH) return -1;
    if (best - p >= 3 && !strncmp(best - 3, "da ", 3) && role != VB_CITE_HET_HIEU_LUC) return -1;
    if (best - p >= 4 && (!strncmp(best - 4, "khi ", 4) || !strncmp(best - 4, "chua ", 4))) return -1;
    if ((best - p >= 5 && !strncmp(best - 5, "ngay ", 5)) || (best - p >= 5 && !strncmp(best - 5, "chua ", 5)) ||
        (role == VB_CITE_HET_HIEU_LUC && !strncmp(best + bl, " cua", 4)))
        return -1;
    const char *after = best + bl;
    char nx[48];
    size_t k = 0;
    while (after[k] && k + 1 < sizeof nx) { nx[k] = after[k]; k++; }
    nx[k] = '\0';
    /* "… được sửa đổi, bổ sung (một số điều) bởi/tại/theo Y": history told */
    {
        const char *q = nx;
        for (;;) {
            while (*q == ' ' || *q == ',') q++;
            if (!strncmp(q, "bo sung", 7)) { q += 7; continue; }
            if (!strncmp(q, "sua doi", 7)) { q += 7; continue; }
            if (!strncmp(q, "mot so dieu", 11)) { q += 11; continue; }
            break;
        }
        if (!strncmp(q, "boi ", 4) || !strncmp(q, "theo ", 5) || !strncmp(q, "tai ", 4)) return -1;
    }
    return role;
}

static int subject_short(const char *f)
{
    const char *p = f;
    while (*p == ' ' || *p == '-' || *p == '+' || *p == '*') p++;
    /* a list marker: "1.", "a)", "2)" */
    const char *q = p;
    while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z' && q - p < 2)) q++;
    if (q > p && (*q == '.' || *q == ')')) p = q + 1;
    size_t n = strlen(p);
    if (n <= 60) return 1;
    return has(p, "co hieu luc") || has(p, "dong thoi") || has(p, "ke tu ngay");
}

/* the clause's path prefix: is it the header, preamble or Điều 1? */
static int early_clause(const char *path, int *pre)
{
    *pre = path[0] == 'p' && path[1] != 'l';
    if (path[0] == 'h' || *pre) return 1;
    return !strcmp(path, "d1") || !strncmp(path, "d1.", 3);
}

/* the lead-in of the list item the window [ws, …) opens: the sentence before a ':' of the
   same clause (only ';' and item breaks between), or the parent clause's last sentence when
   it ends with ':' and the citation opens its own clause */
static int lead_in(const dctx_t *c, size_t ci, size_t ws, fbuf_t *f)
{
    const char *t = c->ct[ci].text.data;
    size_t n = c->ct[ci].text.len;
    for (size_t i = ws; i > 0 && ws - i < 2000; i--) {
        char ch = t[i - 1];
        if (ch == ':' && is_break(t, n, i - 1)) {
            size_t s = win_start(t, n, i - 1);
            f->n = 0;
            fb_fold(f, t, s, i - 1);
            return 1;
        }
        if (ch == '.' && is_break(t, n, i - 1)) break;
    }
    if (ws > 40) return 0;
    const char *path = c->doc->clauses[ci].path;
    const char *dot = strrchr(path, '.');
    if (!dot) return 0;
    size_t pl = (size_t)(dot - path);
    for (size_t k = ci; k > 0; k--) {
        const vb_clause_t *p = &c->doc->clauses[k - 1];
        if (strlen(p->path) != pl || strncmp(p->path, path, pl)) continue;
        const ctext_t *pt = &c->ct[k - 1];
        size_t m = pt->text.len;
        while (m > 0 && (pt->text.data[m - 1] == ' ' || pt->text.data[m - 1] == '*')) m--;
        if (!m || pt->text.data[m - 1] != ':') return 0;
        size_t s = win_start(pt->text.data, m, m - 1);
        f->n = 0;
        fb_fold(f, pt->text.data, s, m - 1);
        return 1;
    }
    return 0;
}

/* the ';'-item before the window [ws, …) when the window continues its object list ("Nghị định
   này quy định chi tiết … Luật A …; điểm 13 của Nghị quyết số B") */
static int semi_lead(const dctx_t *c, size_t ci, size_t ws, fbuf_t *f)
{
    const char *t = c->ct[ci].text.data;
    size_t n = c->ct[ci].text.len;
    if (ws == 0 || t[ws - 1] != ';') return 0;
    size_t s = win_start(t, n, ws - 1);
    f->n = 0;
    fb_fold(f, t, s, ws - 1);
    return 1;
}

/* ------------------------------------------------------------------ affects, from */

static int names_same(const vb_citation_t *ct, const char *doc)
{
    char k1[128], k2[256];
    if (ct->number) {
        size_t a = vb_number_key(ct->number, strlen(ct->number), k1, sizeof k1);
        size_t b = vb_number_key(doc, strlen(doc), k2, sizeof k2);
        if (a && b && strstr(k2, k1)) return 1;
    }
    if (ct->name) {
        char f1[256], f2[256];
        d_fold(ct->name, strlen(ct->name), f1, sizeof f1);
        d_fold(doc, strlen(doc), f2, sizeof f2);
        if (f1[0] && strstr(f2, f1)) return 1;
        if (f2[0] && strstr(f1, f2) && strlen(f2) > 8) return 1;
    }
    return 0;
}

static void add_path(vb_buf_t *b, const char *p)
{
    /* no duplicates */
    if (b->len) {
        size_t pl = strlen(p);
        const char *s = b->data;
        while (s) {
            const char *e = strchr(s, ',');
            size_t l = e ? (size_t)(e - s) : strlen(s);
            if (l == pl && !strncmp(s, p, pl)) return;
            s = e ? e + 1 : NULL;
        }
        vb_buf_append(b, ",", 1);
    }
    vb_buf_append(b, p, strlen(p));
}

static char *affects_of(dctx_t *c, size_t k, vb_cite_role_t role)
{
    vb_doc_t *d = c->doc;
    const vb_citation_t *ct = &d->citations[k];
    size_t ci = c->cpos[k].ci;
    const vb_clause_t *own = &d->clauses[ci];
    if (own->amends) return vb_strndup(own->amends, strlen(own->amends));
    if (role == VB_CITE_SUA_DOI) {
        int pre;
        int all = early_clause(own->path, &pre) && !strchr(own->path, '.');
        size_t pl = strlen(own->path);
        vb_buf_t b = { 0 };
        for (size_t i = 0; i < d->clause_count; i++) {
            const vb_clause_t *cl = &d->clauses[i];
            if (!cl->amends) continue;
            int under = !strncmp(cl->path, own->path, pl) && cl->path[pl] == '.';
            if (!under && !all) continue;
            if (cl->amends_doc ? !names_same(ct, cl->amends_doc) : !under) continue;
            add_path(&b, cl->amends);
        }
        if (b.oom) { vb_buf_free(&b); c->oom = 1; return NULL; }
        if (b.len) return vb_buf_steal(&b);
        vb_buf_free(&b);
    }
    if (ct->pinpoint) return vb_strndup(ct->pinpoint, strlen(ct->pinpoint));
    return NULL;
}

/* a date the sentence gives: "(kể) từ ngày <date>"; "kể từ ngày … này có hiệu lực" */
static int from_of(const vb_doc_t *d, const char *f, char out[11])
{
    for (const char *h = strstr(f, "tu ngay"); h; h = strstr(h + 1, "tu ngay")) {
        if (h > f && h[-1] != ' ') continue;
        if (d_effective_rule(h, d->date, out)) return 1;
        /* "kể từ ngày Nghị định này có hiệu lực (thi hành)" */
        const char *e = h + 7;
        const char *nay = strstr(e, " nay co hieu luc");
        if (nay && nay - e < 40 && d->effective) { memcpy(out, d->effective, 11); return 1; }
    }
    return 0;
}

/* ------------------------------------------------------------------ VBHN */

int d_is_vbhn(const dctx_t *c)
{
    const vb_doc_t *d = c->doc;
    if (c->vbhn) return 1;
    if (d->type && !strcmp(d->type, "Văn bản hợp nhất")) return 1;
    if (d->number) {
        char k[96];
        vb_number_key(d->number, strlen(d->number), k, sizeof k);
        if (strstr(k, "vbhn")) return 1;
    }
    /* the opening of a consolidated text, before its preamble: "<instrument> số … có hiệu lực
       kể từ ngày …, được sửa đổi, bổ sung bởi:" */
    for (size_t i = 0; i < d->clause_count; i++) {
        const char *p = d->clauses[i].path;
        if (p[0] != 'h' && !(p[0] == 'p' && p[1] != 'l')) break;
        const ctext_t *t = &c->ct[i];
        if (!t->text.data) continue;
        char f[1024];
        d_fold(t->text.data, t->text.len < 1000 ? t->text.len : 1000, f, sizeof f);
        if (starts_can_cu(f)) break;
        if (strstr(f, "co hieu luc") && strstr(f, "duoc sua doi, bo sung boi")) return 1;
    }
    return 0;
}

static int same_key(const vb_citation_t *a, const vb_citation_t *b)
{
    if (a->number && b->number) {
        char k1[96], k2[96];
        vb_number_key(a->number, strlen(a->number), k1, sizeof k1);
        vb_number_key(b->number, strlen(b->number), k2, sizeof k2);
        return !strcmp(k1, k2);
    }
    if (!a->number && !b->number && a->name && b->name) return !strcmp(a->name, b->name);
    return 0;
}

/* The number key of every citation, made once: the loops that compare a citation with
   each one before it made two keys per pair (same_key: 2 % of a build). */
typedef struct { char k[96]; } ckey_t;

static ckey_t *cite_keys(const vb_doc_t *d)
{
    ckey_t *keys = malloc((d->citation_count ? d->citation_count : 1) * sizeof *keys);
    if (!keys) return NULL;
    for (size_t i = 0; i < d->citation_count; i++) {
        const char *num = d->citations[i].number;
        keys[i].k[0] = '\0';
        if (num) vb_number_key(num, strlen(num), keys[i].k, sizeof keys[i].k);
    }
    return keys;
}

/* same_key() of citations A and B of D, KEYS from cite_keys() */
static int same_key_at(const vb_doc_t *d, const ckey_t *keys, size_t a, size_t b)
{
    const vb_citation_t *x = &d->citations[a], *y = &d->citations[b];
    if (x->number && y->number) return !strcmp(keys[a].k, keys[b].k);
    return same_key(x, y);
}

/* d_quote_delta() of T[0, Q), from the count of T[0, *AT) in *D when the same clause
   CI was counted last (*CI) and Q is not before *AT: the citations of a long clause
   come in order, and counting from its start for each was quadratic (3 % of a build). */
static int quote_delta_upto(const char *t, size_t q, size_t ci, size_t *qci, size_t *at, int *d)
{
    if (*qci != ci || q < *at) {
        *qci = ci;
        *at = 0;
        *d = 0;
    }
    *d += d_quote_delta_from(t, *at, q);
    *at = q;
    return *d;
}

/* ------------------------------------------------------------------ driver */

/* the citation at O stands in a "Căn cứ …" paragraph of clause text T: a capitalised "Căn cứ"
   before it with no full stop between, and no other preamble formula ("Theo đề nghị", "Xét …")
   opening an item after a ';' */
static int in_can_cu(const char *t, size_t n, size_t o)
{
    size_t lim = o > 3000 ? o - 3000 : 0;
    for (size_t i = o; i > lim; i--) {
        if (i - 1 == 0 && lim == 0) {
            /* the paragraph's start: it goes on from the one before when that ends with ';' */
            if (t[0] == 'C' && can_cu_at(t, n, 0)) return 1;
            return -1;
        }
        size_t j = i - 1;
        if (t[j] == 'C' && can_cu_at(t, n, j)) return 1;
        if (t[j] == '.' && is_break(t, n, j)) return 0;
        if (t[j] == ';') {
            char f[24];
            size_t k = j + 1;
            while (k < o && (t[k] == ' ' || t[k] == '\n')) k++;
            d_fold(t + k, o - k < 12 ? o - k : 12, f, sizeof f);
            if (!strncmp(f, "theo", 4) || !strncmp(f, "xet", 3) || !strncmp(f, "sau khi", 7) ||
                !strncmp(f, "thuc hien", 9) || !strncmp(f, "trien khai", 10))
                return 0;
        }
    }
    return 0;
}

/* in_can_cu over clause CI, and over the preamble paragraphs before it that it continues
   ("Căn cứ Luật A …;⏎Luật sửa đổi, bổ sung … Luật A …;" laid out as two paragraphs) */
static int in_can_cu_clause(const dctx_t *c, size_t ci, size_t o)
{
    for (int depth = 0; depth < 4; depth++) {
        const ctext_t *ct = &c->ct[ci];
        if (!ct->text.data) return 0;
        int r = in_can_cu(ct->text.data, ct->text.len, o);
        if (r >= 0) return r;
        if (ci == 0) return 0;
        /* a continued list names an instrument first ("Luật sửa đổi …", "Nghị định số …");
           a formula of its own ("Theo đề nghị …", "Quốc hội ban hành …") does not */
        char f[40];
        d_fold(ct->text.data, ct->text.len < 24 ? ct->text.len : 24, f, sizeof f);
        const char *fp = f;
        while (*fp == ' ' || *fp == '-' || *fp == '+' || *fp == '*') fp++;
        static const char *const types[] = { "luat", "bo luat", "nghi dinh", "thong tu", "quyet dinh", "nghi quyet",
                                             "phap lenh", "hien phap", "chi thi", NULL };
        int typed = 0;
        for (size_t i = 0; types[i] && !typed; i++)
            if (!strncmp(fp, types[i], strlen(types[i]))) typed = 1;
        if (!typed) return 0;
        const vb_clause_t *pc = &c->doc->clauses[ci - 1];
        const ctext_t *pt = &c->ct[ci - 1];
        if (!(pc->path[0] == 'h' || (pc->path[0] == 'p' && pc->path[1] != 'l')) || !pt->text.data) return 0;
        size_t m = pt->text.len;
        while (m > 0 && (pt->text.data[m - 1] == ' ' || pt->text.data[m - 1] == '*')) m--;
        if (!m || pt->text.data[m - 1] != ';') return 0;
        ci--;
        o = m;
    }
    return 0;
}

static int starts_can_cu(const char *f)
{
    while (*f == ' ' || *f == '-' || *f == '+' || *f == '*' || *f == '_') f++;
    return !strncmp(f, "can cu", 6) && (f[6] == ' ' || f[6] == '\0' || f[6] == ',' || f[6] == ':');
}

void d_roles(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    if (!d->citation_count || !c->cpos) return;
    int vbhn = d_is_vbhn(c);
    /* the consolidated instruments: citations before the first "Căn cứ" of a VBHN's opening */
    unsigned char *hop = vbhn ? calloc(d->citation_count, 1) : NULL;
    if (vbhn && !hop) { c->oom = 1; return; }
    fbuf_t *bufs = malloc(4 * sizeof *bufs);
    unsigned char *emb = calloc(d->citation_count, 1), *chain = calloc(d->citation_count, 1);
    if (!bufs || !emb || !chain) { free(hop); free(bufs); free(emb); free(chain); c->oom = 1; return; }
    fbuf_t *win = &bufs[0], *post = &bufs[1], *lead = &bufs[2], *self = &bufs[3];
    /* quotes left open by the clauses before, in the same article: an amending article's new
       wording ("Điều 1. Bổ sung Điều 3a … “Điều 3a. … 1. …”") is cut into clauses too */
    int *qcarry = calloc(d->clause_count ? d->clause_count : 1, sizeof *qcarry);
    ckey_t *keys = qcarry ? cite_keys(d) : NULL;
    if (!keys) { free(hop); free(bufs); free(emb); free(chain); free(qcarry); c->oom = 1; return; }
    size_t qd_ci = (size_t)-1, qd_at = 0;   /* quote_delta_upto()'s memory */
    int qd = 0;
    for (size_t i = 1; i < d->clause_count; i++) {
        const char *a = d->clauses[i - 1].path, *b = d->clauses[i].path;
        size_t al = strcspn(a, "."), bl = strcspn(b, ".");
        if (al != bl || strncmp(a, b, al) || a[0] == 'h' || (a[0] == 'p' && a[1] != 'l')) continue;
        int v = qcarry[i - 1] + (c->ct[i - 1].text.data ? d_quote_delta(c->ct[i - 1].text.data, c->ct[i - 1].text.len) : 0);
        qcarry[i] = v > 0 ? v : 0;
    }
    for (size_t k = 0; k < d->citation_count && !c->oom; k++) {
        vb_citation_t *ct = &d->citations[k];
        size_t ci = c->cpos[k].ci, o = c->cpos[k].off, e = c->cpos[k].end;
        const char *t = c->ct[ci].text.data;
        size_t n = c->ct[ci].text.len;
        const char *path = d->clauses[ci].path;
        int pre_clause;
        int early = early_clause(path, &pre_clause);
        int head = path[0] == 'h' || pre_clause;
        ct->role = VB_CITE_DAN_CHIEU;
        if (!t) continue;
        int r_tthc = 0;
        size_t ws = win_start(t, n, o), we = win_end(t, n, e);
        fold_window(c, ci, k, ws, o, win);
        /* a consolidated text: every mention of the consolidated instruments, and the preambles
           its footnotes quote ("… có căn cứ ban hành như sau: “Căn cứ …”") */
        if (vbhn) {
            int in_hop = 0;
            for (size_t j = 0; j < k && !in_hop; j++)
                if (hop[j] && same_key_at(d, keys, j, k)) in_hop = 1;
            if (in_hop) { hop[k] = 1; ct->role = VB_CITE_HOP_NHAT; continue; }
            const char *w = win->s;
            for (;;) {
                if (*w == ' ' || *w == '"') w++;
                else if ((unsigned char)w[0] == 0xE2 && (unsigned char)w[1] == 0x80 &&
                         ((unsigned char)w[2] == 0x9C || (unsigned char)w[2] == 0x9D)) w += 3;
                else break;
            }
            if (starts_can_cu(w) && !embedded(win->s, win->n, 0, ct->number != NULL) && !head) {
                ct->role = VB_CITE_CAN_CU;
                continue;
            }
        }
        /* a list of administrative procedures (danh mục thủ tục hành chính): its "Căn cứ pháp lý"
           column and "bị bãi bỏ" headings amend nothing */
        if (!strncmp(path, "pl", 2)) {
            size_t sl = strcspn(path, ".");
            for (size_t i = ci + 1; i > 0; i--) {
                const vb_clause_t *sc = &d->clauses[i - 1];
                if (strlen(sc->path) != sl || strncmp(sc->path, path, sl)) continue;
                char hf[256];
                const ctext_t *st = &c->ct[i - 1];
                d_fold(st->text.data ? st->text.data : "", st->text.len < 200 ? st->text.len : 200, hf, sizeof hf);
                if (strstr(hf, "thu tuc hanh chinh")) r_tthc = 1;
                break;
            }
            if (r_tthc) { r_tthc = 0; continue; }
        }
        /* 1. quoted wording */
        {
            size_t q = o;
            if (q + 3 <= n && (unsigned char)t[q] == 0xE2 && (unsigned char)t[q + 1] == 0x80 &&
                (unsigned char)t[q + 2] == 0x9C)
                q += 3;
            else if (q < n && t[q] == '"')
                q++;
            if (qcarry[ci] + quote_delta_upto(t, q, ci, &qd_ci, &qd_at, &qd) > 0) continue;
        }
        int cancu = starts_can_cu(win->s) || (head && in_can_cu_clause(c, ci, o) > 0);
        /* a công văn's "Căn cứ Điều 10 Nghị định …" reasons, it is no legal basis */
        if (d->type && (!strcmp(d->type, "Công văn") || !strcmp(d->type, "Công điện") ||
                        !strcmp(d->type, "Thông báo") || !strcmp(d->type, "Báo cáo") || !strcmp(d->type, "Tờ trình")))
            cancu = 0;
        /* "(sau đây gọi/viết tắt là Thông tư số X)": the short name of one already cited */
        {
            const char *al = win->s + win->n;
            size_t an = win->n;
            while (an > 0 && (al[-1] == ' ' || al[-1] == '(')) al--, an--;
            if (an >= 6 && (!strncmp(al - 6, "tat la", 6))) {
                int got = 0;
                for (size_t j = k; j > 0 && !got; j--)
                    if (same_key_at(d, keys, j - 1, k)) {
                        const vb_citation_t *pj = &d->citations[j - 1];
                        ct->role = pj->role;
                        set_copy(c, &ct->affects, pj->affects);
                        set_copy(c, &ct->from, pj->from);
                        got = 1;
                    }
                if (got) continue;
            }
        }
        /* C: a citation inside another's description ("Nghị định số A quy định chi tiết … Luật B")
           is only cited, in a Căn cứ paragraph too */
        int emb_here = embedded(win->s, win->n, k > 0 && emb[k - 1] && c->cpos[k - 1].ci == ci, ct->number != NULL);
        size_t item = ws;   /* where the citation's item starts */
        if (!emb_here && cancu && head) {
            /* in a Căn cứ item a ':' does not end the description ("… sửa đổi, bổ sung một số
               điều của Luật: Chứng khoán, …, Luật Dự trữ quốc gia") */
            size_t is = o;
            while (is > 0 && t[is - 1] != ';' && !(t[is - 1] == '.' && is_break(t, n, is - 1)) &&
                   !(t[is - 1] == 'C' && can_cu_at(t, n, is - 1)) && o - is < 1500)
                is--;
            if (is > 0 && t[is - 1] == 'C') is--;
            if (is < ws) {
                item = is;
                fold_window(c, ci, k, is, o, lead);
                emb_here = embedded(lead->s, lead->n, k > 0 && emb[k - 1] && c->cpos[k - 1].ci == ci, ct->number != NULL);
            }
        }
        /* 2. VBHN */
        if (vbhn) {
            int in_hop = 0;
            for (size_t j = 0; j < k && !in_hop; j++)
                if (hop[j] && same_key_at(d, keys, j, k)) in_hop = 1;
            if (!in_hop && head && !cancu) {
                /* before the first Căn cứ of the opening */
                int seen = 0;
                for (size_t j = 0; j < k && !seen; j++)
                    if (d->citations[j].role == VB_CITE_CAN_CU) seen = 1;
                if (!seen) in_hop = 1;
            }
            if (in_hop) { hop[k] = 1; ct->role = VB_CITE_HOP_NHAT; continue; }
        }
        /* the amenders of a basis, of a guided or a consolidated instrument share its role */
        if (k > 0 && c->cpos[k - 1].ci == ci &&
            amender(win->s, win->n, chain[k - 1])) {
            vb_cite_role_t pr = d->citations[k - 1].role;
            if (emb[k - 1]) {
                /* the one before is inside a description: the amended one is the window's head */
                for (size_t j = 0; j < k; j++)
                    if (c->cpos[j].ci == ci && c->cpos[j].off >= ws && !emb[j]) { pr = d->citations[j].role; break; }
                if (pr == VB_CITE_CAN_CU && !cancu) pr = VB_CITE_DAN_CHIEU;
            }
            if (pr == VB_CITE_CAN_CU || pr == VB_CITE_HUONG_DAN || pr == VB_CITE_HOP_NHAT) {
                chain[k] = 1;
                ct->role = pr;
                continue;
            }
        }
        /* an instrument of the item head's type after ',' or "và", with its own number, is
           coordinated with the head ("Sửa đổi … Thông tư số A … hướng dẫn …, Thông tư số B …";
           "Căn cứ Nghị định số A … và Nghị định số B …"), not part of its description */
        int r = -1;
        if (ct->number && ct->type) {
            size_t hj = (size_t)-1;
            for (size_t j = 0; j < k; j++)
                if (c->cpos[j].ci == ci && c->cpos[j].off >= item && !emb[j]) { hj = j; break; }
            size_t b = o;
            while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\n')) b--;
            int conj = (b > 0 && t[b - 1] == ',') || (b >= 3 && !strncmp(t + b - 3, " và", 3)) ||
                       (b >= 3 && !strncmp(t + b - 3, " va", 3)) || (b >= 4 && !strncmp(t + b - 4, " và", 4));
            const vb_citation_t *hc = hj != (size_t)-1 ? &d->citations[hj] : NULL;
            /* not after history told of the head ("… đã được sửa đổi, bổ sung theo Luật số A, Luật số B") */
            int told = 0;
            if (hc) {
                size_t hb = c->cpos[hj].end;
                char hf[1024];
                d_fold(t + hb, o > hb ? (o - hb < 1000 ? o - hb : 1000) : 0, hf, sizeof hf);
                told = has(hf, "duoc ") || has(hf, " bi ");
            }
            /* after a citation inside the head's description, a list goes on inside it
               ("… sửa đổi … của Thông tư số A, Thông tư số B") */
            if (hc && k - 1 != hj && c->cpos[k - 1].ci == ci && emb[k - 1]) {
                /* unless it has a description of its own, as a head does ("… và Nghị định số B
                   ngày … của Chính phủ sửa đổi, bổ sung …") */
                char af[400];
                size_t ae = e + 300 < n ? e + 300 : n;
                d_fold(t + e, ae - e, af, sizeof af);
                char *stop = strpbrk(af, ";");
                if (stop) *stop = '\0';
                if (!(has(af, "sua doi") || has(af, "bo sung") || has(af, "quy dinh") || has(af, "huong dan") ||
                      has(af, "ban hanh") || has(af, " ve ")))
                    hc = NULL;
            }
            if (hc && conj && !told && hc->type && !strcmp(hc->type, ct->type) && hc->number && !same_key(hc, ct) &&
                hc->role != VB_CITE_DAN_CHIEU && hc->role != VB_CITE_HOP_NHAT) {
                if (hc->role == VB_CITE_CAN_CU) { ct->role = VB_CITE_CAN_CU; continue; }
                r = (int)hc->role;
                emb_here = 0;
            }
        }
        if (emb_here) { emb[k] = 1; continue; }
        /* 3. legal basis */
        if (r < 0 && cancu && head) { ct->role = VB_CITE_CAN_CU; continue; }
        int huong_ok = early && (!pre_clause || has(win->s, "ban hanh"));
        /* a verb inside the citation's own words ("Luật sửa đổi, bổ sung … của Luật X số …") */
        self->n = 0;
        fb_fold(self, t, o, e);
        if (r < 0) {
            const char *cua = NULL;
            for (const char *h = strstr(self->s, " cua "); h; h = strstr(h + 1, " cua ")) cua = h;
            /* only for the enacting formula or title, where the number is the amended one's:
               "Quốc hội ban hành Luật sửa đổi, bổ sung … của Luật Bảo hiểm y tế số 25/2008/QH12";
               a name alone ("Luật sửa đổi, bổ sung … Luật Đấu thầu") is the amending law itself */
            if (cua && ct->number && (path[0] == 'h' || has(win->s, "ban hanh")))
                r = verb_before_x(self->s, (size_t)(cua + 5 - self->s), huong_ok, 1);
            if (r >= 0 && !cua) r = -1;
        }
        /* directions of a policy ("… theo hướng: Bãi bỏ …, sửa đổi …"): nothing is done here */
        {
            size_t b = o > 600 ? o - 600 : 0;
            char pf[1024];
            d_fold(t + b, o - b, pf, sizeof pf);
            for (const char *h = strstr(pf, "theo huong"); h; h = strstr(h + 1, "theo huong")) {
                const char *q = h + 10;
                while (*q == ' ') q++;
                if (*q == ':') { r = -2; break; }
            }
            if (r == -2) continue;
        }
        /* 4. passive after it */
        if (r < 0) {
            fold_window(c, ci, k, e, we, post);
            /* cut at the next citation */
            char *ph = strchr(post->s, PH);
            if (ph) *ph = '\0';
            /* only when the citation opens its sentence's subject ("1. Điều 5 của Nghị định X
               được sửa đổi", "Kể từ ngày …, Nghị định số X hết hiệu lực") */
            if (subject_short(win->s)) r = verb_after(post->s);
            else if (verb_after(post->s) == VB_CITE_HET_HIEU_LUC && !has(win->s, " thi ") &&
                     !has(win->s, "truong hop") && !has(win->s, "neu ") && !has(win->s, "khi ")) {
                /* a long subject naming a part of it ("Nội dung công bố … tại số thứ tự 1, 2 …
                   ban hành kèm theo Quyết định số X … hết hiệu lực") */
                const char *at, *end;
                if (last_verb(win->s, win->n, &at, &end) < 0) r = VB_CITE_HET_HIEU_LUC;
            }
            if (r == VB_CITE_HUONG_DAN) r = -1;
        }
        /* the items of a list that ends "… hết hiệu lực (kể từ …)": "2. Thông tư liên tịch số A …
           hướng dẫn …; Thông tư liên tịch số B … sửa đổi … hết hiệu lực thi hành." */
        if (r < 0 && subject_short(win->s)) {
            size_t se = e, lim = e + 2500 < n ? e + 2500 : n;
            while (se < lim && !(t[se] == '.' && is_break(t, n, se))) se++;
            if (se > e) {
                size_t tb = se > e + 160 ? se - 160 : e;
                /* the last item: from the last ';' */
                for (size_t q = se; q > e; q--)
                    if (t[q - 1] == ';') { tb = q; break; }
                if (tb < se) {
                    char tf[512];
                    d_fold(t + tb, se - tb < 400 ? se - tb : 400, tf, sizeof tf);
                    const char *h = strstr(tf, "het hieu luc");
                    if (h && ((h - tf >= 5 && !strncmp(h - 5, "ngay ", 5)) || !strncmp(h + 12, " cua", 4) ||
                              (h - tf >= 4 && !strncmp(h - 4, "khi ", 4))))
                        h = NULL;   /* "trước ngày hết hiệu lực của giấy phép": a noun */
                    if (h && !(h - tf >= 3 && !strncmp(h - 3, "co ", 3)) &&
                        (h - tf >= 3 && strncmp(h - 3, "da ", 3)) &&
                        !has(tf, "khi "))
                        r = VB_CITE_HET_HIEU_LUC;
                }
            }
        }
        /* 5. the verb before it */
        if (r < 0) r = verb_before_x(win->s, win->n, huong_ok, path[0] == 'h');
        int have_lead = 0;
        if (r < 0 && (have_lead = lead_in(c, ci, ws, lead))) {
            int lr = verb_before(lead->s, lead->n, huong_ok);
            /* the lead-in announces the list: its verb opens it ("Bãi bỏ các văn bản sau:")
               or it ends "… sau đây hết hiệu lực (thi hành)" */
            const char *at, *end;
            if (lr >= 0 && lr != VB_CITE_HUONG_DAN && last_verb(lead->s, lead->n, &at, &end) >= 0 &&
                (at - lead->s < 80 || has(lead->s, "sau day") || has(lead->s, "nhu sau") ||
                 lead->n - (size_t)(end - lead->s) < 20))
                r = lr;
        }
        if (r < 0 && !have_lead && semi_lead(c, ci, ws, lead)) {
            /* the item before, when its verb opens it and reaches this item */
            const char *at, *end;
            int lr = verb_before(lead->s, lead->n, huong_ok);
            if (lr >= 0 && last_verb(lead->s, lead->n, &at, &end) >= 0 && at - lead->s < 60 &&
                verb_before(win->s, win->n, 1) < 0 && !has(win->s, "can cu"))
                r = lr, have_lead = 1;
        }
        if (r < 0) continue;
        ct->role = (vb_cite_role_t)r;
        if (r == VB_CITE_SUA_DOI || r == VB_CITE_BAI_BO || r == VB_CITE_THAY_THE || r == VB_CITE_HET_HIEU_LUC) {
            char *a = affects_of(c, k, ct->role);
            if (a) d_set_str(c, &ct->affects, a);
        }
        if (r == VB_CITE_HET_HIEU_LUC || r == VB_CITE_BAI_BO || r == VB_CITE_THAY_THE) {
            fbuf_t *all = post;
            all->n = 0;
            fb_fold(all, t, ws, we);
            char iso[11];
            if (from_of(d, all->s, iso) || (have_lead && from_of(d, lead->s, iso)))
                d_set_str(c, &ct->from, vb_strndup(iso, 10));
        }
        /* the change takes effect with this document unless the text gives its own date */
        if ((r == VB_CITE_HET_HIEU_LUC || r == VB_CITE_BAI_BO || r == VB_CITE_THAY_THE || r == VB_CITE_SUA_DOI) &&
            !ct->from && d->effective)
            d_set_str(c, &ct->from, vb_strndup(d->effective, strlen(d->effective)));
    }
    free(hop);
    free(bufs);
    free(emb);
    free(chain);
    free(qcarry);
    free(keys);
    d_roles_after(c);
}

/* ------------------------------------------------------------------ after the roles */

/* "d5", "d7.3", "d7.3.a" of the first "(điểm x) (khoản K) Điều N" in folded F; 0 when none */
static int part_path(const char *f, char *out, size_t cap)
{
    const char *d = NULL;
    for (const char *h = strstr(f, "dieu "); h; h = strstr(h + 1, "dieu "))
        if ((h == f || h[-1] == ' ') && h[5] >= '0' && h[5] <= '9') { d = h; break; }
    if (!d) return 0;
    char an[8];
    size_t k = 0;
    const char *p = d + 5;
    while (*p >= '0' && *p <= '9' && k < 4) an[k++] = *p++;
    if (*p >= 'a' && *p <= 'z' && (p[1] == ' ' || p[1] == ',' || p[1] == '.' || p[1] == ';' || !p[1])) an[k++] = *p;
    an[k] = '\0';
    char kh[8] = "", di[4] = "";
    const char *win = d - f > 40 ? d - 40 : f;
    const char *kk = NULL, *dd = NULL;
    for (const char *q = win; q < d; q++) {
        if (!strncmp(q, "khoan ", 6) && (q == f || q[-1] == ' ')) kk = q;
        if (!strncmp(q, "diem ", 5) && (q == f || q[-1] == ' ')) dd = q;
    }
    if (kk) {
        size_t j = 0;
        for (const char *q = kk + 6; *q >= '0' && *q <= '9' && j < 4; q++) kh[j++] = *q;
        kh[j] = '\0';
    }
    if (dd && kk && dd < kk && kh[0]) {
        const char *q = dd + 5;
        size_t j = 0;
        while (*q && *q != ' ' && *q != ',' && j < 2) di[j++] = *q++;
        di[j] = '\0';
        if (*q && *q != ' ' && *q != ',') di[0] = '\0';
    }
    if (kh[0] && di[0]) snprintf(out, cap, "d%s.%s.%s", an, kh, di);
    else if (kh[0]) snprintf(out, cap, "d%s.%s", an, kh);
    else snprintf(out, cap, "d%s", an);
    return 1;
}

/* every part a list names, into B: "khoản 1, khoản 2 Điều 4, khoản 1 Điều 5" -> d4.1,d4.2,d5.1;
   "điểm c khoản 1, điểm c khoản 2 và điểm c khoản 3 Điều 10" -> d10.1.c,d10.2.c,d10.3.c;
   "Điều 6, Điều 7" -> d6,d7. Points wait for their khoản, khoản for their Điều. 0 when none. */
static int parts_all(const char *f, vb_buf_t *b)
{
    char pts[8][4], khs[8][8], kpts[8][8][4];
    size_t np = 0, nk = 0, kn[8] = { 0 };
    int any = 0, mode = 0;   /* 1 after "điểm", 2 after "khoản", 3 after "Điều" */
    const char *p = f;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == ';') p++;
        if (!*p) break;
        const char *w = p;
        while (*p && *p != ' ' && *p != ',' && *p != ';' && *p != '.' && *p != ':') p++;
        size_t wl = (size_t)(p - w);
        if (*p == '.' || *p == ':') p++;
        if (wl == 4 && !strncmp(w, "diem", 4)) { mode = 1; continue; }
        if (wl == 5 && !strncmp(w, "khoan", 5)) { mode = 2; continue; }
        if (wl == 4 && !strncmp(w, "dieu", 4)) { mode = 3; continue; }
        if ((wl == 2 && !strncmp(w, "va", 2)) || (wl == 3 && !strncmp(w, "cac", 3))) continue;
        int num = wl > 0 && wl < 6 && w[0] >= '0' && w[0] <= '9';
        if (mode == 1 && !num && wl >= 1 && wl <= 2 && np < 8) {
            memcpy(pts[np], w, wl); pts[np][wl] = '\0'; np++;
            continue;
        }
        if (mode == 2 && num && nk < 8) {
            memcpy(khs[nk], w, wl < 7 ? wl : 7); khs[nk][wl < 7 ? wl : 7] = '\0';
            kn[nk] = np;
            for (size_t i = 0; i < np; i++) memcpy(kpts[nk][i], pts[i], 4);
            np = 0;
            nk++;
            continue;
        }
        if (mode == 3 && num) {
            char an[8];
            size_t al = wl < 7 ? wl : 7;
            memcpy(an, w, al); an[al] = '\0';
            char path[160];   /* "d" + article + khoản + point: room for the buffers they come from */
            if (!nk) {
                snprintf(path, sizeof path, "d%s", an);
                add_path(b, path);
            }
            for (size_t k = 0; k < nk; k++) {
                if (!kn[k]) {
                    snprintf(path, sizeof path, "d%s.%s", an, khs[k]);
                    add_path(b, path);
                }
                for (size_t i = 0; i < kn[k]; i++) {
                    snprintf(path, sizeof path, "d%s.%s.%s", an, khs[k], kpts[k][i]);
                    add_path(b, path);
                }
            }
            nk = 0;
            np = 0;
            any = 1;
            continue;
        }
        /* any other word ends a list unless it is the next one's head */
        if (mode == 3 || mode == 0) { nk = 0; np = 0; }
        mode = 0;
        if (any && wl > 0 && (!strncmp(w, "cua", 3) || !strncmp(w, "tai", 3))) break;
    }
    return any;
}

/* folded lead of clause text T past its marker ("1.", "a)", "-") */
static const char *lead_past_marker(const char *f)
{
    const char *p = f;
    while (*p == ' ' || *p == '-' || *p == '+' || *p == '*') p++;
    const char *q = p;
    while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z' && q - p < 1)) q++;
    if (q > p && (*q == '.' || *q == ')')) p = q + 1;
    while (*p == ' ') p++;
    return p;
}

/* a repealing lead "Bãi bỏ khoản 2 Điều 4", "Bỏ khoản 2 Điều 4" (not a phrase: "Bãi bỏ cụm từ …") */
static const char *repeal_lead(const char *p)
{
    const char *q = NULL;
    if (!strncmp(p, "bai bo ", 7)) q = p + 7;
    else if (!strncmp(p, "bo ", 3) && strncmp(p, "bo sung", 7)) q = p + 3;
    if (!q) return NULL;
    if (!strncmp(q, "cum tu", 6) || !strncmp(q, "tu ", 3) || !strncmp(q, "mot so cum tu", 13) ||
        !strncmp(q, "cac cum tu", 10))
        return NULL;
    return q;
}

static char *dupz2(dctx_t *c, const char *s)
{
    if (!s) return NULL;
    char *r = vb_strndup(s, strlen(s));
    if (!r) c->oom = 1;
    return r;
}

/* E: an article heading's verb gives way to the operative words about the same instrument in
   the same article ("Điều 2. Sửa đổi, bổ sung Luật … số 30/2023/QH15 — Bãi bỏ khoản 2 Điều 32
   của Luật …" repeals; it amends nothing) when nothing under the article amends.
   G: a repealing item of an amending article names no instrument ("b) Bỏ khoản 2 Điều 4.",
   "2. Bãi bỏ một số khoản như sau: a) Khoản 2 Điều 15;"): it repeals in the instrument its
   article amends; the item gets that citation, implied, role bai_bo, with the parts repealed. */
static void d_roles_after(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    /* E */
    for (size_t k = 0; k < d->citation_count; k++) {
        vb_citation_t *a = &d->citations[k];
        if (a->role != VB_CITE_SUA_DOI) continue;
        size_t ci = c->cpos[k].ci;
        const char *path = d->clauses[ci].path;
        if (path[0] != 'd' || strchr(path, '.')) continue;
        size_t pl = strlen(path);
        int amends = 0;
        for (size_t i = 0; i < d->clause_count && !amends; i++) {
            const vb_clause_t *cl = &d->clauses[i];
            if (cl->amends && !strncmp(cl->path, path, pl) && (cl->path[pl] == '.' || !cl->path[pl])) amends = 1;
        }
        if (amends) continue;
        for (size_t j = k + 1; j < d->citation_count && c->cpos[j].ci == ci; j++) {
            vb_citation_t *b = &d->citations[j];
            if ((b->role == VB_CITE_BAI_BO || b->role == VB_CITE_THAY_THE || b->role == VB_CITE_HET_HIEU_LUC) &&
                same_key(a, b)) {
                a->role = b->role;
                set_copy(c, &a->affects, b->affects);
                set_copy(c, &a->from, b->from);
                break;
            }
        }
    }
    /* the title and the enacting formula amend what the articles amend: the union of the parts
       of the instrument's sua_doi citations ("Điều 1. Sửa đổi, bổ sung điểm c khoản 5 Điều 8
       Nghị định số X" gives the title's "… một số điều của Nghị định số X" its d8.5.c) */
    for (size_t k = 0; k < d->citation_count && !c->oom; k++) {
        vb_citation_t *a = &d->citations[k];
        const char *pk = d->clauses[c->cpos[k].ci].path;
        if (a->role != VB_CITE_SUA_DOI || !(pk[0] == 'h' || (pk[0] == 'p' && pk[1] != 'l'))) continue;
        vb_buf_t u = { 0 };
        if (a->affects) vb_buf_puts(&u, a->affects);
        for (size_t j = 0; j < d->citation_count; j++) {
            const vb_citation_t *b = &d->citations[j];
            if (j == k || b->role != VB_CITE_SUA_DOI || !b->affects || !same_key(a, b)) continue;
            for (const char *s = b->affects; *s;) {
                const char *e = strchr(s, ',');
                size_t l = e ? (size_t)(e - s) : strlen(s);
                char part[64];
                if (l < sizeof part) {
                    memcpy(part, s, l);
                    part[l] = '\0';
                    add_path(&u, part);
                }
                s = e ? e + 1 : s + l;
            }
        }
        if (u.oom) { vb_buf_free(&u); c->oom = 1; break; }
        if (u.len && (!a->affects || strlen(a->affects) != u.len)) {
            free(a->affects);
            a->affects = vb_buf_steal(&u);
        }
        vb_buf_free(&u);
    }
    /* G */
    for (size_t i = 0; i < d->clause_count && !c->oom; i++) {
        const vb_clause_t *cl = &d->clauses[i];
        const ctext_t *ct = &c->ct[i];
        if (cl->path[0] == 'h' || cl->path[0] == 'f' || (cl->path[0] == 'p' && cl->path[1] != 'l') || !ct->text.data)
            continue;
        if (!strchr(cl->path, '.')) continue;   /* an item of an article, not the article */
        char f[512];
        d_fold(ct->text.data, ct->text.len < 400 ? ct->text.len : 400, f, sizeof f);
        const char *rest = repeal_lead(lead_past_marker(f));
        if (!rest) continue;
        int own = 0;
        for (size_t k = 0; k < d->citation_count && !own; k++)
            if (c->cpos[k].ci == i) own = 1;
        if (own) continue;   /* it names its instrument: its citations have their roles */
        /* the instrument its article amends: a sua_doi citation in the nearest ancestor */
        size_t si = (size_t)-1;
        size_t at = (size_t)-1;
        char anc[64];
        snprintf(anc, sizeof anc, "%s", cl->path);
        while (si == (size_t)-1) {
            char *dot = strrchr(anc, '.');
            if (!dot) break;
            *dot = '\0';
            for (size_t k = 0; k < d->citation_count; k++)
                if (!strcmp(d->clauses[c->cpos[k].ci].path, anc) && d->citations[k].role == VB_CITE_SUA_DOI) si = k;
        }
        /* else the clauses before it up to its article's heading (a layout may break the
           numbering: "Điều⏎1. Sửa đổi …" read as an item), else the one instrument the title or
           the enacting formula amends */
        for (size_t j = i; si == (size_t)-1 && j > 0; j--) {
            for (size_t k = 0; k < d->citation_count; k++)
                if (c->cpos[k].ci == j - 1 && d->citations[k].role == VB_CITE_SUA_DOI) si = k;
            const char *pj = d->clauses[j - 1].path;
            if (pj[0] == 'd' && !strchr(pj, '.')) break;
            if (pj[0] == 'h' || (pj[0] == 'p' && pj[1] != 'l')) break;
        }
        for (size_t k = 0; si == (size_t)-1 && k < d->citation_count; k++) {
            const char *pk = d->clauses[c->cpos[k].ci].path;
            if (d->citations[k].role != VB_CITE_SUA_DOI || !(pk[0] == 'h' || (pk[0] == 'p' && pk[1] != 'l'))) continue;
            int one = 1;
            for (size_t m = 0; m < d->citation_count && one; m++)
                if (d->citations[m].role == VB_CITE_SUA_DOI && !same_key(&d->citations[m], &d->citations[k])) one = 0;
            if (one) si = k;
        }
        if (si == (size_t)-1) continue;
        /* the parts: in the lead, else in its items ("… như sau: a) Khoản 2 Điều 15;") */
        vb_buf_t aff = { 0 };
        char p[40];
        if (!parts_all(rest, &aff)) {
            size_t pl = strlen(cl->path);
            for (size_t j = i + 1; j < d->clause_count; j++) {
                const vb_clause_t *ch = &d->clauses[j];
                if (strncmp(ch->path, cl->path, pl) || ch->path[pl] != '.') break;
                char g[256];
                d_fold(c->ct[j].text.data ? c->ct[j].text.data : "", c->ct[j].text.len < 200 ? c->ct[j].text.len : 200, g, sizeof g);
                const char *lp = lead_past_marker(g);
                if (!strncmp(lp, "cum tu", 6)) continue;
                if (!parts_all(lp, &aff) && part_path(lp, p, sizeof p)) add_path(&aff, p);
            }
        }
        if (aff.oom) { vb_buf_free(&aff); c->oom = 1; break; }
        /* insert in text order: after the citations of the clauses before this one */
        for (size_t k = 0; k < d->citation_count; k++)
            if (c->cpos[k].ci <= i) at = k;
        at = at == (size_t)-1 ? 0 : at + 1;
        vb_citation_t *nv = realloc(d->citations, (d->citation_count + 1) * sizeof *nv);
        if (!nv) { vb_buf_free(&aff); c->oom = 1; break; }
        d->citations = nv;
        struct cpos *np = realloc(c->cpos, (d->citation_count + 1) * sizeof *np);
        if (!np) { vb_buf_free(&aff); c->oom = 1; break; }
        c->cpos = np;
        memmove(&d->citations[at + 1], &d->citations[at], (d->citation_count - at) * sizeof *nv);
        memmove(&c->cpos[at + 1], &c->cpos[at], (d->citation_count - at) * sizeof *np);
        d->citation_count++;
        c->cpos[at] = (struct cpos){ i, 0, 0 };
        if (si >= at) si++;
        vb_citation_t *x = &d->citations[at];
        const vb_citation_t *src = &d->citations[si];
        memset(x, 0, sizeof *x);
        x->type = dupz2(c, src->type);
        x->name = dupz2(c, src->name);
        x->number = dupz2(c, src->number);
        x->date = dupz2(c, src->date);
        x->issuer = dupz2(c, src->issuer);
        x->clause = dupz2(c, cl->path);
        x->line = cl->line;
        size_t tl = ct->text.len < 160 ? ct->text.len : 160;
        while (tl > 0 && tl < ct->text.len && ((unsigned char)ct->text.data[tl] & 0xC0) == 0x80) tl--;
        x->text = d_clean_dup(ct->text.data, tl);
        if (!x->text) c->oom = 1;
        x->role = VB_CITE_BAI_BO;
        x->affects = aff.len ? vb_buf_steal(&aff) : NULL;
        vb_buf_free(&aff);
        if (d->effective) x->from = dupz2(c, d->effective);
    }
}
