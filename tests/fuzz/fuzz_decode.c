/*
 * fuzz_decode — vb_text_decode() in every encoding, then vb_tokenize().
 *
 * Input: byte 0 chooses the encoding (low 3 bits: 0 AUTO, 1 UTF-8, 2 UTF-16LE,
 * 3 UTF-16BE, 4 CP1258, 5 TCVN3, 6 VISCII, 7 VNI) and the tokenizer flags
 * (bits 3-4: 0 default, 1 syllables, 2 symbols, 3 both); the rest is the text.
 *
 * Invariants: decoding succeeds; the output is valid UTF-8, NUL-terminated at
 * len with no NUL inside, holds no CR and no C0 control but tab and LF; the
 * encoding reported is concrete (never AUTO) and equals a forced one; the
 * invalid count and first_invalid are consistent; then every token lies
 * inside the text on character boundaries, positions and offsets never go
 * back, term forms are valid UTF-8 of the stated length.
 */
#include "fuzz_common.h"

static void fz_decode_check_text(const vb_text_t *t, vb_encoding_t enc, size_t inlen)
{
    FZ_CHECK(t->text != NULL, "text NULL");
    FZ_CHECK(t->text[t->len] == '\0', "not NUL-terminated at len %zu", t->len);
    FZ_CHECK(memchr(t->text, '\0', t->len) == NULL, "NUL inside the text at %zu",
             (size_t)((const char *)memchr(t->text, '\0', t->len) - t->text));
    size_t bad = fz_utf8_bad(t->text, t->len);
    FZ_CHECK(bad == t->len, "decoded text (%s) not valid UTF-8 at byte %zu of %zu",
             vb_encoding_name(t->encoding), bad, t->len);
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->text[i];
        FZ_CHECK(c >= 0x20 || c == '\n' || c == '\t', "control 0x%02x left at byte %zu", c, i);
    }
    FZ_CHECK(t->encoding != VB_ENC_AUTO && t->encoding < VB_ENC_COUNT_, "encoding %d reported", (int)t->encoding);
    if (enc != VB_ENC_AUTO)
        FZ_CHECK(t->encoding == enc, "forced %s, reported %s", vb_encoding_name(enc), vb_encoding_name(t->encoding));
    if (t->invalid > 0) FZ_CHECK(t->first_invalid < inlen, "first_invalid %zu of %zu bytes", t->first_invalid, inlen);
    FZ_CHECK(t->invalid <= inlen, "%zu invalid of %zu bytes", t->invalid, inlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    vb_encoding_t enc = (vb_encoding_t)(data[0] & 7);
    unsigned fl = (data[0] >> 3) & 3;
    unsigned flags = fl == 0 ? VB_TOKENIZE_DEFAULT : fl;
    const uint8_t *in = data + 1;
    size_t n = size - 1;
    vb_text_t *t = NULL;
    vb_status_t rc = vb_text_decode(n ? (const void *)in : (const void *)"", n, enc, &t);
    FZ_CHECK(rc == VB_OK, "vb_text_decode(%s) returned %d", vb_encoding_name(enc), (int)rc);
    fz_decode_check_text(t, enc, n);
    fz_tokenize_check(t->text, t->len, 1, flags, (uint32_t)(data[0] >> 5), 0);
    vb_text_free(t);
    return 0;
}
