/* The Vietnamese text layer: decoding, detection, normalization, term forms, tokens. */
#include <glob.h>
#include <stdint.h>
#include <utf8proc.h>
#include "testutil.h"
#include "vanban.h"

/* ---------------------------------------------------------------- helpers */

static vb_text_t *decode(const char *s, size_t n, vb_encoding_t enc)
{
    vb_text_t *t = NULL;
    ck_assert_int_eq(vb_text_decode(s, n, enc, &t), VB_OK);
    ck_assert_ptr_nonnull(t);
    return t;
}

static char *exact(const char *s)
{
    static char buf[256];
    vb_term_exact(s, strlen(s), buf, sizeof buf);
    return buf;
}

static char *fold(const char *s)
{
    static char buf[256];
    vb_term_fold(s, strlen(s), buf, sizeof buf);
    return buf;
}

/* Folded token stream of a text, words and numbers only, space separated. */
typedef struct { char *buf; size_t len, cap; size_t count; } strm_t;

static int collect_folded(const vb_token_t *t, void *d)
{
    strm_t *s = d;
    if (t->kind != VB_TOK_WORD && t->kind != VB_TOK_NUMBER) return 0;
    if (s->len + t->folded_len + 2 > s->cap) {
        s->cap = (s->len + t->folded_len + 2) * 2;
        s->buf = realloc(s->buf, s->cap);
        ck_assert_ptr_nonnull(s->buf);
    }
    memcpy(s->buf + s->len, t->folded, t->folded_len);
    s->len += t->folded_len;
    s->buf[s->len++] = ' ';
    s->buf[s->len] = '\0';
    s->count++;
    return 0;
}

static char *folded_stream(const vb_text_t *t, size_t *count)
{
    strm_t s = { NULL, 0, 0, 0 };
    ck_assert_int_eq(vb_tokenize(t->text, t->len, VB_TOKENIZE_DEFAULT, 0, collect_folded, &s, NULL), VB_OK);
    if (!s.buf) s.buf = calloc(1, 1);
    if (count) *count = s.count;
    return s.buf;
}

/* Curly quotes do not exist in TCVN3 and VISCII: drop them before comparing. */
static char *without_curly(const char *s, size_t n, size_t *outn)
{
    char *o = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D)) {
            i += 2;
            continue;
        }
        o[k++] = s[i];
    }
    o[k] = '\0';
    *outn = k;
    return o;
}

/* ---------------------------------------------------------------- encodings */

START_TEST(test_encoding_names)
{
    vb_encoding_t e;
    ck_assert_int_eq(vb_encoding_from_name("Windows-1258", &e), VB_OK);
    ck_assert_int_eq(e, VB_ENC_CP1258);
    ck_assert_int_eq(vb_encoding_from_name("TCVN5712-1", &e), VB_OK);
    ck_assert_int_eq(e, VB_ENC_TCVN3);
    ck_assert_int_eq(vb_encoding_from_name("vni", &e), VB_OK);
    ck_assert_int_eq(e, VB_ENC_VNI);
    ck_assert_int_eq(vb_encoding_from_name("klingon", &e), VB_ERR_ENCODING);
    ck_assert_str_eq(vb_encoding_name(VB_ENC_VISCII), "viscii");
    ck_assert_str_eq(vb_status_to_string(VB_ERR_NOMEM), "out of memory");
}
END_TEST

/* Encode the seed into each legacy code page, decode it back (forced and
 * detected) and compare with the original. */
START_TEST(test_codepage_roundtrip)
{
    static const vb_encoding_t encs[] = { VB_ENC_CP1258, VB_ENC_TCVN3, VB_ENC_VISCII, VB_ENC_VNI };
    vb_encoding_t enc = encs[_i];
    vb_text_t *orig = NULL;
    ck_assert_int_eq(vb_text_read_file(VB_SEED, VB_ENC_AUTO, &orig), VB_OK);
    ck_assert_int_eq(orig->encoding, VB_ENC_UTF8);
    char *bytes;
    size_t n;
    ck_assert_int_eq(vb_text_encode(orig->text, orig->len, enc, &bytes, &n), VB_OK);
    /* the encoded form really is a legacy code page: not valid UTF-8 */
    ck_assert_int_ne(utf8proc_iterate((const utf8proc_uint8_t *)bytes, (utf8proc_ssize_t)n, &(utf8proc_int32_t){ 0 }) == (utf8proc_ssize_t)n, 1);
    vb_text_t *forced = decode(bytes, n, enc), *auto_ = decode(bytes, n, VB_ENC_AUTO);
    ck_assert_int_eq(auto_->encoding, enc);
    ck_assert_uint_eq(forced->invalid, 0);
    size_t an, bn;
    int lossy = enc == VB_ENC_TCVN3 || enc == VB_ENC_VISCII; /* no curly quotes there */
    char *a = without_curly(orig->text, orig->len, &an);
    char *b = without_curly(forced->text, forced->len, &bn);
    if (lossy) {
        /* the quotes came back as '?' */
        size_t k = 0;
        for (size_t i = 0; i < bn; i++) if (b[i] != '?') b[k++] = b[i];
        b[k] = '\0';
        bn = k;
    }
    ck_assert_uint_eq(an, bn);
    ck_assert_str_eq(a, b);
    ck_assert_str_eq(auto_->text, forced->text);
    free(a); free(b); free(bytes);
    vb_text_free(orig); vb_text_free(forced); vb_text_free(auto_);
}
END_TEST

