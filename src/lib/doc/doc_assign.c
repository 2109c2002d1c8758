/* Assignees: the bodies a clause of the document body gives work to
 * (docs/design.md "Assignees"; the rules in SPEC "Document model").
 *
 * A pass over the finished clauses. Each clause's text is cut into words;
 * the forms that give work are read at the clause's opening ("Giao X chủ
 * trì, phối hợp với Y", "Đề nghị X", "Yêu cầu X", "X có trách nhiệm",
 * lead-in "X:" or "X - …:", "Trách nhiệm của X"), at the opening of its
 * later sentences ("X có trách nhiệm", "Giao X"), and inside a sentence
 * ("UBND tỉnh yêu cầu các sở, ngành …"). A body's name runs from a head
 * word (Sở, Bộ, Ủy ban, Chủ tịch, Các sở …) to the first verb or stop; a
 * list of distinct named bodies gives one value each, a class named
 * together ("Các sở, ban, ngành") one value. Sub-clauses with none of their
 * own inherit their parent's (by clause path). Every value goes through
 * body_value(). */
#include <pthread.h>
#include <stdio.h>
#include <utf8proc.h>
#include "doc/doc_internal.h"

#define MAXW 700

enum { P_COMMA = 1, P_COLON = 2, P_SEMI = 4, P_STOP = 8, P_PAREN = 16, P_OPEN = 32 };

typedef struct {
    size_t b, e;       /* raw span of the word's core (punctuation stripped) */
    char x[40];        /* exact: lower case, letters and digits */
    char f[40];        /* folded, letters and digits */
    unsigned char xb;  /* bucket of x in the phrase tables (pt_bucket) */
    unsigned char up;  /* first letter upper case */
    unsigned char dash;/* the word is a lone dash */
    unsigned char digit;
    unsigned char post;/* P_* after the word */
    unsigned char pre; /* P_OPEN: "(" or a quote before it */
} aw_t;

/* the phrase tables looked up by a word's first word (pt_*) */
enum { T_HEADS, T_NAME_LOWER, T_CLASS, T_STRONG, T_KEEP, T_STOPS, T_COQUAN, T_UNIT, T_N };

/* head_at and lower_in of each word, computed once (0: not yet, else the answer + 1) */
typedef struct {
    unsigned char head[MAXW];
    unsigned char low[T_N][MAXW];
} memo_t;

typedef struct {
    const char *s;
    size_t n;
    aw_t w[MAXW];
    size_t nw;
    memo_t *memo;      /* = &mem: written through a const words_t */
    memo_t mem;
} words_t;

/* Words already cut (core bytes -> x, f, up, digit), shared by the clauses of
 * one document: the same syllables come back thousands of times. */
#define WC_SLOTS 4096
#define WC_KEY 40
typedef struct {
    char key[WC_KEY];
    char x[40], f[40];
    unsigned char xb, up, digit;
} wc_ent_t;
typedef struct {
    wc_ent_t *e;              /* WC_SLOTS entries (read only where klen is set), NULL: no cache */
    unsigned char *klen;      /* per slot: the key's length, 0 for an empty slot */
    size_t n;
} wcache_t;

static unsigned char pt_bucket(const char *s, size_t n);

/* ---------------------------------------------------------------- words */

static int is_space_at(const char *s, size_t n, size_t i, size_t *len)
{
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') { *len = 1; return 1; }
    if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { *len = 2; return 1; }
    return 0;
}

static uint32_t wc_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void tokenize(words_t *W, const char *s, size_t n, wcache_t *wc)
{
    W->memo = &W->mem;
    W->s = s;
    W->n = n;
    W->nw = 0;
    size_t i = 0, sl;
    while (i < n && W->nw < MAXW) {
        while (i < n && is_space_at(s, n, i, &sl)) i += sl;
        if (i >= n) break;
        size_t b = i;
        while (i < n && !is_space_at(s, n, i, &sl)) i++;
        size_t e = i;
        aw_t *w = &W->w[W->nw];
        memset(w, 0, sizeof *w);
        /* leading punctuation */
        for (;;) {
            if (b < e && (s[b] == '(' || s[b] == '"' || s[b] == '*' || s[b] == '\'' || s[b] == '[')) {
                if (s[b] != '*') w->pre |= P_OPEN;
                b++;
                continue;
            }
            if (e - b >= 3 && (unsigned char)s[b] == 0xE2 && (unsigned char)s[b + 1] == 0x80 &&
                ((unsigned char)s[b + 2] == 0x9C || (unsigned char)s[b + 2] == 0x98)) {
                w->pre |= P_OPEN;
                b += 3;
                continue;
            }
            break;
        }
        /* trailing punctuation */
        for (;;) {
            if (e > b) {
                char ch = s[e - 1];
                if (ch == ',') { w->post |= P_COMMA; e--; continue; }
                if (ch == ':') { w->post |= P_COLON; e--; continue; }
                if (ch == ';') { w->post |= P_SEMI; e--; continue; }
                if (ch == '.' || ch == '!' || ch == '?') {
                    /* "TP." "v.v." keep as part of an abbreviation of one letter pair */
                    w->post |= P_STOP;
                    e--;
                    continue;
                }
                if (ch == ')' || ch == ']') { w->post |= P_PAREN; e--; continue; }
                if (ch == '"' || ch == '*' || ch == '\'' || ch == '/') { e--; continue; }
                if (e - b >= 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
                    ((unsigned char)s[e - 1] == 0x9D || (unsigned char)s[e - 1] == 0x99)) {
                    e -= 3;
                    continue;
                }
            }
            break;
        }
        for (size_t q = b; q < e; q++)
            if (s[q] == '[') { e = q; break; }   /* footnote mark "Nội vụ[6]" */
        if (e <= b) {
            /* punctuation alone: give it to the previous word */
            if (W->nw) W->w[W->nw - 1].post |= w->post | (w->pre ? P_PAREN : 0);
            continue;
        }
        w->b = b;
        w->e = e;
        if ((e - b == 1 && (s[b] == '-' || s[b] == '+')) ||
            (e - b == 3 && (unsigned char)s[b] == 0xE2 && (unsigned char)s[b + 1] == 0x80 &&
             ((unsigned char)s[b + 2] == 0x93 || (unsigned char)s[b + 2] == 0x94))) {
            w->dash = 1;
            W->nw++;
            continue;
        }
        wc_ent_t *slot = NULL;
        size_t slot_at = 0;
        int hit = 0;
        if (wc && wc->e && e - b < WC_KEY) {
            uint32_t h = wc_hash(s + b, e - b);
            for (size_t probe = 0; probe < 8; probe++) {
                size_t at = (h + probe) & (WC_SLOTS - 1);
                wc_ent_t *q = &wc->e[at];
                if (!wc->klen[at]) { if (wc->n < WC_SLOTS / 2) { slot = q; slot_at = at; } break; }
                if (wc->klen[at] == e - b && !memcmp(q->key, s + b, e - b)) {
                    memcpy(w->x, q->x, sizeof w->x);
                    memcpy(w->f, q->f, sizeof w->f);
                    w->xb = q->xb;
                    w->up = q->up;
                    w->digit = q->digit;
                    hit = 1;
                    break;
                }
            }
        }
        if (hit) {
            W->nw++;
            continue;
        }
        char tmp[96];
        size_t m = vb_term_exact(s + b, e - b, tmp, sizeof tmp), o = 0;
        for (size_t k = 0; k < m && o + 1 < sizeof w->x; k++)
            if (tmp[k] != ' ' && tmp[k] != '-' && tmp[k] != '.' && tmp[k] != ',') w->x[o++] = tmp[k];
        w->x[o] = '\0';
        m = vb_term_fold(s + b, e - b, tmp, sizeof tmp);
        o = 0;
        for (size_t k = 0; k < m && o + 1 < sizeof w->f; k++)
            if ((tmp[k] >= 'a' && tmp[k] <= 'z') || (tmp[k] >= '0' && tmp[k] <= '9')) w->f[o++] = tmp[k];
        w->f[o] = '\0';
        uint32_t cp;
        vb_utf8_decode((const unsigned char *)s + b, e - b, &cp);
        vb_letter_t L;
        if (vb_letter_info(cp, &L)) w->up = L.upper;
        else if (cp >= '0' && cp <= '9') w->digit = 1;
        w->xb = pt_bucket(w->x, strlen(w->x));
        if (slot) {
            wc->klen[slot_at] = (unsigned char)(e - b);
            memcpy(slot->key, s + b, e - b);
            memcpy(slot->x, w->x, sizeof w->x);
            memcpy(slot->f, w->f, sizeof w->f);
            slot->xb = w->xb;
            slot->up = w->up;
            slot->digit = w->digit;
            wc->n++;
        }
        W->nw++;
    }
    memset(W->mem.head, 0, W->nw);
    for (size_t t = 0; t < T_N; t++) memset(W->mem.low[t], 0, W->nw);
}

static int fx(const words_t *W, size_t i, const char *f)
{
    return i < W->nw && !strcmp(W->w[i].f, f);
}

static int ex(const words_t *W, size_t i, const char *x)
{
    return i < W->nw && !strcmp(W->w[i].x, x);
}

/* the words from I match the folded phrase P ("co trach nhiem"), no stop between */
static size_t phrase(const words_t *W, size_t i, const char *p)
{
    size_t k = i;
    while (*p) {
        if (k >= W->nw) return 0;
        const char *f = W->w[k].f;
        while (*f && *f == *p) { f++; p++; }
        if (*f || (*p && *p != ' ')) return 0;   /* the word is not P's next word */
        if (*p == ' ' && (W->w[k].post & (P_STOP | P_COLON | P_SEMI))) return 0;
        k++;
        if (*p == ' ') p++;
    }
    return k - i;
}

/* ---------------------------------------------------------------- heads */

enum { H_CAP = 1,      /* first word must be written upper case (unless after "các") */
       H_NEXTCAP = 2,  /* and the word after the head too (single-syllable heads) */
       H_PLURAL = 4 }; /* only after "các"/"những" */

typedef struct { const char *x; unsigned fl; } head_t;

