// vbx.cc — thin C binding to Xapian 1.4 (see vbx.h).
//
// Every extern "C" entry point runs its body inside guard(), which turns any
// C++ exception into a vb_status_t and records the message per thread.

#include "xapian/vbx.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <sys/stat.h>

static_assert(sizeof(Xapian::docid) == sizeof(unsigned), "docid is not unsigned");
static_assert(sizeof(Xapian::termcount) == sizeof(unsigned), "termcount is not unsigned");
static_assert(sizeof(Xapian::termpos) == sizeof(unsigned), "termpos is not unsigned");
static_assert(sizeof(Xapian::valueno) == sizeof(unsigned), "valueno is not unsigned");
static_assert(Xapian::BAD_VALUENO == VBX_BAD_VALUENO, "BAD_VALUENO differs");

// ---------------------------------------------------------------- handles

struct vbx_db {
    Xapian::Database db;
    bool view;  // owned by a vbx_wdb: vbx_db_free() ignores it
};

struct vbx_wdb {
    Xapian::WritableDatabase wdb;
    vbx_db view;
    bool in_txn;
};

struct vbx_doc {
    Xapian::Document doc;
};

struct vbx_query {
    Xapian::Query q;
};

struct vbx_enquire {
    explicit vbx_enquire(const Xapian::Database &db) : e(db) {}
    Xapian::Enquire e;
};

struct vbx_mset {
    Xapian::MSet m;
};

// Iterators start before the first item (started == false).  After an error
// the status is kept in `failed` and returned by later calls.
struct vbx_termiter {
    Xapian::Database keep;  // keeps the database alive
    Xapian::TermIterator it;
    std::string cur;
    bool started = false;
    bool done = false;
    vb_status_t failed = VB_OK;
};

struct vbx_postiter {
    Xapian::Database keep;
    Xapian::PostingIterator it;
    bool started = false;
    bool done = false;
    vb_status_t failed = VB_OK;
};

struct vbx_positer {
    Xapian::Database keep;
    Xapian::PositionIterator it;
    bool started = false;
    bool done = false;
    vb_status_t failed = VB_OK;
};

// ---------------------------------------------------------------- errors