/* A paragraph of Vietnamese in each code page is detected, short as it is. */
START_TEST(test_detect_short_paragraph)
{
    const char *para = "Thực hiện nghiêm Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ về "
                       "ngăn chặn tình trạng những nhiễu gây phiền hà cho người dân, doanh nghiệp.";
    for (vb_encoding_t e = VB_ENC_CP1258; e <= VB_ENC_VNI; e++) {
        char *bytes;
        size_t n;
        ck_assert_int_eq(vb_text_encode(para, strlen(para), e, &bytes, &n), VB_OK);
        vb_text_t *t = decode(bytes, n, VB_ENC_AUTO);
        ck_assert_msg(t->encoding == e, "paragraph in %s detected as %s", vb_encoding_name(e),
                      vb_encoding_name(t->encoding));
        ck_assert_str_eq(t->text, para);
        vb_text_free(t);
        free(bytes);
    }
}
END_TEST

/* Detection on real documents converted to each code page, whole and as one paragraph. */
START_TEST(test_detect_real_corpus)
{
    if (!vb_test_have_real_corpus()) {
        printf("SKIP test_detect_real_corpus: %s is absent\n", VB_REAL_CORPUS);
        return;
    }
    glob_t g;
    ck_assert_int_eq(glob(VB_REAL_CORPUS "/docs/*.txt", 0, NULL, &g), 0);
    size_t tried = 0, docs = 0;
    /* every 7th document: over 100 of them, spread over the three sources */
    for (size_t i = 0; i < g.gl_pathc; i += 7) {
        vb_text_t *t = NULL;
        ck_assert_int_eq(vb_text_read_file(g.gl_pathv[i], VB_ENC_AUTO, &t), VB_OK);
        ck_assert_msg(t->encoding == VB_ENC_UTF8, "%s detected as %s", g.gl_pathv[i], vb_encoding_name(t->encoding));
        /* first line of 150+ bytes with letters beyond ASCII: one paragraph */
        const char *p = t->text, *para = NULL;
        size_t plen = 0;
        while (p && *p) {
            const char *q = strchr(p, '\n');
            size_t l = q ? (size_t)(q - p) : strlen(p);
            int nonascii = 0;
            for (size_t k = 0; k < l; k++) nonascii += (unsigned char)p[k] >= 0xC0;
            if (l >= 150 && nonascii >= 10) { para = p; plen = l < 600 ? l : 600; break; }
            p = q ? q + 1 : NULL;
        }
        size_t whole = t->len < 200000 ? t->len : 200000;
        for (vb_encoding_t e = VB_ENC_CP1258; e <= VB_ENC_VNI; e++) {
            for (int part = 0; part < 2; part++) {
                const char *src = part ? para : t->text;
                size_t sl = part ? plen : whole;
                if (!src) continue;
                while (part && sl > 0 && ((unsigned char)src[sl] & 0xC0) == 0x80) sl--; /* whole characters */
                char *bytes;
                size_t n;
                ck_assert_int_eq(vb_text_encode(src, sl, e, &bytes, &n), VB_OK);
                vb_text_t *u = decode(bytes, n, VB_ENC_AUTO);
                ck_assert_msg(u->encoding == e, "%s (%s) in %s detected as %s", g.gl_pathv[i],
                              part ? "paragraph" : "whole", vb_encoding_name(e), vb_encoding_name(u->encoding));
                vb_text_free(u);
                free(bytes);
                tried++;
            }
        }
        docs++;
        vb_text_free(t);
    }
    globfree(&g);
    printf("detection: %zu documents, %zu encoded variants, all right\n", docs, tried);
    ck_assert_uint_ge(docs, 50);
}
END_TEST