/* exact forms (lower case, canonical tone) */
static const head_t HEADS[] = {
    /* office holders */
    { "phó chủ tịch", 0 }, { "chủ tịch", 0 }, { "phó giám đốc", 0 }, { "tổng giám đốc", 0 }, { "giám đốc", 0 },
    { "thủ trưởng", 0 }, { "bộ trưởng", 0 }, { "thứ trưởng", H_CAP }, { "chánh văn phòng", 0 },
    { "chánh thanh tra", 0 }, { "tổng cục trưởng", 0 }, { "cục trưởng", 0 }, { "vụ trưởng", 0 },
    { "trưởng ban", 0 }, { "trưởng phòng", H_CAP }, { "thủ tướng", H_CAP }, { "phó thủ tướng", H_CAP },
    { "người đứng đầu", 0 }, { "chỉ huy trưởng", 0 }, { "tư lệnh", H_CAP }, { "chánh án", H_CAP },
    { "viện trưởng", H_CAP }, { "tổng thư ký", H_CAP }, { "bí thư", H_CAP }, { "trưởng công an", 0 },
    /* organisations */
    { "ủy ban", 0 }, { "uỷ ban", 0 }, { "ubnd", 0 }, { "hđnd", 0 }, { "ubmttq", 0 }, { "ubmttqvn", 0 },
    { "mttq", 0 }, { "bcđ", 0 }, { "bhxh", 0 }, { "kbnn", 0 }, { "hội đồng", H_CAP }, { "công an", 0 },
    { "văn phòng", H_CAP }, { "thanh tra", H_CAP }, { "tòa án", H_CAP }, { "toà án", H_CAP },
    { "viện kiểm sát", 0 }, { "kho bạc", H_CAP }, { "ngân hàng", H_CAP }, { "bảo hiểm xã hội", H_CAP },
    { "tổng cục", H_CAP }, { "chi cục", H_CAP }, { "trung tâm", H_CAP }, { "liên đoàn", H_CAP },
    { "đoàn thanh niên", H_CAP }, { "tỉnh đoàn", H_CAP }, { "thành đoàn", H_CAP }, { "mặt trận", H_CAP },
    { "bộ chỉ huy", 0 }, { "bộ tư lệnh", 0 }, { "bộ đội", H_CAP }, { "tổng công ty", H_CAP },
    { "công ty", H_CAP }, { "chi nhánh", H_CAP }, { "tổng liên đoàn", H_CAP }, { "cơ quan", 0 }, { "hải quan", H_CAP }, { "cục thuế", 0 },
    { "chi cục thuế", 0 }, { "ban quản lý", 0 }, { "ban chỉ đạo", 0 }, { "ban chỉ huy", 0 },
    { "ban thường vụ", 0 }, { "đảng ủy", H_CAP }, { "đảng uỷ", H_CAP }, { "đảng đoàn", H_CAP },
    { "huyện ủy", H_CAP }, { "tỉnh ủy", H_CAP }, { "thành ủy", H_CAP }, { "quận ủy", H_CAP },
    { "cấp ủy", H_PLURAL }, { "chủ rừng", H_PLURAL }, { "chính quyền", H_PLURAL }, { "chính phủ", H_CAP }, { "đài phát thanh", H_CAP },
    { "đài truyền hình", H_CAP }, { "quân khu", H_CAP }, { "cảnh sát", H_CAP }, { "thường trực", H_CAP },
    { "đơn vị", H_PLURAL }, { "địa phương", H_PLURAL }, { "tổ chức", H_PLURAL }, { "doanh nghiệp", H_PLURAL },
    { "ngành", H_PLURAL }, { "cấp", H_PLURAL }, { "hội", H_CAP | H_NEXTCAP }, { "tổ công tác", H_CAP },
    { "ban", H_CAP | H_NEXTCAP }, { "sở", H_CAP | H_NEXTCAP }, { "bộ", H_CAP | H_NEXTCAP },
    { "cục", H_CAP | H_NEXTCAP }, { "vụ", H_CAP | H_NEXTCAP }, { "viện", H_CAP | H_NEXTCAP },
    { "phòng", H_CAP | H_NEXTCAP }, { "đài", H_CAP | H_NEXTCAP }, { "báo", H_CAP | H_NEXTCAP },
    { "đoàn", H_CAP | H_NEXTCAP }, { "học viện", H_CAP }, { "trường", H_CAP | H_NEXTCAP },
    { "bệnh viện", H_CAP }, { "tập đoàn", H_CAP }, { "kiểm toán", H_CAP | H_NEXTCAP }, { "thông tấn xã", H_CAP },
    { NULL, 0 }
};

/* words that follow a head word without being a name ("Ban hành", "Bộ phận") */
static const char *const NOT_AFTER_HEAD[] = {
    "hanh", "phan", "sung", "tri", "may", "luat", "nghi", "cao", "dam", "ve", "ket", "dap", "huu", "lieu",
    "sanh", "luong", "bo", "nhiem", "tiep", "hop", NULL
};

/* matches the exact phrase P at I; returns words */
static size_t xphrase(const words_t *W, size_t i, const char *p)
{
    size_t k = i;
    while (*p) {
        if (k >= W->nw) return 0;
        const char *x = W->w[k].x;
        while (*x && *x == *p) { x++; p++; }
        if (*x || (*p && *p != ' ')) return 0;   /* the word is not P's next word */
        if (*p == ' ' && (W->w[k].post & (P_STOP | P_COLON | P_SEMI | P_COMMA))) return 0;
        k++;
        if (*p == ' ') p++;
    }
    return k - i;
}

/* ---------------------------------------------------------------- phrase tables */

/* Each table of phrases (HEADS, STOPS, NAME_LOWER …) indexed by the bucket of
 * its first word: a word is compared only with the phrases that can start
 * with it, in table order. Built once (pthread_once), read-only after. */
#define PT_BUCKETS 256
#define PT_MAX 256
typedef struct {
    const char *const *v;          /* the phrases, table order */
    unsigned short start[PT_BUCKETS + 1];
    unsigned short ord[PT_MAX];    /* phrase indexes by bucket, table order within one */
} ptab_t;
static ptab_t PT[T_N];
static pthread_once_t pt_once = PTHREAD_ONCE_INIT;
static void pt_init(void);

static unsigned char pt_bucket(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return (unsigned char)((h ^ (h >> 8) ^ (h >> 16)) & (PT_BUCKETS - 1));
}

static void pt_build(ptab_t *t, const char *const *v)
{
    size_t n = 0, cnt[PT_BUCKETS + 1] = {0};
    unsigned char bk[PT_MAX];
    while (v[n]) n++;
    if (n > PT_MAX) abort();   /* a table grew past PT_MAX: raise it */
    t->v = v;
    for (size_t i = 0; i < n; i++) {
        const char *sp = strchr(v[i], ' ');
        bk[i] = pt_bucket(v[i], sp ? (size_t)(sp - v[i]) : strlen(v[i]));
        cnt[bk[i] + 1]++;
    }
    for (size_t b = 0; b < PT_BUCKETS; b++) cnt[b + 1] += cnt[b];
    for (size_t b = 0; b <= PT_BUCKETS; b++) t->start[b] = (unsigned short)cnt[b];
    for (size_t i = 0; i < n; i++) t->ord[cnt[bk[i]]++] = (unsigned short)i;
}

static size_t head_at_compute(const words_t *W, size_t i);

/* Does a body's name start at I? Returns the words of its head ("các" included), 0 when not. */
static size_t head_at(const words_t *W, size_t i)
{
    if (i >= W->nw) return 0;
    unsigned char *m = &W->memo->head[i];
    if (!*m) *m = (unsigned char)(head_at_compute(W, i) + 1);
    return *m - 1u;
}

static size_t head_at_compute(const words_t *W, size_t i)
{
    size_t k = i;
    int plural = 0;
    if ((ex(W, k, "các") || ex(W, k, "những")) && !(W->w[k].post & (P_STOP | P_COLON | P_SEMI | P_COMMA))) {
        plural = 1;
        k++;
    }
    if (k >= W->nw || W->w[k].dash) return 0;
    /* "Lãnh đạo các Bộ, ngành": the leaders of named bodies (not the verb "lãnh đạo, chỉ đạo") */
    if (xphrase(W, k, "lãnh đạo") && k + 2 < W->nw && !(W->w[k + 1].post & (P_COMMA | P_STOP | P_SEMI | P_COLON)) &&
        ex(W, k + 2, "các") && k + 3 < W->nw && W->w[k + 3].up)
        return k + 2 - i;
    pthread_once(&pt_once, pt_init);
    const ptab_t *t = &PT[T_HEADS];
    for (size_t o = t->start[W->w[k].xb]; o < t->start[W->w[k].xb + 1u]; o++) {
        size_t h = t->ord[o];
        size_t m = xphrase(W, k, HEADS[h].x);
        if (!m) continue;
        unsigned fl = HEADS[h].fl;
        if ((fl & H_PLURAL) && !plural) continue;
        if ((fl & H_CAP) && !plural && !W->w[k].up) continue;
        if (fl & H_NEXTCAP) {
            size_t j = k + m;
            int ok = 0;
            if (j < W->nw && W->w[j].up && !(W->w[k + m - 1].post & (P_STOP | P_COLON | P_SEMI | P_COMMA)))
                ok = 1;
            if (plural && (W->w[k + m - 1].post & (P_COMMA | P_COLON))) ok = 1;   /* "các sở, ban, ngành", "Các Bộ: …" */
            if (plural && j < W->nw && !W->w[j].up && !(W->w[k + m - 1].post & (P_STOP | P_SEMI))) ok = 1;
            if (j < W->nw)
                for (size_t q = 0; NOT_AFTER_HEAD[q]; q++)
                    if (!strcmp(W->w[j].f, NOT_AFTER_HEAD[q]) && !W->w[j].up) ok = 0;
            if (!ok) continue;
        }
        return k + m - i;
    }
    return 0;
}

/* ---------------------------------------------------------------- names */

