/*
 * fuzz_doc — vb_text_decode() then vb_doc_parse().
 *
 * Input: byte 0 chooses the encoding as in fuzz_decode (low 3 bits, 0 AUTO);
 * the rest is the file.
 *
 * Invariants (fz_check_doc in fuzz_common.h): parsing succeeds; clause paths
 * are present and unique; clauses come in text order with lines within the
 * line count; every clause text is valid UTF-8 of the stated length; every
 * header field, label, assignee, context and warning is valid UTF-8; dates
 * are ISO; every citation has a number and a text, valid UTF-8 fields, a
 * well-formed pinpoint when it has one, a clause path that exists, and a
 * line within the line count, not before its clause's line.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    vb_encoding_t enc = (vb_encoding_t)(data[0] & 7);
    fz_decode_parse_check(size > 1 ? (const void *)(data + 1) : (const void *)"", size - 1, enc);
    return 0;
}