START_TEST(test_utf8_bom_and_invalid)
{
    const char in[] = "\xEF\xBB\xBFTi\xE1\xBA\xBFp \xFF t\xE1\xBB\xA5" "c \xC3";
    vb_text_t *t = decode(in, sizeof in - 1, VB_ENC_AUTO);
    ck_assert_int_eq(t->encoding, VB_ENC_UTF8);
    ck_assert_int_eq(t->had_bom, 1);
    ck_assert_uint_eq(t->invalid, 2);
    ck_assert_uint_eq(t->first_invalid, 10);
    ck_assert_str_eq(t->text, "Tiếp \xEF\xBF\xBD tục \xEF\xBF\xBD");
    vb_text_free(t);
    /* more bad bytes than good sequences: still damaged UTF-8, not a legacy code page */
    const char dam[] = "Ti\xE1\xBA\xBFp t\xFF\xFE" "c\n";
    t = decode(dam, sizeof dam - 1, VB_ENC_AUTO);
    ck_assert_int_eq(t->encoding, VB_ENC_UTF8);
    ck_assert_uint_eq(t->invalid, 2);
    vb_text_free(t);
}
END_TEST

START_TEST(test_utf16)
{
    /* "Đà Nẵng" in UTF-16LE with BOM, and BE; then a lone surrogate and an odd byte */
    const unsigned char le[] = { 0xFF, 0xFE, 0x10, 0x01, 0xE0, 0x00, 0x20, 0x00, 0x4E, 0x00, 0xB5, 0x1E, 0x6E, 0x00, 0x67, 0x00 };
    const unsigned char be[] = { 0xFE, 0xFF, 0x01, 0x10, 0x00, 0xE0, 0x00, 0x20, 0x00, 0x4E, 0x1E, 0xB5, 0x00, 0x6E, 0x00, 0x67 };
    vb_text_t *a = decode((const char *)le, sizeof le, VB_ENC_AUTO);
    vb_text_t *b = decode((const char *)be, sizeof be, VB_ENC_AUTO);
    ck_assert_int_eq(a->encoding, VB_ENC_UTF16LE);
    ck_assert_int_eq(b->encoding, VB_ENC_UTF16BE);
    ck_assert_str_eq(a->text, "Đà Nẵng");
    ck_assert_str_eq(b->text, "Đà Nẵng");
    const unsigned char bad[] = { 0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x00, 0xDC, 0x43 };
    vb_text_t *c = decode((const char *)bad, sizeof bad, VB_ENC_AUTO);
    ck_assert_str_eq(c->text, "A\xEF\xBF\xBD" "B\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_uint_eq(c->invalid, 3);
    vb_text_free(a); vb_text_free(b); vb_text_free(c);
}
END_TEST

/* ---------------------------------------------------------------- normalization */

START_TEST(test_normalize_controls)
{
    const char in[] = "a\0b\r\nc\rd\fe\x01" "f\tg\xC3\x90\xE1\xBB\x8B" "a";
    vb_text_t *t = decode(in, sizeof in - 1, VB_ENC_UTF8);
    ck_assert_str_eq(t->text, "a b\nc\nd\ne f\tgĐịa");
    ck_assert_uint_eq(t->len, strlen("a b\nc\nd\ne f\tgĐịa"));
    ck_assert_uint_eq(t->controls, 3);
    vb_text_free(t);
}
END_TEST

START_TEST(test_nfd_input)
{
    /* "Tín dụng đen" decomposed: i + U+0301, u + U+0323, e stays */
    const char nfd[] = "Ti\xCC\x81n du\xCC\xA3ng \xC4\x91" "en, Vie\xCC\xA3\xCC\x82t";
    vb_text_t *t = decode(nfd, sizeof nfd - 1, VB_ENC_AUTO);
    ck_assert_str_eq(t->text, "Tín dụng đen, Việt");
    vb_text_free(t);
    /* NFD seed gives the same text as the seed */
    vb_text_t *seed = NULL;
    ck_assert_int_eq(vb_text_read_file(VB_SEED, VB_ENC_AUTO, &seed), VB_OK);
    utf8proc_uint8_t *d = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)seed->text, (utf8proc_ssize_t)seed->len, &d,
                                      UTF8PROC_DECOMPOSE | UTF8PROC_STABLE);
    ck_assert_int_gt(n, (long)seed->len);
    vb_text_t *back = decode((const char *)d, (size_t)n, VB_ENC_AUTO);
    ck_assert_str_eq(back->text, seed->text);
    free(d);
    vb_text_free(back);
    vb_text_free(seed);
}
END_TEST