/* lower-case words that belong to a name: places, classes, connectors */
static const char *const NAME_LOWER[] = {
    "tỉnh", "thành phố", "huyện", "quận", "xã", "thị xã", "phường", "thị trấn", "các", "nhân dân",
    "cấp tỉnh", "cấp huyện", "cấp xã", "cấp trung ương", "cấp trên", "cấp bộ", "cấp dưới", "các cấp",
    "có liên quan", "có thẩm quyền", "nông thôn", "đào tạo", "công nghệ", "môi trường", "truyền thông",
    "du lịch", "thể thao", "đầu tư", "thương binh", "nghề nghiệp", "y tế", "tài chính", "thuế", "hải quan",
    "bảo hiểm xã hội", "quân sự", "biên phòng", "kiểm lâm", "thống kê", "khám chữa bệnh", "giáo dục",
    "ban", "ngành", "sở", "bộ", "đoàn thể", "địa phương", "đơn vị", "cơ quan", "tổ chức", "liên quan",
    "có liên quan", "trực thuộc", "trung ương", "thuộc", "ngang bộ", "chính phủ", "hội", "chính trị",
    "xã hội", "thành viên", "cá nhân", "doanh nghiệp", "đặc khu", "khu vực", "chi nhánh", "nhà nước",
    "thường trực", "chính trị - xã hội", "quản lý", "chuyên môn", "trực tiếp", "chức năng", "cấp trên",
    "vũ trang", "lực lượng", "tham mưu", "giúp việc", "ủy ban", "uỷ ban", "trường", "hành chính",
    "sự nghiệp", "công lập", "phòng", "cục", "chi cục", "vùng", "khu", "biên giới", "biển", "ven biển",
    "trên địa bàn", "địa bàn", "toàn quốc", "cả nước", "khác", "thị", "tư pháp", "kinh tế", "thực vật",
    "công nghiệp", "thông tin", "dữ liệu", "an toàn", "thực phẩm", "quốc gia", "việt nam", "lao động",
    "việc làm", "phát triển", "tỉnh ủy", "thành ủy", "tỉnh uỷ", "thành uỷ", "hai cấp", "hạ tầng xây dựng",
    "đầu tư xây dựng", "phòng thủ dân sự", "dân sự", "nêu trên", "quản lý nhà nước", "hành chính công", "thủy sản", "lâm nghiệp", "thương mại", "dịch vụ", "nông nghiệp", NULL
};

/* after a comma, nouns of a class named together ("cơ quan, tổ chức, cá nhân") */
static const char *const CLASS_AFTER_COMMA[] = {
    "tổ chức", "cá nhân", "đơn vị", "địa phương", "ngành", "ban", "doanh nghiệp", "đoàn thể", "cơ sở",
    "hộ gia đình", "thành viên", "người lao động", "người sử dụng lao động", NULL
};

/* verbs that end a name even written with a capital (tables, headings) */
static const char *const STRONG[] = {
    "chủ trì", "phối hợp", "căn cứ", "cho ý kiến", "thực hiện", "có trách nhiệm", "chịu trách nhiệm",
    "triển khai", "theo dõi", "tham mưu", "hướng dẫn", "chỉ đạo", "tổ chức thực hiện", "khẩn trương",
    "tiếp tục", "chủ động", "rà soát", "tăng cường", NULL
};

/* words of STOPS that a name keeps */
static const char *const NAME_KEEP[] = { "có liên quan", "có thẩm quyền", "liên quan", NULL };

/* verbs and words that end a name */
static const char *const STOPS[] = {
    "có trách nhiệm", "chịu trách nhiệm", "chủ trì", "phối hợp", "chủ động", "tổ chức", "thực hiện",
    "triển khai", "hướng dẫn", "khẩn trương", "tiếp tục", "tăng cường", "chỉ đạo", "theo dõi", "kiểm tra",
    "tham mưu", "xây dựng", "rà soát", "báo cáo", "đôn đốc", "nghiên cứu", "căn cứ", "quy định", "ban hành",
    "bố trí", "đảm bảo", "bảo đảm", "phê duyệt", "cung cấp", "thông báo", "giải quyết", "lập", "cử",
    "tập trung", "nắm", "làm", "xử lý", "trong", "về", "để", "nhằm", "được", "là", "thường xuyên", "sớm",
    "kịp thời", "khảo sát", "đánh giá", "tuyên truyền", "vận động", "phổ biến", "đẩy mạnh", "nâng cao",
    "duy trì", "ưu tiên", "hỗ trợ", "lựa chọn", "phân công", "xác định", "đề xuất", "đề nghị", "yêu cầu",
    "giao", "gửi", "trình", "tổng hợp", "sửa đổi", "bổ sung", "ký", "thẩm định", "tiến hành", "công bố",
    "công khai", "cập nhật", "hoàn thiện", "hoàn thành", "ra", "mở", "khắc phục", "dừng", "tạm",
    "cho", "với", "tại", "đối với", "khi", "nếu", "theo", "trên", "của", "đã", "sẽ", "cần", "phải",
    "nghiêm túc", "quán triệt", "quyết định", "phát huy", "phát hiện", "phát động", "thành lập", "tuân thủ",
    "trực tiếp", "chấp hành", "thi hành", "giám sát", "quản lý", "có", "không", "chỉ", "bằng", "từ",
    "đến", "như", "thì", "mà", "nhưng", "hoặc", "cũng", "vẫn", "đều", "cùng", "ngay", "lưu ý", "quan tâm",
    "dự thảo", "soạn thảo", "lãnh đạo", "đăng ký", "ứng dụng", "ngăn chặn", "phòng chống", "phòng ngừa", "chống", "đấu tranh", "truy",
    "điều tra", "điều chỉnh", "điều hành", "bàn", "thống nhất", "chuẩn bị", "trực", "nắm bắt", "tiếp nhận",
    "thu", "chi", "cấp", "hướng", "liên hệ", "cân đối", "huy động", "sử dụng", "đề ra", "bổ nhiệm",
    "nhận", "xem xét", "trao đổi", "phản ánh", "tham gia", "tổ", "nơi", "này", "đó",
    NULL
};

/* kinds of "cơ quan" named by a lower-case word ("Cơ quan thanh tra", "các cơ quan chức năng") */
static const char *const COQUAN_KIND[] = {
    "thanh tra", "điều tra", "báo chí", "thông tấn báo chí", "thông tấn", "truyền thông", "chức năng",
    "chuyên môn", "tiến hành tố tụng", "tố tụng", NULL
};

/* nouns of units among the verbs of STOPS ("tham mưu", "quản lý"): has_verb */
static const char *const UNIT[] = { "tham mưu", "quản lý", "xây dựng", "điều tra", "giám sát", "kiểm tra",
                                    "thuộc", "trực thuộc", "cấp", "là", NULL };

static const char *HEAD_X[sizeof HEADS / sizeof HEADS[0]];

static void pt_init(void)
{
    for (size_t h = 0; h < sizeof HEADS / sizeof HEADS[0]; h++) HEAD_X[h] = HEADS[h].x;
    pt_build(&PT[T_HEADS], HEAD_X);
    pt_build(&PT[T_NAME_LOWER], NAME_LOWER);
    pt_build(&PT[T_CLASS], CLASS_AFTER_COMMA);
    pt_build(&PT[T_STRONG], STRONG);
    pt_build(&PT[T_KEEP], NAME_KEEP);
    pt_build(&PT[T_STOPS], STOPS);
    pt_build(&PT[T_COQUAN], COQUAN_KIND);
    pt_build(&PT[T_UNIT], UNIT);
}

/* the longest phrase of LIST (one of the tables above) at word I */
static int lower_in(const words_t *W, size_t i, const char *const *list, size_t *len)
{
    if (i >= W->nw) { *len = 0; return 0; }
    size_t ti = list == STOPS ? T_STOPS : list == NAME_LOWER ? T_NAME_LOWER : list == STRONG ? T_STRONG :
                list == CLASS_AFTER_COMMA ? T_CLASS : list == NAME_KEEP ? T_KEEP : list == COQUAN_KIND ? T_COQUAN :
                list == UNIT ? T_UNIT : T_N;
    if (ti == T_N) abort();   /* a list without its table */
    unsigned char *memo = &W->memo->low[ti][i];
    if (!*memo) {
        pthread_once(&pt_once, pt_init);
        const ptab_t *t = &PT[ti];
        size_t best = 0;
        for (size_t o = t->start[W->w[i].xb]; o < t->start[W->w[i].xb + 1u]; o++) {
            size_t m = xphrase(W, i, t->v[t->ord[o]]);
            if (m > best) best = m;
        }
        *memo = (unsigned char)(best + 1);
    }
    *len = *memo - 1u;
    return *len > 0;
}

/* an office holder's title alone ("Bộ trưởng", "Thủ trưởng") */
static int title_word(const words_t *W, size_t i, size_t hl)
{
    return hl >= 1 && hl <= 3 && (ex(W, i + hl - 1, "trưởng") || ex(W, i + hl - 1, "tịch") || ex(W, i + hl - 1, "đốc"));
}

/* "… các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai và Lâm Đồng": a kind named in
 * the plural whose members follow a colon is one value with its list. J is
 * the word after the colon; returns the end of the list, 0 when none. */
static size_t colon_list_end(const words_t *W, size_t i, size_t j)
{
    int plural = 0;
    for (size_t q = i; q < j; q++)
        if (ex(W, q, "các")) plural = 1;
    if (!plural) return 0;
    size_t k = j, groups = 0, end = 0;
    while (k < W->nw) {
        /* one member: capitalised words, each may carry one lower-case syllable,
         * "và" joining capitalised words inside ("Giáo dục và Đào tạo") */
        /* "Các sở: Sở Y tế, …" are bodies of their own, not members */
        size_t hk = head_at(W, k);
        if (!W->w[k].up || W->w[k].dash || (hk && (!strcmp(W->w[k].f, W->w[j - 1].f) || title_word(W, k, hk)))) break;
        size_t m;
        if (lower_in(W, k, STRONG, &m)) break;
        size_t q = k;
        int stop = 0;
        while (q < W->nw) {
            if (!W->w[q].up) break;
            q++;
            if (W->w[q - 1].post & (P_COMMA | P_SEMI | P_STOP | P_COLON | P_PAREN)) { stop = 1; break; }
            if (q < W->nw && !W->w[q].up && !ex(W, q, "và") && !lower_in(W, q, STOPS, &m) && !W->w[q].dash &&
                !W->w[q].digit) {
                q++;
                if (W->w[q - 1].post & (P_COMMA | P_SEMI | P_STOP | P_COLON | P_PAREN)) { stop = 1; break; }
            }
            if (q < W->nw && W->w[q].dash && q + 1 < W->nw && W->w[q + 1].up) { q++; continue; }
            if (q + 1 < W->nw && ex(W, q, "và") && W->w[q + 1].up && !head_at(W, q + 1)) {
                /* "Gia Lai và Lâm Đồng" (a member each) or "Giáo dục và Đào tạo" (one): either way the list goes on */
                q++;
                continue;
            }
        }
        groups++;
        end = q;
        k = q;
        if (!stop) break;
        if (!(W->w[q - 1].post & P_COMMA)) break;
    }
    if (groups < 2 || !end) return 0;
    return end;
}

