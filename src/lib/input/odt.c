/* ODT (OpenDocument text): content.xml read in document order. Paragraphs
 * and headings become lines; list items get the label their list style
 * gives (number format, prefix and suffix); tables cell by cell; notes
 * after the body; page headers and footers (in styles.xml) left out. */
#include <stdio.h>
#include "input/xmlutil.h"

#if defined(VB_HAVE_ZIP) && defined(VB_HAVE_XML)

#define MAXLVL 10
typedef struct {
    char name[64];
    char fmt[MAXLVL][8];        /* num-format per level: "1", "a", "A", "i", "I"; "-" bullet; "" none */
    char suffix[MAXLVL][8];
    char prefix[MAXLVL][8];
    int start[MAXLVL];
} lstyle_t;

typedef struct {
    vb_in_t *in;
    lstyle_t *ls; size_t nls, cap;
    int depth;
} ox_t;

static int small_int(const char *s, int dflt)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    return end && end != s && v > -100000 && v < 100000 ? (int)v : dflt;
}

static void sattr(const xmlNode *n, const char *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    xmlChar *v = vb_x_attr(n, name);
    if (v) { snprintf(buf, cap, "%s", (const char *)v); xmlFree(v); }
}

static void list_styles(ox_t *x, xmlNode *n)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (!vb_x_is(c, "list-style")) { list_styles(x, c); continue; }
        if (x->nls == x->cap) {
            size_t cap = x->cap ? x->cap * 2 : 8;
            lstyle_t *v = realloc(x->ls, cap * sizeof *v);
            if (!v) { x->in->out.oom = 1; return; }
            x->ls = v;
            x->cap = cap;
        }
        lstyle_t *s = &x->ls[x->nls++];
        memset(s, 0, sizeof *s);
        sattr(c, "name", s->name, sizeof s->name);
        for (xmlNode *l = c->children; l; l = l->next) {
            int bullet = vb_x_is(l, "list-level-style-bullet");
            if (!bullet && !vb_x_is(l, "list-level-style-number")) continue;
            char lv[12];
            sattr(l, "level", lv, sizeof lv);
            int k = small_int(lv, 0) - 1;
            if (k < 0 || k >= MAXLVL) continue;
            if (bullet) { snprintf(s->fmt[k], sizeof s->fmt[k], "-"); continue; }
            sattr(l, "num-format", s->fmt[k], sizeof s->fmt[k]);
            sattr(l, "num-suffix", s->suffix[k], sizeof s->suffix[k]);
            sattr(l, "num-prefix", s->prefix[k], sizeof s->prefix[k]);
            char st[12];
            sattr(l, "start-value", st, sizeof st);
            s->start[k] = small_int(st, 1);
        }
    }
}

static const lstyle_t *find_style(const ox_t *x, const char *name)
{
    for (size_t i = 0; i < x->nls; i++)
        if (strcmp(x->ls[i].name, name) == 0) return &x->ls[i];
    return NULL;
}

static void fmt_num(const char *fmt, int v, char *buf, size_t cap)
{
    if ((fmt[0] == 'a' || fmt[0] == 'A') && v >= 1) snprintf(buf, cap, "%c", (char)(fmt[0] + (v - 1) % 26));
    else if ((fmt[0] == 'i' || fmt[0] == 'I') && v >= 1 && v < 40) {
        static const char *const r[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };
        size_t o = 0;
        buf[0] = '\0';
        for (int t = v / 10; t > 0 && o + 2 < cap; t--) buf[o++] = fmt[0] == 'I' ? 'X' : 'x';
        if (v % 10) for (const char *p = r[v % 10 - 1]; *p && o + 1 < cap; p++) buf[o++] = fmt[0] == 'I' ? (char)(*p - 32) : *p;
        buf[o] = '\0';
    } else if (fmt[0]) snprintf(buf, cap, "%d", v);
    else buf[0] = '\0';
}

static void block(ox_t *x, xmlNode *n, const lstyle_t *ls, int level);
static void para(ox_t *x, xmlNode *p, size_t start);

/* Inline content of a paragraph: text, spaces (text:s c="N"), tabs, breaks;
 * notes are left for the end. */
static void inline_text(ox_t *x, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            if (t) vb_x_text(x->in, t, strlen(t));
        } else if (c->type != XML_ELEMENT_NODE) {
            continue;
        } else if (vb_x_is(c, "s") || vb_x_is(c, "tab")) {
            vb_x_text(x->in, " ", 1);
        } else if (vb_x_is(c, "line-break")) {
            vb_x_endline(x->in);
        } else if (vb_x_is(c, "note") || vb_x_is(c, "annotation") || vb_x_is(c, "tracked-changes")) {
            /* notes are written after the body; comments and change records never */
        } else if (vb_x_is(c, "frame") || vb_x_is(c, "text-box")) {
            vb_x_endline(x->in);
            block(x, c, NULL, 0);
        } else {
            inline_text(x, c);   /* span, a, bookmark-ref, … */
        }
    }
}

