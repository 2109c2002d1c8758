/* Citations by name: "Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024", "Bộ luật Lao động năm 2019". */
#include <stdio.h>
#include "doc/doc_cite.h"

/* lower-case words that end a law's name (as written: folding would take "tư" for "từ") */
static const char *const NAME_STOP[] = {
    "về", "theo", "tại", "được", "đã", "có", "là", "thì", "để", "khi", "cho", "này", "đó", "trên", "mà", "nếu",
    "hoặc", "với", "của", "ngày", "năm", "số", "hiện", "hiệu", "quy", "sửa", "bổ", "như", "trong", "từ", "đến",
    "sau", "trước", "các", "những", "một", "mới", "phải", "cần", "sẽ", "đang", "bị", "gồm", "thuộc", "áp",
    "thực", "điều", "khoản", "điểm", "chương", "mục", "riêng", "cụ", "và", "hay", "vào", "ra", "nhằm",
    "kèm", "giữa", "qua", "bằng", "kể", "vì", "chưa", "chỉ", "lại", "ban", "hướng", "dẫn", "cùng", "nêu", "nói",
    "không", "thay", "hết", "còn", "đều", "trừ", "gọi", "đối", "do", "dự", "gửi", "ước", NULL
};

/* the word as written, lower case ASCII, edge punctuation off */
static int stop_word(const char *s, const cw_t *w)
{
    char raw[24];
    size_t b = w->b, e = w->e;
    while (e > b && (s[e - 1] == ',' || s[e - 1] == '.' || s[e - 1] == ';' || s[e - 1] == ':' || s[e - 1] == ')')) e--;
    if (e - b >= sizeof raw) return 0;
    memcpy(raw, s + b, e - b);
    raw[e - b] = '\0';
    for (size_t k = 0; NAME_STOP[k]; k++)
        if (!strcmp(raw, NAME_STOP[k])) return 1;
    return 0;
}

static int starts_digit(const char *s, const cw_t *w)
{
    size_t b = w->b;
    while (b < w->e && (s[b] == '(' || s[b] == '"')) b++;
    return b < w->e && s[b] >= '0' && s[b] <= '9';
}

/* the head at word W (next words X, Y): its type and the word count, or NULL */
static const char *head_at(const char *s, size_t n, const cw_t *w, size_t *words)
{
    cw_t x;
    if (!cw_cap(s, w) || cw_all_upper(s, w)) return NULL;
    if (w->last == ',' || w->last == '.' || w->last == ';' || w->last == ':' || w->last == ')') return NULL;
    if (!strcmp(w->f, "luat")) { *words = 1; return "Luật"; }
    if (!cw_next(s, n, w->e, &x) || cw_cap(s, &x)) return NULL;
    if (x.last == ',' || x.last == '.' || x.last == ';' || x.last == ':' || x.last == ')') return NULL;
    if (!strcmp(w->f, "bo") && !strcmp(x.f, "luat")) { *words = 2; return "Bộ luật"; }
    if (!strcmp(w->f, "phap") && !strcmp(x.f, "lenh")) { *words = 2; return "Pháp lệnh"; }
    if (!strcmp(w->f, "hien") && !strcmp(x.f, "phap")) { *words = 2; return "Hiến pháp"; }
    return NULL;
}

/* capitalised words that open something else: "Điều 5", "Căn cứ", "Được bãi bỏ" */
static int cap_stop(const char *f)
{
    static const char *const L[] = { "dieu", "khoan", "diem", "chuong", "muc", "phan", "can", "duoc", "theo", "tai",
                                     "ve", "va", NULL };
    for (size_t k = 0; L[k]; k++)
        if (!strcmp(f, L[k])) return 1;
    return 0;
}

/* a type word or another law's head at W */
static int opens_other(const char *s, size_t n, const cw_t *w)
{
    size_t k;
    if (head_at(s, n, w, &k)) return 1;
    cw_t x;
    size_t r = cw_next(s, n, w->e, &x);
    if (d_type_phrase(s + w->b, w->e - w->b)) return 1;
    return r && d_type_phrase(s + w->b, x.e - w->b) != NULL;
}

/* a date or number within a few words from P ("Phí và lệ phí số 38/2001/PL-UBTVQH10"): the end of the
 * word before it, or 0. The words between are neither stop words (but "và") nor punctuated. */