/* End (exclusive) of the name whose head (HL words) starts at I. Stops at
 * punctuation that ends it, a verb, a new body after ',' or "và", and
 * lower-case words that cannot be a name's. */
static size_t name_end(const words_t *W, size_t i, size_t hl, int loose)
{
    size_t j = i + hl, lowrun = 0;
    int proper = 0;   /* a capitalised word after the head: a named body, not a class */
    if (hl && (W->w[j - 1].post & (P_SEMI | P_STOP | P_PAREN))) return j;
    while (j < W->nw && j - i < 40) {
        const aw_t *p = &W->w[j - 1], *w = &W->w[j];
        size_t m;
        if ((p->post & P_COLON) && !(p->post & (P_SEMI | P_STOP))) {
            size_t ce = colon_list_end(W, i, j);
            if (ce) { j = ce; break; }
        }
        if (p->post & (P_COLON | P_SEMI | P_STOP | P_PAREN)) break;
        if (w->pre & P_OPEN) break;
        if (p->post & P_COMMA) {
            /* a list: a new body, a class continuing ("huyện, thị xã"), or the end */
            size_t h2 = head_at(W, j);
            if (h2 && (w->up || W->w[i].up == 0 || !ex(W, j, "các"))) {
                /* office holders of one level: "Bộ trưởng, Thủ trưởng cơ quan ngang bộ" */
                if (w->up && j == i + hl && title_word(W, i, hl) && title_word(W, j, h2)) { j += h2; continue; }
                if (w->up) break;
                /* a class continuing in lower case: "Các bộ, cơ quan ngang bộ" */
                j += h2;
                lowrun = 0;
                continue;
            }
            if (w->up && !w->dash && !w->digit) { j++; lowrun = 0; continue; }   /* "Văn hóa, Thể thao" */
            if (!proper && !w->up && lower_in(W, j, CLASS_AFTER_COMMA, &m)) { j += m; lowrun = 0; continue; }
            if (!w->up && lower_in(W, j, NAME_LOWER, &m) && !lower_in(W, j, STOPS, &(size_t){0})) {
                size_t e = j + m, m2;
                /* "…, thành phố trực thuộc Trung ương", "…, thành phố nêu trên" */
                while (!ex(W, j, "các") && e < W->nw && !(W->w[e - 1].post & (P_COMMA | P_COLON | P_SEMI | P_STOP | P_PAREN)) &&
                       !ex(W, e, "và") && lower_in(W, e, NAME_LOWER, &m2) && !lower_in(W, e, STOPS, &(size_t){0}))
                    e += m2;
                while (!ex(W, j, "các") && e < W->nw && !(W->w[e - 1].post & (P_COMMA | P_COLON | P_SEMI | P_STOP | P_PAREN)) && W->w[e].up &&
                       !head_at(W, e) && !lower_in(W, e, STRONG, &m2))
                    e++;   /* "…, thành phố trực thuộc Trung ương" */
                /* only when that piece ends the list item: ", thị xã, thành phố" */
                if (e >= W->nw || (W->w[e - 1].post & (P_COMMA | P_COLON | P_SEMI | P_STOP)) || ex(W, e, "và") ||
                    lower_in(W, e, STOPS, &(size_t){0}) || (W->w[e].pre & P_OPEN) || W->w[e].dash) {
                    j = e;
                    lowrun = 0;
                    continue;
                }
            }
            break;
        }
        if (w->dash) {
            if (head_at(W, j + 1)) break;
            if (j + 1 < W->nw && (W->w[j + 1].up || ex(W, j + 1, "xã"))) { j++; continue; }
            break;
        }
        if (ex(W, j, "và")) {
            if (head_at(W, j + 1)) break;
            if (j + 1 < W->nw && W->w[j + 1].up) { j++; lowrun = 0; continue; }
            if (lower_in(W, j + 1, NAME_LOWER, &m) && !lower_in(W, j + 1, STOPS, &(size_t){0})) { j += 1 + m; continue; }
            break;
        }
        if (w->up) {
            size_t m3;
            if (lower_in(W, j, STRONG, &m3) && !(ex(W, j - 1, "ban") && ex(W, j, "chỉ"))) break;
            j++;
            lowrun = 0;
            proper = 1;
            continue;
        }
        if (w->digit) {
            if (j > i) { j++; continue; }   /* "Ban Chỉ đạo 799" */
            break;
        }
        /* "các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa" */
        if (ex(W, j, "từ") && !(w->post & (P_COMMA | P_STOP | P_SEMI | P_COLON))) {
            size_t q = j + 1;
            while (q < W->nw && W->w[q].up && !(W->w[q].post & (P_COMMA | P_STOP | P_SEMI | P_COLON))) q++;
            if (q > j + 1 && ex(W, q, "đến") && q + 1 < W->nw && W->w[q + 1].up) {
                q++;
                while (q < W->nw && W->w[q].up && !head_at(W, q)) {
                    q++;
                    if (W->w[q - 1].post & (P_COMMA | P_STOP | P_SEMI | P_COLON | P_PAREN)) break;
                }
                j = q;
                lowrun = 0;
                continue;
            }
        }
        /* lower case */
        if (j >= 2 && ex(W, j - 2, "cơ") && ex(W, j - 1, "quan") && lower_in(W, j, COQUAN_KIND, &m)) {
            j += m;
            lowrun = 0;
            continue;
        }
        int prev_ban = ex(W, j - 1, "ban") || ex(W, j - 1, "bộ") || ex(W, j - 1, "cục");
        if (lower_in(W, j, STOPS, &m) && !(prev_ban && (ex(W, j, "chỉ") || ex(W, j, "quản")))) {
            /* "có liên quan" is a name's, "tham mưu" after "cơ quan chuyên môn" too */
            /* a longer name phrase wins: "cấp xã", "trực thuộc", "có liên quan" */
            size_t m2;
            if (lower_in(W, j, NAME_KEEP, &m2) || (lower_in(W, j, NAME_LOWER, &m2) && m2 > m)) {
                j += m2;
                lowrun = 0;
                continue;
            }
            break;
        }
        if (lower_in(W, j, NAME_LOWER, &m)) { j += m; lowrun = 0; continue; }
        /* one unknown syllable finishing a capitalised word ("Tài chính", "Y tế") */
        if (j > i + hl && (W->w[j - 1].up || (loose && lowrun < 3)) && (lowrun == 0 || loose)) { j++; lowrun++; continue; }
        /* a longer lower-case tail of a name ("Kiểm soát bệnh tật tỉnh"): only when a
         * place word or the end of the name follows within three words */
        if (proper && lowrun > 0 && lowrun < 4) {
            size_t q = j, ok = 0;
            while (q < W->nw && q - j < 3 && !W->w[q].up && !W->w[q].dash && !lower_in(W, q, STOPS, &m) &&
                   !lower_in(W, q, NAME_LOWER, &m)) {
                if (W->w[q].post & (P_COLON | P_COMMA | P_PAREN | P_SEMI)) { ok = 1; q++; break; }
                q++;
            }
            if (!ok && q < W->nw && !W->w[q].up && lower_in(W, q, NAME_LOWER, &m) && !lower_in(W, q, STOPS, &m))
                ok = 1;
            if (!ok && q < W->nw && lower_in(W, q, STRONG, &m)) ok = 1;
            if (ok && q > j) { lowrun += q - j; j = q; continue; }
        }
        /* lower-case words bridging to a capitalised word of the same name:
         * "Trung tâm Chuyển đổi số Thành phố", "Cục Văn hóa các dân tộc Việt Nam" */
        if (proper) {
            size_t q = j;
            while (q < W->nw && q - j < 3 && !W->w[q].up && !W->w[q].dash && !W->w[q].digit &&
                   !lower_in(W, q, STOPS, &m) && !(W->w[q].post & (P_COMMA | P_COLON | P_SEMI | P_STOP | P_PAREN)))
                q++;
            if (q > j && q < W->nw && W->w[q].up && !(W->w[q].pre & P_OPEN) && !lower_in(W, q, STRONG, &m) &&
                !head_at(W, q)) {
                j = q;
                lowrun = 0;
                continue;
            }
        }
        break;
    }
    /* no trailing connector */
    while (j > i + hl && (W->w[j - 1].dash || ex(W, j - 1, "và") || ex(W, j - 1, "các"))) j--;
    /* no trailing unknown lower-case words (they were a verb) */
    return j;
}

/* ---------------------------------------------------------------- values */

typedef struct {
    vb_assignee_t *v;
    size_t n, cap;
    int oom;
} alist_t;

static const struct { const char *abbr, *full; } ABBR[] = {
    { "UBND", "Ủy ban nhân dân" }, { "HĐND", "Hội đồng nhân dân" }, { "BCĐ", "Ban Chỉ đạo" }, { "BCD", "Ban Chỉ đạo" },
    { "UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam" }, { "UBMTTQ", "Ủy ban Mặt trận Tổ quốc" },
    { "MTTQVN", "Mặt trận Tổ quốc Việt Nam" }, { "MTTQ", "Mặt trận Tổ quốc" },
    { "BHXH", "Bảo hiểm xã hội" }, { "KBNN", "Kho bạc Nhà nước" }, { "TP", "thành phố" },
    { "TP.", "thành phố" }, { NULL, NULL }
};

/* The one place a body's name becomes a value: cleaned, abbreviations
 * written out, "Uỷ" as "Ủy", first letter upper case. */
