/* Names of citation roles (issue 18): the names written in --dump, JSON and
 * `vaitro:`, and the spellings a reader may type for them. */
#include "vanban.h"

#include <string.h>

static const char *const role_names[VB_CITE_ROLE_COUNT] = {
    "dan_chieu", "can_cu", "huong_dan", "sua_doi", "thay_the", "bai_bo", "het_hieu_luc", "hop_nhat"
};

/* Further spellings, folded (no marks, lower case) with spaces, '-' and '_'
 * removed before comparing: Vietnamese phrases and English words. */
static const struct { const char *alias; vb_cite_role_t role; } role_aliases[] = {
    { "cites", VB_CITE_DAN_CHIEU },   { "reference", VB_CITE_DAN_CHIEU },
    { "basis", VB_CITE_CAN_CU },      { "guides", VB_CITE_HUONG_DAN },
    { "amends", VB_CITE_SUA_DOI },    { "suadoibosung", VB_CITE_SUA_DOI },
    { "bosung", VB_CITE_SUA_DOI },    { "replaces", VB_CITE_THAY_THE },
    { "repeals", VB_CITE_BAI_BO },    { "expires", VB_CITE_HET_HIEU_LUC },
    { "consolidates", VB_CITE_HOP_NHAT },
};

const char *vb_cite_role_name(vb_cite_role_t role)
{
    return (unsigned)role < VB_CITE_ROLE_COUNT ? role_names[role] : NULL;
}

/* Folded NAME without separators into BUF; 0 when it does not fit. */
static size_t squeeze(const char *name, size_t len, char *buf, size_t cap)
{
    char folded[128];
    size_t n = vb_term_fold(name, len, folded, sizeof folded);
    if (n == 0 || n >= sizeof folded) return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (folded[i] == ' ' || folded[i] == '-' || folded[i] == '_') continue;
        if (k + 1 >= cap) return 0;
        buf[k++] = folded[i];
    }
    buf[k] = '\0';
    return k;
}

vb_status_t vb_cite_role_parse(const char *name, size_t len, vb_cite_role_t *out)
{
    if (!name || !out) return VB_ERR_INVALID_ARG;
    char key[64], cand[64];
    if (!squeeze(name, len, key, sizeof key)) return VB_ERR_INVALID_ARG;
    for (int r = 0; r < VB_CITE_ROLE_COUNT; r++) {
        if (squeeze(role_names[r], strlen(role_names[r]), cand, sizeof cand) && strcmp(cand, key) == 0) {
            *out = (vb_cite_role_t)r;
            return VB_OK;
        }
    }
    for (size_t i = 0; i < sizeof role_aliases / sizeof role_aliases[0]; i++) {
        if (strcmp(role_aliases[i].alias, key) == 0) {
            *out = role_aliases[i].role;
            return VB_OK;
        }
    }
    return VB_ERR_INVALID_ARG;
}
