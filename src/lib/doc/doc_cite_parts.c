/* Citations: words, the cited issuer, pinpoint lists and ranges. */
#include <stdarg.h>
#include <stdio.h>
#include "doc/doc_cite.h"

static int is_word_char(unsigned char ch)
{
    return ch != ' ' && ch != '\t';
}

/* Words folded already, by their bytes, one table per thread: the words
 * before every number are folded again for each number (cw_before). */
#define CWC_SLOTS 1024
typedef struct {
    unsigned char len;    /* 0: empty */
    unsigned char flen;
    char key[30];
    char f[40];
} cwc_t;
static _Thread_local cwc_t cwc[CWC_SLOTS];

static void fold_core(const char *p, size_t len, char *f)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    cwc_t *c = &cwc[(h ^ (h >> 15)) & (CWC_SLOTS - 1)];
    if (c->len == len && !memcmp(c->key, p, len)) {
        memcpy(f, c->f, c->flen + 1u);
        return;
    }
    size_t fl = d_fold(p, len, f, sizeof ((cw_t *)0)->f);
    c->len = (unsigned char)len;
    c->flen = (unsigned char)fl;
    memcpy(c->key, p, len);
    memcpy(c->f, f, fl + 1);
}

void cw_fold(const char *s, size_t b, size_t e, cw_t *w)
{
    size_t pb = b, pe = e;
    while (pb < pe && (s[pb] == '(' || s[pb] == '"' || s[pb] == '\'' || (unsigned char)s[pb] == 0xE2)) {
        if ((unsigned char)s[pb] == 0xE2) pb += 3; else pb++;
    }
    while (pe > pb && (s[pe - 1] == ',' || s[pe - 1] == '.' || s[pe - 1] == ';' || s[pe - 1] == ':' ||
                       s[pe - 1] == ')' || s[pe - 1] == '"')) pe--;
    if (pe > pb && pe - pb < 30) fold_core(s + pb, pe - pb, w->f);
    else w->f[0] = '\0';
    w->b = b;
    w->e = e;
    w->last = e > b ? s[e - 1] : 0;
}

size_t cw_before(const char *s, size_t p, cw_t *w, size_t max)
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
        cw_fold(s, p, e, &w[n]);
        n++;
        if (lc == ':' && n == 1) {
            /* "số:" is fine, anything else ends the phrase */
            if (strcmp(w[0].f, "so")) { n = 0; break; }
        }
    }
    return n;
}

size_t cw_next(const char *s, size_t n, size_t p, cw_t *w)
{
    while (p < n && s[p] == ' ') p++;
    if (p >= n) return 0;
    size_t b = p;
    while (p < n && is_word_char((unsigned char)s[p])) p++;
    if (p - b > 60) return 0;
    cw_fold(s, b, p, w);
    return p;
}

size_t cw_after(const char *s, size_t n, size_t p, cw_t *w)
{
    while (p < n && (s[p] == ' ' || s[p] == ',')) p++;
    return cw_next(s, n, p, w);
}

int cw_is_num(const char *f)
{
    size_t i = 0;
    while (f[i] >= '0' && f[i] <= '9') i++;
    if (i == 0 || i > 4) return 0;
    if (f[i] >= 'a' && f[i] <= 'z') i++;
    return f[i] == '\0';
}

int cw_cap(const char *s, const cw_t *w)
{
    return d_first_letter_case(s + w->b, w->e - w->b) > 0;
}

int cw_all_upper(const char *s, const cw_t *w)
{
    return d_is_upper_text(s + w->b, w->e - w->b);
}

/* snprintf that may cut (the buffers are sized for what is kept) */
static void fmt(char *b, size_t cap, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void fmt(char *b, size_t cap, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, cap, f, ap);
    va_end(ap);
}

