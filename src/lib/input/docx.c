/* DOCX (Word 2007+): word/document.xml read in document order. Paragraphs
 * become lines; the list labels Word keeps in numbering.xml ("1.", "a)")
 * are written in front of their paragraphs, since the paragraph text lacks
 * them and the document model reads clauses by them; table cells in reading
 * order, one line per cell paragraph; footnotes after the body; page headers
 * and footers (separate parts) left out. */
#include <stdio.h>
#include "input/xmlutil.h"

#if defined(VB_HAVE_ZIP) && defined(VB_HAVE_XML)

#define MAXLVL 9
typedef struct {
    char fmt[16];        /* decimal, lowerLetter, upperRoman, bullet, none … */
    char text[32];       /* lvlText: "%1.", "%2)", "%1.%2." */
    int start;
} lvl_t;

typedef struct {
    int id;              /* abstractNumId */
    lvl_t lvl[MAXLVL];
} absnum_t;

typedef struct {
    int num_id, abs_id;
    int count[MAXLVL];   /* current counters (0: not started) */
} num_t;

typedef struct {
    char id[64];
    int num_id, ilvl;
} style_t;

typedef struct {
    vb_in_t *in;
    absnum_t *abs; size_t nabs;
    num_t *num; size_t nnum;
    style_t *sty; size_t nsty;
    int depth;           /* recursion guard */
} dx_t;

static int attr_int(const xmlNode *n, const char *name, int dflt)
{
    xmlChar *v = vb_x_attr(n, name);
    if (!v) return dflt;
    char *end = NULL;
    long x = strtol((const char *)v, &end, 10);
    int ok = end && end != (char *)v;
    xmlFree(v);
    return ok && x > -100000 && x < 100000 ? (int)x : dflt;
}

static void attr_str(const xmlNode *n, const char *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    xmlChar *v = vb_x_attr(n, name);
    if (v) { snprintf(buf, cap, "%s", (const char *)v); xmlFree(v); }
}

static void read_numbering(dx_t *x, xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    size_t na = 0, nn = 0;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (vb_x_is(c, "abstractNum")) na++;
        else if (vb_x_is(c, "num")) nn++;
    }
    x->abs = calloc(na ? na : 1, sizeof *x->abs);
    x->num = calloc(nn ? nn : 1, sizeof *x->num);
    if (!x->abs || !x->num) { x->in->out.oom = 1; return; }
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (vb_x_is(c, "abstractNum")) {
            absnum_t *a = &x->abs[x->nabs++];
            a->id = attr_int(c, "abstractNumId", -1);
            for (int k = 0; k < MAXLVL; k++) a->lvl[k].start = 1;
            for (xmlNode *l = c->children; l; l = l->next) {
                if (!vb_x_is(l, "lvl")) continue;
                int il = attr_int(l, "ilvl", -1);
                if (il < 0 || il >= MAXLVL) continue;
                lvl_t *v = &a->lvl[il];
                xmlNode *e;
                if ((e = vb_x_child(l, "numFmt"))) attr_str(e, "val", v->fmt, sizeof v->fmt);
                if ((e = vb_x_child(l, "lvlText"))) attr_str(e, "val", v->text, sizeof v->text);
                if ((e = vb_x_child(l, "start"))) v->start = attr_int(e, "val", 1);
            }
        } else if (vb_x_is(c, "num")) {
            num_t *m = &x->num[x->nnum++];
            m->num_id = attr_int(c, "numId", -1);
            xmlNode *e = vb_x_child(c, "abstractNumId");
            m->abs_id = e ? attr_int(e, "val", -1) : -1;
        }
    }
}

static void read_styles(dx_t *x, xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    size_t n = 0;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (vb_x_is(c, "style")) n++;
    x->sty = calloc(n ? n : 1, sizeof *x->sty);
    if (!x->sty) { x->in->out.oom = 1; return; }
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!vb_x_is(c, "style")) continue;
        xmlNode *ppr = vb_x_child(c, "pPr"), *np = ppr ? vb_x_child(ppr, "numPr") : NULL;
        if (!np) continue;
        style_t *s = &x->sty[x->nsty++];
        attr_str(c, "styleId", s->id, sizeof s->id);
        xmlNode *e;
        s->num_id = (e = vb_x_child(np, "numId")) ? attr_int(e, "val", -1) : -1;
        s->ilvl = (e = vb_x_child(np, "ilvl")) ? attr_int(e, "val", 0) : 0;
    }
}