static char *body_value(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == ':' || s[n - 1] == ';' ||
                     s[n - 1] == '.' || s[n - 1] == '-' || s[n - 1] == '*' || s[n - 1] == ')'))
        n--;
    while (n > 0 && (s[0] == ' ' || s[0] == '*' || s[0] == '(' || s[0] == '"')) { s++; n--; }
    /* a footnote number glued to the last word: "Đào tạo18" */
    {
        size_t k = n;
        while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9') k--;
        if (k < n && k > 0 && (((unsigned char)s[k - 1] >= 'a' && (unsigned char)s[k - 1] <= 'z') ||
                               (unsigned char)s[k - 1] >= 0x80))
            n = k;
    }
    if (n == 0) return NULL;
    char *c = d_clean_dup(s, n);
    if (!c) return NULL;
    vb_buf_t b = {0};
    size_t i = 0, len = strlen(c);
    while (i < len) {
        size_t e = i;
        while (e < len && c[e] != ' ') e++;
        size_t we = e;
        while (we > i && c[we - 1] == ',') we--;
        const char *rep = NULL;
        for (size_t a = 0; ABBR[a].abbr; a++)
            if (strlen(ABBR[a].abbr) == we - i && !memcmp(ABBR[a].abbr, c + i, we - i)) { rep = ABBR[a].full; break; }
        if (rep) { vb_buf_puts(&b, rep); vb_buf_append(&b, c + we, e - we); }
        else if (e - i >= 4 && !memcmp(c + i, "Uỷ", 4)) { vb_buf_puts(&b, "Ủy"); vb_buf_append(&b, c + i + 4, e - i - 4); }
        else if (e - i >= 4 && !memcmp(c + i, "uỷ", 4)) { vb_buf_puts(&b, "ủy"); vb_buf_append(&b, c + i + 4, e - i - 4); }
        else vb_buf_append(&b, c + i, e - i);
        if (e < len) vb_buf_putc(&b, ' ');
        i = e < len ? e + 1 : e;
    }
    free(c);
    if (b.oom || !b.data) { vb_buf_free(&b); return NULL; }
    char *r = vb_buf_steal(&b);
    uint32_t cp;
    size_t k = vb_utf8_decode((const unsigned char *)r, strlen(r), &cp);
    uint32_t up = (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
    if (up != cp) {
        char enc[8];
        size_t el = vb_utf8_encode(up, enc);
        if (el == k) memcpy(r, enc, el);
        else {
            vb_buf_t t = {0};
            vb_buf_append(&t, enc, el);
            vb_buf_puts(&t, r + k);
            free(r);
            if (t.oom) { vb_buf_free(&t); return NULL; }
            r = vb_buf_steal(&t);
        }
    }
    return r;
}

static int same_body(const char *a, const char *b)
{
    char fa[256], fb[256];
    d_fold(a, strlen(a), fa, sizeof fa);
    d_fold(b, strlen(b), fb, sizeof fb);
    return !strcmp(fa, fb);
}

static void al_add(alist_t *L, char *body, vb_role_t role)
{
    if (!body) return;
    for (size_t i = 0; i < L->n; i++)
        if (same_body(L->v[i].body, body)) { free(body); return; }
    if (L->n == L->cap) {
        size_t nc = L->cap ? L->cap * 2 : 4;
        vb_assignee_t *nv = realloc(L->v, nc * sizeof *nv);
        if (!nv) { free(body); L->oom = 1; return; }
        L->v = nv;
        L->cap = nc;
    }
    L->v[L->n].body = body;
    L->v[L->n].role = role;
    L->n++;
}

static void al_free(alist_t *L)
{
    for (size_t i = 0; i < L->n; i++) free(L->v[i].body);
    free(L->v);
    memset(L, 0, sizeof *L);
}

static void add_span(alist_t *L, const words_t *W, size_t i, size_t e, vb_role_t role)
{
    if (e <= i) return;
    /* a name of one head word alone and no more ("Trung tâm") is not a body */
    size_t nwords = e - i;
    if (nwords > 40) return;
    char *v = body_value(W->s + W->w[i].b, W->w[e - 1].e - W->w[i].b);
    if (!v) { L->oom = 1; return; }
    if (!*v) { free(v); return; }
    al_add(L, v, role);
}

/* A list of bodies at I (the first must have a head, or LOOSE: any words
 * up to a stop). Adds them with ROLE; returns the end of the list (I when none). */
static size_t body_list(alist_t *L, const words_t *W, size_t i, vb_role_t role, int loose)
{
    size_t k = i, added = 0;
    while (k < W->nw) {
        size_t hl = head_at(W, k);
        if (!hl) break;
        size_t e = name_end(W, k, hl, loose);
        if (e == k + hl && !(W->w[k].x[0] == 'c' && !strcmp(W->w[k].x, "các")) && hl == 1 &&
            strcmp(W->w[k].x, "ubnd") && strcmp(W->w[k].x, "hđnd")) {
            /* a bare single-syllable head */
            break;
        }
        if (e == k + hl && (xphrase(W, k, "chi nhánh") || xphrase(W, k, "văn phòng") || xphrase(W, k, "trung tâm") ||
                            xphrase(W, k, "công ty") || xphrase(W, k, "cơ quan") || xphrase(W, k, "tổng công ty")))
            break;   /* a bare noun of organisations: "Chi nhánh công ty …", "Trung tâm" */
        add_span(L, W, k, e, role);
        added++;
        k = e;
        /* list continues with ',' / "và" / ", và" / ";" + a new head */
        if (k < W->nw && (W->w[k - 1].post & (P_COMMA | P_SEMI)) && !(W->w[k - 1].post & P_STOP)) {
            size_t q = k;
            if (ex(W, q, "và")) q++;
            if (head_at(W, q)) { k = q; continue; }
            break;
        }
        if (ex(W, k, "và") && !(W->w[k - 1].post & (P_STOP | P_COLON)) && head_at(W, k + 1)) { k++; continue; }
        break;
    }
    return added ? k : i;
}

/* "phối hợp (chặt chẽ) với Y, Z" from I (within a few words); cooperating bodies */
static void coop_after(alist_t *L, const words_t *W, size_t i, size_t lim)
{
    for (size_t k = i; k < W->nw && k < lim; k++) {
        size_t m = phrase(W, k, "phoi hop");
        if (!m && fx(W, k, "cung") && !W->w[k].up && head_at(W, k + 1)) {
            size_t e = body_list(L, W, k + 1, VB_ROLE_PHOI_HOP, 0);
            k = e > k + 1 ? e - 1 : k;
            continue;
        }
        if (!m) {
            if (W->w[k].post & (P_STOP | P_SEMI)) return;
            continue;
        }
        size_t q = k + m;
        if (phrase(W, q, "chat che")) q += 2;
        if (phrase(W, q, "voi")) q++;
        else if (!head_at(W, q)) continue;
        size_t e = body_list(L, W, q, VB_ROLE_PHOI_HOP, 0);
        k = e > q ? e : q;
    }
}

/* ---------------------------------------------------------------- forms */

/* the word at I is written in capitals and is no abbreviation ("THỦ", not "UBND") */
static int all_caps(const words_t *W, size_t i)
{
    if (i >= W->nw || !W->w[i].up) return 0;
    const char *s = W->s + W->w[i].b;
    size_t n = W->w[i].e - W->w[i].b, k = 0, letters = 0;
    while (k < n) {
        uint32_t cp;
        k += vb_utf8_decode((const unsigned char *)s + k, n - k, &cp);
        vb_letter_t L;
        if (!vb_letter_info(cp, &L)) continue;
        if (!L.upper) return 0;
        letters++;
    }
    if (letters < 2) return 0;
    return strcmp(W->w[i].x, "ubnd") && strcmp(W->w[i].x, "hđnd") && strcmp(W->w[i].x, "bcđ") &&
           strcmp(W->w[i].x, "mttq") && strcmp(W->w[i].x, "ubmttq") && strcmp(W->w[i].x, "bhxh");
}

/* "Đồng chí", "các đồng chí" before an office holder */
static size_t skip_honorific(const words_t *W, size_t i)
{
    size_t k = i;
    if (fx(W, k, "cac") && phrase(W, k + 1, "dong chi")) k++;
    if (phrase(W, k, "dong chi") && head_at(W, k + 2)) return k + 2;
    return i;
}

/* "theo chức năng, nhiệm vụ(, thẩm quyền)( được giao)", "căn cứ (theo) chức năng …"
 * from I: returns the word after it (I when none) */
static size_t skip_qualifier(const words_t *W, size_t i)
{
    size_t k = i;
    if (phrase(W, k, "theo chuc nang")) k += 1;
    else if (phrase(W, k, "can cu theo chuc nang")) k += 3;
    else if (phrase(W, k, "can cu chuc nang")) k += 2;
    else if (phrase(W, k, "trong pham vi chuc nang")) k += 3;
    else return i;
    static const char *const Q[] = { "chuc", "nang", "nhiem", "vu", "tham", "quyen", "han", "duoc", "giao",
                                     "cua", "minh", "va", "linh", "vuc", "phu", "trach", "pham", "vi", NULL };
    size_t start = k;
    while (k < W->nw && k - start < 14) {
        int in = 0;
        for (size_t q = 0; Q[q]; q++)
            if (!strcmp(W->w[k].f, Q[q])) in = 1;
        if (!in || W->w[k].up) break;
        /* "được giao theo dõi" keeps "giao" only when a verb follows */
        k++;
        if (W->w[k - 1].post & (P_STOP | P_SEMI | P_COLON)) return i;
    }
    return k;
}

/* a verb of STOPS among the lower-case words [I, E) (name phrases and the
 * nouns of units such as "tham mưu", "quản lý" do not count) */
static int has_verb(const words_t *W, size_t i, size_t e)
{
    for (size_t q = i; q < e; q++) {
        size_t m, m2;
        if (W->w[q].up || !lower_in(W, q, STOPS, &m)) continue;
        if (lower_in(W, q, NAME_KEEP, &m2) || lower_in(W, q, UNIT, &m2) || (lower_in(W, q, NAME_LOWER, &m2) && m2 >= m)) {
            q += m2 - 1;
            continue;
        }
        return 1;
    }
    return 0;
}

/* Words [I, LIM) after a name are still the name: no verb, no new body after a
 * comma or "và". COLON: a lead-in ending in a colon (verbs of STOPS end it). */
static int tail_is_name(const words_t *W, size_t i, size_t lim, int colon)
{
    static const char *const VERBS[] = { "chu tri", "phoi hop", "co trach nhiem", "chiu trach nhiem",
                                         "thuc hien", "trien khai", "khan truong", "chu dong", "tiep tuc", NULL };
    for (size_t q = i; q < lim; q++) {
        size_t m;
        if (q > i && (W->w[q - 1].post & P_COMMA) && head_at(W, q)) return 0;
        if ((ex(W, q, "và") || ex(W, q, "cùng")) && head_at(W, q + 1)) return 0;
        if (W->w[q].pre & P_OPEN) return 0;
        if (colon && !W->w[q].up && lower_in(W, q, STOPS, &m) && !lower_in(W, q, NAME_KEEP, &m)) return 0;
        if (!colon && has_verb(W, q, q + 1)) return 0;
        for (size_t v = 0; VERBS[v]; v++)
            if (phrase(W, q, VERBS[v])) return 0;
    }
    return 1;
}

/* Forms at a sentence's opening I. FIRST: the clause's own opening (lead-ins
 * and any subject count; 2: an article's opening, where a title that is only a
 * name ("Điều 60. Bảo hiểm xã hội một lần", "Điều 5. Hội đồng quản trị") is a
 * topic, not a lead-in); else only "X có/chịu trách nhiệm", "X chủ trì". */
