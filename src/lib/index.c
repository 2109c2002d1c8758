/* The index handle: opening one for reading (read/) or writing (write/),
 * the schema check both make, closing, and what any handle can tell. */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include "write/writer.h"

vb_status_t vb_index_xerr(vb_status_t st, const char *what)
{
    if (st != VB_OK) vb_set_error("%s: %s", what, vbx_last_error());
    return st;
}

/* The schema version in the metadata: written into a new index (only then,
 * so that opening an index writes nothing), refused when it is another one. */
vb_status_t vb_index_check_schema(vb_index_t *ix, int writable)
{
    char *v = NULL;
    size_t vl = 0;
    vb_status_t st = vb_index_xerr(vbx_db_get_metadata(ix->db, VB_META_SCHEMA, strlen(VB_META_SCHEMA), &v, &vl),
                                   ix->path);
    if (st != VB_OK) return st;
    unsigned docs = 0;
    vbx_db_doccount(ix->db, &docs);
    if (vl == 0 && writable && docs == 0) {
        st = vb_index_xerr(vbx_wdb_set_metadata(ix->wdb, VB_META_SCHEMA, strlen(VB_META_SCHEMA), VB_SCHEMA_VERSION,
                                                strlen(VB_SCHEMA_VERSION)), ix->path);
    } else if (vl == 0 && docs > 0) {
        vb_set_error("%s: not a vanban index (no schema version; built by another tool?)", ix->path);
        st = VB_ERR_DB_CORRUPT;
    } else if (vl && (vl != strlen(VB_SCHEMA_VERSION) || memcmp(v, VB_SCHEMA_VERSION, vl) != 0)) {
        vb_set_error("%s: index schema %.*s, this vanban reads schema %s: rebuild it with vanban-index --rebuild",
                     ix->path, (int)vl, v, VB_SCHEMA_VERSION);
        st = VB_ERR_DB_CORRUPT;
    }
    free(v);
    return st;
}

vb_status_t vb_index_open(const char *path, unsigned flags, vb_index_t **out)
{
    return vb_index_open_ex(path, flags, NULL, out);
}

vb_status_t vb_index_open_ex(const char *path, unsigned flags, const vb_open_opts_t *opts, vb_index_t **out)
{
    if (!path || !out || (flags & ~(VB_INDEX_WRITE | VB_INDEX_OVERWRITE))) return VB_ERR_INVALID_ARG;
    vb_clear_error();
    vb_index_t *ix = calloc(1, sizeof *ix);
    if (!ix) return VB_ERR_NOMEM;
    ix->rl_fd = -1;
    ix->path = vb_strndup(path, strlen(path));
    if (!ix->path) { free(ix); return VB_ERR_NOMEM; }
    ix->wl_fd = -1;
    vb_status_t st = (flags & VB_INDEX_WRITE) ? vb_write_open(ix, flags) : vb_read_open(ix, opts);
    if (st != VB_OK) {
        if (!ix->wdb) vbx_db_free(ix->db);
        if (ix->rl_fd >= 0) close(ix->rl_fd);
        free(ix->missing);
        vb_read_free_shards(ix);
        free(ix->path);
        free(ix);
        return st;
    }
    *out = ix;
    return VB_OK;
}

vb_status_t vb_index_close(vb_index_t *ix)
{
    if (!ix) return VB_OK;
    vb_status_t st = VB_OK;
    if (ix->wdb || ix->live || ix->wl_fd >= 0) st = vb_write_close(ix);
    else vbx_db_free(ix->db);
    if (ix->rl_fd >= 0) close(ix->rl_fd);   /* lets go of its locks */
    vb_thesaurus_free(ix->thes);
    vb_legal_memo_free(ix->memo);
    vb_catalog_free(ix->catalog);
    free(ix->missing);
    vb_read_free_shards(ix);
    free(ix->path);
    free(ix);
    return st;
}

vb_status_t vb_index_counts(vb_index_t *ix, size_t *documents, size_t *clauses)
{
    if (!ix) return VB_ERR_INVALID_ARG;
    unsigned d = 0, c = 0;
    vb_status_t st = vb_index_xerr(vbx_db_doccount(ix->db, &d), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_db_collection_freq(ix->db, VB_P_CLAUSES, strlen(VB_P_CLAUSES), &c), ix->path);
    if (st != VB_OK) return st;
    if (documents) *documents = d;
    if (clauses) *clauses = (size_t)c;
    return VB_OK;
}

vb_status_t vb_index_revision(vb_index_t *ix, uint64_t *revision)
{
    if (!ix || !revision) return VB_ERR_INVALID_ARG;
    return vb_index_xerr(vbx_db_get_revision(ix->db, revision), ix->path);
}