static void roman(int v, int upper, char *buf, size_t cap)
{
    static const int val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
    static const char *const sym[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i" };
    size_t o = 0;
    buf[0] = '\0';
    if (v <= 0 || v >= 4000) { snprintf(buf, cap, "%d", v); return; }
    for (int k = 0; k < 13; k++)
        while (v >= val[k] && o + 3 < cap) {
            for (const char *p = sym[k]; *p; p++) buf[o++] = upper ? (char)(*p - 'a' + 'A') : *p;
            v -= val[k];
        }
    buf[o] = '\0';
}

static void format_count(const lvl_t *l, int v, char *buf, size_t cap)
{
    if (strcmp(l->fmt, "lowerLetter") == 0 || strcmp(l->fmt, "upperLetter") == 0) {
        char c = (char)((strcmp(l->fmt, "lowerLetter") == 0 ? 'a' : 'A') + (v - 1) % 26);
        snprintf(buf, cap, "%c", c);
    } else if (strcmp(l->fmt, "lowerRoman") == 0 || strcmp(l->fmt, "upperRoman") == 0) {
        roman(v, l->fmt[0] == 'u', buf, cap);
    } else if (strcmp(l->fmt, "none") == 0) {
        buf[0] = '\0';
    } else {
        snprintf(buf, cap, "%d", v);
    }
}

/* The label of a numbered paragraph (list NUM_ID at level ILVL), advancing
 * the counters; "" for bullets, which the text model reads as "-". */
static void label(dx_t *x, int num_id, int ilvl, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (num_id <= 0 || ilvl < 0 || ilvl >= MAXLVL) return;
    num_t *m = NULL;
    for (size_t i = 0; i < x->nnum; i++)
        if (x->num[i].num_id == num_id) { m = &x->num[i]; break; }
    if (!m) return;
    absnum_t *a = NULL;
    for (size_t i = 0; i < x->nabs; i++)
        if (x->abs[i].id == m->abs_id) { a = &x->abs[i]; break; }
    if (!a) return;
    const lvl_t *l = &a->lvl[ilvl];
    m->count[ilvl] = m->count[ilvl] ? m->count[ilvl] + 1 : l->start;
    for (int k = ilvl + 1; k < MAXLVL; k++) m->count[k] = 0;
    if (strcmp(l->fmt, "bullet") == 0) { snprintf(buf, cap, "-"); return; }
    size_t o = 0;
    for (const char *p = l->text; *p && o + 1 < cap; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            char num[24];
            int v = m->count[k] ? m->count[k] : a->lvl[k].start;
            format_count(&a->lvl[k], v, num, sizeof num);
            for (const char *q = num; *q && o + 1 < cap; q++) buf[o++] = *q;
            p++;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
}

static void block(dx_t *x, xmlNode *n);

/* Runs of a paragraph: text, tabs, breaks; nested paragraphs (text boxes)
 * are written as lines of their own after this one. */
static void runs(dx_t *x, xmlNode *n, xmlNode ***nested, size_t *nn, size_t *ncap)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (vb_x_is(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t) { vb_x_text(x->in, (const char *)t, strlen((const char *)t)); xmlFree(t); }
        } else if (vb_x_is(c, "tab") || vb_x_is(c, "noBreakHyphen")) {
            vb_x_text(x->in, vb_x_is(c, "tab") ? " " : "-", 1);
        } else if (vb_x_is(c, "br") || vb_x_is(c, "cr")) {
            vb_x_endline(x->in);
        } else if (vb_x_is(c, "delText") || vb_x_is(c, "instrText") || vb_x_is(c, "del") ||
                   vb_x_is(c, "Fallback") || vb_x_is(c, "pPr") || vb_x_is(c, "rPr")) {
            /* deleted text, field codes, the VML copy of a drawing, properties */
        } else if (vb_x_is(c, "txbxContent")) {
            if (*nn == *ncap) {
                size_t cap = *ncap ? *ncap * 2 : 4;
                xmlNode **v = realloc(*nested, cap * sizeof *v);
                if (!v) { x->in->out.oom = 1; return; }
                *nested = v;
                *ncap = cap;
            }
            (*nested)[(*nn)++] = c;
        } else {
            runs(x, c, nested, nn, ncap);   /* r, hyperlink, smartTag, sdt, ins, AlternateContent … */
        }
    }
}

