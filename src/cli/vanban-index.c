/* vanban-index: build or update the index, or show what the indexer sees (--dump). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "vanban.h"
#include "sprinter.h"
#include "cli.h"

static const char *prog = "vanban-index";

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: vanban-index [--db PATH] [--encoding ENC] [--prune] [--rebuild] [--jobs N] [--quiet]\n"
            "                    [--include GLOB]... [--shard K/N] [--catalog FILE.tsv] PATH...\n"
            "       vanban-index --dump [--tokens] [--encoding ENC] FILE...\n"
            "\n"
            "Index Vietnamese administrative documents: text in any encoding (*.txt, *.md), Word\n"
            "(.docx, .doc), OpenDocument (.odt), PDF (OCR of scanned pages), HTML and scanned\n"
            "images, told by content; directories recursively.\n"
            "\n"
            "  --db PATH        index location (default: $VANBAN_DB, else ./vanban.db)\n"
            "  --encoding ENC   auto (default), utf-8, utf-16le, utf-16be, cp1258, tcvn3, viscii, vni\n"
            "  --prune          drop documents whose files vanished under the given PATHs\n"
            "  --rebuild        start from an empty index\n"
            "  --include GLOB   also index files matching GLOB (e.g. '*.text'); repeatable\n"
            "  --shard K/N      index only the files of shard K of N (by canonical path; docs/scaling.md)\n"
            "  --jobs N         worker threads for large batches (default: the number of CPUs, at most 8)\n"
            "  --no-ocr         leave PDF pages without a text layer, and images, unread\n"
            "  --catalog TSV    fill in what a document's text lacks (number, type, issuer, date,\n"
            "                   subject) from a catalogue: a header row 'file number type issuer date\n"
            "                   subject', then one row per file (matched by base name); the text wins\n"
            "  --quiet          no progress or summary\n"
            "  --dump           print, as JSON, what the indexer sees in each FILE\n"
            "  --tokens         with --dump: the normalized text and every token\n"
            "  --help           this help\n"
            "\n"
            "Exit status: 0 success; 1 some files were not indexed (each named on stderr);\n"
            "2 usage or fatal error.\n");
    /* what this build reads: optional formats depend on the libraries found at build time */
    fputs("\nFormats this build reads:", out);
    unsigned b = vb_formats_built();
    for (unsigned f = 0; f < VB_FMT_COUNT_; f++)
        if (b & (1u << f)) fprintf(out, " %s", vb_format_name((vb_format_t)f));
    fputc('\n', out);
}

#define die_usage(fmt, arg) vb_cli_usage_error(prog, fmt, arg)

/* ------------------------------------------------------------------ --dump (JSON, through the sprinter) */

static void string_list(vb_sprinter_t *sp, char *const *items, size_t n)
{
    sp->begin_list(sp);
    for (size_t i = 0; i < n; i++) sp->string(sp, items[i]);
    sp->end(sp);
}

typedef struct {
    vb_sprinter_t *sp;
    const char *text;
} tokctx_t;

static int dump_token(const vb_token_t *t, void *data)
{
    static const char *const kinds[] = { "word", "number", "symbol", "date" };
    tokctx_t *c = data;
    vb_sprinter_t *sp = c->sp;
    sp->begin_map(sp);
    sp->map_key(sp, "text"); sp->string_len(sp, c->text + t->offset, t->len);
    sp->map_key(sp, "exact"); sp->string_len(sp, t->exact, t->exact_len);
    sp->map_key(sp, "folded"); sp->string_len(sp, t->folded, t->folded_len);
    sp->map_key(sp, "offset"); sp->integer(sp, (long long)t->offset);
    sp->map_key(sp, "pos"); sp->integer(sp, t->pos);
    sp->map_key(sp, "kind"); sp->string(sp, kinds[t->kind]);
    sp->end(sp);
    return 0;
}

static unsigned dump_read_flags;   /* --no-ocr with --dump */