START_TEST(test_empty_and_nul_only)
{
    vb_text_t *t = decode("", 0, VB_ENC_AUTO);
    ck_assert_uint_eq(t->len, 0);
    ck_assert_str_eq(t->text, "");
    vb_text_free(t);
    char zeros[64] = { 0 };
    t = decode(zeros, sizeof zeros, VB_ENC_AUTO);
    ck_assert_uint_eq(t->len, 64);
    ck_assert_uint_eq(t->controls, 64);
    vb_text_free(t);
    ck_assert_int_eq(vb_text_decode(NULL, 5, VB_ENC_AUTO, &t), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_text_read_file("/nonexistent/x.txt", VB_ENC_AUTO, &t), VB_ERR_IO);
    ck_assert_int_eq(vb_text_read_file("/tmp", VB_ENC_AUTO, &t), VB_ERR_IO);
}
END_TEST

static int count_tokens(const vb_token_t *t, void *d)
{
    (void)t;
    (*(size_t *)d)++;
    return 0;
}

START_TEST(test_huge_line)
{
    /* 10 MB on one line: "tín dụng " repeated, no newline */
    const char *unit = "tín dụng ";
    size_t ul = strlen(unit), n = 10u << 20;
    char *big = malloc(n + ul);
    size_t len = 0;
    while (len + ul <= n) { memcpy(big + len, unit, ul); len += ul; }
    vb_text_t *t = decode(big, len, VB_ENC_AUTO);
    ck_assert_int_eq(t->encoding, VB_ENC_UTF8);
    ck_assert_uint_eq(t->len, len);
    size_t count = 0;
    ck_assert_int_eq(vb_tokenize(t->text, t->len, VB_TOKENIZE_DEFAULT, 0, count_tokens, &count, NULL), VB_OK);
    ck_assert_uint_eq(count, 2 * (len / ul));
    vb_text_free(t);
    /* one 1 MB "word" is a token whose term forms are cut, not a crash */
    memset(big, 'a', 1u << 20);
    t = decode(big, 1u << 20, VB_ENC_AUTO);
    count = 0;
    ck_assert_int_eq(vb_tokenize(t->text, t->len, VB_TOKENIZE_DEFAULT, 0, count_tokens, &count, NULL), VB_OK);
    ck_assert_uint_eq(count, 1);
    vb_text_free(t);
    free(big);
}
END_TEST

/* ---------------------------------------------------------------- term forms */

/* Open oa, oe, uy x 5 tones: the new placement (hoà) and the traditional one
 * (hòa) give the same exact form, with and without an onset, in both cases. */
START_TEST(test_tone_pairs)
{
    static const char *const pairs[][2] = {
        { "oà", "òa" }, { "oá", "óa" }, { "oả", "ỏa" }, { "oã", "õa" }, { "oạ", "ọa" },
        { "oè", "òe" }, { "oé", "óe" }, { "oẻ", "ỏe" }, { "oẽ", "õe" }, { "oẹ", "ọe" },
        { "uỳ", "ùy" }, { "uý", "úy" }, { "uỷ", "ủy" }, { "uỹ", "ũy" }, { "uỵ", "ụy" },
    };
    static const char *const onsets[] = { "", "h", "th", "kh", "H", "TH" };
    for (size_t p = 0; p < 15; p++) {
        for (size_t o = 0; o < sizeof onsets / sizeof onsets[0]; o++) {
            for (int upper = 0; upper < 2; upper++) {
                char a[32], b[32], ea[256];
                snprintf(a, sizeof a, "%s%s", onsets[o], pairs[p][0]);
                snprintf(b, sizeof b, "%s%s", onsets[o], pairs[p][1]);
                if (upper) {
                    /* upper-case through utf8proc_toupper */
                    char *srcs[2] = { a, b };
                    for (int k = 0; k < 2; k++) {
                        char out[32];
                        size_t oo = 0, i = 0, l = strlen(srcs[k]);
                        while (i < l) {
                            utf8proc_int32_t cp;
                            i += (size_t)utf8proc_iterate((const utf8proc_uint8_t *)srcs[k] + i, (utf8proc_ssize_t)(l - i), &cp);
                            oo += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + oo);
                        }
                        out[oo] = '\0';
                        memcpy(srcs[k], out, oo + 1);
                    }
                }
                snprintf(ea, sizeof ea, "%s", exact(a));
                ck_assert_msg(strcmp(ea, exact(b)) == 0, "%s -> %s but %s -> %s", a, ea, b, exact(b));
                /* canonical is the traditional placement, lower case */
                char want[32];
                snprintf(want, sizeof want, "%s%s", onsets[o], pairs[p][1]);
                for (char *c = want; *c; c++) if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
                ck_assert_str_eq(ea, want);
            }
        }
    }
    /* these never move */
    ck_assert_str_eq(exact("quý"), "quý");
    ck_assert_str_eq(exact("QUÝ"), "quý");
    ck_assert_str_eq(exact("hoàng"), "hoàng");
    ck_assert_str_eq(exact("toán"), "toán");
    ck_assert_str_eq(exact("khuyến"), "khuyến");
    ck_assert_str_eq(exact("Uỷ"), "ủy");
    ck_assert_str_eq(exact("CỘNG"), "cộng");
    ck_assert_str_eq(exact("HOÀ"), "hòa");
    ck_assert_str_eq(exact("giữ"), "giữ");
    ck_assert_str_eq(exact("người"), "người");
    ck_assert_str_eq(exact("Covid"), "covid");
}
END_TEST