static void sentence_forms(alist_t *L, const words_t *W, size_t i, int first, int inherited_lead)
{
    if (i >= W->nw) return;
    size_t k = i;
    /* "Giao (cho) X", "(Kính) Đề nghị X", "Yêu cầu X" */
    if (phrase(W, k, "kinh de nghi")) k += 3;
    else if (phrase(W, k, "de nghi") || phrase(W, k, "yeu cau")) k += 2;
    else if (ex(W, k, "giao")) { k++; if (fx(W, k, "cho")) k++; }
    else if (phrase(W, k, "uy quyen cho")) k += 3;
    if (k > i) {
        k = skip_honorific(W, k);
        size_t e = body_list(L, W, k, VB_ROLE_CHU_TRI, 0);
        if (e > k) coop_after(L, W, e, e + 12);
        return;
    }
    /* "Trong đó,", "Đồng thời,", "Theo đó,", "Ngoài ra," before the subject */
    if ((phrase(W, i, "trong do") || phrase(W, i, "dong thoi") || phrase(W, i, "theo do") || phrase(W, i, "ngoai ra")) &&
        (W->w[i + 1].post & P_COMMA))
        i += 2;
    i = skip_honorific(W, i);
    size_t hl = head_at(W, i);
    if (!hl) return;
    if (all_caps(W, i) && all_caps(W, i + 1)) return;   /* "THỦ TƯỚNG CHÍNH PHỦ điện:" */
    alist_t tmp = {0};
    size_t e = body_list(&tmp, W, i, VB_ROLE_CHU_TRI, 0);
    if (e == i) { al_free(&tmp); return; }
    int ok = 0;
    vb_role_t role = VB_ROLE_CHU_TRI;
    const aw_t *last = &W->w[e - 1];
    /* "theo chức năng, nhiệm vụ, thẩm quyền" between the subject and its verb */
    if (!(last->post & (P_STOP | P_SEMI | P_COLON))) {
        size_t q = skip_qualifier(W, e);
        if (q > e) {
            e = q;
            last = &W->w[e - 1];
            if (last->post & P_COMMA) last = &W->w[e - 2 > i ? e - 2 : i];   /* "…, nhiệm vụ được giao, chủ động …" */
        }
    }
    /* the speaker asking others ("Chủ tịch UBND tỉnh yêu cầu …") is no assignee */
    if (phrase(W, e, "yeu cau") || phrase(W, e, "de nghi") || phrase(W, e, "kinh de nghi") ||
        (fx(W, e, "giao") && !phrase(W, e, "giao thong"))) {
        al_free(&tmp);
        return;
    }
    /* a lead-in "X:" or a heading alone: the name runs to the colon or the end */
    if (first && tmp.n == 1) {
        size_t lim = e;
        while (lim < W->nw && lim - i < 20 && !(W->w[lim - 1].post & (P_COLON | P_STOP | P_SEMI)) &&
               !(W->w[lim].pre & P_OPEN))
            lim++;
        /* a heading closed by a parenthesis of examples: "Các chủ rừng là tổ chức (các Ban quản lý …)" */
        int paren_tail = lim < W->nw && lim > e && (W->w[lim].pre & P_OPEN) && (W->w[W->nw - 1].post & P_PAREN) &&
                         !(W->w[lim - 1].post & (P_COLON | P_STOP | P_SEMI | P_COMMA));
        if (lim > e && lim - i < 20 &&
            (W->w[lim - 1].post & P_COLON || (first == 1 && paren_tail) || (first == 1 && lim == W->nw && !(W->w[lim - 1].post & (P_STOP | P_SEMI)))) &&
            tail_is_name(W, e, lim, (W->w[lim - 1].post & P_COLON) != 0)) {
            char *v = body_value(W->s + W->w[i].b, W->w[lim - 1].e - W->w[i].b);
            if (v && *v) { free(tmp.v[0].body); tmp.v[0].body = v; e = paren_tail ? W->nw : lim; last = &W->w[e - 1]; }
            else free(v);
        }
    }
    if (phrase(W, e, "co trach nhiem") || phrase(W, e, "chiu trach nhiem") || phrase(W, e, "chu tri") ||
        phrase(W, e, "co nhiem vu"))
        ok = 1;
    else if (first && e == W->nw && (last->post & (P_SEMI | P_STOP))) ok = 0;   /* an item of a list of recipients */
    else if (first) {
        if (last->post & P_COLON) ok = 1;
        else if (first == 1 && e == W->nw && e - i > hl) ok = 1;   /* "5. Bộ Nội vụ" alone: a heading over its points */
        else if (e < W->nw && W->w[e].dash) ok = 1;
        else if (e < W->nw && !W->w[e].up && !W->w[e].digit && !(last->post & (P_STOP | P_SEMI | P_PAREN | P_COMMA)) &&
                 !(W->w[e].pre & P_OPEN)) {
            size_t m;
            (void)m;
            ok = !(fx(W, e, "co") && !phrase(W, e, "co trach nhiem")) && !fx(W, e, "cua") && !fx(W, e, "la") && !fx(W, e, "duoc") &&
                 !fx(W, e, "tai") && (!fx(W, e, "theo") || phrase(W, e, "theo doi")) && !fx(W, e, "ve") && !fx(W, e, "trong") &&
                 !fx(W, e, "khi") && !fx(W, e, "neu") && !fx(W, e, "va") && !fx(W, e, "tu") && !fx(W, e, "den") &&
                 !fx(W, e, "nay") && !fx(W, e, "do") && !fx(W, e, "cho") && !fx(W, e, "voi") &&
                 !fx(W, e, "tren") && !fx(W, e, "doi") && !fx(W, e, "bang") && !fx(W, e, "nhu") &&
                 !fx(W, e, "thi") && !fx(W, e, "ma") && !fx(W, e, "hoac") && !fx(W, e, "noi");
            /* the issuer issuing or deciding is no work given: "Ủy ban nhân dân tỉnh ban hành Kế hoạch" */
            if (phrase(W, e, "ban hanh") || phrase(W, e, "quyet dinh") || phrase(W, e, "co y kien") ||
                phrase(W, e, "nhan duoc") || phrase(W, e, "da") || phrase(W, e, "thong bao") ||
                phrase(W, e, "tra loi") || phrase(W, e, "xin") || phrase(W, e, "kinh gui"))
                ok = 0;
            if (ok && phrase(W, e, "phoi hop") && inherited_lead) role = VB_ROLE_PHOI_HOP;
        }
    }
    if (!ok) { al_free(&tmp); return; }
    for (size_t q = 0; q < tmp.n; q++) {
        al_add(L, tmp.v[q].body, role);
        tmp.v[q].body = NULL;
    }
    if (tmp.oom) L->oom = 1;
    free(tmp.v);
    coop_after(L, W, e, e + 12);
}

/* "Trách nhiệm của X" in a title (words [I, END)) */
static int title_forms(alist_t *L, const words_t *W, size_t i, size_t end)
{
    size_t k = i;
    if (!(phrase(W, k, "trach nhiem cua") || phrase(W, k, "nhiem vu cua") ||
          phrase(W, k, "trach nhiem va quyen han cua") || phrase(W, k, "nhiem vu va quyen han cua") ||
          phrase(W, k, "nhiem vu, trach nhiem cua") || phrase(W, k, "trach nhiem thi hanh")))
        return 0;
    if (phrase(W, k, "trach nhiem thi hanh")) return 0;
    while (k < end && !fx(W, k, "cua")) k++;
    k++;
    if (k >= end) return 0;
    size_t before = L->n;
    /* "Trách nhiệm của các cơ quan, đơn vị" over khoản that name them: no body */
    {
        int generic = 1;
        size_t r = k;
        for (; r < end && generic; r++) {
            size_t m;
            if (ex(W, r, "các")) continue;
            if (phrase(W, r, "co quan")) { r++; continue; }
            if (lower_in(W, r, CLASS_AFTER_COMMA, &m)) { r += m - 1; continue; }
            generic = 0;
        }
        if (generic && r > k) return 1;
    }
    size_t e = body_list(L, W, k, VB_ROLE_CHU_TRI, 1);
    if (e > k && L->n == before + 1 && e < end && end - k <= 12) {
        /* the rest of a title is the name ("Trách nhiệm của Văn phòng đăng ký đất đai:") unless it
         * goes on with a circumstance or another body */
        int rest = 1;
        for (size_t q = e; q < end && rest; q++)
            if (fx(W, q, "khi") || fx(W, q, "trong") || fx(W, q, "ve") || fx(W, q, "doi") || fx(W, q, "voi") ||
                fx(W, q, "truoc") || fx(W, q, "tai") || fx(W, q, "theo") || fx(W, q, "de") || fx(W, q, "va") ||
                fx(W, q, "trong") || (W->w[q].pre & P_OPEN) || (W->w[q - 1].post & (P_COMMA | P_SEMI | P_STOP)) ||
                phrase(W, q, "thuc hien") || phrase(W, q, "chu tri") || phrase(W, q, "phoi hop") ||
                phrase(W, q, "trach nhiem") || phrase(W, q, "trien khai") || phrase(W, q, "to chuc thuc"))
                rest = 0;
        if (rest) {
            char *v = body_value(W->s + W->w[k].b, W->w[end - 1].e - W->w[k].b);
            if (v && *v) { free(L->v[before].body); L->v[before].body = v; }
            else free(v);
        }
    }
    if (e == k) {
        /* a class written in lower case: "các bộ, ngành có liên quan" */
        size_t q = k;
        while (q < end && q - k < 12 && !fx(W, q, "trong") && !fx(W, q, "ve") && !phrase(W, q, "doi voi") &&
               !fx(W, q, "khi") && !(W->w[q].post & (P_STOP | P_COLON | P_SEMI)))
            q++;
        if (q < end && (W->w[q].post & (P_STOP | P_COLON | P_SEMI)) && q - k < 12) q++;
        int verb = 0;   /* "cơ quan chủ trì giải quyết sự cố": a role described, no name to index */
        for (size_t r = k; r < q; r++)
            if (phrase(W, r, "chu tri") || phrase(W, r, "phoi hop") || phrase(W, r, "thuc hien") || phrase(W, r, "trach nhiem"))
                verb = 1;
        if (q > k && q - k <= 10 && !verb) add_span(L, W, k, q, VB_ROLE_CHU_TRI);
    }
    return L->n > before;
}

