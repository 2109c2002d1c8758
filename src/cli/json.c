/* Streaming JSON writer. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "json.h"

void vb_json_init(vb_json_t *j, FILE *out, int pretty)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->pretty = pretty;
}

static void indent(vb_json_t *j)
{
    if (!j->pretty) return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->out);
}

/* Separator before a value or key at the current depth. */
static void pre_value(vb_json_t *j)
{
    if (j->after_key) { j->after_key = 0; return; }
    if (j->depth > 0) {
        if (j->need_comma[j->depth]) fputc(',', j->out);
        indent(j);
        j->need_comma[j->depth] = 1;
    }
}

static void open_(vb_json_t *j, char c)
{
    pre_value(j);
    fputc(c, j->out);
    if (j->depth < 63) j->depth++;
    j->need_comma[j->depth] = 0;
}

static void close_(vb_json_t *j, char c)
{
    int had = j->need_comma[j->depth];
    if (j->depth > 0) j->depth--;
    if (had) indent(j);
    fputc(c, j->out);
}

void vb_json_begin_object(vb_json_t *j) { open_(j, '{'); }
void vb_json_end_object(vb_json_t *j) { close_(j, '}'); }
void vb_json_begin_array(vb_json_t *j) { open_(j, '['); }
void vb_json_end_array(vb_json_t *j) { close_(j, ']'); }

void vb_json_key(vb_json_t *j, const char *key)
{
    pre_value(j);
    fputc('"', j->out);
    vb_json_escape(j->out, key, strlen(key));
    fputs(j->pretty ? "\": " : "\":", j->out);
    j->after_key = 1;
}

/* Length of a valid UTF-8 sequence at S, or 0. */
static size_t valid_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    return need;
}

void vb_json_escape(FILE *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\') run++;
        if (run > i) { fwrite(s + i, 1, run - i, out); i = run; continue; }
        if (c == '"') fputs("\\\"", out);
        else if (c == '\\') fputs("\\\\", out);
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c < 0x20 || c == 0x7F) fprintf(out, "\\u%04x", c);
        else {
            size_t k = valid_seq(s + i, n - i);
            if (k == 0) { fputs("\\ufffd", out); i++; continue; }
            /* U+2028/2029 are valid JSON but break JavaScript: escape them */
            if (k == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
                fprintf(out, "\\u%04x", s[i + 2] == 0xA8 ? 0x2028 : 0x2029);
            else
                fwrite(s + i, 1, k, out);
            i += k;
            continue;
        }
        i++;
    }
}

void vb_json_strn(vb_json_t *j, const char *s, size_t n)
{
    pre_value(j);
    if (!s) { fputs("null", j->out); return; }
    fputc('"', j->out);
    vb_json_escape(j->out, s, n);
    fputc('"', j->out);
}

void vb_json_str(vb_json_t *j, const char *s) { vb_json_strn(j, s, s ? strlen(s) : 0); }

void vb_json_int(vb_json_t *j, long long v)
{
    pre_value(j);
    fprintf(j->out, "%lld", v);
}

void vb_json_double(vb_json_t *j, double v)
{
    pre_value(j);
    if (!isfinite(v)) fputs("0", j->out);
    else fprintf(j->out, "%.6g", v);
}

void vb_json_bool(vb_json_t *j, int v)
{
    pre_value(j);
    fputs(v ? "true" : "false", j->out);
}

void vb_json_null(vb_json_t *j)
{
    pre_value(j);
    fputs("null", j->out);
}

void vb_json_newline(vb_json_t *j)
{
    fputc('\n', j->out);
}
