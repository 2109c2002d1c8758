/* The stored record: the field codec, the document record written by the
 * indexer and read back by the searches (store/docrec.c), and hashing. */
#include <stdio.h>
#include <stdlib.h>
#include "store/schema.h"

/* Deflate's level for the stored records. Xapian would compress them at its
 * default, 6, at a level nobody can set; packed here at 5 they come out
 * incompressible and Xapian stores them as they are (its attempt on them
 * costs a tenth of compressing the text). Level 5 against 6 on the records of
 * the real corpus: 0.57 of the time, 3 % more bytes (docs/performance.md). */
#define RECORD_ZLEVEL 5

/* The records are raw DEFLATE (RFC 1951) after their length: libdeflate, when
 * the build has it, packs them in half zlib's time at the same level (1 %
 * smaller) and unpacks them 2.5 times as fast (docs/performance.md, session
 * 14); without it zlib does. Either reads what the other wrote. */
#ifdef VB_HAVE_LIBDEFLATE
#include <libdeflate.h>

/* N bytes at REC deflated into O (CAP bytes): the bytes written, or 0 */
static size_t deflate_into(const char *rec, size_t n, unsigned char *o, size_t cap)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(RECORD_ZLEVEL);
    if (!c) return 0;
    size_t k = libdeflate_deflate_compress(c, rec, n, o, cap);
    libdeflate_free_compressor(c);
    return k;
}

static size_t deflate_cap(size_t n)
{
    return libdeflate_deflate_compress_bound(NULL, n);
}

/* IN (N bytes) inflated into OUT, exactly LEN bytes from exactly N: VB_OK,
 * VB_ERR_NOMEM or VB_ERR_DB_CORRUPT */
static vb_status_t inflate_exact(const unsigned char *in, size_t n, char *out, size_t len)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (!d) return VB_ERR_NOMEM;
    size_t used = 0, got = 0;
    enum libdeflate_result r = libdeflate_deflate_decompress_ex(d, in, n, out, len, &used, &got);
    libdeflate_free_decompressor(d);
    return r == LIBDEFLATE_SUCCESS && used == n && got == len ? VB_OK : VB_ERR_DB_CORRUPT;
}
#else
#include <zlib.h>

static size_t deflate_into(const char *rec, size_t n, unsigned char *o, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, RECORD_ZLEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    z.next_in = (unsigned char *)(uintptr_t)rec;
    z.avail_in = (uInt)n;
    z.next_out = o;
    z.avail_out = (uInt)cap;
    int zr = deflate(&z, Z_FINISH);
    size_t k = cap - z.avail_out;
    deflateEnd(&z);
    return zr == Z_STREAM_END ? k : 0;
}

static size_t deflate_cap(size_t n)
{
    return compressBound((uLong)n) + 16;   /* zlib's bound with its header; raw deflate needs less */
}

static vb_status_t inflate_exact(const unsigned char *in, size_t n, char *out, size_t len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK) return VB_ERR_NOMEM;
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = (unsigned char *)out;
    z.avail_out = (uInt)len;
    int zr = inflate(&z, Z_FINISH);
    int whole = zr == Z_STREAM_END && z.avail_out == 0 && z.avail_in == 0;
    inflateEnd(&z);
    return whole ? VB_OK : zr == Z_MEM_ERROR ? VB_ERR_NOMEM : VB_ERR_DB_CORRUPT;
}
#endif

vb_status_t vb_record_pack(const char *rec, size_t n, vb_buf_t *out)
{
    if (n > UINT32_MAX) return VB_ERR_NOMEM;   /* a 4 GB record: not a document */
    size_t bound = deflate_cap(n);
    out->len = 0;
    if (!vb_buf_reserve(out, 4 + bound)) return VB_ERR_NOMEM;
    unsigned char *o = (unsigned char *)out->data;
    for (int i = 0; i < 4; i++) o[i] = (unsigned char)(n >> (8 * i));
    size_t k = deflate_into(rec, n, o + 4, bound);
    if (k == 0) return VB_ERR_NOMEM;
    out->len = 4 + k;
    return VB_OK;
}

