/* doc_header: the header block — walks its lines for issuer, number, date, type, subject, Kính gửi. */
#include "doc/doc_internal.h"

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
        /* the head word alone, its name wrapped onto the next line: "CỤC / HẢI QUAN" */
        static const char *const HEADWORD[] = { "cuc", "so", "ban", "vu", "phong", "vien", "tong cuc", "chi cuc",
                                                "van phong", "thanh tra", "kho bac", NULL };
        for (size_t k = 0; HEADWORD[k] && !nb; k++)
            if (!strcmp(f, HEADWORD[k])) nb = 1;
        size_t words = 1;
        for (const char *p = a; *p; p++) if (*p == ' ') words++;
        /* a name wrapped inside a pair of words: "CHỦ TỊCH ỦY / BAN NHÂN DÂN" */
        char cf[FOLD_CAP];
        d_fold(cur.data ? cur.data : "", cur.len, cf, sizeof cf);
        const char *lw = strrchr(cf, ' ');
        lw = lw ? lw + 1 : cf;
        int dangling = !strcmp(lw, "uy") || !strcmp(lw, "tong") || !strcmp(lw, "chi") || !strcmp(lw, "hoi") ||
                       !strcmp(lw, "va") || !strcmp(lw, "-") || !strcmp(lw, "van") || !strcmp(lw, "cua");
        if (cur.len && nb && curwords >= 2 && !dangling) {
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

/* The place-and-date line written over two or three lines (A, B and C joined
 * by spaces; C may be NULL): parsed as one line, as d_parse_date_line does. */
static int date_of_lines(dctx_t *c, const dline_t *a, const char *b, size_t bn, const dline_t *x)
{
    vb_buf_t buf = {0};
    vb_buf_append(&buf, a->s, a->n);
    vb_buf_putc(&buf, ' ');
    vb_buf_append(&buf, b, bn);
    if (x) {
        vb_buf_putc(&buf, ' ');
        vb_buf_append(&buf, x->s, x->n);
    }
    int ok = !buf.oom && d_parse_date_line(c, buf.data, buf.len, 1);
    vb_buf_free(&buf);
    return ok;
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
        int k = d_hl_classify(s, n, f);
        size_t wb, after;
        if (!seen_num && k != HL_NUM && k != HL_BODY && k != HL_KG && n < 400 && d_find_so(s, n, &wb, &after) && wb > 0) {
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
            i = d_parse_number_at(c, i, c->nl, after, &end);
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
                                char *it = d_item_dup(s + b, q - b);
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
                        size_t k2 = d_next_text(c, j, c->nl);
                        if (k2 >= c->nl || d_blank_between(c, j, k2) || d_is_dash(c->L[k2].s, c->L[k2].n)) break;
                        const dline_t *m = &c->L[k2];
                        if (m->n > 120 || d_first_letter_case(m->s, m->n) > 0) break;
                        d_item_extend(c, &rec, m->s, m->n);
                        open = !d_ends_term(m->s, m->n);
                        j = k2;
                    }
                    i = j;
                }
            }
            i = d_parse_list(c, i, c->nl, &rec, 0);
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
                        if (!strcmp(w, "cong") && q > 0) {
                            /* "CỘNG HÒA", not the CÔNG of "BỘ CÔNG AN" */
                            size_t b2 = e;
                            while (b2 < n && s[b2] == ' ') b2++;
                            size_t e2 = b2;
                            while (e2 < n && s[e2] != ' ') e2++;
                            char w2[24];
                            d_fold(s + b2, e2 - b2 < 12 ? e2 - b2 : 12, w2, sizeof w2);
                            if (!strcmp(w2, "hoa")) { m = s + q; mb = q; }
                        }
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
            size_t at = d_parse_number(c, i, c->nl, 1);
            i = at;
            last = i;
            seen_num = seen_real = 1;
            if (d->date) seen_date = 1;
            junk = 0;
            continue;
        }
        if (k == HL_DATE && !seen_date && d_starts(f, "ngay ") && i > start) {
            /* the place alone on the line above, with its comma: "Thành phố Huế, / ngày 18 …" */
            size_t pi = i - 1;
            while (pi > start && c->L[pi].kind == LK_BLANK) pi--;
            const dline_t *pl = &c->L[pi];
            if (pl->kind == LK_TEXT && pl->n > 2 && pl->n < 48 && pl->s[pl->n - 1] == ',' &&
                d_first_letter_case(pl->s, pl->n) > 0 && !d_is_upper_text(pl->s, pl->n)) {
                char pf[FOLD_CAP];
                d_fold(pl->s, pl->n, pf, sizeof pf);
                size_t words = 1;
                for (size_t q = 0; q < pl->n; q++) words += pl->s[q] == ' ';
                if (words <= 5 && d_hl_classify(pl->s, pl->n, pf) == HL_OTHER && !strchr(pf, ':')) {
                    if (date_of_lines(c, pl, s, n, NULL)) {
                        seen_date = seen_real = 1;
                        last = i;
                        junk = 0;
                        continue;
                    }
                }
            }
        }
        if (k == HL_DATE) {
            /* the place wrapped onto the line above: "Thành phố Hồ Chí / Minh, ngày 18 …" */
            if (!seen_date && i > start && c->L[i - 1].kind == LK_TEXT && c->L[i - 1].n < 40 &&
                d_first_letter_case(s, n) != 0 && memchr(s, ',', n) && (size_t)((const char *)memchr(s, ',', n) - s) < 40) {
                const dline_t *pl = &c->L[i - 1];
                char pf[FOLD_CAP];
                d_fold(pl->s, pl->n, pf, sizeof pf);
                size_t words = 1;
                for (size_t q = 0; q < pl->n; q++) words += pl->s[q] == ' ';
                if (words <= 4 && d_hl_classify(pl->s, pl->n, pf) == HL_OTHER && !d_is_upper_text(pl->s, pl->n) &&
                    d_first_letter_case(pl->s, pl->n) > 0 && !d_ends_term(pl->s, pl->n) && !strchr(pf, ':')) {
                    int ok = date_of_lines(c, pl, s, n, NULL);
                    size_t k2 = i;
                    if (!ok) {   /* and the date split too: "Hà / Nội, ngày 21 tháng 11 năm / 2025" */
                        k2 = d_next_text(c, i, c->nl);
                        if (k2 < c->nl && c->L[k2].n < 80) ok = date_of_lines(c, pl, s, n, &c->L[k2]);
                    }
                    if (ok) {
                        seen_date = seen_real = 1;
                        last = i = k2;
                        junk = 0;
                        continue;
                    }
                }
            }
            if (!seen_date && d_parse_date_line(c, s, n, 1)) {
                seen_date = seen_real = 1;
                last = i;
                junk = 0;
                continue;
            }
            if (!seen_date) {
                /* date split over two lines */
                size_t k2 = d_next_text(c, i, c->nl);
                if (k2 < c->nl && c->L[k2].n < 80 && date_of_lines(c, l, c->L[k2].s, c->L[k2].n, NULL)) {
                    seen_date = seen_real = 1;
                    last = i = k2;
                    junk = 0;
                    continue;
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
                size_t k2 = d_next_text(c, j, c->nl);
                if (k2 >= c->nl || d_blank_between(c, j, k2)) break;
                const dline_t *m = &c->L[k2];
                char f2[FOLD_CAP];
                d_fold(m->s, m->n, f2, sizeof f2);
                int kk = d_hl_classify(m->s, m->n, f2);
                if (kk != HL_OTHER || m->n > 200 || d_is_dash(m->s, m->n)) break;
                /* the place wrapped before its date line: "Thành / phố Hồ Chí Minh, ngày …" */
                size_t k3 = d_next_text(c, k2, c->nl);
                if (m->n < 40 && k3 < c->nl && !d_blank_between(c, k2, k3)) {
                    char f3[FOLD_CAP];
                    d_fold(c->L[k3].s, c->L[k3].n, f3, sizeof f3);
                    if (d_hl_classify(c->L[k3].s, c->L[k3].n, f3) == HL_DATE && d_first_letter_case(c->L[k3].s, c->L[k3].n) < 0)
                        break;
                }
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
            type = d_type_in_line(s, n);
            seen_type = seen_real = 1;
            last = i;
            junk = 0;
            if (subj_vv) continue;
            size_t j = i, tl = 0;
            vb_buf_t t = {0};
            int upper_title = 0;
            for (;;) {
                size_t k2 = d_next_text(c, j, c->nl);
                if (k2 >= c->nl) break;
                if (tl > 0 && d_blank_between(c, j, k2)) break;
                const dline_t *m = &c->L[k2];
                char f2[FOLD_CAP];
                d_fold(m->s, m->n, f2, sizeof f2);
                int kk = d_hl_classify(m->s, m->n, f2);
                if (kk == HL_BODY && tl == 0 && !d_starts(f2, "can cu") && !d_is_marker_start(m->s, m->n) &&
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
                d_set_str(c, &d->subject, v);
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
    if (subj_vv && subj.len && !subj.oom && !d->subject) d_set_str(c, &d->subject, d_clean_dup(subj.data, subj.len));
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

/* Every issuer level in its canonical spelling; levels that name no body
 * (a motto fragment, "Mẫu", a stray syllable) and a level repeating the one
 * above it are dropped. */
void d_issuer_finish(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    size_t o = 0;
    /* no issuing block in the text: the body of a digital signature stamp at the top
     * ("Ký bởi: BO QUOC PHÒNG", "SAO Y; Bộ Khoa học và Công nghệ; 07/10/2025") */
    for (size_t i = 0; d->issuer_count == 0 && i < c->nl && i < 8; i++) {
        const dline_t *l = &c->L[i];
        if (l->kind == LK_BLANK || l->n > 200) continue;   /* the stamp is marked as noise */
        char f[FOLD_CAP];
        d_fold(l->s, l->n, f, sizeof f);
        const char *b = NULL, *e = l->s + l->n;
        if (d_starts(f, "ky boi:") || d_starts(f, "ky boi :")) b = memchr(l->s, ':', l->n);
        else if (d_starts(f, "sao y;")) {
            b = memchr(l->s, ';', l->n);
            const char *e2 = b ? memchr(b + 1, ';', (size_t)(e - b - 1)) : NULL;
            if (e2) e = e2;
        }
        if (!b) continue;
        b++;
        char *v = d_body_canonical(b, (size_t)(e - b));
        if (!v) { c->oom = 1; return; }
        if (d_body_plausible(v) && (d->issuer = malloc(sizeof *d->issuer))) {
            d->issuer[0] = v;
            d->issuer_count = 1;
        } else free(v);
    }
    /* still none: the issuer's code in the number's symbol, by regulation the body's
     * abbreviation ("463/VBHN-BLĐTBXH", "19/VBHN-BTC", "111/VBHN-VPQH"): a central body only */
    if (d->issuer_count == 0 && d->number) {
        const char *sym = strrchr(d->number, '/');
        sym = sym ? sym + 1 : d->number;
        const char *dash = strchr(sym, '-');
        if (dash && !strchr(dash + 1, '-') && dash[1]) {
            char *v = d_body_canonical(dash + 1, strlen(dash + 1));
            if (!v) { c->oom = 1; return; }
            if (d_body_central(v) && (d->issuer = malloc(sizeof *d->issuer))) {
                d->issuer[0] = v;
                d->issuer_count = 1;
            } else free(v);
        }
    }
    for (size_t i = 0; i < d->issuer_count; i++) {
        char *v = d_body_canonical(d->issuer[i], strlen(d->issuer[i]));
        free(d->issuer[i]);
        d->issuer[i] = NULL;
        if (!v) { c->oom = 1; continue; }
        int keep = d_body_plausible(v);
        if (keep && o > 0 && d_body_central(v)) keep = 0;   /* a ministry is nobody's unit */
        if (keep && o > 0) {
            char a[FOLD_CAP], b[FOLD_CAP];
            d_fold(v, strlen(v), a, sizeof a);
            d_fold(d->issuer[o - 1], strlen(d->issuer[o - 1]), b, sizeof b);
            keep = strcmp(a, b) != 0;
        }
        if (!keep) {
            d_warn(c, "issuer line left out: %s", v);
            free(v);
            continue;
        }
        d->issuer[o++] = v;
    }
    d->issuer_count = o;
    if (o == 0) {
        free(d->issuer);
        d->issuer = NULL;
    }
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
        if (d_hl_classify(l->s, l->n, f) != HL_NUM) continue;
        /* a motto near it */
        int motto = 0;
        for (size_t j = i > 8 ? i - 8 : 0; j < i + 8 && j < c->nl && !motto; j++) {
            if (c->L[j].kind != LK_TEXT || c->L[j].n > 200) continue;
            d_fold(c->L[j].s, c->L[j].n, f, sizeof f);
            motto = d_motto_words(f) != 0;
        }
        if (!motto) continue;
        size_t st = i, back = 0;
        while (st > c->hdr_end && back < 10) {
            const dline_t *p = &c->L[st - 1];
            if (p->kind == LK_TEXT) {
                d_fold(p->s, p->n, f, sizeof f);
                if (!(d_is_separator(p->s, p->n) || d_motto_words(f) ||
                      (d_is_upper_text(p->s, p->n) && !d_is_marker_start(p->s, p->n))))
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