static int dump_file(vb_sprinter_t *sp, const char *path, vb_encoding_t enc, int tokens)
{
    vb_text_t *text = NULL;
    vb_status_t st = vb_text_read_file_ex(path, enc, dump_read_flags, &text);
    if (st != VB_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, path,
                st == VB_ERR_IO ? strerror(errno)
                : st == VB_ERR_FORMAT || st == VB_ERR_UNSUPPORTED ? vb_last_error() : vb_status_to_string(st));
        return 1;
    }
    vb_doc_t *doc = NULL;
    st = vb_doc_parse(text->text, text->len, &doc);
    if (st != VB_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, vb_status_to_string(st));
        vb_text_free(text);
        return 1;
    }
    st = vb_doc_infer_from_name(doc, path);
    if (st != VB_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, vb_status_to_string(st));
        vb_doc_free(doc);
        vb_text_free(text);
        return 1;
    }
    if (doc->number_inferred)
        fprintf(stderr, "%s: %s: warning: no header in the text; number %s inferred from the file name\n", prog,
                path, doc->number);
    if (text->invalid)
        fprintf(stderr, "%s: %s: %zu invalid bytes replaced by U+FFFD (first at byte %zu)\n", prog, path,
                text->invalid, text->first_invalid);
    sp->begin_map(sp);
    sp->map_key(sp, "format_version"); sp->integer(sp, VB_FORMAT_VERSION);
    sp->map_key(sp, "file"); sp->string(sp, path);
    sp->map_key(sp, "encoding"); sp->string(sp, vb_encoding_name(text->encoding));
    sp->map_key(sp, "invalid_bytes"); sp->integer(sp, (long long)text->invalid);
    sp->map_key(sp, "format"); sp->string(sp, vb_format_name(text->format));
    if (text->page_count) {
        /* which pages were read by OCR, with the engine's mean confidence */
        sp->map_key(sp, "pages");
        sp->begin_list(sp);
        for (size_t i = 0; i < text->page_count; i++) {
            sp->begin_map(sp);
            sp->map_key(sp, "page"); sp->integer(sp, (long long)i + 1);
            sp->map_key(sp, "line"); sp->integer(sp, text->pages[i].line);
            sp->map_key(sp, "ocr"); sp->boolean(sp, text->pages[i].ocr);
            if (text->pages[i].ocr) { sp->map_key(sp, "confidence"); sp->integer(sp, text->pages[i].confidence); }
            sp->end(sp);
        }
        sp->end(sp);
    }
    sp->map_key(sp, "doc");
    sp->begin_map(sp);
    sp->map_key(sp, "number"); sp->string(sp, doc->number);
    sp->map_key(sp, "number_inferred"); sp->boolean(sp, doc->number_inferred);
    sp->map_key(sp, "type"); sp->string(sp, doc->type);
    sp->map_key(sp, "issuer"); string_list(sp, doc->issuer, doc->issuer_count);
    sp->map_key(sp, "place"); sp->string(sp, doc->place);
    sp->map_key(sp, "date"); sp->string(sp, doc->date);
    sp->map_key(sp, "effective"); sp->string(sp, doc->effective);
    sp->map_key(sp, "subject"); sp->string(sp, doc->subject);
    sp->map_key(sp, "recipients"); string_list(sp, doc->recipients, doc->recipient_count);
    sp->map_key(sp, "cc"); string_list(sp, doc->cc, doc->cc_count);
    sp->map_key(sp, "signer");
    if (doc->signer.title || doc->signer.name) {
        sp->begin_map(sp);
        sp->map_key(sp, "title"); sp->string(sp, doc->signer.title);
        sp->map_key(sp, "name"); sp->string(sp, doc->signer.name);
        sp->end(sp);
    } else {
        sp->null(sp);
    }
    sp->end(sp);
    sp->map_key(sp, "clauses");
    sp->begin_list(sp);
    for (size_t i = 0; i < doc->clause_count; i++) {
        const vb_clause_t *c = &doc->clauses[i];
        sp->begin_map(sp);
        sp->map_key(sp, "path"); sp->string(sp, c->path);
        sp->map_key(sp, "label"); sp->string(sp, c->label);
        sp->map_key(sp, "line"); sp->integer(sp, c->line);
        sp->map_key(sp, "assignee"); sp->string(sp, c->assignee);
        if (c->assignee_count) {
            sp->map_key(sp, "assignees");
            sp->begin_list(sp);
            for (size_t k = 0; k < c->assignee_count; k++) {
                sp->begin_map(sp);
                sp->map_key(sp, "body"); sp->string(sp, c->assignees[k].body);
                sp->map_key(sp, "role");
                sp->string(sp, c->assignees[k].role == VB_ROLE_PHOI_HOP ? "phoi_hop" : "chu_tri");
                sp->end(sp);
            }
            sp->end(sp);
        }
        if (c->context) { sp->map_key(sp, "context"); sp->string(sp, c->context); }
        if (c->amends) { sp->map_key(sp, "amends"); sp->string(sp, c->amends); }
        if (c->amends_doc) { sp->map_key(sp, "amends_doc"); sp->string(sp, c->amends_doc); }
        sp->map_key(sp, "text"); sp->string_len(sp, c->text, c->text_len);
        sp->end(sp);
    }
    sp->end(sp);
    sp->map_key(sp, "citations");
    sp->begin_list(sp);
    for (size_t i = 0; i < doc->citation_count; i++) {
        const vb_citation_t *c = &doc->citations[i];
        sp->begin_map(sp);
        sp->map_key(sp, "type"); sp->string(sp, c->type);
        if (c->name) { sp->map_key(sp, "name"); sp->string(sp, c->name); }
        sp->map_key(sp, "number"); sp->string(sp, c->number);
        sp->map_key(sp, "date"); sp->string(sp, c->date);
        sp->map_key(sp, "issuer"); sp->string(sp, c->issuer);
        sp->map_key(sp, "pinpoint"); sp->string(sp, c->pinpoint);
        sp->map_key(sp, "clause"); sp->string(sp, c->clause);
        sp->map_key(sp, "line"); sp->integer(sp, c->line);
        sp->map_key(sp, "text"); sp->string(sp, c->text);
        sp->map_key(sp, "role"); sp->string(sp, vb_cite_role_name(c->role));
        sp->map_key(sp, "affects"); sp->string(sp, c->affects);
        sp->map_key(sp, "from"); sp->string(sp, c->from);
        sp->end(sp);
    }
    sp->end(sp);
    sp->map_key(sp, "warnings"); string_list(sp, doc->warnings, doc->warning_count);
    sp->map_key(sp, "diacritics");
    sp->begin_map(sp);
    sp->map_key(sp, "syllables"); sp->integer(sp, (long long)doc->syllables);
    sp->map_key(sp, "marked"); sp->integer(sp, (long long)doc->marked_syllables);
    sp->map_key(sp, "typed_without"); sp->boolean(sp, doc->without_diacritics);
    sp->end(sp);
    if (tokens) {
        sp->map_key(sp, "text"); sp->string_len(sp, text->text, text->len);
        sp->map_key(sp, "tokens");
        sp->begin_list(sp);
        tokctx_t c = { sp, text->text };
        vb_tokenize(text->text, text->len, VB_TOKENIZE_DEFAULT, 0, dump_token, &c, NULL);
        sp->end(sp);
    }
    sp->end(sp);
    vb_doc_free(doc);
    vb_text_free(text);
    return 0;
}

