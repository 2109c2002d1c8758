/* bodyname: one canonical spelling of an issuing body's name ("UBND tỉnh BẮC NINH",
 * "Uỷ ban nhân dân tỉnh Bắc Ninh Cộng Hòa Xã", "BTC", "Chinh phu" -> the official
 * name), used for the header's issuer levels, for coquan: queries and for assignees.
 * Pure functions: no parser state. */
#include <stdio.h>
#include <utf8proc.h>
#include "doc/doc_internal.h"

/* ---------------------------------------------------------------- data */

/* Central bodies and ministries by their official names, with the abbreviations
 * written for them in documents and queries ('|'-separated, as typed). */
static const struct { const char *name, *abbr; } BODIES[] = {
    { "Chính phủ", "CP" },
    { "Thủ tướng Chính phủ", "TTg|TTgCP" },
    { "Văn phòng Chính phủ", "VPCP" },
    { "Quốc hội", "QH" },
    { "Ủy ban Thường vụ Quốc hội", "UBTVQH" },
    { "Văn phòng Quốc hội", "VPQH" },
    { "Chủ tịch nước", "CTN" },
    { "Văn phòng Chủ tịch nước", "" },
    { "Ban Chấp hành Trung ương", "BCHTW|BCH TW" },
    { "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", "" },
    { "Bộ Chính trị", "BCT TW" },
    { "Ban Bí thư", "" },
    { "Tòa án nhân dân tối cao", "TANDTC" },
    { "Viện kiểm sát nhân dân tối cao", "VKSNDTC" },
    { "Kiểm toán Nhà nước", "KTNN" },
    { "Thanh tra Chính phủ", "" },
    { "Ngân hàng Nhà nước Việt Nam", "NHNN|NHNNVN" },
    { "Bảo hiểm xã hội Việt Nam", "BHXH|BHXHVN" },
    { "Kho bạc Nhà nước", "KBNN" },
    { "Ủy ban Dân tộc", "UBDT" },
    { "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "UBTWMTTQVN" },
    { "Tổng Liên đoàn Lao động Việt Nam", "TLĐLĐVN" },
    { "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp", "" },
    { "Bộ Quốc phòng", "BQP" },
    { "Bộ Công an", "BCA" },
    { "Bộ Ngoại giao", "BNG" },
    { "Bộ Nội vụ", "BNV" },
    { "Bộ Tư pháp", "BTP" },
    { "Bộ Tài chính", "BTC" },
    { "Bộ Công Thương", "BCT|BCThương" },
    { "Bộ Nông nghiệp và Môi trường", "BNNMT" },
    { "Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT|BNN&PTNT" },
    { "Bộ Tài nguyên và Môi trường", "BTNMT|BTN&MT" },
    { "Bộ Xây dựng", "BXD" },
    { "Bộ Giao thông vận tải", "BGTVT" },
    { "Bộ Khoa học và Công nghệ", "BKHCN|BKH&CN" },
    { "Bộ Thông tin và Truyền thông", "BTTTT|BTT&TT" },
    { "Bộ Giáo dục và Đào tạo", "BGDĐT|BGD&ĐT" },
    { "Bộ Y tế", "BYT" },
    { "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL" },
    { "Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH|BLĐ-TBXH|LĐTBXH|LĐ-TBXH" },
    { "Bộ Kế hoạch và Đầu tư", "BKHĐT|BKH&ĐT|KHĐT" },
    { "Bộ Dân tộc và Tôn giáo", "BDTTG" },
    { "Tổng cục Thuế", "TCT" },
    { "Tổng cục Hải quan", "TCHQ" },
    { "Cục Thuế", "" },
    { "Cục Hải quan", "" },
};
#define NBODIES (sizeof BODIES / sizeof BODIES[0])

/* words written as abbreviations inside a name: "UBND tỉnh", "BCĐ 799", "TP. Hà Nội" */
static const struct { const char *abbr, *full; } WORDS[] = {
    { "ubnd", "Ủy ban nhân dân" }, { "hdnd", "Hội đồng nhân dân" }, { "bcd", "Ban Chỉ đạo" },
    { "tp", "thành phố" }, { "tw", "Trung ương" }, { "mttq", "Mặt trận Tổ quốc" },
    { "vksnd", "Viện kiểm sát nhân dân" }, { "tand", "Tòa án nhân dân" }, { "ct", NULL },
};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

/* provinces and centrally governed cities, before and after the 2025 merger */
static const char *const PLACES[] = {
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Hồ Chí Minh", "Thừa Thiên Huế", "Huế", "Tiền Giang",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
};
#define NPLACES (sizeof PLACES / sizeof PLACES[0])

/* ---------------------------------------------------------------- words */

#define BW_MAX 48

typedef struct {
    char raw[72];   /* as written (trailing comma split off) */
    char f[48];     /* folded letters and digits; "-" / "," for those tokens */
    int upper1;     /* first letter upper case */
} bw_t;

typedef struct {
    bw_t w[BW_MAX];
    size_t n;
} bws_t;

static void fold_word(const char *s, size_t n, char *out, size_t cap)
{
    char tmp[96];
    size_t m = vb_term_fold(s, n, tmp, sizeof tmp), o = 0;
    for (size_t k = 0; k < m && o + 1 < cap; k++)
        if ((tmp[k] >= 'a' && tmp[k] <= 'z') || (tmp[k] >= '0' && tmp[k] <= '9')) out[o++] = tmp[k];
    out[o] = '\0';
}

static void push_word(bws_t *W, const char *s, size_t n)
{
    if (W->n == BW_MAX || n == 0) return;
    bw_t *w = &W->w[W->n];
    if (n >= sizeof w->raw) n = sizeof w->raw - 1;
    memcpy(w->raw, s, n);
    w->raw[n] = '\0';
    if ((n == 1 && (s[0] == '-' || s[0] == ',')) || (n == 3 && !memcmp(s, "–", 3))) {
        w->f[0] = w->raw[0] = s[0] == ',' ? ',' : '-';
        w->f[1] = w->raw[1] = '\0';
    } else {
        fold_word(s, n, w->f, sizeof w->f);
    }
    uint32_t cp = 0;
    vb_utf8_decode((const unsigned char *)s, n, &cp);
    w->upper1 = (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp) == cp &&
                (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp) != cp;
    W->n++;
}

static void split_words(const char *s, size_t n, bws_t *W)
{
    W->n = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '*' || s[i] == '|' || s[i] == '_')) i++;
        size_t b = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '|') i++;
        size_t e = i;
        if (e <= b) continue;
        /* "Văn hóa," -> "Văn hóa" ","; "Hà Nội." -> "Hà Nội" */
        int comma = 0;
        while (e > b + 1 && (s[e - 1] == ',' || s[e - 1] == '.' || s[e - 1] == ';' || s[e - 1] == ':' || s[e - 1] == '*')) {
            if (s[e - 1] == ',') comma = 1;
            e--;
        }
        push_word(W, s + b, e - b);
        if (comma) push_word(W, ",", 1);
    }
}

