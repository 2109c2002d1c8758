/* catalog: an optional TSV catalogue (vanban-index --catalog) that fills in
 * the header fields a document's text lacks, never overriding the text. */
#include <errno.h>
#include <stdio.h>
#include "read/handle.h"
#include "write/writer.h"
#include "doc/doc_internal.h"

enum { CF_FILE, CF_NUMBER, CF_TYPE, CF_ISSUER, CF_DATE, CF_SUBJECT, CF_COUNT };
static const char *const CNAME[CF_COUNT] = { "file", "number", "type", "issuer", "date", "subject" };

typedef struct {
    char *f[CF_COUNT];   /* NULL when the cell is empty */
} crow_t;

struct vb_catalog {
    crow_t *rows;
    size_t n;
};

void vb_catalog_free(struct vb_catalog *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++)
        for (int k = 0; k < CF_COUNT; k++) free(c->rows[i].f[k]);
    free(c->rows);
    free(c);
}

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

vb_status_t vb_index_set_catalog(vb_index_t *ix, const char *tsv_path)
{
    if (!ix || !tsv_path) return VB_ERR_INVALID_ARG;
    if (!ix->wdb) {
        vb_set_error("a catalogue is for indexing: the index is open read-only");
        return VB_ERR_INVALID_ARG;
    }
    FILE *fp = fopen(tsv_path, "r");
    if (!fp) {
        int e = errno;
        vb_set_error("%s: %s", tsv_path, strerror(e));
        errno = e;
        return VB_ERR_IO;
    }
    struct vb_catalog *c = calloc(1, sizeof *c);
    if (!c) { fclose(fp); return VB_ERR_NOMEM; }
    int col[CF_COUNT];
    size_t ncols = 0, cap = 0, lineno = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    vb_status_t st = VB_OK;
    for (int k = 0; k < CF_COUNT; k++) col[k] = -1;
    while ((len = getline(&line, &lcap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        char *cell[64];
        size_t nc = 0;
        cell[nc++] = line;
        for (char *p = line; *p; p++)
            if (*p == '\t') {
                *p = '\0';
                if (nc == 64) break;
                cell[nc++] = p + 1;
            }
        if (ncols == 0) {   /* the header row names the columns */
            for (size_t i = 0; i < nc; i++)
                for (int k = 0; k < CF_COUNT; k++)
                    if (!strcmp(cell[i], CNAME[k])) col[k] = (int)i;
            if (col[CF_FILE] < 0) {
                vb_set_error("%s:%zu: the header row has no 'file' column (columns: file number type issuer date "
                             "subject)", tsv_path, lineno);
                st = VB_ERR_INVALID_ARG;
                break;
            }
            ncols = nc;
            continue;
        }
        if (nc != ncols) {
            vb_set_error("%s:%zu: %zu columns, the header row has %zu", tsv_path, lineno, nc, ncols);
            st = VB_ERR_INVALID_ARG;
            break;
        }
        const char *file = cell[col[CF_FILE]];
        if (!*file) {
            vb_set_error("%s:%zu: empty 'file'", tsv_path, lineno);
            st = VB_ERR_INVALID_ARG;
            break;
        }
        if (col[CF_DATE] >= 0 && *cell[col[CF_DATE]] && !valid_date(cell[col[CF_DATE]])) {
            vb_set_error("%s:%zu: date '%s' is not YYYY-MM-DD", tsv_path, lineno, cell[col[CF_DATE]]);
            st = VB_ERR_INVALID_ARG;
            break;
        }
        if (c->n == cap) {
            cap = cap ? cap * 2 : 64;
            crow_t *r = realloc(c->rows, cap * sizeof *r);
            if (!r) { st = VB_ERR_NOMEM; break; }
            c->rows = r;
        }
        crow_t *r = &c->rows[c->n++];
        memset(r, 0, sizeof *r);
        for (int k = 0; k < CF_COUNT && st == VB_OK; k++) {
            if (col[k] < 0 || !*cell[col[k]]) continue;
            const char *v = k == CF_FILE ? base_name(cell[col[k]]) : cell[col[k]];
            r->f[k] = vb_strndup(v, strlen(v));
            if (!r->f[k]) st = VB_ERR_NOMEM;
        }
    }
    free(line);
    fclose(fp);
    if (st == VB_OK && ncols == 0) {
        vb_set_error("%s: no header row (columns: file number type issuer date subject)", tsv_path);
        st = VB_ERR_INVALID_ARG;
    }
    if (st != VB_OK) { vb_catalog_free(c); return st; }
    vb_catalog_free(ix->catalog);
    ix->catalog = c;
    return VB_OK;
}

vb_status_t vb_catalog_apply(const struct vb_catalog *c, const char *path, vb_doc_t *doc)
{
    if (!c) return VB_OK;
    const char *b = base_name(path);
    const crow_t *r = NULL;
    for (size_t i = 0; i < c->n && !r; i++)
        if (!strcmp(c->rows[i].f[CF_FILE], b)) r = &c->rows[i];
    if (!r) return VB_OK;
    if (r->f[CF_NUMBER] && !doc->number) {
        if (!(doc->number = vb_strndup(r->f[CF_NUMBER], strlen(r->f[CF_NUMBER])))) return VB_ERR_NOMEM;
    }
    if (r->f[CF_TYPE] && !doc->type) {
        const char *t = vb_doc_type_canonical(r->f[CF_TYPE], strlen(r->f[CF_TYPE]));
        if (!t) t = r->f[CF_TYPE];
        if (!(doc->type = vb_strndup(t, strlen(t)))) return VB_ERR_NOMEM;
    }
    if (r->f[CF_ISSUER] && doc->issuer_count == 0) {
        char **v = malloc(sizeof *v);
        if (!v) return VB_ERR_NOMEM;
        v[0] = d_body_canonical(r->f[CF_ISSUER], strlen(r->f[CF_ISSUER]));
        if (!v[0]) { free(v); return VB_ERR_NOMEM; }
        free(doc->issuer);
        doc->issuer = v;
        doc->issuer_count = 1;
    }
    if (r->f[CF_DATE] && !doc->date) {
        if (!(doc->date = vb_strndup(r->f[CF_DATE], 10))) return VB_ERR_NOMEM;
    }
    if (r->f[CF_SUBJECT] && !doc->subject) {
        if (!(doc->subject = vb_strndup(r->f[CF_SUBJECT], strlen(r->f[CF_SUBJECT])))) return VB_ERR_NOMEM;
    }
    return VB_OK;
}