/* ------------------------------------------------------------------ walking */

typedef struct {
    char **globs;
    size_t nglobs;
    int failed;
    /* directories on the current path, to break symlink loops */
    dev_t devs[256];
    ino_t inos[256];
    int depth;
} walk_t;

typedef int (*file_fn)(const char *path, void *data);

/* The first bytes of a file name a format vanban reads (PDF, Word, ODT,
 * images): a file in a directory is read by content whatever its name. */
static int known_magic(const char *path)
{
    unsigned char b[8];
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return 0;
    ssize_t n = read(fd, b, sizeof b);
    close(fd);
    if (n < 4) return 0;
    return memcmp(b, "%PDF", 4) == 0 || memcmp(b, "PK\x03\x04", 4) == 0 ||
           (n == 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) ||
           (n == 8 && memcmp(b, "\x89PNG\r\n\x1A\n", 8) == 0) || memcmp(b, "\xFF\xD8\xFF", 3) == 0 ||
           memcmp(b, "II*", 4) == 0 || memcmp(b, "MM\0*", 4) == 0;
}

static int has_ext(const char *name, size_t n, const char *ext)
{
    size_t l = strlen(ext);
    return n > l && strcasecmp(name + n - l, ext) == 0;
}

static int wanted(const walk_t *w, const char *name, const char *path)
{
    size_t n = strlen(name);
    static const char *const exts[] = { ".txt", ".md", ".docx", ".doc", ".odt", ".pdf", ".html", ".htm",
                                        ".xhtml", ".png", ".jpg", ".jpeg", ".tif", ".tiff" };
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (has_ext(name, n, exts[i])) return 1;
    if (name[0] != '.' && known_magic(path)) return 1;
    for (size_t i = 0; i < w->nglobs; i++)
        if (fnmatch(w->globs[i], name, 0) == 0) return 1;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(walk_t *w, const char *path, int top, file_fn fn, void *data)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        w->failed = 1;
        return;
    }
    if (S_ISREG(sb.st_mode)) {
        const char *base = strrchr(path, '/');
        if (top || wanted(w, base ? base + 1 : path, path)) {
            if (fn(path, data)) w->failed = 1;
        }
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (top) {
            fprintf(stderr, "%s: %s: not a regular file or directory\n", prog, path);
            w->failed = 1;
        }
        return;
    }
    for (int i = 0; i < w->depth; i++)
        if (w->devs[i] == sb.st_dev && w->inos[i] == sb.st_ino) {
            fprintf(stderr, "%s: %s: symbolic link loop, skipped\n", prog, path);
            w->failed = 1;
            return;
        }
    if (w->depth == 256) {
        fprintf(stderr, "%s: %s: directories nested too deep, skipped\n", prog, path);
        w->failed = 1;
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        w->failed = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) break;
            names = nn;
        }
        names[n] = strdup(e->d_name);
        if (names[n]) n++;
    }
    closedir(d);
    if (n > 1) qsort(names, n, sizeof *names, cmp_str);
    w->devs[w->depth] = sb.st_dev;
    w->inos[w->depth] = sb.st_ino;
    w->depth++;
    size_t pl = strlen(path);
    for (size_t i = 0; i < n; i++) {
        size_t len = pl + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (child) {
            snprintf(child, len, "%s%s%s", path, (pl && path[pl - 1] == '/') ? "" : "/", names[i]);
            walk(w, child, 0, fn, data);
            free(child);
        }
        free(names[i]);
    }
    free(names);
    w->depth--;
}

