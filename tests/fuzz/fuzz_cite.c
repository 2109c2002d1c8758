/*
 * fuzz_cite — citation extraction.  The input becomes one paragraph (its
 * line breaks turned into spaces) after a citation-like phrase drawn from a
 * small table, optionally inside a minimal document (header, numbered item,
 * "Nơi nhận:" and signature), optionally followed by a second phrase; the
 * whole is decoded as UTF-8 (normalized) and parsed with vb_doc_parse().
 *
 * Input: byte 0: bits 0-3 the leading phrase, bit 4 wrap in a document,
 * bits 5-7 a trailing phrase (0 = none); the rest is the paragraph.
 *
 * Invariants: those of fuzz_doc (fz_check_doc), in particular every citation
 * field is valid UTF-8, its clause exists, and a pinpoint, when set, matches
 * ^d[0-9]+[a-z]?(\.[0-9a-zđ]+)*$.
 */
#include "fuzz_common.h"

static const char *const FZ_CITE_PHRASES[16] = {
    "",
    "Chỉ thị số ",
    "Nghị định số ",
    "khoản 2 Điều 44, khoản 6 Điều 48 Nghị định số ",
    "điểm a khoản 1 Điều 5 Luật ",
    "Quyết định số ",
    "căn cứ điểm đ khoản 2 Điều 5 và Điều 7 Thông tư số ",
    "theo Nghị quyết số ",
    "Điều 19a Nghị định số ",
    "Bộ luật Hình sự số ",
    "Công văn số: ",
    "Nghị định nêu trên ",
    "thực hiện Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ; Chỉ thị nói trên ",
    "Luật Đất đai năm 2013 số ",
    "Pháp lệnh số ",
    "khoản 3, khoản 4 Điều 12 của ",
};

static const char FZ_CITE_HEAD[] =
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n\nSố: 12/CT-UBND\n\nHải Phòng, ngày 21 tháng 8 năm 2020\n\n"
    "CHỈ THỊ\nVề việc thực hiện\n\n1. ";
static const char FZ_CITE_TAIL[] =
    "\n\n2. Giao Công an thành phố thực hiện.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
    "CHỦ TỊCH\n\nLê Khắc Nam\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    const char *lead = FZ_CITE_PHRASES[data[0] & 15];
    int wrap = (data[0] >> 4) & 1;
    const char *trail = (data[0] >> 5) ? FZ_CITE_PHRASES[data[0] >> 5] : "";
    size_t n = size - 1;
    size_t cap = sizeof FZ_CITE_HEAD + strlen(lead) + n + 1 + strlen(trail) + sizeof FZ_CITE_TAIL;
    char *raw = malloc(cap);
    FZ_CHECK(raw != NULL, "out of memory");
    size_t k = 0;
    if (wrap) { memcpy(raw, FZ_CITE_HEAD, sizeof FZ_CITE_HEAD - 1); k = sizeof FZ_CITE_HEAD - 1; }
    memcpy(raw + k, lead, strlen(lead));
    k += strlen(lead);
    for (size_t i = 1; i < size; i++) {
        char ch = (char)data[i];
        raw[k++] = (ch == '\n' || ch == '\r' || ch == '\f') ? ' ' : ch;
    }
    if (trail[0]) {
        raw[k++] = ' ';
        memcpy(raw + k, trail, strlen(trail));
        k += strlen(trail);
    }
    if (wrap) { memcpy(raw + k, FZ_CITE_TAIL, sizeof FZ_CITE_TAIL - 1); k += sizeof FZ_CITE_TAIL - 1; }

    fz_decode_parse_check(raw, k, VB_ENC_UTF8);
    free(raw);
    return 0;
}