static size_t strong_ahead(const char *s, size_t n, size_t p, size_t maxw)
{
    cw_t y, z;
    size_t r = p, e = 0;
    for (size_t k = 0; k <= maxw; k++) {
        size_t r2 = cw_next(s, n, r, &y);
        if (!r2) return 0;
        size_t r3 = cw_next(s, n, r2, &z);
        if (k > 0 && r3 && (!strcmp(y.f, "so") || !strcmp(y.f, "ngay") || !strcmp(y.f, "nam")) && starts_digit(s, &z))
            return e;
        if (y.f[0] == '\0' || starts_digit(s, &y) || (stop_word(s, &y) && strcmp(y.f, "va")) || opens_other(s, n, &y))
            return 0;
        if (y.last == ';' || y.last == '.' || y.last == ')' || (!r3 && k > 0)) return k > 0 ? y.e : 0;
        if (y.last == ',' || y.last == ':') return 0;
        e = y.e;
        r = r2;
    }
    return 0;
}

/* a part after a comma goes on the name: "Phòng, chống …", "Khám bệnh, chữa bệnh", "An toàn, vệ sinh lao
 * động ngày …"; not "Lao động, người sử dụng lao động tiến hành …" */
static int comma_part(const char *s, size_t n, size_t p)
{
    cw_t y, z;
    size_t r = p;
    for (size_t k = 0; k < 7; k++) {
        size_t r2 = cw_next(s, n, r, &y);
        if (!r2) return k > 0;
        if (k == 0 && !strcmp(y.f, "chong")) return 1;
        size_t r3 = cw_next(s, n, r2, &z);
        if (k > 0 && r3 && (!strcmp(y.f, "so") || !strcmp(y.f, "ngay") || !strcmp(y.f, "nam")) && starts_digit(s, &z))
            return 1;
        if (y.f[0] == '\0' || starts_digit(s, &y) || cw_cap(s, &y) || (stop_word(s, &y) && strcmp(y.f, "va")))
            return 0;
        if (y.last == ';' || y.last == '.' || y.last == ')') return 1;
        if (y.last == ',' || y.last == ':') return k < 3;
        r = r2;
    }
    return 0;
}

/* the name's words from P (just after the head); sets *end and *strong */
static size_t name_words(const char *s, size_t n, size_t p, int any_first, int *strong)
{
    cw_t y, z;
    size_t r = p, e = 0, cnt = 0, commas = 0;
    char plast = 0;
    int prev_upper = 0;
    *strong = 0;
    while (cnt < 20) {
        size_t r2 = cw_next(s, n, r, &y);
        if (!r2) { *strong = 1; break; }   /* 1: punctuation or the end; 2: a date, number, "của" */
        if (cnt > 0 && (plast == ';' || plast == '.' || plast == ':' || plast == ')')) { *strong = 1; break; }
        if (s[y.b] == '(') { *strong = 1; break; }
        if (y.f[0] == '\0' || !strcmp(y.f, "-")) break;
        size_t r3 = cw_next(s, n, r2, &z);
        int cap = cw_cap(s, &y);
        if (cnt == 0 && !cap && !any_first) break;
        if (cnt > 0) {
            if (plast == ',') {
                /* "Phòng, chống tham nhũng", "Khám bệnh, chữa bệnh"; not "Luật Đầu tư, được …" */
                if (cap || stop_word(s, &y) || starts_digit(s, &y) || (cnt > 3 && strcmp(y.f, "chong")) ||
                    (!strcmp(y.f, "phap") && !strcmp(z.f, "luat")) || !comma_part(s, n, y.b))
                    break;
                commas++;
            } else if (!strcmp(y.f, "ngay") && r3 && starts_digit(s, &z)) { *strong = 2; break; }
            else if (!strcmp(y.f, "nam") && r3 && starts_digit(s, &z)) { *strong = 2; break; }
            else if (!strcmp(y.f, "so") && r3 && (starts_digit(s, &z) || z.f[0] == '\0')) { *strong = 2; break; }
            else if (!strcmp(y.f, "cua") && !cap) {
                /* "Luật Trách nhiệm bồi thường của Nhà nước" */
                cw_t z2;
                size_t r4 = r3 ? cw_next(s, n, r3, &z2) : 0;
                if (r4 && !strcmp(z.f, "nha") && cw_cap(s, &z) && !strcmp(z2.f, "nuoc") && z.last != ',') {
                    e = z2.e;
                    cnt += 3;
                    plast = z2.last;
                    r = r4;
                    continue;
                }
                *strong = 2;
                break;
            }
            else if (starts_digit(s, &y)) { *strong = strlen(y.f) == 4 && (y.f[0] == '1' || y.f[0] == '2') ? 2 : 0; break; }
            else if (!strcmp(y.f, "va") && !cap) {
                /* "Bảo vệ và Phát triển rừng", "Khoa học, công nghệ và đổi mới sáng tạo" */
                if (!r3 || (cw_cap(s, &z) ? opens_other(s, n, &z) : commas == 0 && !strong_ahead(s, n, r, 5)))
                    break;
            } else if (!cap && stop_word(s, &y)) break;
            else if (cap && (opens_other(s, n, &y) || cw_all_upper(s, &y) || cap_stop(y.f))) break;
            if (prev_upper) break;   /* "Luật NSNN" is all of it */
        }
        e = y.e;
        cnt++;
        plast = y.last;
        prev_upper = cw_all_upper(s, &y);
        r = r2;
    }
    /* no joiner at the end: "Luật Ký kết, gia nhập và"; no footnote mark: "Luật Bảo hiểm y tế1" */
    while (e > p) {
        e = cw_trim_end(s, p, e);
        if (e > p + 2 && s[e - 1] >= '0' && s[e - 1] <= '9' && s[e - 2] != ' ' && !(s[e - 2] >= '0' && s[e - 2] <= '9')) {
            e--;
            continue;
        }
        size_t k = e;
        while (k > p && s[k - 1] != ' ') k--;
        if (k > p && e - k == 3 && !memcmp(s + k, "và", 3)) {
            e = k;
            while (e > p && s[e - 1] == ' ') e--;
            continue;
        }
        break;
    }
    return e;
}