namespace {

thread_local std::string t_last_error;
thread_local int t_modified = 0;

void set_error(const char *msg, int modified = 0) noexcept
{
    try {
        t_last_error.assign(msg);
    } catch (...) {
        t_last_error.clear();
    }
    t_modified = modified;
}

void set_error(const std::string &msg, int modified = 0) noexcept
{
    set_error(msg.c_str(), modified);
}

vb_status_t fail(vb_status_t st, const char *msg) noexcept
{
    set_error(msg);
    return st;
}

bool path_missing(const char *path)
{
    struct stat st;
    return path != nullptr && stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

// Translate the exception being handled.  Must be called from a catch block.
// PATH (may be NULL) is the path being opened, to tell a missing database
// from other DatabaseOpeningErrors; WRITING marks vbx_wdb_open.
vb_status_t translate(const char *path = nullptr, bool writing = false) noexcept
{
    try {
        throw;
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_error(e.get_description(), 1);
        return VB_ERR_XAPIAN;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        set_error(e.get_description());
        return VB_ERR_DB_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        set_error(e.get_description());
        return path_missing(path) ? VB_ERR_DB_NOT_FOUND : VB_ERR_XAPIAN;
    } catch (const Xapian::DatabaseLockError &e) {
        set_error(e.get_description());
        return VB_ERR_DB_LOCKED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        set_error(e.get_description());
        return VB_ERR_DB_CORRUPT;
    } catch (const Xapian::NetworkTimeoutError &e) {
        set_error(e.get_description());
        return VB_ERR_TIMEOUT;
    } catch (const Xapian::DocNotFoundError &e) {
        set_error(e.get_description());
        return VB_ERR_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        set_error(e.get_description());
        return VB_ERR_INVALID_ARG;
    } catch (const Xapian::InvalidOperationError &e) {
        set_error(e.get_description());
        return writing ? VB_ERR_DB_READONLY : VB_ERR_XAPIAN;
    } catch (const Xapian::Error &e) {
        set_error(e.get_description());
        return VB_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        set_error("out of memory");
        return VB_ERR_NOMEM;
    } catch (const std::exception &e) {
        set_error(std::string("C++ exception: ") + e.what());
        return VB_ERR_XAPIAN;
    } catch (...) {
        set_error("unknown C++ exception");
        return VB_ERR_XAPIAN;
    }
}

template <class F>
inline vb_status_t guard(F f) noexcept
{
    try {
        return f();
    } catch (...) {
        return translate();
    }
}

// A byte string argument: NULL is allowed only with length 0.
inline bool bad_bytes(const char *p, size_t len) { return p == nullptr && len != 0; }

inline std::string bytes(const char *p, size_t len)
{
    return len ? std::string(p, len) : std::string();
}

// A malloc'd NUL-terminated copy of S.
char *dup_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

vb_status_t bad_arg(const char *func, const char *cond) noexcept
{
    try {
        set_error(std::string(func) + ": invalid argument (" + cond + ")");
    } catch (...) {
        set_error("invalid argument");
    }
    return VB_ERR_INVALID_ARG;
}

#define VBX_ARG(cond)                                   \
    do {                                                \
        if (!(cond)) return bad_arg(__func__, #cond);   \
    } while (0)

}  // namespace

// The definitions below get C linkage from their declarations in vbx.h.

const char *vbx_last_error(void) { return t_last_error.c_str(); }

int vbx_last_error_was_modified(void) { return t_modified; }

// ---------------------------------------------------------------- read database

vb_status_t vbx_db_open(const char *path, vbx_db_t **out)
{
    VBX_ARG(path != nullptr && path[0] != '\0');
    VBX_ARG(out != nullptr);
    try {
        std::unique_ptr<vbx_db> h(new vbx_db{Xapian::Database(path), false});
        *out = h.release();
        return VB_OK;
    } catch (...) {
        return translate(path);
    }
}

vb_status_t vbx_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                               unsigned connect_timeout_ms, vbx_db_t **out)
{
    VBX_ARG(host != nullptr && host[0] != '\0');
    VBX_ARG(port > 0 && port < 65536);
    VBX_ARG(out != nullptr);
    return guard([&] {
        std::unique_ptr<vbx_db> h(new vbx_db{
            Xapian::Remote::open(host, port, timeout_ms, connect_timeout_ms), false});
        *out = h.release();
        return VB_OK;
    });
}

vb_status_t vbx_db_new_empty(vbx_db_t **out)
{
    VBX_ARG(out != nullptr);
    return guard([&] {
        *out = new vbx_db{Xapian::Database(), false};
        return VB_OK;
    });
}

vb_status_t vbx_db_add_shard(vbx_db_t *db, const vbx_db_t *shard)
{
    VBX_ARG(db != nullptr && shard != nullptr);
    VBX_ARG(!db->view);
    VBX_ARG(db != shard);
    return guard([&] {
        db->db.add_database(shard->db);
        return VB_OK;
    });
}

vb_status_t vbx_db_compact(vbx_db_t *db, const char *dest, int renumber)
{
    VBX_ARG(db != nullptr && dest != nullptr && *dest);
    return guard([&] {
        /* FULL splits items wherever that saves space (1 % of the index;
         * FULLER's oversize items slow later updates down) */
        unsigned flags = Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL;
        if (!renumber) flags |= Xapian::DBCOMPACT_NO_RENUMBER;
        db->db.compact(std::string(dest), flags);
        return VB_OK;
    });
}

vb_status_t vbx_db_reopen(vbx_db_t *db, int *changed)
{
    VBX_ARG(db != nullptr);
    return guard([&] {
        bool c = db->db.reopen();
        if (changed) *changed = c ? 1 : 0;
        return VB_OK;
    });
}

void vbx_db_free(vbx_db_t *db)
{
    if (!db || db->view) return;
    try {
        delete db;
    } catch (...) {
    }
}

vb_status_t vbx_db_doccount(const vbx_db_t *db, unsigned *out)
{
    VBX_ARG(db != nullptr && out != nullptr);
    return guard([&] {
        *out = db->db.get_doccount();
        return VB_OK;
    });
}

vb_status_t vbx_db_uuid(const vbx_db_t *db, char **out)
{
    VBX_ARG(db != nullptr && out != nullptr);
    return guard([&] {
        *out = dup_string(db->db.get_uuid());
        return *out ? VB_OK : VB_ERR_NOMEM;
    });
}

vb_status_t vbx_db_termfreq(const vbx_db_t *db, const char *term, size_t len, unsigned *out)
{
    VBX_ARG(db != nullptr && out != nullptr && !bad_bytes(term, len));
    return guard([&] {
        *out = db->db.get_termfreq(bytes(term, len));
        return VB_OK;
    });
}

vb_status_t vbx_db_collection_freq(const vbx_db_t *db, const char *term, size_t len,
                                   unsigned *out)
{
    VBX_ARG(db != nullptr && out != nullptr && !bad_bytes(term, len));
    return guard([&] {
        *out = db->db.get_collection_freq(bytes(term, len));
        return VB_OK;
    });
}

vb_status_t vbx_db_term_exists(const vbx_db_t *db, const char *term, size_t len, int *exists)
{
    VBX_ARG(db != nullptr && exists != nullptr && !bad_bytes(term, len));
    return guard([&] {
        *exists = db->db.term_exists(bytes(term, len)) ? 1 : 0;
        return VB_OK;
    });
}

vb_status_t vbx_db_get_revision(const vbx_db_t *db, uint64_t *out)
{
    VBX_ARG(db != nullptr && out != nullptr);
    return guard([&] {
        *out = static_cast<uint64_t>(db->db.get_revision());
        return VB_OK;
    });
}

vb_status_t vbx_db_get_metadata(const vbx_db_t *db, const char *key, size_t keylen, char **val,
                                size_t *vallen)
{
    VBX_ARG(db != nullptr && key != nullptr && keylen > 0);
    VBX_ARG(val != nullptr && vallen != nullptr);
    return guard([&] {
        std::string v = db->db.get_metadata(std::string(key, keylen));
        *val = dup_string(v);
        *vallen = v.size();
        return VB_OK;
    });
}

vb_status_t vbx_db_get_document(const vbx_db_t *db, unsigned docid, vbx_doc_t **out)
{
    VBX_ARG(db != nullptr && out != nullptr);
    VBX_ARG(docid != 0);
    return guard([&] {
        std::unique_ptr<vbx_doc> d(new vbx_doc);
        d->doc = db->db.get_document(docid);
        *out = d.release();
        return VB_OK;
    });
}

vb_status_t vbx_db_allterms(const vbx_db_t *db, const char *prefix, size_t prefixlen,
                            vbx_termiter_t **out)
{
    VBX_ARG(db != nullptr && out != nullptr && !bad_bytes(prefix, prefixlen));
    return guard([&] {
        std::unique_ptr<vbx_termiter> it(new vbx_termiter);
        it->keep = db->db;
        it->it = db->db.allterms_begin(bytes(prefix, prefixlen));
        *out = it.release();
        return VB_OK;
    });
}

vb_status_t vbx_db_postlist(const vbx_db_t *db, const char *term, size_t len,
                            vbx_postiter_t **out)
{
    VBX_ARG(db != nullptr && out != nullptr && !bad_bytes(term, len));
    return guard([&] {
        std::unique_ptr<vbx_postiter> it(new vbx_postiter);
        it->keep = db->db;
        it->it = db->db.postlist_begin(bytes(term, len));
        *out = it.release();
        return VB_OK;
    });
}

vb_status_t vbx_db_postings(const vbx_db_t *db, const char *term, size_t len, unsigned **docs,
                            unsigned **wdfs, size_t *n)
{
    VBX_ARG(db != nullptr && docs != nullptr && wdfs != nullptr && n != nullptr && len > 0 &&
            !bad_bytes(term, len));
    *docs = nullptr;
    *wdfs = nullptr;
    *n = 0;
    return guard([&] {
        Xapian::Enquire e(db->db);
        e.set_query(Xapian::Query(bytes(term, len)));
        // "nnn": the weight of a file is the term's wdf (an integer, exact in a double)
        e.set_weighting_scheme(Xapian::TfIdfWeight("nnn"));
        Xapian::doccount all = db->db.get_doccount();
        Xapian::MSet m = e.get_mset(0, all ? all : 1);
        std::vector<std::pair<unsigned, unsigned>> v;
        v.reserve(m.size());
        for (Xapian::MSetIterator i = m.begin(); i != m.end(); ++i)
            v.emplace_back(*i, static_cast<unsigned>(i.get_weight() + 0.5));
        std::sort(v.begin(), v.end());
        if (v.empty()) return VB_OK;
        unsigned *d = static_cast<unsigned *>(malloc(v.size() * sizeof *d));
        unsigned *w = static_cast<unsigned *>(malloc(v.size() * sizeof *w));
        if (!d || !w) {
            free(d);
            free(w);
            return VB_ERR_NOMEM;
        }
        for (size_t k = 0; k < v.size(); k++) {
            d[k] = v[k].first;
            w[k] = v[k].second;
        }
        *docs = d;
        *wdfs = w;
        *n = v.size();
        return VB_OK;
    });
}

vb_status_t vbx_db_positionlist(const vbx_db_t *db, unsigned docid, const char *term,
                                size_t len, vbx_positer_t **out)
{
    VBX_ARG(db != nullptr && out != nullptr && !bad_bytes(term, len));
    VBX_ARG(docid != 0);
    return guard([&] {
        std::unique_ptr<vbx_positer> it(new vbx_positer);
        it->keep = db->db;
        it->it = db->db.positionlist_begin(docid, bytes(term, len));
        *out = it.release();
        return VB_OK;
    });
}

vb_status_t vbx_db_positions(const vbx_db_t *db, unsigned docid, const char *term, size_t len,
                             uint32_t **v, size_t *n, size_t *cap)
{
    VBX_ARG(db != nullptr && v != nullptr && n != nullptr && cap != nullptr && !bad_bytes(term, len));
    VBX_ARG(docid != 0 && *n <= *cap);
    return guard([&] {
        std::string t = bytes(term, len);
        Xapian::PositionIterator end = db->db.positionlist_end(docid, t);
        for (Xapian::PositionIterator it = db->db.positionlist_begin(docid, t); it != end; ++it) {
            if (*n == *cap) {
                size_t c = *cap ? 2 * *cap : 64;
                if (c > SIZE_MAX / sizeof **v) throw std::bad_alloc();
                void *p = std::realloc(*v, c * sizeof **v);
                if (!p) throw std::bad_alloc();
                *v = static_cast<uint32_t *>(p);
                *cap = c;
            }
            (*v)[(*n)++] = *it;
        }
        return VB_OK;
    });
}

vb_status_t vbx_db_values(const vbx_db_t *db, unsigned slot, const unsigned *docids, size_t n,
                          vbx_value_fn fn, void *data)
{
    VBX_ARG(db != nullptr && fn != nullptr && (docids != nullptr || n == 0));
    for (size_t i = 1; i < n; i++) VBX_ARG(docids[i - 1] < docids[i]);
    return guard([&] {
        if (n == 0) return VB_OK;
        Xapian::ValueIterator end = db->db.valuestream_end(slot);
        Xapian::ValueIterator it = db->db.valuestream_begin(slot);
        for (size_t i = 0; i < n && it != end; i++) {
            it.skip_to(docids[i]);
            if (it == end) break;
            if (it.get_docid() != docids[i]) continue;
            const std::string v = *it;
            if (fn(data, i, v.data(), v.size())) break;
        }
        return VB_OK;
    });
}

// ---------------------------------------------------------------- writable database

vb_status_t vbx_wdb_open(const char *path, int flags, vbx_wdb_t **out)
{
    VBX_ARG(path != nullptr && path[0] != '\0');
    VBX_ARG(out != nullptr);
    const int known = VBX_DB_ACTION_MASK | VBX_DB_NO_SYNC | VBX_DB_BACKEND_GLASS |
                      VBX_DB_RETRY_LOCK;
    if (flags & ~known) return fail(VB_ERR_INVALID_ARG, "vbx_wdb_open: unknown flag bits");

    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        set_error(std::string("vbx_wdb_open: '") + path +
                  "' is a file (a stub or single-file database), which is read-only");
        return VB_ERR_DB_READONLY;
    }