size_t cw_trim_end(const char *s, size_t b, size_t e)
{
    for (;;) {
        size_t e0 = e;
        while (e > b && (s[e - 1] == ',' || s[e - 1] == ';' || s[e - 1] == '.' || s[e - 1] == ':' || s[e - 1] == ')' ||
                         s[e - 1] == '"' || s[e - 1] == '*' || s[e - 1] == '/'))
            e--;
        /* closing quotes */
        if (e >= b + 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
            ((unsigned char)s[e - 1] == 0x9D || (unsigned char)s[e - 1] == 0x99))
            e -= 3;
        /* footnote marks: "phủ[3]", "phủ.1" */
        if (e > b && s[e - 1] == ']') {
            size_t k = e - 1;
            while (k > b && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
            if (k > b && s[k - 1] == '[') e = k - 1;
        }
        if (e > b && s[e - 1] >= '0' && s[e - 1] <= '9') {
            size_t k = e - 1;
            while (k > b && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
            if (k > b && s[k - 1] == '.' && e - k <= 2) e = k - 1;
        }
        if (e == e0) return e;
    }
}

static int in_list(const char *f, const char *const *l)
{
    for (size_t k = 0; l[k]; k++)
        if (!strcmp(f, l[k])) return 1;
    return 0;
}

/* ------------------------------------------------------------------ issuer */

/* ministries, folded, dashes and commas dropped; longest first where one is a prefix of another */
static const char *const MINISTRY[] = {
    "lao dong thuong binh va xa hoi", "nong nghiep va phat trien nong thon", "nong nghiep va moi truong",
    "ke hoach va dau tu", "tai nguyen va moi truong", "thong tin va truyen thong", "van hoa the thao va du lich",
    "khoa hoc va cong nghe", "giao duc va dao tao", "dan toc va ton giao", "giao thong van tai",
    "van hoa thong tin", "buu chinh vien thong", "tai chinh", "noi vu", "ngoai giao", "quoc phong", "cong an",
    "tu phap", "cong thuong", "xay dung", "y te", "chinh tri", "thuy san", "thuong mai", "cong nghiep",
    "lao dong", "giao duc", "nong nghiep", NULL
};

/* lower-case words that go on a body's name */
static const char *const BODY_BI[] = {
    "nhan dan", "thanh pho", "thi xa", "thi tran", "thuong vu", "thuong truc", "chap hanh", "toi cao",
    "nha nuoc", "quoc gia", "trung uong", "dac khu", "chi dao", "lan thu", "dan toc", "cong ty", NULL
};
static const char *const BODY_ONE[] = { "tỉnh", "huyện", "quận", "xã", "phường", "khóa", "khoá", NULL };

/* a body's first word: "và" before it joins two bodies, not two parts of one name */
static const char *const HEADS[] = {
    "bo", "uy", "ubnd", "hdnd", "so", "ban", "ngan", "thu", "chinh", "quoc", "hoi", "van", "tong", "cuc",
    "chu", "toa", "vien", "kiem", "thanh", "mat", "lien", "kho", "cong", "tinh", "bao", "cac", "doan",
    "truong", "hoc", "dai", "trung", "nghi", "luat", "thong", NULL
};

/* capitalised words that never go on a body's name */
static const char *const NOT_NAME[] = { "dieu", "khoan", "diem", "chuong", "muc", "stt", "phu", "mau", "can", NULL };

/* heads of one capitalised word */
static const char *const ONE_HEADS[] = { "ban", "bo", "so", "cuc", "vu", "vien", "phong", "doan", "toa", "lien", "chi",
                                         "hoi", "to", NULL };

/* lower-case words that end a name */
static const char *const ISSUER_STOP[] = {
    "ve", "quy", "huong", "sua", "duoc", "va", "thi", "co", "da", "cua", "tai", "trong", "theo", "voi", "de",
    "phe", "thuc", "cho", "den", "tu", "nay", "tren", "ngay", "nam", "so", "quyet", "thong", "giao", "hop",
    "lien", "dieu", "kem", "la", "khi", "nhu", "thay", "bai", "ket", "chi", "mot", "cac", "nhung", "hien",
    NULL
};

/* lower-case words that cannot be the second syllable of a name after a capitalised one (as written:
 * folding would take "giáo" in "Tuyên giáo" for "giao") */
static int tail_stop(const char *s, const cw_t *w)
{
    static const char *const L[] = {
        "về", "quy", "hướng", "sửa", "được", "và", "thì", "có", "đã", "của", "tại", "trong", "theo", "với", "để",
        "phê", "thực", "cho", "đến", "từ", "này", "trên", "ngày", "năm", "số", "quyết", "thông", "giao", "hợp",
        "liên", "điều", "kèm", "là", "khi", "như", "thay", "ban", "kết", "chỉ", "một", "các", "những", "hiện",
        "bổ", "đề", "lập", "gửi", "trình", "xem", "chấp",
        "nêu", "nói", "sau", "trước", "do", "mà", "bị", "ký", NULL
    };
    char raw[24];
    size_t b = w->b, e = w->e;
    while (e > b && (s[e - 1] == ',' || s[e - 1] == '.' || s[e - 1] == ';' || s[e - 1] == ':' || s[e - 1] == ')')) e--;
    if (e - b >= sizeof raw) return 1;
    memcpy(raw, s + b, e - b);
    raw[e - b] = '\0';
    return in_list(raw, L);
}

/* capitalised words that open a subject, not a name: "Về", "Ban hành", "Quy định" */
static int cap_stop(const char *f, const char *f2)
{
    if (!strcmp(f, "ve") || !strcmp(f, "v/v") || !strcmp(f, "cho") || !strcmp(f, "khong") || !strcmp(f, "tach"))
        return 1;
    static const char *const BI[] = { "ban hanh", "quy dinh", "huong dan", "thanh lap", "phe duyet", "sua doi",
                                      "thuc hien", "giao nhiem", "quy che", "ke hoach", "bo sung", "dieu chinh",
                                      "cong bo", "thong qua", "kien toan", "phan cong", "giai the", "sap xep",
                                      "phu luc", "danh muc", NULL };
    char b[84];
    fmt(b, sizeof b, "%s %s", f, f2);
    return in_list(b, BI);
}

/* words of a ministry's name from P; returns the end or 0. Dashes and commas between the parts
 * do not matter: "Lao động - Thương binh", "Lao động, Thương binh", "Lao động-Thương binh". */
static size_t ministry_at(const char *s, size_t n, size_t p)
{
    char buf[200];
    size_t bl = 0, ends[12], pos[12], nw = 0, q = p;
    cw_t y;
    buf[0] = '\0';
    while (nw < 12) {
        size_t r = cw_next(s, n, q, &y);
        if (!r) break;
        int any = 0;
        for (const char *f = y.f; *f && bl + 2 < sizeof buf; f++) {
            char ch = *f == '-' ? ' ' : *f;
            if (ch == ' ' && (bl == 0 || buf[bl - 1] == ' ')) continue;
            if (!any && bl > 0 && buf[bl - 1] != ' ') buf[bl++] = ' ';
            buf[bl++] = ch;
            any = 1;
        }
        while (bl > 0 && buf[bl - 1] == ' ') bl--;
        buf[bl] = '\0';
        if (any) {
            ends[nw] = y.e;
            pos[nw] = bl;
            nw++;
        }
        q = r;
        if (y.last == '.' || y.last == ';' || y.last == ':' || y.last == ')') break;
    }
    for (size_t m = 0; MINISTRY[m]; m++) {
        size_t l = strlen(MINISTRY[m]);
        if (strncmp(buf, MINISTRY[m], l)) continue;
        for (size_t k = 0; k < nw; k++)
            if (pos[k] == l) {
                size_t e = ends[k];
                while (e > p && (s[e - 1] == ',' || s[e - 1] == '.' || s[e - 1] == ';' || s[e - 1] == ':' || s[e - 1] == ')'))
                    e--;
                return e;
            }
    }
    return 0;
}

int dc_issuer(const char *s, size_t n, size_t p, size_t *ib, size_t *ie)
{
    cw_t y, z;
    size_t r = p, b = 0, e = 0, cnt = 0;
    int prev_cap = 0, lower_run = 0, done = 0, caps = 0, prev_upper = 0, prev_comma = 0, company = 0;
    char prevf[40] = "", prev2[40] = "";
    char plast = 0;
    while (cnt < 16) {
        size_t r2 = cw_next(s, n, r, &y);
        if (!r2) break;
        int dash = (y.e - y.b == 1 && s[y.b] == '-') || (y.e - y.b == 3 && !memcmp(s + y.b, "\xE2\x80\x93", 3));
        if (s[y.b] == '(' || (y.f[0] == '\0' && !dash)) break;
        if (dash) {
            /* a dash inside a name: "Lao động - Thương binh" */
            if (cnt == 0 || plast == ',') break;
            size_t r3 = cw_next(s, n, r2, &z);
            if (!r3 || !cw_cap(s, &z) || in_list(z.f, NOT_NAME)) break;
            r = r2;
            continue;
        }
        int cap = cw_cap(s, &y);
        int upper = cw_all_upper(s, &y);
        size_t r3 = cw_next(s, n, r2, &z);
        const char *nf = r3 ? z.f : "";
        if (cnt == 0) {
            if (!cap) break;
            caps = upper;
        } else {
            if (done) break;
            /* "Thuế TP. Hà Nội" */
            if (plast == '.' && !(cap && (!strcmp(prevf, "tp") || !strcmp(prevf, "tx")))) break;
            if (plast == ';' || plast == ':' || plast == ')') break;
            if (company && plast != ',') {
                /* "Công ty TNHH Sunrise Apparel Việt Nam", "Công ty cổ phần E.K.LM": the name after the form */
                if (!strcmp(y.f, "co") && !strcmp(nf, "phan")) {
                    e = z.e;
                    cnt += 2;
                    fmt(prev2, sizeof prev2, "%s", y.f);
                    fmt(prevf, sizeof prevf, "%s", z.f);
                    plast = z.last;
                    r = r3;
                    continue;
                }
                /* a lower-case syllable only right after a capitalised one: "Bao bì", "Kinh doanh" */
                int syl = !cap && company == 2 && !tail_stop(s, &y) && !in_list(y.f, ISSUER_STOP) && !cw_is_num(y.f);
                if ((!cap && !syl) || cap_stop(y.f, nf) || in_list(y.f, NOT_NAME) ||
                    d_type_phrase(s + y.b, y.e - y.b) || (r3 && d_type_phrase(s + y.b, z.e - y.b)))
                    break;
                company = cap && !upper ? 2 : 1;
                e = y.e;
                cnt++;
                fmt(prev2, sizeof prev2, "%s", prevf);
                fmt(prevf, sizeof prevf, "%s", y.f);
                plast = y.last;
                r = r2;
                continue;
            }
            if (plast == ',') {
                /* "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ" */
                char pb[84];
                fmt(pb, sizeof pb, "%s %s", prev2, prevf);
                if (!(cnt == 2 && !strcmp(pb, "bo truong") && cap)) break;
            }
            if (caps && upper) {
                if (in_list(y.f, ISSUER_STOP) || cap_stop(y.f, nf)) break;
            } else if (cap) {
                if (cap_stop(y.f, nf) || in_list(y.f, NOT_NAME)) break;
                if (upper && cnt >= 2 && y.e - y.b >= 2 && strcmp(prevf, "khoa") && !in_list(prevf, ONE_HEADS))
                    break;   /* "… Chính phủ STT Chỉ tiêu"; not "Bộ TNMT", "khóa XII" */
                /* a type word opens a new phrase ("Kế hoạch", "Chương trình" also name bodies) */
                const char *ty = d_type_phrase(s + y.b, y.e - y.b);
                if (!ty && r3) ty = d_type_phrase(s + y.b, z.e - y.b);
                if (ty && strcmp(ty, "Kế hoạch") && strcmp(ty, "Chương trình")) break;
            } else if (!strcmp(y.f, "va")) {
                /* "Kế hoạch và Đầu tư", "Tuyên giáo và Dân vận"; not "Bộ Tài chính và Bộ Nội vụ" */
                if (!r3 || !cw_cap(s, &z) || in_list(z.f, HEADS) || y.last == ',') break;
                {
                    cw_t z2;
                    size_t r4 = cw_next(s, n, r3, &z2);
                    if (cap_stop(z.f, r4 ? z2.f : "") || d_type_phrase(s + z.b, z.e - z.b) ||
                        (r4 && d_type_phrase(s + z.b, z2.e - z.b)) || !strcmp(z.f, "dieu") || !strcmp(z.f, "khoan") ||
                        !strcmp(z.f, "chuong") || !strcmp(z.f, "muc"))
                        break;
                }
            } else if (cw_is_num(y.f) || (y.f[0] >= '0' && y.f[0] <= '9')) {
                if (strcmp(prevf, "dao") && strcmp(prevf, "khoa")) break;
            } else {
                char bi[84];
                fmt(bi, sizeof bi, "%s %s", y.f, nf);
                if (r3 && in_list(bi, BODY_BI)) {
                    /* two words at once */
                    if (!b) b = y.b;
                    e = z.e;
                    cnt += 2;
                    fmt(prev2, sizeof prev2, "%s", y.f);
                    fmt(prevf, sizeof prevf, "%s", z.f);
                    plast = z.last;
                    prev_cap = 0;
                    lower_run = 2;
                    r = r3;
                    continue;
                }
                char raw[24] = "";
                if (y.e - y.b < sizeof raw) {
                    memcpy(raw, s + y.b, y.e - y.b);
                    raw[y.e - y.b] = '\0';
                    for (size_t k = strlen(raw); k > 0 && (raw[k - 1] == ',' || raw[k - 1] == '.' || raw[k - 1] == ';'); k--)
                        raw[k - 1] = '\0';
                }
                if (in_list(raw, BODY_ONE) || !strcmp(prevf, "khoa") || !strcmp(prev2, "lan") ||
                    (!strcmp(y.f, "ban") && !strcmp(prevf, "uy"))) {
                    /* "tỉnh", "khóa XIII", "lần thứ sáu" */
                } else if (prev_cap == 1 && lower_run == 0 && !tail_stop(s, &y)) {
                    /* the second syllable of a capitalised word: "Tài chính", "Chính phủ" */
                } else {
                    break;
                }
            }
        }
        if (!b) b = y.b;
        e = y.e;
        cnt++;
        fmt(prev2, sizeof prev2, "%s", prevf);
        fmt(prevf, sizeof prevf, "%s", y.f);
        prev_comma = plast == ',';
        plast = y.last;
        /* a run of capitalised words is a proper name ("Bắc Ninh"), unless it follows a one-word head
         * ("Ban Chỉ đạo", "Sở Tài chính") */
        if (cap) {
            prev_cap = in_list(prev2, ONE_HEADS) || prev_upper || prev_comma ? 1 : prev_cap + 1;
            lower_run = 0;
        }
        else { lower_run++; prev_cap = 0; }
        prev_upper = upper;
        r = r2;
        if (!strcmp(y.f, "ty") && !strcmp(prev2, "cong")) company = 1;
        /* "Chính phủ" ends a name: "… của Chính phủ Quản lý …" is a table's next column */
        if (!strcmp(y.f, "phu") && !strcmp(prev2, "chinh")) done = 1;
        /* "Bộ Tài chính", "Bộ trưởng Bộ Tài chính": the ministry ends the name */
        if (!strcmp(y.f, "bo") && cap && plast != ',' && plast != '.' && plast != ';') {
            size_t me = ministry_at(s, n, r);
            if (me) {
                e = me;
                r = me;
                plast = s[me - 1];
                done = 1;
            }
        }
    }
    /* no dangling joiner at the end */
    while (e > b) {
        size_t k = e;
        while (k > b && s[k - 1] != ' ') k--;
        cw_t t;
        cw_fold(s, k, e, &t);
        if (k > b && (!strcmp(t.f, "va") || !strcmp(t.f, "-") || t.f[0] == '\0' || !strcmp(t.f, "cua"))) {
            e = k;
            while (e > b && s[e - 1] == ' ') e--;
            continue;
        }
        break;
    }
    e = cw_trim_end(s, b, e);
    if (e <= b) return 0;
    *ib = b;
    *ie = e;
    return 1;
}

/* --------------------------------------------------------------- pinpoints */

enum { PL_NONE = 0, PL_DIEM, PL_KHOAN, PL_DIEU };

static int level_of(const char *f)
{
    if (!strcmp(f, "diem")) return PL_DIEM;
    if (!strcmp(f, "khoan")) return PL_KHOAN;
    if (!strcmp(f, "dieu")) return PL_DIEU;
    return PL_NONE;
}

/* the point letter of word W ("a", "đ"), or "" */
static void point_letter(const char *s, const cw_t *w, char out[8])
{
    out[0] = '\0';
    size_t b = w->b, e = w->e;
    while (e > b && (s[e - 1] == ',' || s[e - 1] == ')' || s[e - 1] == ';' || s[e - 1] == '.')) e--;
    if (e - b == 1 && ((s[b] >= 'a' && s[b] <= 'z') || (s[b] >= 'A' && s[b] <= 'Z'))) {
        out[0] = (char)(s[b] | 0x20);
        out[1] = '\0';
    } else if (e - b == 2 && (unsigned char)s[b] == 0xC4 &&
               ((unsigned char)s[b + 1] == 0x91 || (unsigned char)s[b + 1] == 0x90)) {
        memcpy(out, "\xC4\x91", 3);   /* đ */
    }
}

static int value_ok(const char *s, const cw_t *w, int level, char out[8])
{
    if (level == PL_DIEM) {
        point_letter(s, w, out);
        return out[0] != '\0';
    }
    if (!cw_is_num(w->f)) return 0;
    fmt(out, 8, "%s", w->f);
    return 1;
}

/* points in Vietnamese alphabetical order */
static const char *const ALPHA[] = { "a", "b", "c", "d", "\xC4\x91", "e", "g", "h", "i", "k", "l", "m", "n",
                                     "o", "p", "q", "r", "s", "t", "u", "v", "x", "y", NULL };

static int alpha_index(const char *v)
{
    for (int k = 0; ALPHA[k]; k++)
        if (!strcmp(ALPHA[k], v)) return k;
    return -1;
}

typedef struct {
    char v[8];
    size_t off;
} pval_t;

#define PMAX 64

typedef struct {
    char k[8];
    size_t off;
    pval_t pts[24];
    size_t np;
} pk_t;

typedef struct {
    char (*pins)[CW_PINLEN];
    size_t *starts, max, n;
} pout_t;

static void emit(pout_t *o, const char *path, size_t off)
{
    if (o->n >= o->max) return;
    for (size_t i = 0; i < o->n; i++)
        if (!strcmp(o->pins[i], path)) return;
    fmt(o->pins[o->n], CW_PINLEN, "%s", path);
    o->starts[o->n++] = off;
}

size_t dc_pinpoints(const char *s, const cw_t *w, size_t nw, size_t q, char pins[][CW_PINLEN],
                    size_t *starts, size_t max)
{
    /* the run of pinpoint words before the type word, in text order */
    size_t a = q;
    if (a < nw && !strcmp(w[a].f, "cua")) a++;
    size_t z = a;
    while (z < nw && z - a < 60) {
        const char *f = w[z].f;
        char tmp[8];
        if (level_of(f) || !strcmp(f, "cac") || !strcmp(f, "va") || !strcmp(f, "hoac") || !strcmp(f, "tu") ||
            !strcmp(f, "den") || cw_is_num(f)) { z++; continue; }
        point_letter(s, &w[z], tmp);
        if (tmp[0]) { z++; continue; }
        break;
    }
    if (z == a) return 0;
    size_t m = z - a;
    const cw_t *t[64];
    for (size_t i = 0; i < m && i < 64; i++) t[i] = &w[z - 1 - i];
    if (m > 64) m = 64;
    /* the phrase must end with an Điều list: the word before the type is its number */
    if (!cw_is_num(t[m - 1]->f)) return 0;

    pout_t o = { pins, starts, max, 0 };
    pval_t pend_pts[PMAX];
    size_t npts = 0;
    pk_t pend_k[16];
    size_t nk = 0;
    size_t i = 0;
    while (i < m) {
        int lv = level_of(t[i]->f);
        if (!lv) { i++; continue; }
        size_t kwoff = t[i]->b;
        /* "các Điều", "tại Điều": the phrase starts at the keyword */
        i++;
        if (i < m && !strcmp(t[i]->f, "tu")) i++;
        pval_t items[PMAX];
        size_t ni = 0;
        while (i < m) {
            char v[8];
            if (!value_ok(s, t[i], lv, v)) break;
            if (ni < PMAX) { fmt(items[ni].v, 8, "%s", v); items[ni].off = kwoff; ni++; }
            i++;
            /* a range: "từ Điều 3 đến Điều 9", "khoản 1 đến khoản 3" */
            if (i < m && !strcmp(t[i]->f, "den")) {
                size_t j = i + 1;
                if (j < m && level_of(t[j]->f) == lv) j++;
                char v2[8];
                if (j < m && value_ok(s, t[j], lv, v2)) {
                    if (lv == PL_DIEM) {
                        int x = alpha_index(v), y = alpha_index(v2);
                        for (int k = x + 1; x >= 0 && y > x && k <= y && ni < PMAX; k++) {
                            fmt(items[ni].v, 8, "%s", ALPHA[k]);
                            items[ni].off = kwoff;
                            ni++;
                        }
                    } else {
                        char *e1, *e2;
                        long x = strtol(v, &e1, 10), y = strtol(v2, &e2, 10);
                        if (!*e1 && !*e2 && y > x && y - x <= 40) {
                            for (long k = x + 1; k <= y && ni < PMAX; k++) {
                                fmt(items[ni].v, 8, "%ld", k);
                                items[ni].off = kwoff;
                                ni++;
                            }
                        } else if (ni < PMAX) {
                            fmt(items[ni].v, 8, "%s", v2);
                            items[ni].off = kwoff;
                            ni++;
                        }
                    }
                    i = j + 1;
                }
            }
            /* a list: "2, 3, 4 và 5"; a separator before another keyword is left for it */
            size_t j = i;
            int sep = t[j - 1]->last == ',';
            while (j < m && (!strcmp(t[j]->f, "va") || !strcmp(t[j]->f, "hoac") || !strcmp(t[j]->f, "cac"))) {
                sep = 1;
                j++;
            }
            char v3[8];
            if (!sep || j >= m || !value_ok(s, t[j], lv, v3)) break;
            i = j;
        }
        if (ni == 0) { npts = 0; nk = 0; continue; }
        if (lv == PL_DIEM) {
            for (size_t k = 0; k < ni && npts < PMAX; k++) pend_pts[npts++] = items[k];
        } else if (lv == PL_KHOAN) {
            for (size_t k = 0; k < ni && nk < 16; k++) {
                pk_t *x = &pend_k[nk++];
                fmt(x->k, 8, "%s", items[k].v);
                x->off = items[k].off;
                x->np = npts < 24 ? npts : 24;
                memcpy(x->pts, pend_pts, x->np * sizeof *pend_pts);
            }
            npts = 0;
        } else {
            char path[CW_PINLEN];
            for (size_t d = 0; d < ni; d++) {
                if (nk) {
                    for (size_t k = 0; k < nk; k++) {
                        if (pend_k[k].np == 0) {
                            fmt(path, sizeof path, "d%s.%s", items[d].v, pend_k[k].k);
                            emit(&o, path, pend_k[k].off);
                        }
                        for (size_t p = 0; p < pend_k[k].np; p++) {
                            fmt(path, sizeof path, "d%s.%s.%s", items[d].v, pend_k[k].k, pend_k[k].pts[p].v);
                            emit(&o, path, pend_k[k].pts[p].off);
                        }
                    }
                } else if (npts) {
                    for (size_t p = 0; p < npts; p++) {
                        fmt(path, sizeof path, "d%s.%s", items[d].v, pend_pts[p].v);
                        emit(&o, path, pend_pts[p].off);
                    }
                } else {
                    fmt(path, sizeof path, "d%s", items[d].v);
                    emit(&o, path, items[d].off);
                }
            }
            npts = 0;
            nk = 0;
        }
    }
    return o.n;
}

/* a list of pinpoints after a name, at P: ", bao gồm: Điều 2; Điều 3; khoản 3 Điều 10; các khoản 2, 3 và 4
 * Điều 12; …" (each item ends with its Điều). Paths in text order; 0 when there is no such list. */
size_t dc_pinpoints_after(const char *s, size_t n, size_t p, char pins[][CW_PINLEN], size_t *starts, size_t max)
{
    cw_t a, b;
    size_t r = cw_after(s, n, p, &a);
    if (!r) return 0;
    if (!strcmp(a.f, "bao")) {
        r = cw_next(s, n, r, &a);
        if (!r) return 0;
    }
    if (strcmp(a.f, "gom") || a.last != ':') return 0;
    size_t got = 0;
    for (;;) {
        /* one item, up to its ';' or the list's end */
        cw_t seg[64];
        size_t m = 0, r2 = r;
        int end_list = 0;
        while (m < 64) {
            size_t r3 = cw_next(s, n, r2, &b);
            if (!r3) { end_list = 1; break; }
            char tmp[8];
            point_letter(s, &b, tmp);
            int ok = level_of(b.f) || !strcmp(b.f, "cac") || !strcmp(b.f, "va") || !strcmp(b.f, "tu") ||
                     !strcmp(b.f, "den") || cw_is_num(b.f) || (tmp[0] && m > 0);
            if (!ok || (m == 0 && !level_of(b.f) && strcmp(b.f, "cac"))) { end_list = 1; break; }
            seg[m++] = b;
            r2 = r3;
            if (b.last == ';' || b.last == '.') break;
            if (b.last == ',' && cw_is_num(b.f) && m >= 2 && level_of(seg[m - 2].f) == PL_DIEU) break;
        }
        if (m < 2 || !cw_is_num(seg[m - 1].f) || level_of(seg[m - 2].f) == 0) {
            /* the last Điều: "… Điều 19;" */
            size_t k = m;
            while (k > 0 && !(cw_is_num(seg[k - 1].f) && k >= 2 && level_of(seg[k - 2].f))) k--;
            m = k;
        }
        if (m >= 2) {
            cw_t rev[64];
            for (size_t k = 0; k < m; k++) rev[k] = seg[m - 1 - k];
            /* dc_pinpoints reads a run that ends with the Điều just before a type word */
            size_t np = dc_pinpoints(s, rev, m, 0, pins + got, starts + got, max - got);
            got += np;
        }
        if (end_list || got >= max || m == 0) break;
        r = r2;
        cw_t pk;
        if (!cw_next(s, n, r, &pk)) break;
    }
    return got;
}
