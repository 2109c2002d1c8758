/* The JSON sprinter: a streaming writer, always valid output whatever the bytes. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sprinter.h"

#define MAX_DEPTH 64

typedef struct {
    vb_sprinter_t sp;        /* first: the interface */
    FILE *out;
    int pretty;
    int depth;
    int need_comma[MAX_DEPTH];
    char closer[MAX_DEPTH];  /* '}' or ']' for each open map or list */
    int after_key;
} json_t;

static void indent(json_t *j)
{
    if (!j->pretty) return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->out);
}

/* Separator before a value or key at the current depth. */
static void pre_value(json_t *j)
{
    if (j->after_key) { j->after_key = 0; return; }
    if (j->depth > 0) {
        if (j->need_comma[j->depth]) fputc(',', j->out);
        indent(j);
        j->need_comma[j->depth] = 1;
    }
}

static void open_(json_t *j, char c, char closer)
{
    pre_value(j);
    fputc(c, j->out);
    if (j->depth < MAX_DEPTH - 1) j->depth++;
    j->need_comma[j->depth] = 0;
    j->closer[j->depth] = closer;
}

static void json_begin_map(vb_sprinter_t *sp) { open_((json_t *)sp, '{', '}'); }
static void json_begin_list(vb_sprinter_t *sp) { open_((json_t *)sp, '[', ']'); }

static void json_end(vb_sprinter_t *sp)
{
    json_t *j = (json_t *)sp;
    int had = j->need_comma[j->depth];
    char c = j->depth > 0 ? j->closer[j->depth] : '}';
    if (j->depth > 0) j->depth--;
    if (had) indent(j);
    fputc(c, j->out);
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

/* Write S (N bytes) escaped as the inside of a JSON string. */
static void escape(FILE *out, const char *str, size_t n)
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

static void json_map_key(vb_sprinter_t *sp, const char *key)
{
    json_t *j = (json_t *)sp;
    pre_value(j);
    fputc('"', j->out);
    escape(j->out, key, strlen(key));
    fputs(j->pretty ? "\": " : "\":", j->out);
    j->after_key = 1;
}

static void json_string_len(vb_sprinter_t *sp, const char *s, size_t n)
{
    json_t *j = (json_t *)sp;
    pre_value(j);
    if (!s) { fputs("null", j->out); return; }
    fputc('"', j->out);
    escape(j->out, s, n);
    fputc('"', j->out);
}

static void json_string(vb_sprinter_t *sp, const char *s) { json_string_len(sp, s, s ? strlen(s) : 0); }

static void json_integer(vb_sprinter_t *sp, long long v)
{
    json_t *j = (json_t *)sp;
    pre_value(j);
    fprintf(j->out, "%lld", v);
}

static void json_real(vb_sprinter_t *sp, double v)
{
    json_t *j = (json_t *)sp;
    pre_value(j);
    if (!isfinite(v)) fputs("0", j->out);
    else fprintf(j->out, "%.6g", v);
}

static void json_boolean(vb_sprinter_t *sp, int v)
{
    json_t *j = (json_t *)sp;
    pre_value(j);
    fputs(v ? "true" : "false", j->out);
}

static void json_null(vb_sprinter_t *sp)
{
    json_t *j = (json_t *)sp;
    pre_value(j);
    fputs("null", j->out);
}

static void json_separator(vb_sprinter_t *sp) { fputc('\n', ((json_t *)sp)->out); }

static void json_destroy(vb_sprinter_t *sp) { free(sp); }

vb_sprinter_t *vb_sprinter_json_new(FILE *out, int pretty)
{
    json_t *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->sp = (vb_sprinter_t){ .begin_map = json_begin_map, .begin_list = json_begin_list, .end = json_end,
                             .map_key = json_map_key, .string = json_string, .string_len = json_string_len,
                             .integer = json_integer, .real = json_real, .boolean = json_boolean,
                             .null = json_null, .separator = json_separator, .destroy = json_destroy };
    j->out = out;
    j->pretty = pretty;
    return &j->sp;
}