    int xflags = 0;
    switch (flags & VBX_DB_ACTION_MASK) {
    case VBX_DB_CREATE_OR_OPEN: xflags = Xapian::DB_CREATE_OR_OPEN; break;
    case VBX_DB_CREATE_OR_OVERWRITE: xflags = Xapian::DB_CREATE_OR_OVERWRITE; break;
    case VBX_DB_CREATE: xflags = Xapian::DB_CREATE; break;
    default: xflags = Xapian::DB_OPEN; break;
    }
    if (flags & VBX_DB_NO_SYNC) xflags |= Xapian::DB_NO_SYNC;
    if (flags & VBX_DB_BACKEND_GLASS) xflags |= Xapian::DB_BACKEND_GLASS;
    if (flags & VBX_DB_RETRY_LOCK) xflags |= Xapian::DB_RETRY_LOCK;

    try {
        std::unique_ptr<vbx_wdb> h(new vbx_wdb);
        h->wdb = Xapian::WritableDatabase(path, xflags);
        h->view.db = h->wdb;  // shares the writable internals
        h->view.view = true;
        h->in_txn = false;
        *out = h.release();
        return VB_OK;
    } catch (...) {
        return translate(path, true);
    }
}

vbx_db_t *vbx_wdb_db(vbx_wdb_t *wdb) { return wdb ? &wdb->view : nullptr; }

