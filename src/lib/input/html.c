/* HTML (saved pages of the legal portals, plain HTML documents): libxml2's
 * HTML parser; only the main content is read. The main content is the
 * first <main> or <article>, else the block whose own text (links left
 * out) is the largest among those named like content ("content", "toanvan",
 * "vanban", "doc"), else <body>. Scripts, styles, navigation, headers,
 * footers, forms and hidden elements are skipped; block elements end lines. */
#include <stdio.h>
#include <strings.h>
#include "input/xmlutil.h"

#ifdef VB_HAVE_XML
#include <libxml/HTMLparser.h>

static int skipped(const xmlNode *n)
{
    static const char *const skip[] = { "script", "style", "noscript", "nav", "header", "footer", "aside",
                                        "form", "iframe", "button", "select", "menu", "template", "svg",
                                        "head", "object", "embed", "canvas" };
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (strcasecmp((const char *)n->name, skip[i]) == 0) return 1;
    xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
    int hidden = 0;
    if (st) {
        /* display:none, with or without spaces */
        char buf[256];
        size_t o = 0;
        for (const xmlChar *p = st; *p && o + 1 < sizeof buf; p++)
            if (*p != ' ') buf[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        buf[o] = '\0';
        hidden = strstr(buf, "display:none") != NULL;
        xmlFree(st);
    }
    if (!hidden && xmlHasProp(n, (const xmlChar *)"hidden")) hidden = 1;
    return hidden;
}

static int is_block(const xmlNode *n)
{
    static const char *const blk[] = { "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5",
                                       "h6", "table", "section", "article", "main", "blockquote", "pre", "dd",
                                       "dt", "ul", "ol", "hr", "center", "address", "caption", "tbody" };
    for (size_t i = 0; i < sizeof blk / sizeof *blk; i++)
        if (strcasecmp((const char *)n->name, blk[i]) == 0) return 1;
    return 0;
}

/* Text length under N, links and skipped elements left out. */
static size_t own_text(const xmlNode *n, int depth)
{
    size_t t = 0;
    if (depth > 200) return 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            for (const xmlChar *p = c->content; *p; p++)
                if (*p > ' ') t++;
        } else if (c->type == XML_ELEMENT_NODE && !skipped(c) && strcasecmp((const char *)c->name, "a") != 0) {
            t += own_text(c, depth + 1);
        }
    }
    return t;
}

static int content_named(const xmlNode *n)
{
    static const char *const names[] = { "content", "toanvan", "vanban", "noidung", "document", "doc-body" };
    for (int k = 0; k < 2; k++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)(k ? "class" : "id"));
        if (!v) continue;
        char low[200];
        size_t o = 0;
        for (const xmlChar *p = v; *p && o + 1 < sizeof low; p++) low[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        low[o] = '\0';
        xmlFree(v);
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (strstr(low, names[i])) return 1;
    }
    return 0;
}

static void find_main(xmlNode *n, xmlNode **semantic, xmlNode **named, size_t *named_len, int depth)
{
    if (depth > 200) return;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || skipped(c)) continue;
        if (!*semantic && (strcasecmp((const char *)c->name, "main") == 0 ||
                           strcasecmp((const char *)c->name, "article") == 0)) {
            *semantic = c;
        }
        if (content_named(c)) {
            size_t t = own_text(c, 0);
            if (t > *named_len) { *named = c; *named_len = t; }
        }
        find_main(c, semantic, named, named_len, depth + 1);
    }
}

static void walk(vb_in_t *in, xmlNode *n, int pre, int depth)
{
    if (depth > 200) return;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            if (!t) continue;
            if (!pre) { vb_x_text(in, t, strlen(t)); continue; }
            for (const char *p = t; *p; p++) {
                if (*p == '\n') vb_x_endline(in);
                else vb_buf_putc(&in->out, *p);
            }
        } else if (c->type == XML_ELEMENT_NODE && !skipped(c)) {
            int blk = is_block(c);
            if (blk) vb_x_endline(in);
            size_t start = in->out.len;
            walk(in, c, pre || strcasecmp((const char *)c->name, "pre") == 0, depth + 1);
            /* an empty <p> is a blank line, as an empty paragraph of Word is */
            if (strcasecmp((const char *)c->name, "p") == 0) vb_x_para_end(in, start);
            else if (blk) vb_x_endline(in);
        }
    }
}

vb_status_t vb_in_html(const void *bytes, size_t len, vb_in_t *in)
{
    if (len > (size_t)0x7fffffff) { vb_set_error("HTML file too large"); return VB_ERR_FORMAT; }
    /* the charset comes from the BOM or <meta charset>; UTF-8 otherwise */
    htmlDocPtr d = htmlReadMemory(bytes, (int)len, NULL, NULL,
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!d) { vb_set_error("not readable as HTML"); return VB_ERR_FORMAT; }
    xmlNode *root = xmlDocGetRootElement(d);
    if (!root) { xmlFreeDoc(d); return VB_OK; }   /* an empty page: an empty document */
    xmlNode *semantic = NULL, *named = NULL;
    size_t named_len = 0;
    find_main(root, &semantic, &named, &named_len, 0);
    xmlNode *body = NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "body") == 0) body = c;
    /* a small <article> beside the document (a news box) does not win over a large content block */
    if (semantic && named && own_text(semantic, 0) * 2 < named_len) semantic = NULL;
    /* a named block wins when it is a real document (200 characters) or holds
     * at least half of the page's own text */
    size_t all = own_text(body ? body : root, 0);
    xmlNode *top = semantic ? semantic : named && (named_len >= 200 || 2 * named_len >= all) ? named : body ? body : root;
    walk(in, top, 0, 0);
    vb_x_endline(in);
    xmlFreeDoc(d);
    return VB_OK;
}
#else
vb_status_t vb_in_html(const void *bytes, size_t len, vb_in_t *in)
{
    (void)bytes; (void)len; (void)in;
    return VB_ERR_UNSUPPORTED;
}
#endif
