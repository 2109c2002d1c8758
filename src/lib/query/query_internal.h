/* The search engine's parts, shared inside query/: the evaluation tree and
 * its compiler (compile.c), the evaluation per file (eval.c), facets
 * (facets.c), the thesaurus (thesaurus.c); search.c drives them.
 * See store/schema.h for the position layout of clauses. */
#ifndef VB_QUERY_INTERNAL_H
#define VB_QUERY_INTERNAL_H

#include "read/handle.h"
#include "query/mentions.h"
#include "query/qparse.h"

/* ---- the evaluation tree */

typedef enum { EV_TEXT, EV_POSFIELD, EV_DOCSET, EV_ALL, EV_AND, EV_OR, EV_NOT } ev_kind_t;

typedef struct {
    char **terms;         /* alternatives: any of them at this position */
    size_t n;
    /* the files holding each term (docids, ascending), read once per query on
     * first use: a file is asked only for the positions of the terms it holds.
     * Most alternatives of a syllable (luong: lương, lượng, luống…) are absent
     * from most files, and each positionlist lookup costs a B-tree descent. */
    unsigned **docs;
    unsigned **wdfs;      /* ... and the term's wdf in each (a clause-score bound: store/schema.h) */
    size_t *ndocs;
    int have_docs;
    /* alternatives that are spellings of one syllable (two or more): its
     * VB_P_SPELLINGS term and postings, loaded with the others; a tighter
     * bound than their wdfs added up in the files that hold it */
    char *bterm;
    unsigned *bdocs, *bwdfs;
    size_t nb;
    int have_df;          /* df: the files holding any of the terms (summed), as the idf read it */
    double df;
} alts_t;

typedef struct ev {
    ev_kind_t kind;
    /* EV_TEXT: a sequence of positions (one for a word, several for a phrase) */
    alts_t *slots, *exact_slots; /* exact_slots: the exact forms, for ranking (NULL: none) */
    alts_t *fold_slots;          /* every spelling, for files typed without diacritics, where
                                    SLOTS bind diacritics the text cannot have (NULL: SLOTS) */
    size_t nslots;
    double idf;
    /* EV_POSFIELD: every term at one and the same position (a clause's first) */
    char **terms;
    size_t nterms;
    /* EV_DOCSET: the documents that satisfy a document-level condition, sorted */
    unsigned *docids;
    size_t ndocids;
    struct ev **kids;
    size_t nkids;
} ev_t;

/* ---- compile.c: the query tree -> candidate query + evaluation tree */

typedef struct {
    vb_index_t *ix;
    unsigned flags;
    patterns_t pats;
    patterns_t fpats;     /* field values shown where they stand (giao:): not mentions */
    refspans_t refs;      /* ref: conditions, shown as the citations they match */
    const char *thesaurus;
    vb_status_t st;
    size_t errcol;
    char err[256];
    unsigned ndocs;
    unsigned unmarked_docs;   /* files typed without diacritics in the index (VB_P_UNMARKED) */
    int ref_role;             /* 1 + the role of a vaitro: beside ref: in the same AND, 0 none */
    int words_only;           /* candidates: the words of a phrase anywhere in the file (no positions) */
    /* shard pages (shardpage.c): the document frequency of each slot whose
     * idf the query's scores use, in the order alts_idf() reads them. KEEP:
     * noted while compiling, for the page servers; GIVEN: the archive's,
     * from the client, used instead of the shard's own */
    unsigned *gdf;
    size_t ngdf, capgdf, gdf_used;
    int gdf_keep, gdf_given;
    int topics;               /* the query has a chude: (the thesaurus, which a shard's server may lack) */
    int gdf_mismatch;         /* GIVEN: the query read more than were given; KEEP: out of memory */
} compiler_t;

/* a compiled node: the candidate query and the evaluation tree */
typedef struct {
    vbx_query_t *q;
    ev_t *ev;
} node_t;

/* ---- eval.c: evaluation per candidate file */

/* what a node of the evaluation tree says of each clause of one file */
typedef struct {
    uint8_t *match;       /* per clause */
    uint32_t *mentions;
    double *score;
    /* the spans of text matched, [start, end) in positions, packed start << 32 | end:
     * a word found twice by one query ("x OR x") is still one mention */
    uint64_t *iv;
    size_t niv, capiv;
    /* per clause, the end (exclusive position) of the last occurrence of any
     * text leaf, matching or not: mentions are looked for up to there */
    uint32_t *last;
} cres_t;

/* ---- vpos.c: the positions of the text leaves' terms from a file's record
 * (over remote shards, where each position list is a round trip) */