/* a token of layout debris: symbols, or letters mixed with digits ("JT7ĐT-", "————_—_P...") */
static int is_debris(const bw_t *w)
{
    if (!strcmp(w->f, "-") || !strcmp(w->f, ",")) return 0;
    size_t letters = 0, digits = 0, other = 0, i = 0, n = strlen(w->raw);
    while (i < n) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)w->raw + i, n - i, &cp);
        vb_letter_t e;
        if (cp >= '0' && cp <= '9') digits++;
        else if (vb_letter_info(cp, &e)) letters++;
        else if (cp == '(' || cp == ')' || cp == '&' || cp == '.' || cp == '-' || cp == '/') {
            if (cp == '-' && i == n) other++;   /* "JT7ĐT-" */
        } else other++;
    }
    if (other) return 1;
    if (letters == 0 && digits == 0) return 1;
    if (letters && digits) return 1;
    return 0;
}

/* head words that open a body's name; WEAK ones count only when written with a capital */
static const struct { const char *f; int weak; } HEADS[] = {
    { "uy ban", 0 }, { "hoi dong", 0 }, { "chinh phu", 0 }, { "thu tuong", 0 }, { "quoc hoi", 0 },
    { "van phong", 0 }, { "tong cuc", 0 }, { "chi cuc", 0 }, { "ngan hang", 0 }, { "kiem toan", 0 },
    { "toa an", 0 }, { "vien kiem sat", 0 }, { "thanh tra", 0 }, { "kho bac", 0 }, { "bao hiem xa hoi", 0 },
    { "cong an", 0 }, { "trung tam", 0 }, { "benh vien", 0 }, { "cong ty", 0 }, { "tong cong ty", 0 },
    { "dang uy", 0 }, { "mat tran", 0 }, { "lien doan", 0 }, { "tong lien doan", 0 }, { "chu tich", 0 },
    { "bo chi huy", 0 }, { "chi nhanh", 0 }, { "ban chi dao", 0 }, { "ban chap hanh", 0 }, { "hai quan", 1 },
    { "ubnd", 0 }, { "hdnd", 0 }, { "bcd", 0 }, { "bo", 1 }, { "so", 1 }, { "cuc", 1 }, { "ban", 1 },
    { "vu", 1 }, { "vien", 1 }, { "thue", 1 }, { "phong", 1 }, { "truong", 1 }, { "doan", 1 }, { "dang", 1 },
    { "hoi", 1 }, { "hoc vien", 1 }, { "tinh uy", 1 }, { "thanh uy", 1 },
};
#define NHEADS (sizeof HEADS / sizeof HEADS[0])

