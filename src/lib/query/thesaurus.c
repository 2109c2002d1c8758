/* The thesaurus behind chude:, read once per index handle and again only
 * when the file changes (a --serve or vanban-serve process asks it for
 * every query; it used to be opened and read for each chude: node). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "query/query_internal.h"

struct vb_thesaurus {
    char *path;
    struct stat sb;          /* of the file as read */
    char **entries;          /* every entry, in file order */
    char **folded;           /* its folded form */
    size_t *group;           /* the line (group) each entry belongs to */
    size_t n, cap;
};

void vb_thesaurus_free(struct vb_thesaurus *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->entries[i]);
        free(t->folded[i]);
    }
    free(t->entries);
    free(t->folded);
    free(t->group);
    free(t->path);
    free(t);
}

static int push(struct vb_thesaurus *t, const char *s, size_t len, size_t group)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char **ne = realloc(t->entries, cap * sizeof *ne);
        if (!ne) return 0;
        t->entries = ne;
        char **nf = realloc(t->folded, cap * sizeof *nf);
        if (!nf) return 0;
        t->folded = nf;
        size_t *ng = realloc(t->group, cap * sizeof *ng);
        if (!ng) return 0;
        t->group = ng;
        t->cap = cap;
    }
    char f[256];
    size_t fl = vb_term_fold(s, len, f, sizeof f);
    char *e = vb_strndup(s, len), *ef = vb_strndup(f, fl);
    if (!e || !ef) { free(e); free(ef); return 0; }
    t->entries[t->n] = e;
    t->folded[t->n] = ef;
    t->group[t->n++] = group;
    return 1;
}

/* Read PATH whole; NULL with *NOMEM 0 when it cannot be read (no topics). */
static struct vb_thesaurus *load(const char *path, const struct stat *sb, int *nomem)
{
    *nomem = 0;
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    struct vb_thesaurus *t = calloc(1, sizeof *t);
    char *line = NULL;
    size_t lcap = 0, group = 0;
    int ok = t && (t->path = vb_strndup(path, strlen(path))) != NULL;
    ssize_t len;
    while (ok && (len = getline(&line, &lcap, f)) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || !line[0]) continue;
        for (char *p = line; ok && p;) {
            char *tab = strchr(p, '\t');
            size_t l = tab ? (size_t)(tab - p) : strlen(p);
            ok = push(t, p, l, group);
            p = tab ? tab + 1 : NULL;
        }
        group++;
    }
    free(line);
    fclose(f);
    if (!ok) {
        vb_thesaurus_free(t);
        *nomem = 1;
        return NULL;
    }
    t->sb = *sb;
    return t;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

vb_status_t vb_thesaurus_lookup(vb_index_t *ix, const char *path, const char *topic, const char *const **words,
                                size_t *n)
{
    *words = NULL;
    *n = 0;
    struct stat sb;
    if (stat(path, &sb) != 0) return VB_OK;
    struct vb_thesaurus *t = ix->thes;
    if (!t || strcmp(t->path, path) != 0 || !same_file(&t->sb, &sb)) {
        vb_thesaurus_free(ix->thes);
        int nomem = 0;
        ix->thes = t = load(path, &sb, &nomem);
        if (nomem) return VB_ERR_NOMEM;
        if (!t) return VB_OK;
    }
    char want[256];
    vb_term_fold(topic, strlen(topic), want, sizeof want);
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->folded[i], want) != 0) continue;
        size_t g = t->group[i], first = i;
        while (first > 0 && t->group[first - 1] == g) first--;
        size_t last = first;
        while (last < t->n && t->group[last] == g) last++;
        *words = (const char *const *)(t->entries + first);
        *n = last - first;
        return VB_OK;
    }
    return VB_OK;
}