vb_status_t vbx_wdb_begin_transaction(vbx_wdb_t *wdb, int flushed)
{
    VBX_ARG(wdb != nullptr);
    return guard([&] {
        wdb->wdb.begin_transaction(flushed != 0);
        wdb->in_txn = true;
        return VB_OK;
    });
}

vb_status_t vbx_wdb_commit_transaction(vbx_wdb_t *wdb)
{
    VBX_ARG(wdb != nullptr);
    return guard([&] {
        wdb->wdb.commit_transaction();
        wdb->in_txn = false;
        return VB_OK;
    });
}

vb_status_t vbx_wdb_cancel_transaction(vbx_wdb_t *wdb)
{
    VBX_ARG(wdb != nullptr);
    return guard([&] {
        wdb->wdb.cancel_transaction();
        wdb->in_txn = false;
        return VB_OK;
    });
}

vb_status_t vbx_wdb_commit(vbx_wdb_t *wdb)
{
    VBX_ARG(wdb != nullptr);
    return guard([&] {
        wdb->wdb.commit();
        return VB_OK;
    });
}

vb_status_t vbx_wdb_close(vbx_wdb_t *wdb)
{
    VBX_ARG(wdb != nullptr);
    return guard([&] {
        wdb->wdb.close();  // cancels an open transaction, else commits
        wdb->in_txn = false;
        return VB_OK;
    });
}