typedef struct vpos vpos_t;
/* The table of the text terms of ROOT (every alternative of every slot).
 * VB_OK or VB_ERR_NOMEM; *OUT freed with vb_vpos_free(). */
vb_status_t vb_vpos_new(const ev_t *root, vpos_t **out);
void vb_vpos_free(vpos_t *vp);
/* Tokenize the clause texts of a file's record (DATA, LEN bytes) as the writer
 * did (only the clauses that can hold a match of the query: the others keep
 * no positions), its clauses starting at BASES (NCLAUSES + 1, VB_SLOT_CLAUSES). VB_OK,
 * VB_ERR_NOMEM, or VB_ERR_DB_CORRUPT when the record does not agree with the
 * bases (the file is then read from the index). */
vb_status_t vb_vpos_load(vpos_t *vp, const char *data, size_t len, const uint32_t *bases, size_t nclauses);
/* Clauses vb_vpos_load left untokenized, none of the query's matches being
 * possible there (for the tests). */
size_t vb_vpos_skipped(const vpos_t *vp);
/* 1 and the positions of TERM in the file loaded (ascending; N may be 0) when
 * TERM is a text term of the query, 0 when the index must be asked. */
int vb_vpos_get(const vpos_t *vp, const char *term, const uint32_t **pos, size_t *n);

/* ---- batch.c: the values of a batch of files, read a slot at a time (a
 * file at a time, each value is a B-tree lookup of its own) */
#define VB_BATCH_MAX_SLOTS 8
typedef struct vb_batch batch_t;
/* A reader of the value SLOTS (NSLOTS, at most VB_BATCH_MAX_SLOTS). VB_OK,
 * VB_ERR_NOMEM or VB_ERR_INVALID_ARG; *OUT freed with vb_batch_free(). */
vb_status_t vb_batch_new(const unsigned *slots, size_t nslots, batch_t **out);
void vb_batch_free(batch_t *b);
/* Read the slots' values of the N files DOCIDS (any order, each once), in
 * place of the last batch's. On failure nothing of a batch is known. */
vb_status_t vb_batch_load(vb_index_t *ix, batch_t *b, const unsigned *docids, size_t n);
/* 1 and the value in SLOT of DOCID (*LEN bytes, "" for none; not
 * NUL-terminated, valid until the next load) when the batch read it, 0 when
 * the document must be asked (B may be NULL). */
int vb_batch_value(const batch_t *b, unsigned slot, unsigned docid, const char **v, size_t *len);

/* ---- eval.c: a file's positions of each term, read once. A text leaf
 * counts its matches with the spellings its diacritics allow (SLOTS) and
 * again with the exact forms (EXACT_SLOTS), mostly the same terms: each
 * position list read from the index is a B-tree descent of two blocks. */
typedef struct vb_posmemo posmemo_t;
/* 1 when ROOT's text leaves ask for some term more than once (a leaf's
 * exact forms when SCORED, a word in two leaves): only then is a memo worth
 * its look-ups. A file reads a leaf's SLOTS or its FOLD_SLOTS, never both:
 * a term in both still counts as asked twice (a rare waste, never an error). */
int vb_ev_repeats_terms(const ev_t *root, int scored);
/* NULL when out of memory (the file's lists are then read each time). */
posmemo_t *vb_posmemo_new(void);
/* Forget the lists kept (the next file's evaluation starts). */
void vb_posmemo_reset(posmemo_t *m);
void vb_posmemo_free(posmemo_t *m);

typedef struct {
    vb_index_t *ix;
    unsigned docid;
    const uint32_t *bases;  /* nclauses + 1 */
    size_t nclauses;
    vb_status_t st;
    int unmarked;           /* the file was typed without diacritics (VB_SLOT_UNMARKED) */
    const vpos_t *vp;       /* NULL, or the positions of the text terms, from the record */
    posmemo_t *memo;        /* NULL, or the position lists this file's evaluation read so far */
    int unscored;           /* no score is wanted (nothing ranked: --count): the exact-diacritic
                               matches, which only raise scores, are not counted */
} fctx_t;


/* Compile the query tree N (NEGATED: under a NOT, whose words are not shown
 * as mentions). Failures land in C->st (and C->err, C->errcol for syntax). */
node_t vb_query_compile(compiler_t *c, const vb_qnode_t *n, int negated);
/* A query matching every document (for a tree with nothing to narrow on). */
vbx_query_t *vb_query_match_all(compiler_t *c);
void vb_query_node_free(node_t *n);

/* Evaluate E over the clauses of F's file into R (allocated here; free it
 * with vb_cres_free() whatever the outcome). 0 on failure (F->st says why). */