static void paragraph(dx_t *x, xmlNode *p)
{
    int num_id = -1, ilvl = 0;
    xmlNode *ppr = vb_x_child(p, "pPr");
    xmlNode *np = ppr ? vb_x_child(ppr, "numPr") : NULL;
    if (np) {
        xmlNode *e;
        num_id = (e = vb_x_child(np, "numId")) ? attr_int(e, "val", -1) : -1;
        ilvl = (e = vb_x_child(np, "ilvl")) ? attr_int(e, "val", 0) : 0;
    } else if (ppr) {
        xmlNode *ps = vb_x_child(ppr, "pStyle");
        char id[64];
        if (ps) {
            attr_str(ps, "val", id, sizeof id);
            for (size_t i = 0; i < x->nsty; i++)
                if (strcmp(x->sty[i].id, id) == 0) { num_id = x->sty[i].num_id; ilvl = x->sty[i].ilvl; break; }
        }
    }
    size_t start = x->in->out.len;
    char lab[64];
    label(x, num_id, ilvl, lab, sizeof lab);
    xmlNode **nested = NULL;
    size_t nn = 0, ncap = 0;
    runs(x, p, &nested, &nn, &ncap);
    if (lab[0] && x->in->out.len > start) {
        /* put the label in front of the paragraph's text */
        size_t ll = strlen(lab) + 1;
        if (vb_buf_reserve(&x->in->out, ll)) {
            memmove(x->in->out.data + start + ll, x->in->out.data + start, x->in->out.len - start);
            memcpy(x->in->out.data + start, lab, ll - 1);
            x->in->out.data[start + ll - 1] = ' ';
            x->in->out.len += ll;
            x->in->out.data[x->in->out.len] = '\0';
        }
    }
    vb_x_para_end(x->in, start);
    for (size_t i = 0; i < nn; i++) block(x, nested[i]);
    free(nested);
}

/* Block-level content: paragraphs, tables (rows, cells), content controls. */
static void block(dx_t *x, xmlNode *n)
{
    if (++x->depth > 64) { x->depth--; return; }   /* nested tables deeper than any real document */
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (vb_x_is(c, "p")) paragraph(x, c);
        else if (vb_x_is(c, "sectPr")) continue;
        else block(x, c);   /* tbl, tr, tc, sdt, sdtContent, customXml … */
    }
    x->depth--;
}

static void footnotes(dx_t *x, xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!vb_x_is(c, "footnote")) continue;
        xmlChar *type = vb_x_attr(c, "type");
        int sep = type != NULL;   /* separator, continuationSeparator */
        if (type) xmlFree(type);
        if (!sep) block(x, c);
    }
}

vb_status_t vb_in_docx(const void *bytes, size_t len, vb_in_t *in)
{
    zip_t *za = vb_zip_open(bytes, len);
    if (!za) return VB_ERR_FORMAT;
    dx_t x;
    memset(&x, 0, sizeof x);
    x.in = in;
    char *part = NULL;
    size_t plen = 0;
    vb_status_t st = vb_zip_part(za, "word/numbering.xml", &part, &plen);
    if (st == VB_OK && part) {
        xmlDoc *d = vb_x_parse(part, plen, "word/numbering.xml");
        if (d) { read_numbering(&x, d); xmlFreeDoc(d); }   /* a broken numbering part: labels lost, text kept */
        free(part);
        part = NULL;
    }
    if (st == VB_OK) st = vb_zip_part(za, "word/styles.xml", &part, &plen);
    if (st == VB_OK && part) {
        xmlDoc *d = vb_x_parse(part, plen, "word/styles.xml");
        if (d) { read_styles(&x, d); xmlFreeDoc(d); }
        free(part);
        part = NULL;
    }
    if (st == VB_OK) st = vb_zip_part(za, "word/document.xml", &part, &plen);
    if (st == VB_OK && !part) { vb_set_error("not a Word document: no word/document.xml in the zip"); st = VB_ERR_FORMAT; }
    if (st == VB_OK) {
        xmlDoc *d = vb_x_parse(part, plen, "word/document.xml");
        if (!d) st = VB_ERR_FORMAT;
        else {
            xmlNode *root = xmlDocGetRootElement(d), *body = vb_x_child(root, "body");
            if (body) block(&x, body);
            xmlFreeDoc(d);
        }
    }
    free(part);
    part = NULL;
    if (st == VB_OK) st = vb_zip_part(za, "word/footnotes.xml", &part, &plen);
    if (st == VB_OK && part) {
        xmlDoc *d = vb_x_parse(part, plen, "word/footnotes.xml");
        if (d) { footnotes(&x, d); xmlFreeDoc(d); }
    }
    free(part);
    free(x.abs);
    free(x.num);
    free(x.sty);
    zip_discard(za);
    return st;
}
#else
vb_status_t vb_in_docx(const void *bytes, size_t len, vb_in_t *in)
{
    (void)bytes; (void)len; (void)in;
    return VB_ERR_UNSUPPORTED;
}
#endif