void vbx_wdb_free(vbx_wdb_t *wdb)
{
    if (!wdb) return;
    // Xapian also cancels an open transaction on destruction; do it
    // explicitly so that it never depends on destructor order.
    try {
        if (wdb->in_txn) wdb->wdb.cancel_transaction();
    } catch (...) {
    }
    try {
        delete wdb;
    } catch (...) {
    }
}

vb_status_t vbx_wdb_replace_document(vbx_wdb_t *wdb, unsigned docid, const vbx_doc_t *doc)
{
    VBX_ARG(wdb != nullptr && doc != nullptr);
    VBX_ARG(docid != 0);
    return guard([&] {
        wdb->wdb.replace_document(docid, doc->doc);
        return VB_OK;
    });
}

vb_status_t vbx_wdb_replace_document_by_term(vbx_wdb_t *wdb, const char *term, size_t len,
                                             const vbx_doc_t *doc, unsigned *docid)
{
    VBX_ARG(wdb != nullptr && doc != nullptr && term != nullptr && len > 0);
    return guard([&] {
        Xapian::docid did = wdb->wdb.replace_document(std::string(term, len), doc->doc);
        if (docid) *docid = did;
        return VB_OK;
    });
}

vb_status_t vbx_wdb_delete_document(vbx_wdb_t *wdb, unsigned docid)
{
    VBX_ARG(wdb != nullptr);
    VBX_ARG(docid != 0);
    return guard([&] {
        wdb->wdb.delete_document(docid);
        return VB_OK;
    });
}

vb_status_t vbx_wdb_delete_document_by_term(vbx_wdb_t *wdb, const char *term, size_t len)
{
    VBX_ARG(wdb != nullptr && term != nullptr && len > 0);
    return guard([&] {
        wdb->wdb.delete_document(std::string(term, len));
        return VB_OK;
    });
}

vb_status_t vbx_wdb_set_metadata(vbx_wdb_t *wdb, const char *key, size_t keylen,
                                 const char *val, size_t vallen)
{
    VBX_ARG(wdb != nullptr && key != nullptr && keylen > 0 && !bad_bytes(val, vallen));
    return guard([&] {
        wdb->wdb.set_metadata(std::string(key, keylen), bytes(val, vallen));
        return VB_OK;
    });
}

// ---------------------------------------------------------------- document

vb_status_t vbx_doc_new(vbx_doc_t **out)
{
    VBX_ARG(out != nullptr);
    return guard([&] {
        *out = new vbx_doc;
        return VB_OK;
    });
}

void vbx_doc_free(vbx_doc_t *doc)
{
    try {
        delete doc;
    } catch (...) {
    }
}

vb_status_t vbx_doc_add_posting(vbx_doc_t *doc, const char *term, size_t len, unsigned termpos,
                                unsigned wdfinc)
{
    VBX_ARG(doc != nullptr && term != nullptr && len > 0);
    return guard([&] {
        doc->doc.add_posting(std::string(term, len), termpos, wdfinc);
        return VB_OK;
    });
}

vb_status_t vbx_doc_add_term(vbx_doc_t *doc, const char *term, size_t len, unsigned wdfinc)
{
    VBX_ARG(doc != nullptr && term != nullptr && len > 0);
    return guard([&] {
        doc->doc.add_term(std::string(term, len), wdfinc);
        return VB_OK;
    });
}

vb_status_t vbx_doc_add_boolean_term(vbx_doc_t *doc, const char *term, size_t len)
{
    VBX_ARG(doc != nullptr && term != nullptr && len > 0);
    return guard([&] {
        doc->doc.add_boolean_term(std::string(term, len));
        return VB_OK;
    });
}