size_t dc_names(const char *s, size_t n, dc_name_t *out, size_t max)
{
    size_t cnt = 0, p = 0, skip_to = 0;
    cw_t w, prev = { 0, 0, "", 0 }, prev2 = prev;
    while (cnt < max) {
        size_t r = cw_next(s, n, p, &w);
        if (!r) break;
        size_t hw = 0;
        const char *type = w.b >= skip_to ? head_at(s, n, &w, &hw) : NULL;
        /* a bill ("dự thảo Luật", "dự án Luật") is not a citation */
        if (type && (!strcmp(prev.f, "du") || (!strcmp(prev2.f, "du") && (!strcmp(prev.f, "thao") || !strcmp(prev.f, "an")))))
            type = NULL;
        if (type) {
            size_t q = w.e;
            cw_t x;
            for (size_t k = 1; k < hw; k++) q = cw_next(s, n, q, &x);
            size_t r2 = cw_next(s, n, q, &x);
            int strong = 0;
            size_t e = 0;
            if (r2 && !strcmp(x.f, "sua")) {
                /* "Luật sửa đổi, bổ sung một số điều của Luật Đất đai" */
                size_t t = q, k = 0;
                cw_t y;
                while (k < 12 && (t = cw_next(s, n, t, &y)) != 0) {
                    k++;
                    if (!strcmp(y.f, "cua")) break;
                }
                cw_t h;
                size_t hw2 = 0;
                if (t && !strcmp(y.f, "cua") && cw_next(s, n, t, &h) && head_at(s, n, &h, &hw2)) {
                    size_t q2 = h.e;
                    for (size_t k2 = 1; k2 < hw2; k2++) q2 = cw_next(s, n, q2, &x);
                    e = name_words(s, n, q2, 0, &strong);
                }
            } else if (!strcmp(type, "Hiến pháp")) {
                e = q;
                if (r2 && !strcmp(x.f, "nuoc")) e = name_words(s, n, q, 1, &strong);
                else strong = 1;
                if (!e) e = q;
            } else {
                e = name_words(s, n, q, 0, &strong);
            }
            if (e) e = cw_trim_end(s, w.b, e);
            if (e > q || (e && !strcmp(type, "Hiến pháp"))) {
                dc_name_t *o = &out[cnt++];
                size_t nb = w.b;
                while (nb < e && (s[nb] == '"' || s[nb] == '(' || (unsigned char)s[nb] == 0xE2)) nb += (unsigned char)s[nb] == 0xE2 ? 3 : 1;
                o->hb = w.b;
                o->nb = nb;
                o->ne = e;
                o->type = type;
                o->strong = strong;
                skip_to = e;
            }
        }
        prev2 = prev;
        prev = w;
        p = r;
    }
    return cnt;
}