vb_status_t vb_record_unpack(const char *data, size_t n, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (n < 4) return VB_ERR_DB_CORRUPT;
    const unsigned char *d = (const unsigned char *)data;
    size_t len = (size_t)d[0] | (size_t)d[1] << 8 | (size_t)d[2] << 16 | (size_t)d[3] << 24;
    /* deflate expands at most 1032 times: a longer length is damage, not memory to ask for */
    if (len / 1032 > n) return VB_ERR_DB_CORRUPT;
    char *buf = malloc(len + 1);
    if (!buf) return VB_ERR_NOMEM;
    vb_status_t st = inflate_exact(d + 4, n - 4, buf, len);
    if (st != VB_OK) {   /* damaged, or a length that does not match its bytes */
        free(buf);
        return st;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return VB_OK;
}

/* V in decimal at OUT (room for 20 digits); returns the digits written.
 * (snprintf for the record's lengths and offsets was 3 % of a build.) */
static size_t put_dec(char *out, size_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

void vb_rec_put(vb_buf_t *b, const char *s, size_t n)
{
    char tmp[24];
    size_t k = put_dec(tmp, n);
    tmp[k++] = ':';
    vb_buf_append(b, tmp, k);
    vb_buf_append(b, s ? s : "", s ? n : 0);
}

void vb_rec_puts(vb_buf_t *b, const char *s)
{
    vb_rec_put(b, s, s ? strlen(s) : 0);
}

int vb_rec_get(const char *data, size_t len, unsigned i, const char **s, size_t *n)
{
    size_t p = 0;
    for (unsigned k = 0;; k++) {
        size_t v = 0, q = p;
        while (q < len && data[q] >= '0' && data[q] <= '9') {
            v = v * 10 + (size_t)(data[q] - '0');
            q++;
        }
        if (q == p || q >= len || data[q] != ':' || v > len - q - 1) return 0;
        if (k == i) {
            *s = data + q + 1;
            *n = v;
            return 1;
        }
        p = q + 1 + v;
    }
}


size_t vb_rec_num(const char *s, size_t n)
{
    size_t v = 0;
    for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) v = v * 10 + (size_t)(s[i] - '0');
    return v;
}

size_t vb_rec_split(const char *data, size_t len, const char **s, size_t *n, size_t max)
{
    size_t p = 0, k = 0;
    while (k < max && p < len) {
        size_t v = 0, q = p;
        while (q < len && data[q] >= '0' && data[q] <= '9') {
            v = v * 10 + (size_t)(data[q] - '0');
            q++;
        }
        if (q == p || q >= len || data[q] != ':' || v > len - q - 1) break;
        s[k] = data + q + 1;
        n[k] = v;
        k++;
        p = q + 1 + v;
    }
    return k;
}

/* ------------------------------------------------------------------ the document record */

static void put_list(vb_buf_t *b, char *const *items, size_t n)
{
    vb_buf_t tmp = { 0 };
    for (size_t i = 0; i < n; i++) {
        if (i) vb_buf_putc(&tmp, '\n');
        vb_buf_puts(&tmp, items[i]);
    }
    vb_rec_put(b, tmp.data, tmp.len);
    vb_buf_free(&tmp);
}

static void put_num(vb_buf_t *b, size_t v)
{
    char num[24];
    vb_rec_put(b, num, put_dec(num, v));
}

/* VB_RCL_LINES (schema.h): each line start after the clause's first line, as the
 * offset's distance from the previous start, with ",<k>" only when k lines were
 * skipped. Written out as "<offset>,<line>;" pairs, the line tables were a third
 * of the compressed record (docs/performance.md, "Session 10"). */
static void put_lines(vb_buf_t *b, const vb_clause_t *cl)
{
    vb_buf_t t = { 0 };
    size_t o = 0;
    unsigned l = cl->line;
    for (size_t k = 0; k < cl->line_count && cl->line_starts && cl->line_numbers; k++) {
        size_t start = cl->line_starts[k];
        unsigned line = cl->line_numbers[k];
        if (k == 0 && start == 0 && line == l) continue;   /* the clause's own first line */
        if (start < o || line <= l) break;   /* both go up; a table that does not is cut here */
        char num[48];
        size_t n = 0;
        if (t.len) num[n++] = ';';
        n += put_dec(num + n, start - o);
        if (line != l + 1) {
            num[n++] = ',';
            n += put_dec(num + n, line - l - 1);
        }
        vb_buf_append(&t, num, n);
        o = start;
        l = line;
    }
    b->oom |= t.oom;
    vb_rec_put(b, t.data, t.len);
    vb_buf_free(&t);
}

/* VB_RCL_ASSIGNEES: "<c|p><body>" separated by 0x1E */
static void put_assignees(vb_buf_t *b, const vb_clause_t *cl)
{
    vb_buf_t t = { 0 };
    for (size_t k = 0; k < cl->assignee_count; k++) {
        if (!cl->assignees[k].body) continue;
        if (t.len) vb_buf_putc(&t, 0x1E);
        vb_buf_putc(&t, cl->assignees[k].role == VB_ROLE_PHOI_HOP ? 'p' : 'c');
        vb_buf_puts(&t, cl->assignees[k].body);
    }
    b->oom |= t.oom;
    vb_rec_put(b, t.data, t.len);
    vb_buf_free(&t);
}

vb_status_t vb_record_assignees(const char *s, size_t n, vb_assignee_t **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == 0x1E;
    if (n == 0) return VB_OK;
    vb_assignee_t *a = calloc(k + 1, sizeof *a);
    if (!a) return VB_ERR_NOMEM;
    size_t m = 0, p = 0;
    while (p <= n) {
        size_t e = p;
        while (e < n && s[e] != 0x1E) e++;
        if (e > p + 1) {
            a[m].role = s[p] == 'p' ? VB_ROLE_PHOI_HOP : VB_ROLE_CHU_TRI;
            a[m].body = vb_strndup(s + p + 1, e - p - 1);
            if (!a[m].body) { vb_record_assignees_free(a, m); return VB_ERR_NOMEM; }
            m++;
        }
        p = e + 1;
    }
    *out = a;
    *count = m;
    return VB_OK;
}

void vb_record_assignees_free(vb_assignee_t *a, size_t n)
{
    for (size_t i = 0; i < n && a; i++) free(a[i].body);
    free(a);
}

/* The clause table (VB_RCL_COUNT_ fields a clause) and the clause texts. */
static void put_clauses(vb_buf_t *b, const vb_doc_t *doc)
{
    vb_buf_t table = { 0 }, texts = { 0 };
    const char *prev = NULL;   /* the clause before's context */
    for (size_t i = 0; i < doc->clause_count; i++) {
        const vb_clause_t *cl = &doc->clauses[i];
        vb_rec_puts(&table, cl->path);
        vb_rec_puts(&table, cl->label);
        put_num(&table, cl->line);
        vb_rec_puts(&table, cl->assignee);
        if (cl->context && *cl->context && prev && strcmp(cl->context, prev) == 0)
            vb_rec_puts(&table, VB_RCL_SAME_CONTEXT);
        else
            vb_rec_puts(&table, cl->context);
        prev = cl->context;
        put_num(&table, cl->text_len);
        put_lines(&table, cl);
        put_assignees(&table, cl);
        vb_rec_puts(&table, cl->amends);
        vb_rec_puts(&table, cl->amends_doc);
        vb_buf_append(&texts, cl->text, cl->text_len);
    }
    b->oom |= table.oom | texts.oom;
    vb_rec_put(b, table.data, table.len);
    vb_rec_put(b, texts.data, texts.len);
    vb_buf_free(&table);
    vb_buf_free(&texts);
}

/* Citations: fields separated by 0x1F (VB_RCIT_*), citations by 0x1E. */
static void put_citations(vb_buf_t *b, const vb_citation_t *cs, size_t n)
{
    vb_buf_t cit = { 0 };
    for (size_t k = 0; k < n; k++) {
        const vb_citation_t *c = &cs[k];
        const char *f[VB_RCIT_COUNT_] = { c->type, c->number, c->date, c->issuer, c->pinpoint, c->clause, NULL, c->text,
                                          c->name, c->role ? vb_cite_role_name(c->role) : NULL, c->affects,
                                          c->from };
        char line[24];
        line[put_dec(line, c->line)] = '\0';
        f[VB_RCIT_LINE] = line;
        if (k) vb_buf_putc(&cit, 0x1E);
        for (int i = 0; i < VB_RCIT_COUNT_; i++) {
            if (i) vb_buf_putc(&cit, 0x1F);
            if (f[i]) vb_buf_puts(&cit, f[i]);
        }
    }
    b->oom |= cit.oom;
    vb_rec_put(b, cit.data, cit.len);
    vb_buf_free(&cit);
}

void vb_record_encode(vb_buf_t *b, const vb_doc_t *doc, const char *fileid, const char *display, const char *encoding,
                      size_t invalid)
{
    vb_rec_puts(b, fileid);
    vb_rec_puts(b, display);
    vb_rec_puts(b, doc->number);
    vb_rec_puts(b, doc->type);
    put_list(b, doc->issuer, doc->issuer_count);
    vb_rec_puts(b, doc->place);
    vb_rec_puts(b, doc->date);
    vb_rec_puts(b, doc->subject);
    put_list(b, doc->recipients, doc->recipient_count);
    put_list(b, doc->cc, doc->cc_count);
    vb_rec_puts(b, doc->signer.title);
    vb_rec_puts(b, doc->signer.name);
    vb_rec_puts(b, encoding);
    put_citations(b, doc->citations, doc->citation_count);
    put_list(b, doc->warnings, doc->warning_count);
    put_num(b, invalid);
    put_clauses(b, doc);
    vb_rec_puts(b, doc->effective);
}

void vb_record_citations_free(vb_citation_t *cs, size_t n)
{
    for (size_t k = 0; cs && k < n; k++) {
        vb_citation_t *c = &cs[k];
        free(c->type);
        free(c->number);
        free(c->date);
        free(c->issuer);
        free(c->pinpoint);
        free(c->clause);
        free(c->text);
        free(c->name);
        free(c->affects);
        free(c->from);
    }
    free(cs);
}

/* A field of a citation: NULL when empty (as the parser gives absent fields). */
static int cit_field(char **out, const char *s, size_t n)
{
    *out = NULL;
    if (n == 0) return 1;
    *out = vb_strndup(s, n);
    return *out != NULL;
}

vb_status_t vb_record_citations(const char *s, size_t len, vb_citation_t **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (len == 0) return VB_OK;
    size_t n = 1;
    for (size_t i = 0; i < len; i++) n += s[i] == 0x1E;
    vb_citation_t *cs = calloc(n, sizeof *cs);
    if (!cs) return VB_ERR_NOMEM;
    size_t k = 0;
    int ok = 1;
    for (const char *p = s, *end = s + len; ok && p <= end && k < n;) {
        const char *e = memchr(p, 0x1E, (size_t)(end - p));
        if (!e) e = end;
        const char *f[VB_RCIT_COUNT_] = { 0 };
        size_t fl[VB_RCIT_COUNT_] = { 0 };
        size_t nf = 0;
        for (const char *q = p; nf < VB_RCIT_COUNT_;) {
            const char *sep = memchr(q, 0x1F, (size_t)(e - q));
            f[nf] = q;
            fl[nf++] = sep ? (size_t)(sep - q) : (size_t)(e - q);
            if (!sep) break;
            q = sep + 1;
        }
        vb_citation_t *c = &cs[k++];
        ok = cit_field(&c->type, f[VB_RCIT_TYPE], fl[VB_RCIT_TYPE]) &&
             cit_field(&c->number, f[VB_RCIT_NUMBER], fl[VB_RCIT_NUMBER]) &&
             cit_field(&c->date, f[VB_RCIT_DATE], fl[VB_RCIT_DATE]) &&
             cit_field(&c->issuer, f[VB_RCIT_ISSUER], fl[VB_RCIT_ISSUER]) &&
             cit_field(&c->pinpoint, f[VB_RCIT_PINPOINT], fl[VB_RCIT_PINPOINT]) &&
             cit_field(&c->clause, f[VB_RCIT_CLAUSE], fl[VB_RCIT_CLAUSE]) &&
             cit_field(&c->text, f[VB_RCIT_TEXT], fl[VB_RCIT_TEXT]) &&
             cit_field(&c->name, f[VB_RCIT_NAME], fl[VB_RCIT_NAME]) &&
             cit_field(&c->affects, f[VB_RCIT_AFFECTS], fl[VB_RCIT_AFFECTS]) &&
             cit_field(&c->from, f[VB_RCIT_FROM], fl[VB_RCIT_FROM]);
        if (fl[VB_RCIT_ROLE]) vb_cite_role_parse(f[VB_RCIT_ROLE], fl[VB_RCIT_ROLE], &c->role);
        unsigned line = 0;
        for (size_t i = 0; i < fl[VB_RCIT_LINE] && f[VB_RCIT_LINE][i] >= '0' && f[VB_RCIT_LINE][i] <= '9'; i++)
            line = line * 10 + (unsigned)(f[VB_RCIT_LINE][i] - '0');
        c->line = line;
        p = e + 1;
    }
    if (!ok) {
        vb_record_citations_free(cs, k);
        return VB_ERR_NOMEM;
    }
    *out = cs;
    *nout = k;
    return VB_OK;
}
