/* libxml2 helpers and bounded zip reading for the office and HTML readers. */
#include <stdio.h>
#include "input/xmlutil.h"

#ifdef VB_HAVE_XML
int vb_x_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

xmlChar *vb_x_attr(const xmlNode *node, const char *name)
{
    for (const xmlAttr *a = node ? node->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0) return xmlNodeGetContent((const xmlNode *)a);
    return NULL;
}

xmlNode *vb_x_child(const xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next)
        if (vb_x_is(c, name)) return c;
    return NULL;
}

xmlDoc *vb_x_parse(const char *data, size_t len, const char *what)
{
    if (len > (size_t)0x7fffffff) { vb_set_error("%s is too large", what); return NULL; }
    /* no XML_PARSE_NOENT: entities are not expanded (no billion laughs), no network */
    xmlDoc *d = xmlReadMemory(data, (int)len, what, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    if (!d) {
        const xmlError *e = xmlGetLastError();
        char msg[200] = "";
        if (e && e->message) {
            snprintf(msg, sizeof msg, ": %s", e->message);
            size_t l = strlen(msg);   /* libxml2 ends its messages with a newline */
            while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' ')) msg[--l] = '\0';
        }
        vb_set_error("%s is not well-formed XML%s", what, msg);
    }
    return d;
}

void vb_x_text(vb_in_t *in, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int nbsp = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;   /* U+00A0: a space in a layout */
        if (nbsp) i++;
        if (nbsp || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            /* one space, none at a line start */
            if (in->out.len && in->out.data[in->out.len - 1] != ' ' && in->out.data[in->out.len - 1] != '\n')
                vb_buf_putc(&in->out, ' ');
        } else {
            vb_buf_putc(&in->out, (char)c);
        }
    }
}

void vb_x_endline(vb_in_t *in)
{
    while (in->out.len && in->out.data[in->out.len - 1] == ' ') in->out.data[--in->out.len] = '\0';
    if (in->out.len == 0 || in->out.data[in->out.len - 1] == '\n') return;
    vb_buf_putc(&in->out, '\n');
}

void vb_x_para_end(vb_in_t *in, size_t start)
{
    vb_x_endline(in);
    /* a paragraph without text is a blank line: the document model reads
     * blank lines (they end a header block, a list item), as in a .txt */
    if (in->out.len > start || in->out.len == 0) return;
    if (in->out.len >= 2 && in->out.data[in->out.len - 2] == '\n') return;   /* one blank line, not two */
    vb_buf_putc(&in->out, '\n');
}
#endif

#ifdef VB_HAVE_ZIP
zip_t *vb_zip_open(const void *bytes, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    if (!src) {
        vb_set_error("cannot read the zip container: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        vb_set_error("corrupt zip container: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || n > VB_IN_ZIP_MAX_ENTRIES) {
        vb_set_error("zip container has %lld entries (limit %d)", (long long)n, VB_IN_ZIP_MAX_ENTRIES);
        zip_discard(za);
        return NULL;
    }
    return za;
}

vb_status_t vb_zip_part(zip_t *za, const char *name, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    zip_int64_t idx = zip_name_locate(za, name, 0);
    if (idx < 0) return VB_OK;
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &sb) != 0) {
        vb_set_error("corrupt zip container: %s: %s", name, zip_strerror(za));
        return VB_ERR_FORMAT;
    }
    /* the sizes in the directory can lie: they are checked again while reading */
    size_t limit = VB_IN_ZIP_MAX_PART;
    if ((sb.valid & ZIP_STAT_COMP_SIZE) && sb.comp_size < limit / VB_IN_ZIP_MAX_RATIO) {
        size_t r = (size_t)sb.comp_size * VB_IN_ZIP_MAX_RATIO;
        if (r < ((size_t)1 << 20)) r = (size_t)1 << 20;   /* small parts may compress well */
        limit = r;
    }
    if ((sb.valid & ZIP_STAT_SIZE) && sb.size > limit) {
        vb_set_error("zip bomb? %s expands to %llu bytes (limit %zu)", name, (unsigned long long)sb.size, limit);
        return VB_ERR_FORMAT;
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        vb_set_error("cannot open %s in the zip: %s", name, zip_strerror(za));
        return VB_ERR_FORMAT;
    }
    vb_buf_t b = { 0 };
    char chunk[65536];
    for (;;) {
        zip_int64_t r = zip_fread(zf, chunk, sizeof chunk);
        if (r < 0) {
            vb_set_error("corrupt zip container: %s: %s", name, zip_file_strerror(zf));
            zip_fclose(zf);
            vb_buf_free(&b);
            return VB_ERR_FORMAT;
        }
        if (r == 0) break;
        if (b.len + (size_t)r > limit) {
            vb_set_error("zip bomb? %s expands past %zu bytes", name, limit);
            zip_fclose(zf);
            vb_buf_free(&b);
            return VB_ERR_FORMAT;
        }
        vb_buf_append(&b, chunk, (size_t)r);
        if (b.oom) { zip_fclose(zf); vb_buf_free(&b); return VB_ERR_NOMEM; }
    }
    zip_fclose(zf);
    *outlen = b.len;
    vb_buf_putc(&b, '\0');
    if (b.oom) { vb_buf_free(&b); return VB_ERR_NOMEM; }
    *out = b.data;
    return VB_OK;
}
#endif