/* Kế hoạch layouts: "Cơ quan thực hiện: X", "Đơn vị chủ trì: X", "Cơ quan phối
 * hợp: Y". Returns 1 when the clause opens with such a label (with or without
 * bodies after it), 0 when not. */
static int label_forms(alist_t *L, const words_t *W, size_t i)
{
    size_t k = i;
    if (fx(W, k, "cac")) k++;
    if (phrase(W, k, "co quan") || phrase(W, k, "don vi")) k += 2;
    else return 0;
    vb_role_t role;
    if (phrase(W, k, "chu tri")) { role = VB_ROLE_CHU_TRI; k += 2; }
    else if (phrase(W, k, "phoi hop")) { role = VB_ROLE_PHOI_HOP; k += 2; }
    else if (phrase(W, k, "thuc hien")) { role = VB_ROLE_CHU_TRI; k += 2; }
    else return 0;
    /* "chủ trì thực hiện:", "thực hiện chính:" */
    while (k < W->nw && k - i < 7 && !(W->w[k - 1].post & (P_COLON | P_STOP | P_SEMI))) k++;
    if (!(W->w[k - 1].post & P_COLON)) return 0;
    size_t e = body_list(L, W, k, role, 0);
    if (e > k) coop_after(L, W, e, e + 12);
    return 1;
}

/* a class noun among [B, E) ("cơ quan", "tổ chức", "đơn vị" …) */
static int has_class(const words_t *W, size_t b, size_t e)
{
    for (size_t q = b; q < e; q++)
        if (phrase(W, q, "co quan") || phrase(W, q, "to chuc") || phrase(W, q, "don vi") || phrase(W, q, "doanh nghiep"))
            return 1;
    return 0;
}

/* The closing sentence "Chánh Văn phòng …; Giám đốc (Thủ trưởng) các sở …,
 * Chủ tịch … và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành
 * Quyết định này": each office holder is one value. Items are cut at ';', at ','
 * before a capitalised word or a head, and at "và" before a head. From I
 * (the clause opening after its marker); TITLE_END: the end of an article's
 * title. Returns 1 when the sentence was found. */
static int closing_forms(alist_t *L, const words_t *W, size_t i, size_t title_end)
{
    size_t p = W->nw;
    for (size_t k = i; k < W->nw; k++)
        if (W->w[k].f[0] == 'c' &&   /* every phrase below opens with "chiu" or "co" */
            (phrase(W, k, "chiu trach nhiem thi hanh") || phrase(W, k, "co trach nhiem thi hanh") ||
            phrase(W, k, "chiu trach nhiem to chuc thuc hien") || phrase(W, k, "chiu trach nhiem thuc hien quyet dinh") ||
            phrase(W, k, "chiu trach nhiem trien khai thuc hien"))) {
            p = k;
            break;
        }
    if (p == W->nw) return 0;
    size_t start = i;
    for (size_t k = i; k < p; k++)
        if (W->w[k].post & (P_STOP | P_COLON)) start = k + 1;
    if (start < title_end && title_end <= p && !head_at(W, start)) start = title_end;
    if (start >= p || !head_at(W, skip_honorific(W, start))) return 0;
    size_t before = L->n, b = start;
    for (size_t k = start; k <= p; k++) {
        int cut = 0;
        size_t next = k;
        if (k == p) cut = 1;
        else if (k > b && (W->w[k - 1].post & P_SEMI)) cut = 1;
        else if (k > b && (W->w[k - 1].post & P_COMMA) && (W->w[k].up || (ex(W, k, "các") && head_at(W, k) > 1 && W->w[b].up)))
            cut = 1;   /* "Chủ tịch Ủy ban nhân dân các tỉnh, các tổ chức, cá nhân …" */
        else if (k > b && ex(W, k, "và") &&
                 (head_at(W, k + 1) || ex(W, k + 1, "các") || (W->w[b].up && lower_in(W, k + 1, CLASS_AFTER_COMMA, &(size_t){0}) && !has_class(W, b, k)))) {
            cut = 1;   /* "… trực thuộc Trung ương và tổ chức, cá nhân có liên quan" */
            next = k + 1;
        }
        if (!cut) continue;
        size_t e = k;
        while (e > b && (ex(W, e - 1, "và"))) e--;
        /* an item is a body: a head ("Giám đốc …", "các tổ chức …") or an office "Trưởng …", "Phó …" */
        if (e > b + 1 && (head_at(W, b) || ex(W, b, "trưởng") || ex(W, b, "phó")) && e - b <= 24 && !has_verb(W, b, e))
            add_span(L, W, b, e, VB_ROLE_CHU_TRI);
        b = next;
        k = next > k ? next - 1 : k;   /* the loop's k++ */
        if (next > k + 1) k = next - 1;
    }
    return L->n > before;
}

/* skip the clause marker: "Điều 5.", "5.", "5.2.", "II.", "a)", "-", "+" */
static size_t skip_marker(const words_t *W)
{
    if (W->nw == 0) return 0;
    const aw_t *w = &W->w[0];
    if (fx(W, 0, "dieu") && W->nw > 1 && W->w[1].digit) return 2;
    if (w->dash) return 1;
    size_t len = w->e - w->b;
    const char *s = W->s + w->b;
    if ((w->post & (P_STOP | P_PAREN | P_COLON)) && len <= 12) {
        int ok = 1;
        for (size_t q = 0; q < len; q++) {
            char ch = s[q];
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == 'I' || ch == 'V' || ch == 'X' || ch == 'L')) ok = 0;
        }
        if (ok) return 1;
        if ((len == 1 && s[0] >= 'a' && s[0] <= 'z') || (len == 2 && (unsigned char)s[0] == 0xC4)) return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- the pass */

static int skip_clause(const char *p)
{
    if (!strcmp(p, "h") || !strcmp(p, "f")) return 1;
    if (!strncmp(p, "pl", 2) && !strchr(p, '.')) {
        /* an appendix as one blob */
        for (const char *q = p + 2; *q; q++)
            if (*q < '0' || *q > '9') return 0;
        return 1;
    }
    return 0;
}

