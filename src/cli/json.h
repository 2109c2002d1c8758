/* A small streaming JSON writer: always valid output, whatever the bytes. */
#ifndef VB_CLI_JSON_H
#define VB_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *out;
    int pretty;
    int depth;
    int need_comma[64];
    int after_key;
} vb_json_t;

void vb_json_init(vb_json_t *j, FILE *out, int pretty);
void vb_json_begin_object(vb_json_t *j);
void vb_json_end_object(vb_json_t *j);
void vb_json_begin_array(vb_json_t *j);
void vb_json_end_array(vb_json_t *j);
void vb_json_key(vb_json_t *j, const char *key);
/* A string of N bytes; invalid UTF-8 becomes U+FFFD, controls are escaped. NULL -> null. */
void vb_json_strn(vb_json_t *j, const char *s, size_t n);
void vb_json_str(vb_json_t *j, const char *s);
void vb_json_int(vb_json_t *j, long long v);
void vb_json_double(vb_json_t *j, double v);
void vb_json_bool(vb_json_t *j, int v);
void vb_json_null(vb_json_t *j);
/* Finish a top-level value with a newline. */
void vb_json_newline(vb_json_t *j);

/* Write S (N bytes) escaped as the inside of a JSON string. */
void vb_json_escape(FILE *out, const char *s, size_t n);

#endif
