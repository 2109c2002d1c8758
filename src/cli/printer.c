/* The output formats of vanban-query by name, and what their printers share. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "printer.h"

static const struct {
    const char *name;
    vb_printer_new_fn make;
} formats[] = {
    { "text", vb_printer_text_new },
    { "json", vb_printer_json_new },
    { "jsonl", vb_printer_jsonl_new },
    { "tsv", vb_printer_tsv_new },
};

const char vb_printer_formats[] = "text, json, jsonl, tsv";

vb_printer_new_fn vb_printer_find(const char *format)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(format, formats[i].name) == 0) return formats[i].make;
    return NULL;
}

const char *vb_facet_name(unsigned facet)
{
    switch (facet) {
    case VB_FACET_ISSUER: return "issuer";
    case VB_FACET_TYPE: return "type";
    case VB_FACET_YEAR: return "year";
    case VB_FACET_ASSIGNEE: return "assignee";
    default: return "ref";
    }
}

void vb_snippet_bounds(const vb_result_t *r, size_t *a, size_t *b)
{
    size_t len = r->text_len, want = 240;
    size_t start = 0;
    if (r->match_count && r->matches[0] > 80) start = r->matches[0] - 80;
    if (start + want > len) start = len > want ? len - want : 0;
    size_t end = start + want < len ? start + want : len;
    while (start > 0 && ((unsigned char)r->text[start] & 0xC0) == 0x80) start--;
    while (end < len && ((unsigned char)r->text[end] & 0xC0) == 0x80) end++;
    /* prefer word boundaries */
    if (start > 0) {
        size_t s = start;
        while (s < end && r->text[s] != ' ') s++;
        if (s < end && s - start < 20) start = s + 1;
    }
    if (end < len) {
        size_t e = end;
        while (e > start && r->text[e] != ' ') e--;
        if (e > start && end - e < 20) end = e;
    }
    *a = start;
    *b = end;
}

void vb_put_field(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        fputc(c, out);
    }
}

void vb_put_cell(FILE *out, const char *s)
{
    if (s && *s) vb_put_field(out, s, strlen(s));
    else fputc('-', out);
}

void vb_put_cited_cells(FILE *out, const vb_cited_t *c)
{
    fprintf(out, "%zu\t%zu\t", c->documents, c->clauses);
    vb_put_cell(out, c->number);
    fputc('\t', out);
    vb_put_cell(out, c->type);
    fputc('\t', out);
    vb_put_cell(out, c->title);
}

int vb_locale_vi(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return strncmp(v, "vi", 2) == 0;
    }
    return 0;
}

void vb_date_vi(const char *iso, char *out, size_t cap)
{
    int ok = strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-';
    for (int i = 0; ok && i < 10; i++) ok = i == 4 || i == 7 || (iso[i] >= '0' && iso[i] <= '9');
    if (!ok) {
        snprintf(out, cap, "%s", iso);
        return;
    }
    int d = (iso[8] - '0') * 10 + (iso[9] - '0'), m = (iso[5] - '0') * 10 + (iso[6] - '0');
    snprintf(out, cap, "%d/%d/%.4s", d, m, iso);
}

const char *vb_link_name(int link)
{
    return link == VB_LINK_ARCHIVED ? "in archive" : link == VB_LINK_AMBIGUOUS ? "ambiguous" : "not in archive";
}

const char *vb_force_text(vb_legal_force_t f, int vi)
{
    static const char *const vi_text[VB_LEGAL_COUNT] = {
        "chưa rõ: kho không có và không nhắc đến văn bản này", "còn hiệu lực (theo những gì kho này biết)",
        "đã được sửa đổi, bổ sung", "bị bãi bỏ một phần", "đã bị thay thế", "đã bị bãi bỏ", "đã hết hiệu lực" };
    static const char *const en_text[VB_LEGAL_COUNT] = {
        "unknown: the archive neither holds nor mentions it", "in force (as far as this archive knows)",
        "amended", "partly repealed", "replaced", "repealed", "expired" };
    if ((unsigned)f >= VB_LEGAL_COUNT) f = VB_LEGAL_UNKNOWN;
    return vi ? vi_text[f] : en_text[f];
}

const char *vb_force_short(vb_legal_force_t f, int vi)
{
    static const char *const vi_text[VB_LEGAL_COUNT] = { "chưa rõ", "còn hiệu lực", "đã sửa đổi, bổ sung",
                                                         "bãi bỏ một phần", "đã bị thay thế", "đã bị bãi bỏ",
                                                         "đã hết hiệu lực" };
    static const char *const en_text[VB_LEGAL_COUNT] = { "unknown", "in force", "amended", "partly repealed",
                                                         "replaced", "repealed", "expired" };
    if ((unsigned)f >= VB_LEGAL_COUNT) f = VB_LEGAL_UNKNOWN;
    return vi ? vi_text[f] : en_text[f];
}

const char *vb_relation_text(vb_cite_role_t role, int vi)
{
    static const char *const vi_text[VB_CITE_ROLE_COUNT] = {
        [VB_CITE_DAN_CHIEU] = "được dẫn chiếu bởi", [VB_CITE_CAN_CU] = "là căn cứ của",
        [VB_CITE_HUONG_DAN] = "được hướng dẫn bởi", [VB_CITE_SUA_DOI] = "được sửa đổi, bổ sung bởi",
        [VB_CITE_THAY_THE] = "bị thay thế bởi", [VB_CITE_BAI_BO] = "bị bãi bỏ bởi",
        [VB_CITE_HET_HIEU_LUC] = "hết hiệu lực theo", [VB_CITE_HOP_NHAT] = "được hợp nhất trong" };
    static const char *const en_text[VB_CITE_ROLE_COUNT] = {
        [VB_CITE_DAN_CHIEU] = "cited by", [VB_CITE_CAN_CU] = "basis of", [VB_CITE_HUONG_DAN] = "guided by",
        [VB_CITE_SUA_DOI] = "amended by", [VB_CITE_THAY_THE] = "replaced by", [VB_CITE_BAI_BO] = "repealed by",
        [VB_CITE_HET_HIEU_LUC] = "ended by", [VB_CITE_HOP_NHAT] = "consolidated in" };
    if ((unsigned)role >= VB_CITE_ROLE_COUNT) role = VB_CITE_DAN_CHIEU;
    return vi ? vi_text[role] : en_text[role];
}

const char *vb_legal_summary(const vb_legal_t *l)
{
    if (l && l->instrument_count == 0 && l->ambiguous) return "ambiguous";   /* cited, but which? */
    if (!l || l->instrument_count == 0) return vb_legal_force_name(VB_LEGAL_UNKNOWN);
    if (l->instrument_count > 1) return "ambiguous";
    return vb_legal_force_name(l->instruments[0].force);
}