START_TEST(test_fold)
{
    ck_assert_str_eq(fold("Đường đi"), "duong di");
    ck_assert_str_eq(fold("TÍN DỤNG ĐEN"), "tin dung den");
    ck_assert_str_eq(fold("Nghị định"), "nghi dinh");
    ck_assert_str_eq(fold("Ủy ban nhân dân"), "uy ban nhan dan");
    char key[64];
    vb_number_key("5287/BCĐ", strlen("5287/BCĐ"), key, sizeof key);
    ck_assert_str_eq(key, "5287/bcd");
    vb_number_key("10/CT-TTG", strlen("10/CT-TTG"), key, sizeof key);
    ck_assert_str_eq(key, "10/ct-ttg");
    /* cut at a character boundary when the buffer is small */
    char small[4];
    ck_assert_uint_eq(vb_term_exact("đường", strlen("đường"), small, sizeof small), 2);
    ck_assert_str_eq(small, "đ");
}
END_TEST

/* ---------------------------------------------------------------- tokenizer */

typedef struct { char kinds[64]; char forms[64][64]; uint32_t pos[64]; size_t off[64]; size_t n; } toks_t;

static int collect(const vb_token_t *t, void *d)
{
    toks_t *s = d;
    if (s->n == 64) return 1;
    s->kinds[s->n] = "WNSD"[t->kind];
    snprintf(s->forms[s->n], 64, "%s", t->exact);
    s->pos[s->n] = t->pos;
    s->off[s->n] = t->offset;
    s->n++;
    return 0;
}

static void tokens_of(const char *s, toks_t *out)
{
    memset(out, 0, sizeof *out);
    ck_assert_int_eq(vb_tokenize(s, strlen(s), VB_TOKENIZE_DEFAULT, 0, collect, out, NULL), VB_OK);
}

