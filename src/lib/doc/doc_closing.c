/* doc_closing: the closing block — where it starts, the Nơi nhận list, the signer's name and title. */
#include "doc/doc_internal.h"
#include "text/date.h"

static int is_app_heading(const dctx_t *c, const dline_t *l, int loose)
{
    char f[64];
    if (l->kind != LK_TEXT || l->n > 400) return 0;
    if (!loose && !d_fold_may_start(l->s, l->n < 80 ? l->n : 80, 'p')) return 0;   /* only "Phụ lục …" */
    d_fold(l->s, l->n < 80 ? l->n : 80, f, sizeof f);
    int up = d_is_upper_text(l->s, l->n < 80 ? l->n : 80) || (l->n > 80 && d_first_letter_case(l->s, l->n) > 0);
    if (d_starts(f, "phu luc")) return d_appendix_heading(c, (size_t)(l - c->L));   /* doc_attach.c */
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
    return l->kind == LK_TEXT && l->n >= 3 && vb_memmem(l->s, l->n, "./.", 3) != NULL;
}

static int name_like(const char *s, size_t n)
{
    if (n < 5 || n > 60 || d_is_upper_text(s, n)) return 0;   /* "BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "VĂN BẢN" */
    size_t words = 0, i = 0;
    int lower = 0;
    while (i < n) {
        while (i < n && s[i] == ' ') i++;
        if (i >= n) break;
        size_t b = i;
        while (i < n && s[i] != ' ') i++;
        words++;
        if (d_first_letter_case(s + b, i - b) <= 0) return 0;
        /* a word in capitals ("PHÓ THỦ TƯỚNGy]" with OCR debris) is a title's */
        if (d_is_upper_text(s + b, i - b)) return 0;
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

/* bytes of a military rank before a signer's name ("Đại tướng Lương Tam Quang",
 * "Thượng tướng Vũ Hải Sản"), with the spaces after it; 0 when none */
static size_t rank_prefix(const char *s, size_t n)
{
    static const char *const RANK[] = { "dai tuong ", "thuong tuong ", "trung tuong ", "thieu tuong ", "dai ta ",
                                        "thuong ta ", "trung ta ", "thieu ta ", NULL };
    char f[40];
    d_fold(s, n < 30 ? n : 30, f, sizeof f);
    for (size_t r = 0; RANK[r]; r++) {
        if (!d_starts(f, RANK[r])) continue;
        size_t i = 0;
        for (int w = 0; w < 2; w++) {
            while (i < n && s[i] != ' ') i++;
            while (i < n && s[i] == ' ') i++;
        }
        return i < n ? i : 0;
    }
    return 0;
}

/* a Vietnamese family name alone on a line (a signer's name wrapped after it) */
static int family_name(const char *s, size_t n)
{
    static const char *const FAM[] = {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo",
        "duong", "ly", "dao", "doan", "truong", "luong", "mai", "dinh", "lam", "ha", "ta", "cao", "chu", "chau",
        "thai", "to", "trinh", "lai", "luu", "la", "quach", "tang", "kieu", "than", "nong", "trieu", "mac",
        "khong", "phung", "lo", "tong", "giang", "van", "nghiem", "au", "dam", "lu", "thach", NULL
    };
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n < 2 || n > 12 || memchr(s, ' ', n) || d_first_letter_case(s, n) <= 0 || d_is_upper_text(s, n)) return 0;
    char f[32];
    d_fold(s, n, f, sizeof f);
    for (size_t i = 0; FAM[i]; i++)
        if (!strcmp(f, FAM[i])) return 1;
    return 0;
}


/* a line to step over inside a signature block: a Công báo running head
 * ("CÔNG BÁO/Số 321/Ngày 10-06-2026") or a page number */
static int page_debris(const dline_t *l, const char *f)
{
    if (l->kind != LK_TEXT) return 1;
    if (d_starts(f, "cong bao/") || d_starts(f, "cong bao /")) return 1;
    size_t k = 0;
    while (k < l->n && ((l->s[k] >= '0' && l->s[k] <= '9') || l->s[k] == ' ')) k++;
    return k == l->n && l->n <= 4;
}

/* A consolidated text (VBHN) is dated, numbered, issued and signed by its
 * "XÁC THỰC VĂN BẢN HỢP NHẤT" block: "BỘ Y TẾ / Số: 04/VBHN-BYT / XÁC THỰC … /
 * Hà Nội, ngày 13 tháng 4 năm 2018 / KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Lê Tuấn".
 * Its values replace those taken from the consolidated instruments. */
static void vbhn_block(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    char f[FOLD_CAP];
    size_t xt = c->nl;
    for (size_t i = c->hdr_end; i < c->nl; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT || l->n > 80 || !d_fold_may_start(l->s, l->n, 'x')) continue;
        d_fold(l->s, l->n, f, sizeof f);
        if (d_starts(f, "xac thuc van ban hop nhat")) { xt = i; break; }
    }
    if (xt == c->nl) return;
    c->vbhn = 1;
    /* backwards: the number line and the consolidating body above it */
    size_t so = c->nl, body_b = c->nl, body_e = c->nl;
    for (size_t k = xt, cnt = 0; k > c->hdr_end && cnt < 8; k--) {
        const dline_t *l = &c->L[k - 1];
        if (l->kind != LK_TEXT) continue;
        d_fold(l->s, l->n, f, sizeof f);
        if (page_debris(l, f)) continue;
        cnt++;
        if (d_starts(f, "so:") || d_starts(f, "so :")) {
            if (so == c->nl && body_b == c->nl) { so = k - 1; continue; }
            break;
        }
        if (d_is_upper_text(l->s, l->n) && l->n < 80 && !d_motto_words(f) && !is_authority_mark(f)) {
            if (body_e == c->nl) body_e = k;
            body_b = k - 1;
            continue;
        }
        break;
    }
    /* forwards too: "XÁC THỰC …" may stand above the number */
    for (size_t k = xt + 1, cnt = 0; so == c->nl && k < c->nl && cnt < 3; k++) {
        const dline_t *l = &c->L[k];
        if (l->kind != LK_TEXT) continue;
        d_fold(l->s, l->n, f, sizeof f);
        if (page_debris(l, f)) continue;
        cnt++;
        if (d_starts(f, "so:") || d_starts(f, "so :")) so = k;
    }
    if (so < c->nl) {
        char *old = d->number;
        d->number = NULL;
        d_parse_number(c, so, c->nl, 1);
        if (d->number && strstr(d->number, "VBHN")) free(old);
        else { free(d->number); d->number = old; }
    }
    if (body_b < c->nl) {
        vb_buf_t b = {0};
        for (size_t k = body_b; k < body_e; k++) {
            const dline_t *l = &c->L[k];
            if (l->kind != LK_TEXT) continue;
            if (b.len) vb_buf_putc(&b, ' ');
            vb_buf_append(&b, l->s, l->n);
        }
        char *v = b.oom || !b.data ? NULL : d_body_canonical(b.data, b.len);
        vb_buf_free(&b);
        if (!v) c->oom = 1;
        else if (!d_body_plausible(v)) free(v);
        else {
            for (size_t q = 0; q < d->issuer_count; q++) free(d->issuer[q]);
            char **iv = realloc(d->issuer, sizeof *iv);
            if (!iv) { free(v); d->issuer_count = 0; c->oom = 1; }
            else { d->issuer = iv; iv[0] = v; d->issuer_count = 1; }
        }
    }
    /* forwards: the place and date, the titles and the name */
    size_t first_title = c->nl;
    for (size_t k = xt + 1, cnt = 0; k < c->nl && cnt < 14; k++) {
        const dline_t *l = &c->L[k];
        if (l->kind != LK_TEXT) continue;
        if (is_app_heading(c, l, 0)) break;
        char *t = d_clean_dup(l->s, l->n);
        if (!t) { c->oom = 1; return; }
        size_t tn = strlen(t);
        d_fold(t, tn, f, sizeof f);
        if (page_debris(l, f) || k == so) { free(t); continue; }
        cnt++;
        if (strstr(f, "ngay") && strstr(f, "thang") && !name_like(t, tn)) {
            char *od = d->date, *op = d->place;
            d->date = d->place = NULL;
            if (d_parse_date_line(c, t, tn, 1)) { free(od); free(op); }
            else { free(d->date); free(d->place); d->date = od; d->place = op; }
        } else if (is_authority_mark(f) || (d_is_upper_text(t, tn) && tn < 80)) {
            if (first_title == c->nl) first_title = k;
        } else if (name_like(t + rank_prefix(t, tn), tn - rank_prefix(t, tn)) && first_title < c->nl) {
            size_t rp = rank_prefix(t, tn);
            if (rp) memmove(t, t + rp, tn - rp + 1);
            d_set_str(c, &d->signer.name, t);
            /* the titles: the marks and upper-case lines between */
            vb_buf_t tb = {0};
            int bare = 0;
            for (size_t q = first_title; q < k; q++) {
                const dline_t *m = &c->L[q];
                if (m->kind != LK_TEXT) continue;
                char *u = d_clean_dup(m->s, m->n);
                if (!u) { c->oom = 1; break; }
                size_t un = strlen(u);
                d_fold(u, un, f, sizeof f);
                if ((is_authority_mark(f) || d_is_upper_text(u, un)) && !page_debris(m, f)) {
                    char *sc = d_sentence_case(u, un, 0);
                    if (sc) {
                        if (tb.len) vb_buf_puts(&tb, bare ? " " : ", ");
                        vb_buf_puts(&tb, sc);
                        free(sc);
                    }
                    bare = is_authority_mark(f) && un <= 5;
                }
                free(u);
            }
            if (tb.len && !tb.oom) d_set_str(c, &d->signer.title, vb_buf_steal(&tb));
            vb_buf_free(&tb);
            return;
        } else if (first_title < c->nl) {
            free(t);
            break;
        }
        free(t);
    }
}

