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
    if (!cw_next(s, n, w->e, &x)) return NULL;
    if (x.last == ',' || x.last == '.' || x.last == ';' || x.last == ':' || x.last == ')') return NULL;
    /* "Bộ luật", also "Bộ Luật tố tụng hình sự" */
    if (!strcmp(w->f, "bo") && !strcmp(x.f, "luat") && !cw_all_upper(s, &x)) { *words = 2; return "Bộ luật"; }
    if (cw_cap(s, &x)) return NULL;
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

/* "ngày D" or "năm YYYY" within MAXW plain lower-case words from P, nothing between that ends a name */
static int date_ahead(const char *s, size_t n, size_t p, size_t maxw)
{
    cw_t y, z;
    size_t r = p;
    for (size_t k = 0; k <= maxw; k++) {
        size_t r2 = cw_next(s, n, r, &y);
        if (!r2) return 0;
        size_t r3 = cw_next(s, n, r2, &z);
        if (k > 0 && r3 && (!strcmp(y.f, "ngay") || !strcmp(y.f, "nam")) && starts_digit(s, &z)) return 1;
        if (y.f[0] == '\0' || starts_digit(s, &y) || cw_cap(s, &y) || !strcmp(y.f, "cua") || !strcmp(y.f, "va") ||
            !strcmp(y.f, "so") || !strcmp(y.f, "tai") || !strcmp(y.f, "duoc") || !strcmp(y.f, "quy") ||
            (y.e - y.b == 4 && !memcmp(s + y.b, "từ", 4)) || !strcmp(y.f, "den") || !strcmp(y.f, "trong") ||
            y.last == ',' ||
            y.last == ';' || y.last == '.' || y.last == ':' || y.last == ')')
            return 0;
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
    int prev_upper = 0, lower = 0, ended = 0, jump = 0;
    *strong = 0;
    while (cnt < 20) {
        size_t r2 = cw_next(s, n, r, &y);
        if (!r2) { *strong = 1; break; }   /* 1: punctuation or the end; 2: a date, number, "của" */
        if (cnt > 0 && (plast == ';' || plast == '.' || plast == ':' || plast == ')')) { *strong = 1; break; }
        if (s[y.b] == '(') { *strong = 1; break; }
        if (y.f[0] == '\0' || !strcmp(y.f, "-")) break;
        size_t r3 = cw_next(s, n, r2, &z);
        int cap = cw_cap(s, &y);
        if (cnt == 0 && !cap && !any_first) {
            /* written in lower case: "Luật quản lý thuế", "Bộ luật dân sự", "Luật tổ chức Chính phủ"; not
             * "Luật này", "Luật khác", "Bộ luật hiện hành" */
            static const char *const NOT_NAME[] = { "nay", "khac", "dinh", "chuyen", "moi", "cu", "hien", "nao", "lien",
                                                    "su", "gia", "le", "phap", "hoc", "thi", "ho", "so",
                                                    "tren", "do", "sau", "truoc", "rieng", "chung", NULL };
            int bad = (stop_word(s, &y) && strcmp(y.f, "ban")) || starts_digit(s, &y) || y.f[0] == '\0' || !r3;
            for (size_t k = 0; !bad && NOT_NAME[k]; k++)
                if (!strcmp(y.f, NOT_NAME[k])) bad = 1;
            if (bad || y.last == ',' || y.last == '.' || y.last == ';') break;
            lower = 1;
        }
        if (cnt > 0 && lower && cap) {
            /* a line that opens with a capital after a name in lower case is something else */
            size_t b = y.b;
            while (b > 0 && s[b - 1] == ' ') b--;
            if (b > 0 && s[b - 1] == '\n') break;
        }
        if (cnt > 0) {
            if (plast == ',') {
                /* "Phòng, chống tham nhũng", "Khám bệnh, chữa bệnh"; not "Luật Đầu tư, được …" */
                if (cap || stop_word(s, &y) || starts_digit(s, &y) || (cnt > 3 && strcmp(y.f, "chong")) ||
                    (!strcmp(y.f, "phap") && !strcmp(z.f, "luat")) || !comma_part(s, n, y.b)) {
                    ended = stop_word(s, &y);   /* "từ Điều 16 đến Điều 24 Bộ luật dân sự, quy định …" */
                    break;
                }
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
                if (r3 && cw_cap(s, &z) && opens_other(s, n, &z)) { *strong = 1; break; }   /* "… và Nghị định …" */
                if (!r3 || (cw_cap(s, &z) ? 0 : commas == 0 && !strong_ahead(s, n, r, 5))) {
                    ended = r3 && (stop_word(s, &z) || !strcmp(z.f, "phap"));   /* "Bộ luật lao động và pháp luật khác" */
                    break;
                }
            } else if (!cap && stop_word(s, &y) && !jump && !(!strcmp(y.f, "quy") && r3 && !strcmp(z.f, "pham"))) {
                if (!strcmp(y.f, "theo") && date_ahead(s, n, r2, 7)) jump = 1;   /* on to the date */
                else break;
            }   /* but "Luật Đầu tư theo phương thức đối tác công tư ngày 18 tháng 6 năm 2020" */
            else if (cap && (opens_other(s, n, &y) || cap_stop(y.f))) break;
            /* an abbreviation ends the name: "Luật Thuế GTGT", "Luật thuế TNDN"; not an upper-case heading */
            else if (cap && cw_all_upper(s, &y) && (prev_upper || (r3 && cw_all_upper(s, &z) && cw_cap(s, &z)) ||
                                                    strlen(y.f) < 2 || plast == ','))
                break;
            if (prev_upper) break;   /* "Luật NSNN" is all of it */
        }
        e = y.e;
        cnt++;
        plast = y.last;
        prev_upper = cw_all_upper(s, &y);
        r = r2;
    }
    /* a name in lower case is one only when something ends it: a date, a number, punctuation, "và Luật …" */
    if (lower && ((!*strong && !prev_upper && !ended) || cnt < 2)) return p;
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

/* cw_next without the fold (W->f left empty): the scan below folds a word
 * only when it may head a name, most words never are (session 6) */
static size_t cw_span(const char *s, size_t n, size_t p, cw_t *w)
{
    while (p < n && s[p] == ' ') p++;
    if (p >= n) return 0;
    size_t b = p;
    while (p < n && s[p] != ' ' && s[p] != '\t') p++;
    if (p - b > 60) return 0;
    w->b = b;
    w->e = p;
    w->last = p > b ? s[p - 1] : 0;
    w->f[0] = '\0';
    return p;
}

/* Can word W head a name? Its fold (cw_fold) must be "luat", "bo", "phap" or
 * "hien" (head_at): 0 when its first folded byte is plain ASCII and none of
 * l, b, p, h; a test of a byte before the fold */
static int may_head(const char *s, const cw_t *w)
{
    size_t pb = w->b;
    while (pb < w->e && (s[pb] == '(' || s[pb] == '"' || s[pb] == '\'' || (unsigned char)s[pb] == 0xE2))
        pb += (unsigned char)s[pb] == 0xE2 ? 3 : 1;
    if (pb >= w->e) return 0;   /* nothing left to fold */
    unsigned char c = (unsigned char)s[pb];
    if (c >= 0x80 || c == '*' || c == ' ' || c == '\t') return 1;
    c |= 0x20;
    return c == 'l' || c == 'b' || c == 'p' || c == 'h';
}

size_t dc_names(const char *s, size_t n, dc_name_t *out, size_t max)
{
    size_t cnt = 0, p = 0, skip_to = 0;
    cw_t w, prev = { 0, 0, "", 0 }, prev2 = prev;
    int prev_f = 1, prev2_f = 1;   /* prev and prev2 are folded */
    while (cnt < max) {
        size_t r = cw_span(s, n, p, &w);
        if (!r) break;
        int w_f = 0;
        size_t hw = 0;
        const char *type = NULL;
        /* head_at's own first tests, before its fold */
        if (w.b >= skip_to && w.last != ',' && w.last != '.' && w.last != ';' && w.last != ':' && w.last != ')' &&
            may_head(s, &w) && cw_cap(s, &w) && !cw_all_upper(s, &w)) {
            cw_fold(s, w.b, w.e, &w);
            w_f = 1;
            type = head_at(s, n, &w, &hw);
        }
        if (type) {
            if (!prev_f) { cw_fold(s, prev.b, prev.e, &prev); prev_f = 1; }
            if (!prev2_f) { cw_fold(s, prev2.b, prev2.e, &prev2); prev2_f = 1; }
        }
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
                /* also "Luật sửa đổi, bổ sung Luật Bảo vệ bí mật nhà nước": the first law named within a few
                 * words; "… của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương": all of them */
                size_t t = q, k = 0, hw2 = 0;
                cw_t h;
                while (k < 10 && (t = cw_next(s, n, t, &h)) != 0) {
                    k++;
                    if (head_at(s, n, &h, &hw2)) break;
                    if (h.last == ';' || h.last == '.' || h.last == ':' || h.last == ')') { t = 0; break; }
                }
                while (t && k < 10 && hw2) {
                    size_t q2 = h.e;
                    for (size_t k2 = 1; k2 < hw2; k2++) q2 = cw_next(s, n, q2, &x);
                    size_t e2 = name_words(s, n, q2, 0, &strong);
                    if (!e2 || e2 <= q2) break;
                    e = e2;
                    cw_t v;
                    size_t r5 = cw_next(s, n, e2, &v);
                    if (!r5 || strcmp(v.f, "va") || s[e2] == ',' || s[e2] == ';' || !cw_next(s, n, r5, &h) ||
                        !head_at(s, n, &h, &hw2))
                        break;
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
        prev2_f = prev_f;
        prev = w;
        prev_f = w_f;
        p = r;
    }
    return cnt;
}