int vb_eval(fctx_t *f, const ev_t *e, cres_t *r);
/* An upper bound of the score of every clause of file DOCID (docs/design.md,
 * "Bounded top-k"): per text leaf, the smallest over its slots of the wdf sum
 * of the slot's alternatives (with every spelling when the file is UNMARKED,
 * typed without diacritics), from the posting lists (read once per query).
 * Failures land in *ST (and give 0). */
double vb_eval_bound(vb_index_t *ix, const ev_t *e, unsigned docid, int unmarked, vb_status_t *st);
/* Read A's posting lists (docids and wdfs; A->have_docs). VB_OK, VB_ERR_NOMEM or a read failure. */
vb_status_t vb_alts_load(vb_index_t *ix, alts_t *a);
/* The wdf of A's term I in DOCID, 0 when not there (A loaded). */
unsigned vb_alts_wdf(const alts_t *a, size_t i, unsigned docid);
/* Does DOCID hold A's term I (A loaded)? For a boolean term (VB_P_UNMARKED),
 * whose wdf is 0 wherever it is, vb_alts_wdf() cannot tell. */
int vb_alts_has(const alts_t *a, size_t i, unsigned docid);
/* estimate.c: the clause bases of a document (VB_SLOT_CLAUSES), malloc'd;
 * NULL and *N = 0 when there are none, *OOM set when out of memory. */
uint32_t *vb_bases_decode(const char *v, size_t len, size_t *n, int *oom);
/* The slot of a leaf whose alternatives are fewest in the index (the df the
 * compiler kept, else asked): its bound is the tightest guess. */
size_t vb_rarest_slot(vb_index_t *ix, const alts_t *slots, size_t n);
/* The totals of a bounded search that stopped after RESOLVED files (their
 * exact counts already in STATS): the files left unread are ranked by their
 * bound, the best counted and the rest sampled. They are the files holding a
 * text leaf every candidate holds, when the query has one, else the
 * candidates of E (the search's enquire, its bound query set). Over remote
 * shards, where each file is round trips, each of the ESTIMATED candidates
 * counts as the lower quartile of TAIL (NTAIL >= 1 rows of matching clauses,
 * mentions, 1 if any: the last files read). Sets stats->totals_estimated.
 * VB_OK or a failure to read. */
#define VB_TAIL 16
/* READ (NREAD docids, any order; sorted here) are the files read and counted
 * exactly: the sample is drawn from the other files of the population only,
 * so a heavy file the search read first is not counted again for the files
 * left. UNM: the list of the files typed without diacritics (VB_P_UNMARKED;
 * loaded here when needed), the only ones where every spelling counts. */
vb_status_t vb_estimate_totals(vb_index_t *ix, vbx_enquire_t *e, ev_t *root, size_t resolved, unsigned estimated,
                               size_t (*tail)[3], size_t ntail, unsigned *read, size_t nread,
                               alts_t *unm, vb_search_stats_t *stats);
/* Mentions per matching clause: the spans of the whole query, overlaps merged. */
void vb_count_mentions(const fctx_t *f, cres_t *r);
void vb_cres_free(cres_t *r);

/* ---- facets.c: facet values of the matching clauses, counted */
typedef struct vb_facets vb_facets_t;
vb_facets_t *vb_facets_new(void);
void vb_facets_free(vb_facets_t *f);
/* The value slots of the facets issuer, type and year (VB_FACET_* bits 0-2). */
extern const unsigned vb_facet_slots[3];
/* Count the facets WANT (VB_FACET_*) of the NMATCH matching clauses (R) of
 * the file DOCID (DOC its Xapian document; its values from the batch B when
 * it read them, B may be NULL). VB_OK, VB_ERR_NOMEM, or a failure to read
 * the record. */
vb_status_t vb_facets_file(vb_index_t *ix, vb_facets_t *fa, unsigned want, const batch_t *b, vbx_doc_t *doc,
                           unsigned docid, const cres_t *r, size_t nclauses, size_t nmatch);
/* Give every value to O->facet_fn, most frequent first (ties by value).
 * VB_OK, or VB_ERR_CANCELLED when the callback asked to stop. */
vb_status_t vb_facets_emit(vb_facets_t *f, const vb_search_opts_t *o);

/* ---- thesaurus.c: topics (chude:) */

/* The synonyms of TOPIC from the thesaurus file PATH (TSV: one group of
 * synonyms a line, '#' comments): the group of the first line that has an
 * entry equal to TOPIC once both are folded. *WORDS points into a cache
 * kept on IX (read again when the file changes), valid until the next call
 * on IX; *N is 0 when the topic is not there (or there is no such file).
 * VB_OK or VB_ERR_NOMEM. */
vb_status_t vb_thesaurus_lookup(vb_index_t *ix, const char *path, const char *topic, const char *const **words,
                                size_t *n);

#endif