START_TEST(test_symbols_and_dates)
{
    static const char *const syms[] = { "5287/BCĐ", "10/CT-TTg", "48-CT/TW", "30/2020/NĐ-CP", "03/VBHN-VPQH",
                                        "UBTVQH15", "12/2017/QH14" };
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        char in[64];
        snprintf(in, sizeof in, "số %s,", syms[i]);
        toks_t t;
        tokens_of(in, &t);
        ck_assert_int_ge(t.n, 3);
        ck_assert_msg(t.kinds[1] == 'S', "%s not a symbol token", syms[i]);
        ck_assert_uint_eq(t.off[1], strlen("số "));
        ck_assert_uint_eq(t.pos[1], 1);
        ck_assert_uint_eq(t.pos[2], 1); /* its first syllable shares the position */
    }
    toks_t t;
    tokens_of("ngày 22/4/2019 và 20-10-2010", &t);
    ck_assert_int_eq(t.kinds[1], 'D');
    ck_assert_str_eq(t.forms[1], "2019-04-22");
    ck_assert_str_eq(t.forms[2], "22");
    ck_assert_int_eq(t.kinds[6], 'D');
    ck_assert_str_eq(t.forms[6], "2010-10-20");
    /* decimal commas stay in one number token */
    tokens_of("giảm 8,4% đạt 84,04%", &t);
    ck_assert_uint_eq(t.n, 4);
    ck_assert_int_eq(t.kinds[1], 'N');
    ck_assert_str_eq(t.forms[1], "8,4");
    ck_assert_str_eq(t.forms[3], "84,04");
    /* a footnote number glued to a word splits off; codes in capitals keep their digits */
    tokens_of("NGƯỜI KHUYẾT TẬT18", &t);
    ck_assert_str_eq(t.forms[t.n - 2], "tật");
    ck_assert_str_eq(t.forms[t.n - 1], "18");
    tokens_of("xã hội20 và UBTVQH15 NC1", &t);
    ck_assert_uint_eq(t.n, 8); /* xã hội 20 và, UBTVQH15 and NC1 as symbol + word each */
    ck_assert_str_eq(t.forms[1], "hội");
    ck_assert_int_eq(t.kinds[2], 'N');
    ck_assert_str_eq(t.forms[2], "20");
    ck_assert_uint_eq(t.pos[2], 2);
    ck_assert_int_eq(t.kinds[4], 'S');
    ck_assert_str_eq(t.forms[5], "ubtvqh15");
    ck_assert_int_eq(t.kinds[6], 'S');
    ck_assert_str_eq(t.forms[7], "nc1");
    /* not symbols: digits only, letters only, Covid-19 */
    tokens_of("1/2 2016-2020 V/v Covid-19", &t);
    for (size_t i = 0; i < t.n; i++) ck_assert_msg(t.kinds[i] != 'S' && t.kinds[i] != 'D', "token %zu is %c", i, t.kinds[i]);
    ck_assert_uint_eq(t.pos[t.n - 1], (uint32_t)t.n - 1);
}
END_TEST

START_TEST(test_token_offsets)
{
    const char *s = "  Cộng hòa\nXã HỘI";
    toks_t t;
    tokens_of(s, &t);
    ck_assert_uint_eq(t.n, 4);
    ck_assert_uint_eq(t.off[0], 2);
    ck_assert_uint_eq(t.off[1], 2 + strlen("Cộng "));
    ck_assert_str_eq(t.forms[3], "hội");
    ck_assert_int_eq(memcmp(s + t.off[2], "Xã", strlen("Xã")), 0);
}
END_TEST

/* ---------------------------------------------------------------- the seed in every form */

/* Move the tone of open oa/oe/uy syllables to the second vowel (the "new" placement). */
static char *new_tone_style(const char *s)
{
    static const char *const from[] = { "òa", "óa", "ỏa", "õa", "ọa", "òe", "óe", "ỏe", "õe", "ọe",
                                        "ùy", "úy", "ủy", "ũy", "ụy", "ÒA", "ÓA", "ỎA", "ÕA", "ỌA",
                                        "ÙY", "ÚY", "ỦY", "ŨY", "ỤY", "Ủy" };
    static const char *const to[] = { "oà", "oá", "oả", "oã", "oạ", "oè", "oé", "oẻ", "oẽ", "oẹ",
                                      "uỳ", "uý", "uỷ", "uỹ", "uỵ", "OÀ", "OÁ", "OẢ", "OÃ", "OẠ",
                                      "UỲ", "UÝ", "UỶ", "UỸ", "UỴ", "Uỷ" };
    size_t n = strlen(s);
    char *o = malloc(n * 2 + 1);
    size_t k = 0, i = 0;
    while (i < n) {
        size_t m;
        for (m = 0; m < sizeof from / sizeof from[0]; m++) {
            size_t fl = strlen(from[m]);
            if (strncmp(s + i, from[m], fl) == 0) {
                unsigned char next = (unsigned char)s[i + fl];
                int open = !((next | 0x20) >= 'a' && (next | 0x20) <= 'z') && next < 0x80;
                if (!open) continue;
                memcpy(o + k, to[m], strlen(to[m]));
                k += strlen(to[m]);
                i += fl;
                break;
            }
        }
        if (m == sizeof from / sizeof from[0]) o[k++] = s[i++];
    }
    o[k] = '\0';
    return o;
}