static uint64_t hstr(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* "(2)", "(ii)": an enumeration inside a clause opens an item of its own */
static int is_enum(const words_t *W, size_t k)
{
    const aw_t *w = &W->w[k];
    if (!(w->pre & P_OPEN) || !(w->post & P_PAREN) || w->e - w->b > 4) return 0;
    for (size_t q = w->b; q < w->e; q++) {
        char ch = W->s[q];
        if (!((ch >= '0' && ch <= '9') || ch == 'i' || ch == 'v' || ch == 'x')) return 0;
    }
    return 1;
}

/* LEAD_FROM: when the clause ends in a colon after a sentence of its own that
 * names bodies ("…. Trong đó, Bộ Tài chính có nhiệm vụ chủ trì …:"), the index
 * in L of that sentence's first body (the sub-clauses inherit those only), else 0 */
static void extract(alist_t *L, const char *text, size_t n, const size_t *moff, size_t mn, int dieu, int inherited_lead,
                    size_t *lead_from, wcache_t *wc)
{
    words_t *W = malloc(sizeof *W);
    if (!W) { L->oom = 1; return; }
    tokenize(W, text, n, wc);
    size_t m0 = skip_marker(W);
    /* the title of an article: its first line, with lines continuing it in lower case */
    size_t title_end = W->nw, tlim = n;
    /* a khoản or điểm titled "Trách nhiệm của X" too */
    int titled_item = !dieu && (phrase(W, m0, "trach nhiem cua") || phrase(W, m0, "nhiem vu cua"));
    if ((dieu || titled_item) && mn > 1) {
        size_t lim = moff[1], k = 1;
        while (k + 1 < mn && d_first_letter_case(text + moff[k], moff[k + 1] - moff[k]) < 0) lim = moff[++k];
        if (k < mn && d_first_letter_case(text + moff[k], n - moff[k]) < 0) lim = n;
        title_end = 0;
        while (title_end < W->nw && W->w[title_end].b < lim) title_end++;
        /* a title cut inside a name ("Trách nhiệm của Sở / Công Thương"): the next line goes on */
        static const char *const OPEN_END[] = { "sở", "bộ", "ban", "cục", "của", "các", "và", "ủy", "uỷ", "nhân", "dân",
                                                "tỉnh", "thành", "ủy ban", NULL };
        while (title_end > 0 && title_end < W->nw && k < mn) {
            int open = 0;
            for (size_t q = 0; OPEN_END[q]; q++)
                if (ex(W, title_end - 1, OPEN_END[q])) open = 1;
            if (!open || (W->w[title_end - 1].post & (P_STOP | P_COLON | P_SEMI | P_COMMA))) break;
            lim = k + 1 < mn ? moff[++k] : n;
            if (k >= mn - 1 && lim == n) k = mn;
            while (title_end < W->nw && W->w[title_end].b < lim) title_end++;
        }
        tlim = lim;
    }
    int titled = 0;
    if (dieu || titled_item) {
        /* the title alone, so that a name cannot run on into the text */
        words_t *T = malloc(sizeof *T);
        if (!T) { L->oom = 1; free(W); return; }
        tokenize(T, text, tlim, wc);
        titled = title_forms(L, T, m0, T->nw);
        free(T);
    }
    if (!titled) titled = label_forms(L, W, m0);
    if (!titled) titled = closing_forms(L, W, m0, dieu ? title_end : 0);
    if (!titled) {
        /* "a) Chủ trì, phối hợp với Y", "- Tiếp tục phối hợp với Y", "…; phối hợp chặt chẽ với Y"
         * under a lead: Y cooperates (not the cooperators of a unit the clause directs:
         * "Chỉ đạo các Khu Quản lý đường bộ phối hợp với …") */
        if (!inherited_lead) sentence_forms(L, W, m0, dieu ? 2 : 1, inherited_lead);
        if (inherited_lead || L->n)
            for (size_t k = m0; k < W->nw; k++) {
                if (!phrase(W, k, "phoi hop") && !(k == m0 && phrase(W, k, "chu tri"))) continue;
                if (k > m0) {
                    const aw_t *p = &W->w[k - 1];
                    if (!(p->post & (P_COMMA | P_SEMI | P_STOP)) && !phrase(W, k - 2, "tiep tuc") && !phrase(W, k - 2, "chu dong") &&
                        !phrase(W, k - 2, "tich cuc") && !phrase(W, k - 2, "dong thoi") && !fx(W, k - 1, "va") &&
                        !(k - 1 == m0 && W->w[m0].up))
                        continue;
                    int directs = 0;
                    for (size_t q = k; q > m0 && !(W->w[q - 1].post & (P_STOP | P_SEMI)); q--)
                        if (phrase(W, q - 1, "chi dao") || phrase(W, q - 1, "yeu cau") || phrase(W, q - 1, "don doc") ||
                            phrase(W, q - 1, "huong dan"))
                            directs = 1;
                    if (directs) continue;
                }
                coop_after(L, W, k, k + 6);
            }
        if (inherited_lead) sentence_forms(L, W, m0, dieu ? 2 : 1, inherited_lead);
        if (dieu && title_end < W->nw && !L->n) sentence_forms(L, W, title_end, 1, inherited_lead);
    }
    /* later sentences and requests inside a sentence */
    size_t last_stop = 0;   /* the opening of the clause's last sentence */
    for (size_t k = m0 + 1; k < W->nw; k++)
        if (W->w[k - 1].post & P_STOP) last_stop = k;
    *lead_from = 0;
    for (size_t k = m0 + 1; k < W->nw; k++) {
        const aw_t *p = &W->w[k - 1];
        if (k == last_stop && (W->w[W->nw - 1].post & P_COLON)) *lead_from = L->n;
        if (is_enum(W, k)) {
            sentence_forms(L, W, k + 1, 1, inherited_lead);
            continue;
        }
        /* "…, Sở Tư pháp có trách nhiệm …", "Trên cơ sở …, Sở Xây dựng chủ trì, phối hợp …":
         * the subject of these verbs counts anywhere in the clause */
        if ((p->post & P_COMMA) && !W->w[k].dash && head_at(W, k)) {
            size_t hl = head_at(W, k), e = name_end(W, k, hl, 0);
            if (e > k + (hl == 1 && !ex(W, k, "ubnd") ? 1 : 0) && e < W->nw && !(W->w[e - 1].post & (P_COMMA | P_STOP | P_SEMI | P_COLON)) &&
                (phrase(W, e, "co trach nhiem") || phrase(W, e, "chiu trach nhiem") || phrase(W, e, "chu tri"))) {
                /* not the tail of a body found already ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ") */
                int inside = 0;
                char *v = body_value(W->s + W->w[k].b, W->w[e - 1].e - W->w[k].b);
                if (v) {
                    char fv[256], fo[256];
                    size_t nv = d_fold(v, strlen(v), fv, sizeof fv);
                    for (size_t q = 0; q < L->n && !inside; q++) {
                        size_t no = d_fold(L->v[q].body, strlen(L->v[q].body), fo, sizeof fo);
                        if (no > nv && !strcmp(fo + no - nv, fv)) inside = 1;
                    }
                    free(v);
                }
                if (!inside) {
                    add_span(L, W, k, e, VB_ROLE_CHU_TRI);
                    coop_after(L, W, e, e + 12);
                }
            }
        }
        if ((p->post & (P_STOP | P_SEMI)) || (p->post & P_COLON)) {
            sentence_forms(L, W, k, 0, inherited_lead || L->n > 0);
            continue;
        }
        if (W->w[k].up) continue;
        size_t q = 0;
        if (phrase(W, k, "de nghi") || phrase(W, k, "yeu cau")) q = k + 2;
        else if (ex(W, k, "giao")) q = k + 1 + (fx(W, k + 1, "cho") ? 1 : 0);
        if (!q) continue;
        if (fx(W, k - 1, "theo") || fx(W, k - 1, "xet") || fx(W, k - 1, "co") || fx(W, k - 1, "cac") ||
            fx(W, k - 1, "duoc") || fx(W, k - 1, "nhung") || fx(W, k - 1, "moi"))
            continue;
        size_t e = body_list(L, W, q, VB_ROLE_CHU_TRI, 0);
        if (e > q) { coop_after(L, W, e, e + 12); k = e - 1; }
    }
    if (*lead_from >= L->n) *lead_from = 0;
    free(W);
}

/* "THỦ TƯỚNG CHÍNH PHỦ điện:", "Kính gửi:": what follows are recipients */
static int is_dien_line(const ctext_t *t)
{
    if (!t->text.data || t->text.len < 6) return 0;
    size_t n0 = t->text.len;
    while (n0 > 0 && (t->text.data[n0 - 1] == ' ' || t->text.data[n0 - 1] == '\n')) n0--;
    size_t from = n0 > 60 ? n0 - 60 : 0;
    while (from > 0 && ((unsigned char)t->text.data[from] & 0xC0) == 0x80) from--;
    char f[256];
    /* a fold ends in ':' only when the text does (or in what folding drops after it) */
    unsigned char last = n0 ? (unsigned char)t->text.data[n0 - 1] : 0;
    if (last == ':' || last == '*' || last == '\t' || last >= 0x80) {
        size_t n = d_fold(t->text.data + from, n0 - from, f, sizeof f);
        if (n >= 5 && !strcmp(f + n - 5, "dien:")) return 1;
    }
    if (!d_fold_may_start(t->text.data, t->text.len < 40 ? t->text.len : 40, 'k')) return 0;
    size_t n = d_fold(t->text.data, t->text.len < 40 ? t->text.len : 40, f, sizeof f);
    return n >= 8 && !strncmp(f, "kinh gui", 8);
}

static int dien_at(const dctx_t *c, unsigned char *dien, size_t i)
{
    if (!dien[i]) dien[i] = is_dien_line(&c->ct[i]) ? 2 : 1;
    return dien[i] == 2;
}

void d_assignees(dctx_t *c)
{
    vb_doc_t *d = c->doc;
    size_t nc = d->clause_count;
    if (!nc) return;
    /* path -> clause index */
    size_t cap = 16;
    while (cap < nc * 2) cap *= 2;
    size_t *tab = malloc(cap * sizeof *tab);
    size_t *inh = calloc(nc, sizeof *inh);   /* per clause: the first body its sub-clauses inherit */
    /* is_dien_line of each clause (asked for a clause, its parent and the one before): 0 unknown, 1 no, 2 yes */
    unsigned char *dien = calloc(nc, 1);
    if (!tab || !inh || !dien) { free(tab); free(inh); free(dien); c->oom = 1; return; }
    wcache_t wc = { malloc(WC_SLOTS * sizeof(wc_ent_t)), calloc(WC_SLOTS, 1), 0 };
    if (!wc.e || !wc.klen) { free(wc.e); free(wc.klen); wc.e = NULL; wc.klen = NULL; }   /* words are cut anyway */
    for (size_t i = 0; i < cap; i++) tab[i] = (size_t)-1;
    for (size_t i = 0; i < nc; i++) {
        const char *p = d->clauses[i].path;
        size_t h = (size_t)hstr(p, strlen(p)) & (cap - 1);
        while (tab[h] != (size_t)-1) h = (h + 1) & (cap - 1);
        tab[h] = i;
    }
    for (size_t i = 0; i < nc && !c->oom; i++) {
        vb_clause_t *cl = &d->clauses[i];
        if (skip_clause(cl->path)) continue;
        /* the parent: the longest path prefix that is a clause before this one */
        const vb_clause_t *par = NULL;
        size_t plen = strlen(cl->path);
        while (!par && plen > 0) {
            while (plen > 0 && cl->path[plen - 1] != '.') plen--;
            if (plen == 0) break;
            plen--;
            size_t h = (size_t)hstr(cl->path, plen) & (cap - 1);
            while (tab[h] != (size_t)-1) {
                const vb_clause_t *q = &d->clauses[tab[h]];
                if (tab[h] < i && strlen(q->path) == plen && !memcmp(q->path, cl->path, plen)) { par = q; break; }
                h = (h + 1) & (cap - 1);
            }
        }
        /* "THỦ TƯỚNG CHÍNH PHỦ điện:" names the addressees of a công điện, not assignees */
        if (par && dien_at(c, dien, (size_t)(par - d->clauses))) continue;
        if (par && par->assignee_count == 0 && i > 0 && dien_at(c, dien, i - 1)) continue;
        if (dien_at(c, dien, i)) continue;
        int inherited_lead = 0;
        if (par)
            for (size_t q = 0; q < par->assignee_count; q++)
                if (par->assignees[q].role == VB_ROLE_CHU_TRI) inherited_lead = 1;
        alist_t L = {0};
        const ctext_t *t = &c->ct[i];
        int dieu = 0;
        {
            const char *last = strrchr(cl->path, '.');
            last = last ? last + 1 : cl->path;
            dieu = last[0] == 'd' && last[1] >= '0' && last[1] <= '9';
        }
        size_t lead_from = 0;
        if (t->text.data && t->text.len)
            extract(&L, t->text.data, t->text.len, t->moff, t->mn, dieu, inherited_lead, &lead_from, &wc);
        inh[i] = lead_from;
        if (par && par->assignee_count) {
            int own_lead = 0;
            for (size_t q = 0; q < L.n; q++)
                if (L.v[q].role == VB_ROLE_CHU_TRI) own_lead = 1;
            if (!own_lead) {
                /* inherit the parent's (its lead first), keep our own cooperators */
                alist_t M = {0};
                size_t pi = (size_t)(par - d->clauses);
                for (size_t q = inh[pi]; q < par->assignee_count; q++)
                    if (!L.n || par->assignees[q].role == VB_ROLE_CHU_TRI)
                        al_add(&M, vb_strndup(par->assignees[q].body, strlen(par->assignees[q].body)),
                               par->assignees[q].role);
                if (inh[i]) inh[i] += M.n;
                for (size_t q = 0; q < L.n; q++) {
                    al_add(&M, L.v[q].body, L.v[q].role);
                    L.v[q].body = NULL;
                }
                if (L.oom) M.oom = 1;
                free(L.v);
                L = M;
            }
        }
        if (L.oom) { al_free(&L); c->oom = 1; break; }
        cl->assignees = L.v;
        cl->assignee_count = L.n;
        for (size_t q = 0; q < L.n; q++)
            if (L.v[q].role == VB_ROLE_CHU_TRI) {
                cl->assignee = vb_strndup(L.v[q].body, strlen(L.v[q].body));
                if (!cl->assignee) c->oom = 1;
                break;
            }
        if (!cl->assignee && L.n) {
            cl->assignee = vb_strndup(L.v[0].body, strlen(L.v[0].body));
            if (!cl->assignee) c->oom = 1;
        }
    }
    free(tab);
    free(inh);
    free(dien);
    free(wc.e);
    free(wc.klen);
}