/* ------------------------------------------------------------------ indexing */

/* The files to index, collected by the walk. */
typedef struct {
    char **v;
    size_t n, cap;
    unsigned shard, nshards;   /* --shard K/N: only the files of shard K */
} list_t;

static int collect(const char *path, void *data)
{
    list_t *l = data;
    if (l->nshards > 1) {
        unsigned k = 0;
        if (vb_path_shard(path, l->nshards, &k) != VB_OK) {
            fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
            return 1;
        }
        if (k != l->shard) return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        char **nv = realloc(l->v, cap * sizeof *nv);
        if (!nv) { fprintf(stderr, "%s: out of memory\n", prog); return 1; }
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n] = strdup(path);
    if (!l->v[l->n]) return 1;
    l->n++;
    return 0;
}

typedef struct {
    int progress;
    int failed;
    size_t files, added, replaced, unchanged, touched, clauses, bytes, total;
    time_t last_progress;
} run_t;

static void on_file(const char *path, vb_status_t st, const vb_file_result_t *res, const char *msg, void *data)
{
    run_t *r = data;
    if (st != VB_OK) {
        if (r->progress) fprintf(stderr, "\r\033[K");
        fprintf(stderr, "%s: %s\n", prog, msg && *msg ? msg : vb_status_to_string(st));
        r->failed = 1;
        return;
    }
    if (res->action == VB_FILE_DUPLICATE) return;   /* counted once, under its first path */
    r->files++;
    r->bytes += res->bytes;
    switch (res->action) {
    case VB_FILE_ADDED: r->added++; break;
    case VB_FILE_REPLACED: r->replaced++; break;
    case VB_FILE_UNCHANGED: r->unchanged++; break;
    case VB_FILE_TOUCHED: r->touched++; break;
    case VB_FILE_DUPLICATE: break;
    }
    r->clauses += res->clauses;
    if (res->invalid) {
        if (r->progress) fprintf(stderr, "\r\033[K");
        fprintf(stderr, "%s: %s: %zu invalid bytes replaced by U+FFFD\n", prog, path, res->invalid);
    }
    if (r->progress) {
        time_t now = time(NULL);
        if (now != r->last_progress) {
            fprintf(stderr, "\r\033[K%s: %zu/%zu files, %zu clauses…", prog, r->files, r->total, r->clauses);
            r->last_progress = now;
        }
    }
}