START_TEST(test_seed_variants_same_tokens)
{
    vb_text_t *seed = NULL;
    ck_assert_int_eq(vb_text_read_file(VB_SEED, VB_ENC_AUTO, &seed), VB_OK);
    size_t ref_count;
    size_t nq;
    char *noquote = without_curly(seed->text, seed->len, &nq);
    vb_text_t *nqt = decode(noquote, nq, VB_ENC_UTF8);
    char *ref = folded_stream(nqt, &ref_count);
    ck_assert_uint_gt(ref_count, 2000);
    /* legacy code pages */
    for (vb_encoding_t e = VB_ENC_CP1258; e <= VB_ENC_VNI; e++) {
        char *bytes;
        size_t n;
        ck_assert_int_eq(vb_text_encode(seed->text, seed->len, e, &bytes, &n), VB_OK);
        vb_text_t *t = decode(bytes, n, VB_ENC_AUTO);
        char *got = folded_stream(t, NULL);
        ck_assert_msg(strcmp(got, ref) == 0, "folded tokens differ in %s", vb_encoding_name(e));
        free(got); vb_text_free(t); free(bytes);
    }
    /* UTF-16LE with BOM */
    {
        size_t cap = seed->len * 2 + 4, k = 2, i = 0;
        unsigned char *u = malloc(cap);
        u[0] = 0xFF; u[1] = 0xFE;
        while (i < seed->len) {
            utf8proc_int32_t cp;
            i += (size_t)utf8proc_iterate((const utf8proc_uint8_t *)seed->text + i, (utf8proc_ssize_t)(seed->len - i), &cp);
            u[k++] = (unsigned char)(cp & 0xFF);
            u[k++] = (unsigned char)(cp >> 8);
        }
        vb_text_t *t = decode((const char *)u, k, VB_ENC_AUTO);
        ck_assert_int_eq(t->encoding, VB_ENC_UTF16LE);
        char *got = folded_stream(t, NULL), *all = folded_stream(seed, NULL);
        ck_assert_str_eq(got, all);
        free(got); free(all); vb_text_free(t); free(u);
    }
    /* new tone placement: same exact terms as the original */
    {
        char *ns = new_tone_style(seed->text);
        ck_assert_str_ne(ns, seed->text);
        vb_text_t *t = decode(ns, strlen(ns), VB_ENC_UTF8);
        char *got = folded_stream(t, NULL), *all = folded_stream(seed, NULL);
        ck_assert_str_eq(got, all);
        free(got); free(all); vb_text_free(t); free(ns);
    }
    free(ref); free(noquote); vb_text_free(nqt); vb_text_free(seed);
}
END_TEST

/* Every Latin letter folds to its base from its bytes (a table read off the
 * sequence, not a decoding): the same as its decomposition's first letter,
 * alone, between ASCII letters, and cut short at the end of the input. */
START_TEST(test_fold_every_latin_letter)
{
    int checked = 0;
    for (utf8proc_int32_t cp = 0x80; cp < 0x2000; cp++) {
        if (!utf8proc_codepoint_valid(cp)) continue;
        utf8proc_uint8_t one[8];
        utf8proc_ssize_t k = utf8proc_encode_char(cp, one);
        one[k] = 0;
        char ctx[16], want[300], got[300];
        snprintf(ctx, sizeof ctx, "x%sy", (const char *)one);
        /* in context: the letter's fold between the two */
        snprintf(want, sizeof want, "x%sy", fold((const char *)one));
        vb_term_fold(ctx, strlen(ctx), got, sizeof got);
        ck_assert_str_eq(got, want);
        utf8proc_int32_t dec[8], last = 0;
        utf8proc_ssize_t nd = utf8proc_decompose_char(cp, dec, 8, UTF8PROC_DECOMPOSE, &last);
        char base = 0;
        if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0) base = 'd';
        else if (nd >= 2 && dec[0] < 0x80 && ((dec[0] | 0x20) >= 'a' && (dec[0] | 0x20) <= 'z') &&
                 utf8proc_category(dec[1]) == UTF8PROC_CATEGORY_MN)
            base = (char)(dec[0] | 0x20);
        if (base && ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF))) {
            char b[2] = { base, 0 };
            ck_assert_msg(strcmp(fold((const char *)one), b) == 0, "U+%04X folds to '%s', not '%s'", (unsigned)cp,
                          fold((const char *)one), b);
            checked++;
        }
        /* the sequence cut short: never a letter, never read past the end */
        if (k >= 2) {
            char *cut = malloc((size_t)k - 1);
            ck_assert_ptr_nonnull(cut);
            memcpy(cut, one, (size_t)k - 1);
            vb_term_fold(cut, (size_t)k - 1, got, sizeof got);
            ck_assert(strlen(got) == 0 || (unsigned char)got[0] >= 0x80);
            free(cut);
        }
    }
    ck_assert_int_gt(checked, 300);
}
END_TEST

/* Each token's forms are the term functions of its bytes, however often the
 * word came before (the per-thread cache of forms, and its collisions: the
 * real corpus holds far more words than the cache has slots). */