vb_status_t vbx_doc_set_data(vbx_doc_t *doc, const char *data, size_t len)
{
    VBX_ARG(doc != nullptr && !bad_bytes(data, len));
    return guard([&] {
        doc->doc.set_data(bytes(data, len));
        return VB_OK;
    });
}

vb_status_t vbx_doc_get_data(vbx_doc_t *doc, char **out, size_t *len)
{
    VBX_ARG(doc != nullptr && out != nullptr && len != nullptr);
    return guard([&] {
        std::string d = doc->doc.get_data();
        *out = dup_string(d);
        *len = d.size();
        return VB_OK;
    });
}

vb_status_t vbx_doc_add_value(vbx_doc_t *doc, unsigned slot, const char *val, size_t len)
{
    VBX_ARG(doc != nullptr && !bad_bytes(val, len));
    VBX_ARG(slot != VBX_BAD_VALUENO);
    return guard([&] {
        doc->doc.add_value(slot, bytes(val, len));
        return VB_OK;
    });
}

vb_status_t vbx_doc_get_value(vbx_doc_t *doc, unsigned slot, char **out, size_t *len)
{
    VBX_ARG(doc != nullptr && out != nullptr && len != nullptr);
    VBX_ARG(slot != VBX_BAD_VALUENO);
    return guard([&] {
        std::string v = doc->doc.get_value(slot);
        *out = dup_string(v);
        *len = v.size();
        return VB_OK;
    });
}

// ---------------------------------------------------------------- iterators

namespace {

// Common stepping logic.  STEP advances the Xapian iterator (or skips);
// returns true when positioned on an item.
template <class It, class Step>
vb_status_t iter_move(It *it, int *has, Step step)
{
    if (it->failed != VB_OK) {
        set_error("iterator already failed");
        return it->failed;
    }
    if (it->done) {
        *has = 0;
        return VB_OK;
    }
    try {
        step();
        it->started = true;
        if (it->it == decltype(it->it)()) {
            it->done = true;
            *has = 0;
        } else {
            *has = 1;
        }
        return VB_OK;
    } catch (...) {
        it->failed = translate();
        return it->failed;
    }
}

}  // namespace

vb_status_t vbx_termiter_next(vbx_termiter_t *it, int *has, const char **term, size_t *len)
{
    VBX_ARG(it != nullptr && has != nullptr);
    int h = 0;
    vb_status_t st = iter_move(it, &h, [&] {
        if (it->started) ++it->it;
        if (it->it != Xapian::TermIterator()) it->cur = *it->it;
    });
    if (st != VB_OK) return st;
    *has = h;
    if (term) *term = h ? it->cur.c_str() : nullptr;
    if (len) *len = h ? it->cur.size() : 0;
    return VB_OK;
}

vb_status_t vbx_termiter_termfreq(const vbx_termiter_t *it, unsigned *freq)
{
    VBX_ARG(it != nullptr && freq != nullptr);
    *freq = 0;
    if (it->failed != VB_OK || !it->started || it->done) return it->failed;
    return guard([&] {
        *freq = it->it.get_termfreq();
        return VB_OK;
    });
}

void vbx_termiter_free(vbx_termiter_t *it)
{
    try {
        delete it;
    } catch (...) {
    }
}

vb_status_t vbx_postiter_next(vbx_postiter_t *it, int *has, unsigned *docid, unsigned *wdf)
{
    VBX_ARG(it != nullptr && has != nullptr);
    unsigned d = 0, w = 0;
    int h = 0;
    vb_status_t st = iter_move(it, &h, [&] {
        if (it->started) ++it->it;
        if (it->it != Xapian::PostingIterator()) {
            d = *it->it;
            if (wdf) w = it->it.get_wdf();
        }
    });
    if (st != VB_OK) return st;
    *has = h;
    if (docid) *docid = h ? d : 0;
    if (wdf) *wdf = h ? w : 0;
    return VB_OK;
}

void vbx_postiter_free(vbx_postiter_t *it)
{
    try {
        delete it;
    } catch (...) {
    }
}

vb_status_t vbx_positer_next(vbx_positer_t *it, int *has, unsigned *pos)
{
    VBX_ARG(it != nullptr && has != nullptr);
    unsigned p = 0;
    int h = 0;
    vb_status_t st = iter_move(it, &h, [&] {
        if (it->started) ++it->it;
        if (it->it != Xapian::PositionIterator()) p = *it->it;
    });
    if (st != VB_OK) return st;
    *has = h;
    if (pos) *pos = h ? p : 0;
    return VB_OK;
}