/* does a head start at word I? its length in words, else 0 */
static size_t head_at(const bws_t *W, size_t i)
{
    size_t best = 0;
    for (size_t h = 0; h < NHEADS; h++) {
        const char *p = HEADS[h].f;
        size_t k = i, ok = 1;
        while (*p) {
            const char *sp = strchr(p, ' ');
            size_t l = sp ? (size_t)(sp - p) : strlen(p);
            if (k >= W->n || strlen(W->w[k].f) != l || strncmp(W->w[k].f, p, l)) { ok = 0; break; }
            k++;
            p += l;
            while (*p == ' ') p++;
        }
        if (!ok) continue;
        if (HEADS[h].weak && !W->w[i].upper1) continue;
        if (k - i > best) best = k - i;
    }
    return best;
}

/* the folded key of words [b, e): letters and digits, one space between words */
static void key_of(const bws_t *W, size_t b, size_t e, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = b; i < e; i++) {
        const char *f = W->w[i].f;
        if (!strcmp(f, "-") || !strcmp(f, ",") || !*f) continue;
        size_t l = strlen(f);
        if (o + l + 2 >= cap) break;
        if (o) out[o++] = ' ';
        memcpy(out + o, f, l);
        o += l;
    }
    out[o] = '\0';
}

static void key_of_text(const char *s, char *out, size_t cap)
{
    bws_t W;
    split_words(s, strlen(s), &W);
    key_of(&W, 0, W.n, out, cap);
}

static void remove_words(bws_t *W, size_t b, size_t e)
{
    memmove(&W->w[b], &W->w[e], (W->n - e) * sizeof W->w[0]);
    W->n -= e - b;
}

/* the motto cut: the first motto words end the name */
static size_t motto_at(const bws_t *W)
{
    for (size_t i = 0; i < W->n; i++) {
        const char *a = W->w[i].f, *b = i + 1 < W->n ? W->w[i + 1].f : "";
        if ((!strcmp(a, "cong") && !strcmp(b, "hoa")) || (!strcmp(a, "chu") && !strcmp(b, "nghia")) ||
            (!strcmp(a, "doc") && !strcmp(b, "lap")) || (!strcmp(a, "hanh") && !strcmp(b, "phuc")) ||
            (!strcmp(a, "nghia") && !strcmp(b, "viet")) || (!strcmp(a, "hoa") && !strcmp(b, "xa")) ||
            (!strcmp(a, "xa") && !strcmp(b, "hoi") && i + 2 < W->n && !strcmp(W->w[i + 2].f, "chu")) ||
            (!strcmp(a, "tu") && !strcmp(b, "do") && i > 0 && !strcmp(W->w[i - 1].f, "-")))
            return i;
    }
    return W->n;
}

/* ---------------------------------------------------------------- output */

/* WORD in exact (canonical tone placement) lower case, its first letter upper when CAP */
static void put_word(vb_buf_t *b, const char *s, int cap)
{
    char x[160];
    size_t m = vb_term_exact(s, strlen(s), x, sizeof x);
    if (m == 0) { vb_buf_puts(b, s); return; }
    size_t i = 0;
    uint32_t cp;
    size_t k = vb_utf8_decode((const unsigned char *)x, m, &cp);
    vb_buf_put_cp(b, cap ? (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp) : cp);
    i = k;
    vb_buf_append(b, x + i, m - i);
}