/* A Luật or a Nghị quyết of the National Assembly or its Standing Committee has no
 * place-and-date line: its date is the adoption the last lines state ("… khóa XV,
 * kỳ họp thứ 8 thông qua ngày 27 tháng 11 năm 2024./."). */
static void adoption_date(dctx_t *c, size_t end)
{
    vb_doc_t *d = c->doc;
    if (d->date) return;
    char f[FOLD_CAP];
    for (size_t k = end, cnt = 0; k > c->hdr_end && cnt < 8; k--) {
        const dline_t *l = &c->L[k - 1];
        if (l->kind != LK_TEXT) continue;
        cnt++;
        /* the phrase may wrap: this line with the one before it */
        size_t b0 = k >= 2 && c->L[k - 2].kind == LK_TEXT ? k - 2 : k - 1;
        vb_buf_t b = {0};
        for (size_t q = b0; q < k; q++) {
            if (b.len) vb_buf_putc(&b, ' ');
            vb_buf_append(&b, c->L[q].s, c->L[q].n);
        }
        if (b.oom || !b.data) { vb_buf_free(&b); c->oom = 1; return; }
        size_t fl = d_fold(b.data, b.len, f, sizeof f);
        (void)fl;
        const char *tq = strstr(f, "thong qua ngay ");
        if (tq) {
            /* the raw text after the fold's "thông qua ngày": find "ngày" after "thông qua" */
            const char *r = NULL;
            for (size_t p = 0; p + 5 < b.len && !r; p++) {
                char w[40];
                size_t e = p + 40 < b.len ? p + 40 : b.len;
                d_fold(b.data + p, e - p, w, sizeof w);
                /* also glued to the word before it by the extraction: "khóa XVthông qua ngày" */
                if (((unsigned char)b.data[p] & 0xC0) != 0x80 && b.data[p] != ' ' && d_starts(w, "thong qua ngay ")) r = b.data + p;
            }
            if (r) {
                const char *ng = r;
                for (int sp = 0; ng < b.data + b.len && sp < 3; ng++)
                    if (*ng == ' ') sp++;
                char iso[11];
                size_t used;
                if (vb_date_parse_words(ng, (size_t)(b.data + b.len - ng), iso, &used))
                    d_set_str(c, &d->date, vb_strndup(iso, 10));
            }
            vb_buf_free(&b);
            return;
        }
        vb_buf_free(&b);
    }
}