void vbx_positer_free(vbx_positer_t *it)
{
    try {
        delete it;
    } catch (...) {
    }
}

// ---------------------------------------------------------------- query

namespace {

vb_status_t new_query(const Xapian::Query &q, vbx_query_t **out)
{
    *out = new vbx_query{q};
    return VB_OK;
}

}  // namespace

vb_status_t vbx_query_term(const char *term, size_t len, unsigned wqf, unsigned pos,
                           vbx_query_t **out)
{
    VBX_ARG(out != nullptr && !bad_bytes(term, len));
    return guard([&] { return new_query(Xapian::Query(bytes(term, len), wqf, pos), out); });
}

vb_status_t vbx_query_match_all(vbx_query_t **out)
{
    VBX_ARG(out != nullptr);
    return guard([&] { return new_query(Xapian::Query::MatchAll, out); });
}

vb_status_t vbx_query_match_nothing(vbx_query_t **out)
{
    VBX_ARG(out != nullptr);
    return guard([&] { return new_query(Xapian::Query::MatchNothing, out); });
}

vb_status_t vbx_query_combine(vbx_query_op_t op, vbx_query_t *const *subs, size_t n,
                              unsigned window, vbx_query_t **out)
{
    VBX_ARG(out != nullptr);
    VBX_ARG(subs != nullptr || n == 0);
    for (size_t i = 0; i < n; i++)
        if (!subs[i]) return fail(VB_ERR_INVALID_ARG, "vbx_query_combine: NULL subquery");
    Xapian::Query::op xop;
    bool windowed = false;
    switch (op) {
    case VBX_QUERY_AND: xop = Xapian::Query::OP_AND; break;
    case VBX_QUERY_OR: xop = Xapian::Query::OP_OR; break;
    case VBX_QUERY_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case VBX_QUERY_XOR: xop = Xapian::Query::OP_XOR; break;
    case VBX_QUERY_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
    case VBX_QUERY_FILTER: xop = Xapian::Query::OP_FILTER; break;
    case VBX_QUERY_NEAR: xop = Xapian::Query::OP_NEAR; windowed = true; break;
    case VBX_QUERY_PHRASE: xop = Xapian::Query::OP_PHRASE; windowed = true; break;
    case VBX_QUERY_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; windowed = true; break;
    case VBX_QUERY_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    case VBX_QUERY_MAX: xop = Xapian::Query::OP_MAX; break;
    default: return fail(VB_ERR_INVALID_ARG, "vbx_query_combine: unknown operator");
    }
    if (!windowed && window != 0)
        return fail(VB_ERR_INVALID_ARG, "vbx_query_combine: window given for an operator without one");
    return guard([&] {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++) v.push_back(subs[i]->q);
        return new_query(Xapian::Query(xop, v.begin(), v.end(), window), out);
    });
}

vb_status_t vbx_query_scale(const vbx_query_t *q, double factor, vbx_query_t **out)
{
    VBX_ARG(q != nullptr && out != nullptr);
    VBX_ARG(factor >= 0 && factor < 1e300);
    return guard([&] { return new_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor), out); });
}

vb_status_t vbx_query_value_range(unsigned slot, const char *lo, size_t lolen, const char *hi,
                                  size_t hilen, vbx_query_t **out)
{
    VBX_ARG(out != nullptr && !bad_bytes(lo, lolen) && !bad_bytes(hi, hilen));
    VBX_ARG(slot != VBX_BAD_VALUENO);
    return guard([&] {
        return new_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, bytes(lo, lolen),
                                       bytes(hi, hilen)),
                         out);
    });
}

vb_status_t vbx_query_value_ge(unsigned slot, const char *lo, size_t lolen, vbx_query_t **out)
{
    VBX_ARG(out != nullptr && !bad_bytes(lo, lolen));
    VBX_ARG(slot != VBX_BAD_VALUENO);
    return guard([&] {
        return new_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, bytes(lo, lolen)), out);
    });
}

vb_status_t vbx_query_value_le(unsigned slot, const char *hi, size_t hilen, vbx_query_t **out)
{
    VBX_ARG(out != nullptr && !bad_bytes(hi, hilen));
    VBX_ARG(slot != VBX_BAD_VALUENO);
    return guard([&] {
        return new_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, bytes(hi, hilen)), out);
    });
}

void vbx_query_free(vbx_query_t *q)
{
    try {
        delete q;
    } catch (...) {
    }
}

// ---------------------------------------------------------------- enquire

vb_status_t vbx_enquire_new(const vbx_db_t *db, vbx_enquire_t **out)
{
    VBX_ARG(db != nullptr && out != nullptr);
    return guard([&] {
        *out = new vbx_enquire(db->db);
        return VB_OK;
    });
}