static void put_sep(vb_buf_t *b, const char *f)
{
    if (!strcmp(f, ",")) return;
    if (b->len) vb_buf_putc(b, ' ');
}

/* is the raw word an abbreviation to keep as written (all capitals, not a syllable, or digits)? */
static int keep_raw(const bw_t *w)
{
    size_t n = strlen(w->raw), i = 0, letters = 0, upper = 0, digits = 0;
    while (i < n) {
        uint32_t cp;
        i += vb_utf8_decode((const unsigned char *)w->raw + i, n - i, &cp);
        vb_letter_t e;
        if (cp >= '0' && cp <= '9') digits++;
        else if (vb_letter_info(cp, &e)) { letters++; if (e.upper) upper++; }
    }
    if (digits || letters == 0) return 1;
    return d_word_is_abbrev(w->raw, n) && upper >= 2;
}

static int fcmp(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* capitalisation of a name with no table entry: Vietnamese rules through
 * d_sentence_case, then the parts of a ministry's or department's field
 * ("Sở Giáo dục và Đào tạo", "Bộ Lao động - Thương binh và Xã hội") */
static char *general_case(const bws_t *W)
{
    vb_buf_t t = {0};
    for (size_t i = 0; i < W->n; i++) {
        put_sep(&t, W->w[i].f);
        if (keep_raw(&W->w[i]) || !strcmp(W->w[i].f, "-") || !strcmp(W->w[i].f, ",")) vb_buf_puts(&t, W->w[i].raw);
        else put_word(&t, W->w[i].raw, W->w[i].upper1);
    }
    if (t.oom || !t.data) { vb_buf_free(&t); return vb_strndup("", 0); }
    char *sc = d_sentence_case(t.data, t.len, 0);
    vb_buf_free(&t);
    if (!sc) return NULL;
    /* a field's parts after "và", ",", "-" in the name of a Bộ or Sở */
    bws_t V;
    split_words(sc, strlen(sc), &V);
    if (V.n >= 3 && (fcmp(V.w[0].f, "bo") || fcmp(V.w[0].f, "so"))) {
        size_t end = V.n;
        for (size_t i = 1; i < V.n; i++)
            if (fcmp(V.w[i].f, "tinh") || fcmp(V.w[i].f, "huyen") || (fcmp(V.w[i].f, "thanh") && i + 1 < V.n && fcmp(V.w[i + 1].f, "pho"))) {
                end = i;
                break;
            }
        vb_buf_t o = {0};
        for (size_t i = 0; i < V.n; i++) {
            put_sep(&o, V.w[i].f);
            const char *p = i ? V.w[i - 1].f : "";
            int cap = V.w[i].upper1 || (i < end && i > 1 && (fcmp(p, "va") || fcmp(p, "-") || fcmp(p, ",")));
            if (keep_raw(&V.w[i]) || fcmp(V.w[i].f, "-") || fcmp(V.w[i].f, ",")) vb_buf_puts(&o, V.w[i].raw);
            else put_word(&o, V.w[i].raw, cap);
        }
        free(sc);
        if (o.oom || !o.data) { vb_buf_free(&o); return vb_strndup("", 0); }
        return vb_buf_steal(&o);
    }
    return sc;
}

/* the official name whose folded key is KEY, or NULL */
static const char *body_by_key(const char *key)
{
    char k[200];
    for (size_t i = 0; i < NBODIES; i++) {
        key_of_text(BODIES[i].name, k, sizeof k);
        if (!strcmp(k, key)) return BODIES[i].name;
    }
    return NULL;
}

/* the official name abbreviated as the single word W, or NULL */
static const char *body_by_abbr(const bw_t *w)
{
    for (size_t i = 0; i < NBODIES; i++) {
        const char *p = BODIES[i].abbr;
        while (*p) {
            const char *e = strchr(p, '|');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            char f[48];
            fold_word(p, l, f, sizeof f);
            if (f[0] && !strcmp(f, w->f) && d_word_is_abbrev(w->raw, strlen(w->raw))) return BODIES[i].name;
            p += l;
            if (*p == '|') p++;
        }
    }
    return NULL;
}

static const char *place_by_key(const char *key)
{
    char k[80];
    for (size_t i = 0; i < NPLACES; i++) {
        key_of_text(PLACES[i], k, sizeof k);
        if (!strcmp(k, key)) return PLACES[i];
    }
    return NULL;
}

/* ---------------------------------------------------------------- the function */

static void expand_words(bws_t *W)
{
    bws_t X;
    X.n = 0;
    for (size_t i = 0; i < W->n && X.n < BW_MAX; i++) {
        const bw_t *w = &W->w[i];
        const char *full = NULL;
        if (d_word_is_abbrev(w->raw, strlen(w->raw)) || !strcmp(w->f, "tp"))
            for (size_t k = 0; k < NWORDS; k++)
                if (WORDS[k].full && !strcmp(w->f, WORDS[k].abbr)) { full = WORDS[k].full; break; }
        /* a whole-body abbreviation standing alone, or as the name after "Bộ" */
        if (!full && W->n == 1) full = body_by_abbr(w);
        if (!full) { X.w[X.n++] = *w; continue; }
        bws_t F;
        split_words(full, strlen(full), &F);
        for (size_t k = 0; k < F.n && X.n < BW_MAX; k++) X.w[X.n++] = F.w[k];
    }
    *W = X;
}

static char *body_canonical(const char *s, size_t n);

/* Nghị định 30/2020, Phụ lục II: "Thành phố Hồ Chí Minh" is the one unit name whose
 * unit word keeps its capital ("Ủy ban nhân dân Thành phố Hồ Chí Minh") */
char *d_body_canonical(const char *s, size_t n)
{
    char *v = body_canonical(s, n);
    if (!v) return NULL;
    static const char LOW[] = "thành phố Hồ Chí Minh";
    for (char *p = strstr(v, LOW); p; p = strstr(p + 1, LOW))
        if (p == v || p[-1] == ' ') p[0] = 'T';
    return v;
}

static char *body_canonical(const char *s, size_t n)
{
    if (!s) return NULL;
    bws_t *W = malloc(sizeof *W);
    if (!W) return NULL;
    split_words(s, n, W);
    /* layout debris: what stands before it when a body follows it, else it and what follows */
    for (;;) {
        size_t d = W->n;
        for (size_t i = W->n; i-- > 0;)
            if (is_debris(&W->w[i])) { d = i; break; }
        if (d == W->n) break;
        int head_after = 0;
        for (size_t i = d + 1; i < W->n && !head_after; i++) head_after = head_at(W, i) > 0;
        if (head_after) remove_words(W, 0, d + 1);
        else W->n = d;
    }
    expand_words(W);
    /* "Chủ tịch nhân dân" for "Chủ tịch Ủy ban nhân dân" (words lost at a line break) */
    for (size_t i = 0; i + 3 < W->n && W->n + 2 <= BW_MAX; i++)
        if (fcmp(W->w[i].f, "chu") && fcmp(W->w[i + 1].f, "tich") && fcmp(W->w[i + 2].f, "nhan") &&
            fcmp(W->w[i + 3].f, "dan")) {
            bws_t U;
            split_words("Ủy ban", strlen("Ủy ban"), &U);
            memmove(&W->w[i + 4], &W->w[i + 2], (W->n - i - 2) * sizeof W->w[0]);
            W->w[i + 2] = U.w[0];
            W->w[i + 3] = U.w[1];
            W->n += 2;
            break;
        }
    W->n = motto_at(W);
    /* a stray syllable or two before the body's first word ("TP thủ tướng Chính phủ") */
    size_t h = W->n;
    for (size_t i = 0; i < W->n && i < 4; i++)
        if (head_at(W, i)) { h = i; break; }
    if (h > 0 && h < 4 && h < W->n) {
        /* only junk before it: capitals that are no syllable ("TIPT", "TP"), or a strong head after it */
        int strong = 0, junk = 1;
        size_t hl = head_at(W, h);
        char hk[120];
        key_of(W, h, h + hl, hk, sizeof hk);
        strong = strchr(hk, ' ') != NULL;
        for (size_t i = 0; i < h; i++)
            if (!(d_word_is_abbrev(W->w[i].raw, strlen(W->w[i].raw)) || !W->w[i].upper1)) junk = 0;
        if (strong || junk) remove_words(W, 0, h);
    }
    /* edges: punctuation, and a bare body word or conjunction left at the end */
    for (;;) {
        if (W->n && (fcmp(W->w[0].f, "-") || fcmp(W->w[0].f, ",") || !W->w[0].f[0])) { remove_words(W, 0, 1); continue; }
        if (W->n > 1) {
            const char *l = W->w[W->n - 1].f;
            if (fcmp(l, "-") || fcmp(l, ",") || fcmp(l, "va") || !*l ||
                ((fcmp(l, "cuc") || fcmp(l, "bo") || fcmp(l, "so") || fcmp(l, "ban")) && W->w[W->n - 1].upper1 &&
                 W->n > 2 && !fcmp(W->w[W->n - 2].f, "tong") && !fcmp(W->w[W->n - 2].f, "chi"))) {
                W->n--;
                continue;
            }
        }
        break;
    }
    if (W->n == 0) {   /* nothing of a name left */
        free(W);
        return vb_strndup("", 0);
    }
    /* two copies of one name */
    if (W->n >= 2 && W->n % 2 == 0) {
        size_t hn = W->n / 2, same = 1;
        for (size_t i = 0; i < hn && same; i++) same = fcmp(W->w[i].f, W->w[hn + i].f);
        if (same) W->n = hn;
    }
    /* a joint issue: bodies separated by " - " ("VIỆN KIỂM SÁT … - TÒA ÁN … - BỘ CÔNG AN") */
    for (size_t i = 1; i + 1 < W->n; i++) {
        if (!fcmp(W->w[i].f, "-") || !head_at(W, i + 1) || !head_at(W, 0)) continue;
        bws_t A = *W, B = *W;
        A.n = i;
        remove_words(&B, 0, i + 1);
        vb_buf_t t = {0};
        for (size_t k = 0; k < A.n; k++) { if (k) vb_buf_putc(&t, ' '); vb_buf_puts(&t, A.w[k].raw); }
        char *a = t.data ? d_body_canonical(t.data, t.len) : NULL;
        t.len = 0;
        for (size_t k = 0; k < B.n; k++) { if (k) vb_buf_putc(&t, ' '); vb_buf_puts(&t, B.w[k].raw); }
        char *b = t.data ? d_body_canonical(t.data, t.len) : NULL;
        vb_buf_free(&t);
        free(W);
        if (!a || !b) { free(a); free(b); return NULL; }
        /* the same bodies listed twice: once */
        vb_buf_t o = {0};
        vb_buf_puts(&o, a);
        if (!strstr(a, b) && d_body_plausible(b)) {
            /* each part of B once: "… - Tòa án nhân dân tối cao" listed again at the end */
            const char *p = b;
            while (*p) {
                const char *q = strstr(p, " - ");
                size_t l = q ? (size_t)(q - p) : strlen(p);
                char part[256];
                snprintf(part, sizeof part, "%.*s", (int)(l < 255 ? l : 255), p);
                const char *have = o.data ? vb_memmem(o.data, o.len, part, strlen(part)) : NULL;
                if (!have || l < 8) { vb_buf_puts(&o, " - "); vb_buf_append(&o, p, l); }
                p += l;
                if (q) p += 3;
            }
        }
        free(a);
        free(b);
        if (o.oom || !o.data) { vb_buf_free(&o); return NULL; }
        return vb_buf_steal(&o);
    }
    char key[400];
    key_of(W, 0, W->n, key, sizeof key);
    char *out = NULL;
    const char *name = body_by_key(key);
    if (!name) name = place_by_key(key);   /* a place alone: "Hải Phòng" */
    if (!name && W->n > 2) {   /* "Bộ Tài chính Việt Nam" */
        size_t kl = strlen(key);
        if (kl > 9 && !strcmp(key + kl - 9, " viet nam")) {
            key[kl - 9] = '\0';
            name = body_by_key(key);
            key[kl - 9] = ' ';
        }
    }
    if (!name && W->n >= 2) {
        /* a known body followed by running text in lower case ("Bộ Tài chính hệ thống báo cáo …") */
        for (size_t e = W->n - 1; e >= 1 && !name; e--) {
            const char *ef = W->w[e].f;
            if (W->w[e].upper1 || keep_raw(&W->w[e]) || fcmp(ef, "tinh") || fcmp(ef, "thanh") || fcmp(ef, "huyen") ||
                fcmp(ef, "quan") || fcmp(ef, "xa") || fcmp(ef, "phuong") || fcmp(ef, "thi") || fcmp(ef, "khu") ||
                fcmp(ef, "tai") || fcmp(ef, "cap") || fcmp(ef, "va"))
                continue;
            key_of(W, 0, e, key, sizeof key);
            name = body_by_key(key);
        }
    }
    if (!name) {
        /* two central bodies stacked ("BỘ LAO ĐỘNG - … / CHÍNH PHỦ" of a consolidated text): the first */
        for (size_t e = 1; e < W->n && !name; e++) {
            char k2[400];
            key_of(W, e, W->n, k2, sizeof k2);
            const char *second = body_by_key(k2);
            if (!second) continue;
            key_of(W, 0, e, key, sizeof key);
            name = body_by_key(key);
        }
    }
    if (name) {
        out = vb_strndup(name, strlen(name));
        free(W);
        return out;
    }
    /* "Sở Tài chính": a department named after a ministry */
    if (W->n >= 2 && fcmp(W->w[0].f, "so")) {
        char mk[400];
        size_t end = W->n;
        for (size_t i = 1; i < W->n; i++)
            if (fcmp(W->w[i].f, "tinh") || (fcmp(W->w[i].f, "thanh") && i + 1 < W->n && fcmp(W->w[i + 1].f, "pho"))) { end = i; break; }
        snprintf(mk, sizeof mk, "bo ");
        key_of(W, 1, end, mk + 3, sizeof mk - 3);
        const char *m = end == W->n ? body_by_key(mk) : NULL;
        if (m) {
            vb_buf_t b = {0};
            vb_buf_puts(&b, "Sở");
            vb_buf_puts(&b, m + strlen("Bộ"));
            bws_t R = *W;
            remove_words(&R, 0, end);
            if (R.n) {
                char *rest = general_case(&R);
                if (rest) {
                    vb_buf_putc(&b, ' ');
                    /* the rest starts with "tỉnh"/"thành phố": lower case */
                    put_word(&b, rest, 0);
                    free(rest);
                }
            }
            free(W);
            if (b.oom || !b.data) { vb_buf_free(&b); return NULL; }
            return vb_buf_steal(&b);
        }
    }
    /* a local body: "<head> tỉnh|thành phố <place>" with the place from the table */
    for (size_t u = 1; u + 1 < W->n; u++) {
        size_t ul = 0;
        if (fcmp(W->w[u].f, "tinh")) ul = 1;
        else if (fcmp(W->w[u].f, "thanh") && fcmp(W->w[u + 1].f, "pho")) ul = 2;
        if (!ul) continue;
        const char *place = NULL;
        size_t pe = 0;
        for (size_t e = W->n; e > u + ul && !place; e--) {
            char pk[120];
            key_of(W, u + ul, e, pk, sizeof pk);
            if ((place = place_by_key(pk))) pe = e;
        }
        if (!place) break;
        bws_t H = *W;
        H.n = u;
        char *head = general_case(&H);
        if (!head) { free(W); return NULL; }
        vb_buf_t b = {0};
        vb_buf_puts(&b, head);
        free(head);
        vb_buf_puts(&b, ul == 1 ? " tỉnh " : " thành phố ");
        vb_buf_puts(&b, place);
        /* what follows the place: kept unless it is "Việt Nam" (motto debris) */
        bws_t R = *W;
        remove_words(&R, 0, pe);
        char rk[200];
        key_of(&R, 0, R.n, rk, sizeof rk);
        if (R.n && strcmp(rk, "viet nam")) {
            char *rest = general_case(&R);
            if (rest) { vb_buf_putc(&b, ' '); vb_buf_puts(&b, rest); free(rest); }
        }
        free(W);
        if (b.oom || !b.data) { vb_buf_free(&b); return NULL; }
        return vb_buf_steal(&b);
    }
    out = general_case(W);
    free(W);
    return out;
}

int d_body_central(const char *s)
{
    char key[200];
    key_of_text(s, key, sizeof key);
    const char *b = body_by_key(key);
    return b && strncmp(b, "Cục ", strlen("Cục ")) && strncmp(b, "Tổng cục ", strlen("Tổng cục "));
}

int d_body_plausible(const char *s)
{
    if (!s || !*s) return 0;
    bws_t *W = malloc(sizeof *W);
    if (!W) return 0;
    split_words(s, strlen(s), W);
    int ok = W->n > 0 && head_at(W, 0) > 0;
    if (ok && W->n == 1) {   /* a bare head word is no name, except a body named by one word */
        char key[64];
        key_of(W, 0, 1, key, sizeof key);
        ok = body_by_key(key) != NULL || fcmp(key, "thue");
    }
    free(W);
    return ok;
}