void d_closing(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    size_t from = c->hdr_end, nl = c->nl, nn = nl, ap0 = nl;
    char f[FOLD_CAP];
    for (size_t i = from; i < nl; i++)
        if (is_app_heading(c, &c->L[i], 0)) { ap0 = i; break; }
    for (size_t i = from; i < ap0; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind != LK_TEXT || l->n > 120 || !d_fold_may_start(l->s, l->n, 'n')) continue;
        d_fold(l->s, l->n, f, sizeof f);
        /* the list's heading, not a wrapped sentence "nơi nhận, số lượng …" */
        if (d_starts(f, "noi nhan") && d_first_letter_case(l->s, l->n) > 0) { nn = i; break; }
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
            size_t k = d_next_text(c, em, ap);
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
        if (is_app_heading(c, &c->L[i], 1)) { c->close_end = i; break; }
    c->app_beg = c->close_end;
    c->body_beg = c->hdr_end;
    c->body_end = c->close_beg;

    /* Nơi nhận list and signature */
    {
        strlist_t cc = {0};
        size_t name_at = nl;
        int in_list = 0, open = 0, named = 0;
        char *merged = NULL;
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
                    char *it = d_item_dup(colon + 1, strlen(colon + 1));
                    if (it && *it) { if (!dl_push(&cc, it)) c->oom = 1; open = !d_ends_term(t, tn); }
                    else free(it);
                }
                free(t);
                continue;
            }
            if (in_list && d_is_dash(t, tn)) {
                /* the signature column merged into the list's lines by OCR: "- Kiểm toán nhà
                 * nước; Bùi Thanh Sơn" — the name after the item's end */
                const char *sc = NULL;
                for (size_t q = tn; q > 0 && !sc; q--)
                    if (t[q - 1] == ';') sc = t + q - 1;
                if (sc && !merged) {
                    size_t b = (size_t)(sc - t) + 1;
                    while (b < tn && t[b] == ' ') b++;
                    if (b < tn && name_like(t + b, tn - b)) {
                        merged = vb_strndup(t + b, tn - b);
                        if (!merged) c->oom = 1;
                        tn = (size_t)(sc - t) + 1;
                        t[tn] = '\0';
                    }
                }
                size_t dl = d_dash_len(t, tn);
                char *it = d_item_dup(t + dl, tn - dl);
                if (!it || !dl_push(&cc, it)) c->oom = 1;
                open = !d_ends_term(t, tn);
                free(t);
                continue;
            }
            if (in_list && open && d_first_letter_case(t, tn) < 0 && !is_authority_mark(f)) {
                d_item_extend(c, &cc, t, tn);
                open = !d_ends_term(t, tn);
                free(t);
                continue;
            }
            if (strstr(f, "xac thuc van ban hop nhat")) c->vbhn = 1;
            if (d_starts(f, "so:") && !d->number) {
                d_parse_number(c, i, c->close_end, 1);
            } else if (!named && name_like(t + rank_prefix(t, tn), tn - rank_prefix(t, tn))) {
                size_t rp = rank_prefix(t, tn);
                if (rp) {
                    memmove(t, t + rp, tn - rp + 1);
                    tn -= rp;
                }
                name_at = i;
                size_t p = i;
                while (p > c->close_beg && c->L[p - 1].kind == LK_BLANK) p--;
                /* a name under a title line is the signer's: a later name-like line
                 * (an appendix's table row, "Phường Thục Phán") does not replace it */
                if (p > c->close_beg && c->L[p - 1].kind == LK_TEXT) {
                    char pf[FOLD_CAP];
                    d_fold(c->L[p - 1].s, c->L[p - 1].n, pf, sizeof pf);
                    named = (d_is_upper_text(c->L[p - 1].s, c->L[p - 1].n) && c->L[p - 1].n < 100) ||
                            is_authority_mark(pf) || family_name(c->L[p - 1].s, c->L[p - 1].n);
                }
                if (p > c->close_beg && family_name(c->L[p - 1].s, c->L[p - 1].n)) {
                    /* "Phạm / Mạnh Cường": the family name wrapped onto the line above */
                    vb_buf_t b = {0};
                    vb_buf_append(&b, c->L[p - 1].s, c->L[p - 1].n);
                    vb_buf_putc(&b, ' ');
                    vb_buf_append(&b, t, tn);
                    if (b.oom) { c->oom = 1; vb_buf_free(&b); }
                    else d_set_str(c, &d->signer.name, vb_buf_steal(&b));
                    name_at = p - 1;
                } else
                    d_set_str(c, &d->signer.name, vb_strndup(t, tn));
            } else if (!d->date || c->vbhn) {
                if (!d->date && strstr(f, "ngay") && strstr(f, "thang")) d_parse_date_line(c, t, tn, !d->place);
            }
            free(t);
        }
        d->cc = cc.v;
        d->cc_count = cc.n;
        if (merged && !d->signer.name) { d->signer.name = merged; merged = NULL; }
        free(merged);
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
                int ok = (d_is_upper_text(t, tn) && tn < 100 && !d_is_dash(t, tn) && !strstr(f, "xac thuc")) ||
                         (is_authority_mark(f) && tn < 100);
                int skip = tn <= 2 || (t[0] == '(' && tn < 40) || d_is_dash(t, tn);
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
            int prev_mark = 0;
            for (size_t q = first; q < name_at; q++) {
                const dline_t *l = &c->L[q];
                if (l->kind != LK_TEXT) continue;
                char *t = d_clean_dup(l->s, l->n);
                if (!t) { c->oom = 1; break; }
                size_t tn = strlen(t);
                d_fold(t, tn, f, sizeof f);
                if (tn > 2 && !(t[0] == '(' && tn < 40) && !d_is_dash(t, tn) && !d_starts(f, "noi nhan") &&
                    (d_is_upper_text(t, tn) || is_authority_mark(f))) {
                    /* a new title after a comma ("KT. Chủ tịch, Phó Chủ tịch"); a title wrapped
                     * inside its words goes on with a space ("Tổng Kiểm toán Nhà / nước") */
                    static const char *const TITLE[] = {
                        "pho ", "chu tich", "bo truong", "thu truong", "giam doc", "cuc truong", "chanh ", "truong ",
                        "tong ", "thu tuong", "vu truong", "chu nhiem", "uy vien", "thu ky", "thong doc", "ke toan",
                        "kiem toan truong", "chi cuc truong", "hieu truong", "vien truong", "chanh an", NULL
                    };
                    int fresh = !tb.len || is_authority_mark(f) || prev_mark || !strcmp(f, "pho");
                    for (size_t k = 0; TITLE[k] && !fresh; k++) fresh = d_starts(f, TITLE[k]);
                    int prev_bare = prev_mark && tb.len > 0;
                    prev_mark = is_authority_mark(f) && tn <= 5;   /* the mark alone: "KT.", "TM.", "TL." */
                    if (fresh) {
                        char *sc = d_sentence_case(t, tn, 0);
                        if (sc) {
                            /* "KT." alone on its line: "KT. Chủ tịch" */
                            if (tb.len && tb.data[tb.len - 1] == '.' && prev_bare) vb_buf_putc(&tb, ' ');
                            else if (tb.len) vb_buf_puts(&tb, ", ");
                            vb_buf_puts(&tb, sc);
                            free(sc);
                        }
                    } else {
                        /* re-case the last title with this line joined to it */
                        const char *lastc = tb.data;
                        for (size_t k = 0; k + 1 < tb.len; k++)
                            if (tb.data[k] == ',' && tb.data[k + 1] == ' ') lastc = tb.data + k + 2;
                        size_t off = (size_t)(lastc - tb.data);
                        vb_buf_t j = {0};
                        vb_buf_append(&j, lastc, tb.len - off);
                        vb_buf_putc(&j, ' ');
                        vb_buf_append(&j, t, tn);
                        char *sc = j.oom ? NULL : d_sentence_case(j.data, j.len, 0);
                        vb_buf_free(&j);
                        if (sc) {
                            tb.len = off;
                            vb_buf_puts(&tb, sc);
                            free(sc);
                        }
                    }
                }
                free(t);
            }
            if (tb.len && !tb.oom) d_set_str(c, &d->signer.title, vb_buf_steal(&tb));
            vb_buf_free(&tb);
        }
    }
vbhn:
    vbhn_block(c);
    adoption_date(c, c->close_beg < nl ? c->close_beg + 1 : nl);
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
    d_issuer_finish(c);
    if (!d->type && d->number) {
        const char *t = d_type_from_code(d->number, strlen(d->number));
        if (t) d->type = vb_strndup(t, strlen(t));
    }
    if (!d->type && d->number && d->recipient_count) d->type = vb_strndup("Công văn", strlen("Công văn"));
}