void vbx_enquire_free(vbx_enquire_t *e)
{
    try {
        delete e;
    } catch (...) {
    }
}

vb_status_t vbx_enquire_set_query(vbx_enquire_t *e, const vbx_query_t *q)
{
    VBX_ARG(e != nullptr && q != nullptr);
    return guard([&] {
        e->e.set_query(q->q);
        return VB_OK;
    });
}

vb_status_t vbx_enquire_set_sort_by_value(vbx_enquire_t *e, unsigned slot, int reverse)
{
    VBX_ARG(e != nullptr && slot != VBX_BAD_VALUENO);
    return guard([&] {
        e->e.set_sort_by_value(slot, reverse != 0);
        return VB_OK;
    });
}

vb_status_t vbx_enquire_set_sort_by_relevance_then_value(vbx_enquire_t *e, unsigned slot, int reverse)
{
    VBX_ARG(e != nullptr && slot != VBX_BAD_VALUENO);
    return guard([&] {
        e->e.set_sort_by_relevance_then_value(slot, reverse != 0);
        return VB_OK;
    });
}

vb_status_t vbx_enquire_set_docid_order(vbx_enquire_t *e, vbx_docid_order_t order)
{
    VBX_ARG(e != nullptr);
    Xapian::Enquire::docid_order o;
    switch (order) {
    case VBX_ASC: o = Xapian::Enquire::ASCENDING; break;
    case VBX_DESC: o = Xapian::Enquire::DESCENDING; break;
    case VBX_DONT_CARE: o = Xapian::Enquire::DONT_CARE; break;
    default: return fail(VB_ERR_INVALID_ARG, "vbx_enquire_set_docid_order: unknown order");
    }
    return guard([&] {
        e->e.set_docid_order(o);
        return VB_OK;
    });
}

vb_status_t vbx_enquire_set_weighting_bool(vbx_enquire_t *e)
{
    VBX_ARG(e != nullptr);
    return guard([&] {
        e->e.set_weighting_scheme(Xapian::BoolWeight());
        return VB_OK;
    });
}

vb_status_t vbx_enquire_set_weighting_wdf(vbx_enquire_t *e)
{
    VBX_ARG(e != nullptr);
    return guard([&] {
        e->e.set_weighting_scheme(Xapian::TfIdfWeight("nnn"));
        return VB_OK;
    });
}

vb_status_t vbx_enquire_get_mset(vbx_enquire_t *e, unsigned first, unsigned maxitems,
                                 unsigned checkatleast, vbx_mset_t **out)
{
    VBX_ARG(e != nullptr && out != nullptr);
    return guard([&] {
        std::unique_ptr<vbx_mset> m(new vbx_mset);
        m->m = e->e.get_mset(first, maxitems, checkatleast);
        *out = m.release();
        return VB_OK;
    });
}

// ---------------------------------------------------------------- match set

size_t vbx_mset_size(const vbx_mset_t *m) { return m ? m->m.size() : 0; }

unsigned vbx_mset_docid(const vbx_mset_t *m, size_t i)
{
    if (!m || i >= m->m.size()) return 0;
    try {
        return *m->m[static_cast<Xapian::doccount>(i)];
    } catch (...) {
        return 0;
    }
}

vb_status_t vbx_mset_get_document(const vbx_mset_t *m, size_t i, vbx_doc_t **out)
{
    VBX_ARG(m != nullptr && out != nullptr);
    VBX_ARG(i < m->m.size());
    return guard([&] {
        std::unique_ptr<vbx_doc> d(new vbx_doc);
        d->doc = m->m[static_cast<Xapian::doccount>(i)].get_document();
        *out = d.release();
        return VB_OK;
    });
}

double vbx_mset_weight(const vbx_mset_t *m, size_t i)
{
    if (!m || i >= m->m.size()) return 0;
    try {
        return m->m[static_cast<Xapian::doccount>(i)].get_weight();
    } catch (...) {
        return 0;
    }
}

unsigned vbx_mset_matches_estimated(const vbx_mset_t *m, unsigned *lo, unsigned *hi)
{
    if (lo) *lo = 0;
    if (hi) *hi = 0;
    if (!m) return 0;
    try {
        if (lo) *lo = m->m.get_matches_lower_bound();
        if (hi) *hi = m->m.get_matches_upper_bound();
        return m->m.get_matches_estimated();
    } catch (...) {
        return 0;
    }
}

void vbx_mset_free(vbx_mset_t *m)
{
    try {
        delete m;
    } catch (...) {
    }
}
