/* doc_infer: what a document without a header gets from its file name. */
#include <stdio.h>
#include "doc/doc_internal.h"

/* symbol codes written with Đ, restored from a file name typed without it */
static const char *const WITH_D[][2] = {
    { "nd", "NĐ" }, { "qd", "QĐ" }, { "bcd", "BCĐ" }, { "hdnd", "HĐND" }, { "ldtbxh", "LĐTBXH" },
    { "bldtbxh", "BLĐTBXH" }, { "bgddt", "BGDĐT" }, { "bkhdt", "BKHĐT" }, { "cd", "CĐ" },
};

static int add_warning(vb_doc_t *doc, const char *msg)
{
    char **v = realloc(doc->warnings, (doc->warning_count + 1) * sizeof *v);
    if (!v) return 0;
    doc->warnings = v;
    v[doc->warning_count] = vb_strndup(msg, strlen(msg));
    if (!v[doc->warning_count]) return 0;
    doc->warning_count++;
    return 1;
}

vb_status_t vb_doc_infer_from_name(vb_doc_t *doc, const char *path)
{
    if (!doc || !path) return VB_ERR_INVALID_ARG;
    if (doc->number) return VB_OK;          /* the text says it: never overridden */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot > base) n = (size_t)(dot - base);
    /* an archive's running index: "0761_" */
    size_t i = 0;
    while (i < n && base[i] >= '0' && base[i] <= '9') i++;
    if (i > 0 && i < n && base[i] == '_') base += i + 1, n -= i + 1;
    /* NUMBER ( - YEAR )? ( - CODE )+ : "5526-ct-cs", "158-2025-nd-cp", "19-bkhcn" */
    i = 0;
    while (i < n && base[i] >= '0' && base[i] <= '9') i++;
    if (i == 0 || i > 6 || i >= n || base[i] != '-') return VB_OK;
    vb_buf_t b = {0};
    vb_buf_append(&b, base, i);
    size_t codes = 0;
    int year = 0;
    while (i < n) {
        if (base[i] != '-') { vb_buf_free(&b); return VB_OK; }
        i++;
        size_t s = i, digits = 0, letters = 0;
        while (i < n && base[i] != '-') {
            char ch = base[i];
            if (ch >= '0' && ch <= '9') digits++;
            else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) letters++;
            else { vb_buf_free(&b); return VB_OK; }
            i++;
        }
        size_t l = i - s;
        if (l == 0 || l > 10) { vb_buf_free(&b); return VB_OK; }
        if (digits && letters) { vb_buf_free(&b); return VB_OK; }   /* "signed2", a slug */
        if (digits) {
            if (codes || digits != 4) { vb_buf_free(&b); return VB_OK; }   /* only a year, before the codes */
            vb_buf_putc(&b, '/');
            vb_buf_append(&b, base + s, l);
            year = 1;
            continue;
        }
        vb_buf_putc(&b, codes ? '-' : '/');
        char low[16];
        for (size_t k = 0; k < l; k++) low[k] = (char)(base[s + k] | 0x20);
        low[l] = '\0';
        const char *with = NULL;
        for (size_t k = 0; k < sizeof WITH_D / sizeof WITH_D[0]; k++)
            if (WITH_D[k][1] && !strcmp(low, WITH_D[k][0])) with = WITH_D[k][1];
        if (with) vb_buf_puts(&b, with);
        else for (size_t k = 0; k < l; k++) vb_buf_putc(&b, (char)(low[k] & ~0x20));
        codes++;
    }
    /* plainly a number: at least one code, and no word of a slug among them */
    if (codes == 0 || codes > 3 || b.oom) {
        int oom = b.oom;
        vb_buf_free(&b);
        return oom ? VB_ERR_NOMEM : VB_OK;
    }
    char *num = vb_buf_steal(&b);
    if (!num) return VB_ERR_NOMEM;
    doc->number = num;
    doc->number_inferred = 1;
    char msg[160];
    snprintf(msg, sizeof msg, "no number in the text: %s inferred from the file name", num);
    if (!add_warning(doc, msg)) return VB_ERR_NOMEM;
    if (!doc->type && year) {   /* "N/YYYY/TYPE-BODY"; without a year the code may be the issuer's ("CT-CS") */
        const char *t = d_type_from_code(num, strlen(num));
        if (t) {
            doc->type = vb_strndup(t, strlen(t));
            if (!doc->type) return VB_ERR_NOMEM;
        }
    }
    return VB_OK;
}
