/* Abbreviations: one table, matched on folded syllables. */
#include <pthread.h>
#include "text/abbrev.h"
#include "internal.h"

typedef struct {
    const char *abbr;      /* as written in documents */
    const char *full;      /* its long form */
    int abbreviate;        /* also turn the long form into the abbreviation in queries:
                              off for short codes that also stand inside document symbols
                              (the CP of NĐ-CP, the TTg of CT-TTg) */
} abbrev_t;

static const abbrev_t table[] = {
    { "UBND", "Ủy ban nhân dân", 1 },
    { "HĐND", "Hội đồng nhân dân", 1 },
    { "BCĐ", "Ban Chỉ đạo", 1 },
    { "UBTVQH", "Ủy ban Thường vụ Quốc hội", 1 },
    { "MTTQ", "Mặt trận Tổ quốc", 1 },
    { "ANTT", "an ninh trật tự", 1 },
    { "ATGT", "an toàn giao thông", 1 },
    { "TTATXH", "trật tự an toàn xã hội", 1 },
    { "BHXH", "bảo hiểm xã hội", 1 },
    { "BHYT", "bảo hiểm y tế", 1 },
    { "BHTN", "bảo hiểm thất nghiệp", 1 },
    { "VKSND", "Viện kiểm sát nhân dân", 1 },
    { "TAND", "Tòa án nhân dân", 1 },
    { "NSNN", "ngân sách nhà nước", 1 },
    { "CNTT", "công nghệ thông tin", 1 },
    { "ĐBQH", "đại biểu Quốc hội", 1 },
    { "LĐTBXH", "Lao động - Thương binh và Xã hội", 1 },
    { "GTVT", "Giao thông vận tải", 1 },
    { "TTg", "Thủ tướng", 0 },
    { "CP", "Chính phủ", 0 },
    { "TW", "Trung ương", 0 },
    { "TP", "thành phố", 0 },
};
#define NTABLE (sizeof table / sizeof table[0])

/* folded syllables of a text, with their byte ranges */
typedef struct {
    char folded[16][48];
    size_t off[16], len[16];
    size_t n;
    int symbol;   /* a symbol or date was seen: leave the text alone */
    int overflow;
} syls_t;

static int collect(const vb_token_t *t, void *data)
{
    syls_t *s = data;
    if (t->kind == VB_TOK_SYMBOL || t->kind == VB_TOK_DATE) { s->symbol = 1; return 1; }
    if (s->n == 16 || t->folded_len >= 48) { s->overflow = 1; return 1; }
    memcpy(s->folded[s->n], t->folded, t->folded_len + 1);
    s->off[s->n] = t->offset;
    s->len[s->n] = t->len;
    s->n++;
    return 0;
}

static void syllables(const char *text, size_t len, syls_t *s)
{
    memset(s, 0, sizeof *s);
    vb_tokenize(text, len, VB_TOKENIZE_DEFAULT, 0, collect, s, NULL);
}

/* Does the long form of entry E start at syllable I of S? Returns its length in syllables. */
static size_t full_at(const syls_t *s, size_t i, const syls_t *full)
{
    if (full->n == 0 || i + full->n > s->n) return 0;
    for (size_t k = 0; k < full->n; k++)
        if (strcmp(s->folded[i + k], full->folded[k]) != 0) return 0;
    return full->n;
}

/* the table's folded forms, computed once */
static syls_t full[NTABLE];
static char abbr[NTABLE][16];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void fold_table(void)
{
    for (size_t e = 0; e < NTABLE; e++) {
        syllables(table[e].full, strlen(table[e].full), &full[e]);
        vb_term_fold(table[e].abbr, strlen(table[e].abbr), abbr[e], sizeof abbr[e]);
    }
}

size_t vb_abbrev_alternatives(const char *text, char ***out)
{
    *out = NULL;
    syls_t s;
    syllables(text, strlen(text), &s);
    if (s.symbol || s.overflow || s.n == 0) return 0;
    pthread_once(&once, fold_table);
    vb_buf_t alt[2] = { { 0 }, { 0 } };
    int changed[2] = { 0, 0 };
    for (int way = 0; way < 2; way++) {   /* 0: write abbreviations out; 1: abbreviate */
        for (size_t i = 0; i < s.n;) {
            size_t used = 1;
            const char *put = NULL;
            for (size_t e = 0; e < NTABLE && !put; e++) {
                if (way == 0 && strcmp(s.folded[i], abbr[e]) == 0) put = table[e].full;
                else if (way == 1 && table[e].abbreviate && (used = full_at(&s, i, &full[e])) > 0) put = table[e].abbr;
                if (!put) used = 1;
            }
            if (alt[way].len) vb_buf_putc(&alt[way], ' ');
            if (put) {
                vb_buf_puts(&alt[way], put);
                changed[way] = 1;
            } else {
                vb_buf_append(&alt[way], text + s.off[i], s.len[i]);
            }
            i += used;
        }
    }
    char **v = calloc(2, sizeof *v);
    size_t n = 0;
    for (int way = 0; way < 2; way++) {
        if (changed[way] && v && !alt[way].oom) v[n++] = vb_buf_steal(&alt[way]);
        vb_buf_free(&alt[way]);
    }
    if (n == 0) { free(v); return 0; }
    *out = v;
    return n;
}