static void para(ox_t *x, xmlNode *p, size_t start)
{
    if (x->in->out.len < start) start = x->in->out.len;
    inline_text(x, p);
    vb_x_para_end(x->in, start);
}

static void notes(ox_t *x, xmlNode *n)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (vb_x_is(c, "note-body")) block(x, c, NULL, 0);
        else notes(x, c);
    }
}

/* A list: each item's first paragraph gets the label of LEVEL (1-based). */
static void list(ox_t *x, xmlNode *n, const lstyle_t *ls, int level)
{
    char name[64];
    sattr(n, "style-name", name, sizeof name);
    if (name[0]) {
        const lstyle_t *s = find_style(x, name);
        if (s) ls = s;
    }
    int k = level - 1 < MAXLVL ? level - 1 : MAXLVL - 1;
    int count = ls ? (ls->start[k] ? ls->start[k] : 1) : 1;
    for (xmlNode *it = n->children; it; it = it->next) {
        if (!vb_x_is(it, "list-item") && !vb_x_is(it, "list-header")) continue;
        int labelled = 0;
        size_t start = x->in->out.len;
        for (xmlNode *c = it->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            if (vb_x_is(c, "list")) { list(x, c, ls, level + 1); continue; }
            if (!labelled && vb_x_is(it, "list-item") && ls && (vb_x_is(c, "p") || vb_x_is(c, "h"))) {
                vb_x_endline(x->in);
                start = x->in->out.len;
                char num[24];
                if (strcmp(ls->fmt[k], "-") == 0) snprintf(num, sizeof num, "-");
                else fmt_num(ls->fmt[k], count, num, sizeof num);
                if (num[0]) {
                    vb_buf_puts(&x->in->out, ls->prefix[k]);
                    vb_buf_puts(&x->in->out, num);
                    vb_buf_puts(&x->in->out, strcmp(ls->fmt[k], "-") == 0 ? "" : ls->suffix[k]);
                    vb_buf_putc(&x->in->out, ' ');
                }
                labelled = 1;
            }
            if (vb_x_is(c, "p") || vb_x_is(c, "h")) { para(x, c, start); start = x->in->out.len; }
            else block(x, c, ls, level);
        }
        if (vb_x_is(it, "list-item")) count++;
    }
}

static void block(ox_t *x, xmlNode *n, const lstyle_t *ls, int level)
{
    if (++x->depth > 64) { x->depth--; return; }
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (vb_x_is(c, "p") || vb_x_is(c, "h")) para(x, c, x->in->out.len);
        else if (vb_x_is(c, "list")) list(x, c, ls, level + 1);
        else if (vb_x_is(c, "tracked-changes") || vb_x_is(c, "sequence-decls") || vb_x_is(c, "variable-decls") ||
                 vb_x_is(c, "table-columns") || vb_x_is(c, "forms")) continue;
        else block(x, c, ls, level);   /* section, table, table-row, table-cell, … */
    }
    x->depth--;
}

vb_status_t vb_in_odt(const void *bytes, size_t len, vb_in_t *in)
{
    zip_t *za = vb_zip_open(bytes, len);
    if (!za) return VB_ERR_FORMAT;
    ox_t x;
    memset(&x, 0, sizeof x);
    x.in = in;
    char *part = NULL;
    size_t plen = 0;
    vb_status_t st = vb_zip_part(za, "styles.xml", &part, &plen);
    if (st == VB_OK && part) {
        xmlDoc *d = vb_x_parse(part, plen, "styles.xml");
        if (d) { list_styles(&x, xmlDocGetRootElement(d)); xmlFreeDoc(d); }
    }
    free(part);
    part = NULL;
    if (st == VB_OK) st = vb_zip_part(za, "content.xml", &part, &plen);
    if (st == VB_OK && !part) { vb_set_error("not an OpenDocument text: no content.xml in the zip"); st = VB_ERR_FORMAT; }
    if (st == VB_OK) {
        xmlDoc *d = vb_x_parse(part, plen, "content.xml");
        if (!d) st = VB_ERR_FORMAT;
        else {
            xmlNode *root = xmlDocGetRootElement(d);
            list_styles(&x, vb_x_child(root, "automatic-styles"));
            xmlNode *body = vb_x_child(root, "body"), *text = body ? vb_x_child(body, "text") : NULL;
            if (text) { block(&x, text, NULL, 0); notes(&x, text); }
            xmlFreeDoc(d);
        }
    }
    free(part);
    free(x.ls);
    zip_discard(za);
    return st;
}
#else
vb_status_t vb_in_odt(const void *bytes, size_t len, vb_in_t *in)
{
    (void)bytes; (void)len; (void)in;
    return VB_ERR_UNSUPPORTED;
}
#endif