typedef struct { const char *text; int bad, words; } formchk_t;

static int check_forms(const vb_token_t *t, void *d)
{
    formchk_t *c = d;
    if (t->kind != VB_TOK_WORD) return 0;
    char e[256], f[256];
    vb_term_exact(c->text + t->offset, t->len, e, sizeof e);
    vb_term_fold(c->text + t->offset, t->len, f, sizeof f);
    c->bad += strcmp(e, t->exact) != 0 || strcmp(f, t->folded) != 0 || strlen(e) != t->exact_len ||
              strlen(f) != t->folded_len;
    c->words++;
    return 0;
}

START_TEST(test_token_forms_cached)
{
    glob_t g;
    memset(&g, 0, sizeof g);
    size_t nfiles = 0;
    int have = vb_test_have_real_corpus();
    if (!have) {
        printf("test_token_forms_cached: %s is absent; the seed only\n", VB_REAL_CORPUS);
    } else {
        ck_assert_int_eq(glob(VB_REAL_CORPUS "/docs/00[0-4]*.txt", 0, NULL, &g), 0);
        nfiles = g.gl_pathc;
    }
    formchk_t c = { NULL, 0, 0 };
    for (size_t i = 0; i <= nfiles; i++) {
        vb_text_t *t = NULL;
        ck_assert_int_eq(vb_text_read_file(i < nfiles ? g.gl_pathv[i] : VB_SEED, VB_ENC_AUTO, &t), VB_OK);
        c.text = t->text;
        for (int pass = 0; pass < 2; pass++)   /* the second pass reads the forms back */
            ck_assert_int_eq(vb_tokenize(t->text, t->len, VB_TOKENIZE_DEFAULT, 0, check_forms, &c, NULL), VB_OK);
        vb_text_free(t);
    }
    if (have) globfree(&g);
    /* and bytes no text should hold: lead bytes without their continuations,
     * continuations alone, invalid sequences between letters (a fixed seed) */
    static const unsigned char alpha[] = { 0xC3, 0xC4, 0xC6, 0xC9, 0xE1, 0xBA, 0xBB, 0xB8, 0x80, 0x81, 0x99,
                                           0xA0, 0xFF, 0xED, 'a', 'o', 'N', 'g', '2', ' ', '-', '\n' };
    size_t hn = 200000;
    char *hostile = malloc(hn);
    ck_assert_ptr_nonnull(hostile);
    uint32_t r = 12345;
    for (size_t i = 0; i < hn; i++) {
        r = r * 1103515245u + 12345u;
        hostile[i] = (char)alpha[(r >> 16) % sizeof alpha];
    }
    c.text = hostile;
    int before = c.words;
    for (int pass = 0; pass < 2; pass++)
        ck_assert_int_eq(vb_tokenize(hostile, hn, VB_TOKENIZE_DEFAULT, 0, check_forms, &c, NULL), VB_OK);
    free(hostile);
    ck_assert_int_gt(c.words - before, 1000);
    ck_assert_int_eq(c.bad, 0);
    ck_assert_int_gt(c.words, 1000);
}
END_TEST

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_encoding_names);
    tcase_add_loop_test(tc, test_codepage_roundtrip, 0, 4);
    tcase_add_test(tc, test_detect_short_paragraph);
    tcase_add_test(tc, test_utf8_bom_and_invalid);
    tcase_add_test(tc, test_utf16);
    tcase_add_test(tc, test_normalize_controls);
    tcase_add_test(tc, test_nfd_input);
    tcase_add_test(tc, test_empty_and_nul_only);
    tcase_add_test(tc, test_huge_line);
    tcase_add_test(tc, test_tone_pairs);
    tcase_add_test(tc, test_fold);
    tcase_add_test(tc, test_symbols_and_dates);
    tcase_add_test(tc, test_token_offsets);
    tcase_add_test(tc, test_seed_variants_same_tokens);
    tcase_add_test(tc, test_fold_every_latin_letter);
    tcase_add_test(tc, test_token_forms_cached);
    suite_add_tcase(s, tc);
    /* the whole real corpus in every code page: minutes under ASan on a busy
     * machine, so its own guard against a hang, not a speed limit */
    TCase *real = tcase_create("real");
    tcase_set_timeout(real, 900);
    tcase_add_test(real, test_detect_real_corpus);
    suite_add_tcase(s, real);
    return s;
}

int main(void)
{
    return vb_test_run(text_suite());
}