int main(int argc, char **argv)
{
    const char *db = getenv("VANBAN_DB");
    vb_encoding_t enc = VB_ENC_AUTO;
    int dump = 0, tokens = 0, prune = 0, rebuild = 0, quiet = 0, no_ocr = 0;
    const char *catalog = NULL;
    unsigned shard = 0, nshards = 1;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned jobs = ncpu > 1 ? (unsigned)(ncpu > 8 ? 8 : ncpu) : 1;
    walk_t w;
    memset(&w, 0, sizeof w);
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    w.globs = calloc((size_t)argc + 1, sizeof *w.globs);
    size_t npaths = 0;
    int opts_done = 0;
    if (!paths || !w.globs) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] == '\0') { paths[npaths++] = argv[i]; continue; }
        if (strcmp(a, "--") == 0) { opts_done = 1; continue; }
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        char name[32];
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name) die_usage("unknown option '%s'", a);
        memcpy(name, a, nl);
        name[nl] = '\0';
        int takes = strcmp(name, "--db") == 0 || strcmp(name, "--encoding") == 0 ||
                    strcmp(name, "--include") == 0 || strcmp(name, "--jobs") == 0 || strcmp(name, "--shard") == 0 ||
                    strcmp(name, "--catalog") == 0;
        if (takes) {
            if (eq) val = eq + 1;
            else if (i + 1 < argc) val = argv[++i];
            else die_usage("option '%s' needs a value", name);
        } else if (eq) {
            die_usage("option '%s' takes no value", name);
        }
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) { usage(stdout); free(paths); free(w.globs); return 0; }
        else if (strcmp(name, "--version") == 0) { printf("vanban-index %s\n", VB_VERSION); free(paths); free(w.globs); return 0; }
        else if (strcmp(name, "--db") == 0) db = val;
        else if (strcmp(name, "--catalog") == 0) catalog = val;
        else if (strcmp(name, "--encoding") == 0) {
            if (vb_encoding_from_name(val, &enc) != VB_OK) die_usage("unknown encoding '%s'", val);
        } else if (strcmp(name, "--include") == 0) w.globs[w.nglobs++] = (char *)val;
        else if (strcmp(name, "--jobs") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 1 || n > 256) die_usage("--jobs wants a number from 1 to 256, not '%s'", val);
            jobs = (unsigned)n;
        } else if (strcmp(name, "--shard") == 0) {
            char *end, *end2;
            long k = strtol(val, &end, 10), n = *end == '/' ? strtol(end + 1, &end2, 10) : 0;
            if (*end != '/' || *end2 || n < 1 || n > 4096 || k < 0 || k >= n)
                die_usage("--shard wants K/N with 0 <= K < N (e.g. 0/3), not '%s'", val);
            shard = (unsigned)k;
            nshards = (unsigned)n;
        } else if (strcmp(name, "--dump") == 0) dump = 1;
        else if (strcmp(name, "--tokens") == 0) tokens = 1;
        else if (strcmp(name, "--prune") == 0) prune = 1;
        else if (strcmp(name, "--rebuild") == 0) rebuild = 1;
        else if (strcmp(name, "--quiet") == 0 || strcmp(name, "-q") == 0) quiet = 1;
        else if (strcmp(name, "--no-ocr") == 0) no_ocr = 1;
        else die_usage("unknown option '%s'", a);
    }
    if (npaths == 0) die_usage("%s", "no PATH given");
    if (tokens && !dump) die_usage("%s", "--tokens goes with --dump");
    if (catalog && dump) die_usage("%s", "--catalog goes with indexing, not --dump");
    if (!db || !*db) db = "vanban.db";

    dump_read_flags = no_ocr ? VB_READ_NO_OCR : 0;
    if (dump) {
        vb_sprinter_t *sp = vb_sprinter_json_new(stdout, 1);
        if (!sp) {
            fprintf(stderr, "%s: out of memory\n", prog);
            free(paths);
            free(w.globs);
            return 2;
        }
        int failed = 0;
        if (npaths > 1) sp->begin_list(sp);
        for (size_t i = 0; i < npaths; i++) failed |= dump_file(sp, paths[i], enc, tokens);
        if (npaths > 1) sp->end(sp);
        sp->separator(sp);
        sp->destroy(sp);
        free(paths);
        free(w.globs);
        return failed ? 1 : 0;
    }

    run_t r;
    memset(&r, 0, sizeof r);
    r.progress = !quiet && isatty(2);
    vb_index_t *ix = NULL;
    vb_status_t st = vb_index_open(db, VB_INDEX_WRITE | (rebuild ? VB_INDEX_OVERWRITE : 0), &ix);
    if (st != VB_OK) {
        fprintf(stderr, "%s: cannot open index %s: %s (%s)\n", prog, db, vb_status_to_string(st), vb_last_error());
        free(paths);
        free(w.globs);
        return 2;
    }
    vb_index_set_read_flags(ix, no_ocr ? VB_READ_NO_OCR : 0);
    if (catalog) {
        st = vb_index_set_catalog(ix, catalog);
        if (st != VB_OK) {
            fprintf(stderr, "%s: catalogue: %s\n", prog, *vb_last_error() ? vb_last_error() : vb_status_to_string(st));
            vb_index_close(ix);
            free(paths);
            free(w.globs);
            return 2;
        }
    }
    uint64_t rev0 = 0, rev1 = 0;
    vb_index_revision(ix, &rev0);
    list_t files = { NULL, 0, 0, shard, nshards };
    for (size_t i = 0; i < npaths; i++) walk(&w, paths[i], 1, collect, &files);
    r.total = files.n;
    int fatal = 0;
    st = vb_index_add_files(ix, (const char *const *)files.v, files.n, enc, jobs, on_file, &r);
    if (st != VB_OK) {
        if (r.progress) fprintf(stderr, "\r\033[K");
        fprintf(stderr, "%s: %s: %s\n", prog, db, *vb_last_error() ? vb_last_error() : vb_status_to_string(st));
        fatal = 1;
    }
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    free(files.v);
    size_t pruned = 0;
    if (prune && !fatal) {
        st = vb_index_prune(ix, (const char *const *)paths, npaths, &pruned);
        if (st != VB_OK) {
            fprintf(stderr, "%s: prune: %s\n", prog, vb_last_error());
            fatal = 1;
        }
    }
    if (!fatal) {
        st = vb_index_commit(ix);
        if (st != VB_OK) {
            fprintf(stderr, "%s: commit failed: %s\n", prog, vb_last_error());
            fatal = 1;
        }
    }
    size_t ndocs = 0, nclauses = 0;
    vb_index_counts(ix, &ndocs, &nclauses);
    vb_index_revision(ix, &rev1);
    st = vb_index_close(ix);
    if (st != VB_OK && !fatal) {
        fprintf(stderr, "%s: closing the index failed: %s\n", prog, vb_last_error());
        fatal = 1;
    }
    if (r.progress) fprintf(stderr, "\r\033[K");
    if (fatal)
        fprintf(stderr, "%s: stopped; the index holds what was committed before the error: %zu documents, %zu clauses\n",
                prog, ndocs, nclauses);
    else if (!quiet)
        printf("%s: %zu files: %zu added, %zu replaced, %zu unchanged, %zu touched; %zu pruned; "
               "index %s: %zu documents, %zu clauses%s\n",
               prog, r.files, r.added, r.replaced, r.unchanged, r.touched, pruned, db, ndocs, nclauses,
               rev1 == rev0 && r.added + r.replaced + r.touched + pruned == 0 ? " (not modified)" : "");
    free(paths);
    free(w.globs);
    if (fatal) return 2;
    return (w.failed || r.failed) ? 1 : 0;
}
