/* The output formats of vanban-query by name, and what their printers share. */
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
