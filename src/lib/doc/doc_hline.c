/* doc: what a line of the header is (HL_*: agency, motto, number, date, V/v, type, body). */
#include "doc/doc_internal.h"

int d_is_marker_start(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 4 && s[i] >= '0' && s[i] <= '9') i++;
    if (i > 0 && i < n && (s[i] == '.' || s[i] == ')') && (i + 1 == n || s[i + 1] == ' ')) return 1;
    return 0;
}

static int is_body_start(const char *f, const char *s, size_t n)
{
    static const char *const starts[] = {
        "can cu ", "can cu:", "thuc hien ", "theo de nghi", "xet de nghi", "xet ", "dieu 1.", "dieu 1 ",
        "chuong i", "phan i", "de nghi ", "nham ", "trong nhung nam", "ngay ", NULL
    };
    for (size_t i = 0; starts[i]; i++)
        if (d_starts(f, starts[i])) {
            if (!strcmp(starts[i], "ngay ") && f[5] >= '0' && f[5] <= '9') continue;  /* "ngày 20" */
            return 1;
        }
    if (d_is_marker_start(s, n)) return 1;
    return 0;
}

static const char *const AUTH[] = {
    "chu tich", "thu tuong", "bo truong", "chinh phu", "quoc hoi", "hoi dong nhan dan", "uy ban nhan dan",
    "uy ban thuong vu", "giam doc", "cuc truong", "tong cuc truong", "thong doc", "chanh an", "vien truong",
    "tong kiem toan", "truong ban", "chanh van phong", "tong giam doc", "ban chap hanh", "ban thuong vu",
    "bo chinh tri", "ban bi thu", "chu nhiem", NULL
};

static int is_auth_line(const char *f, const char *s, size_t n)
{
    if (!d_is_upper_text(s, n)) return 0;
    for (size_t i = 0; AUTH[i]; i++)
        if (d_starts(f, AUTH[i])) return 1;
    return 0;
}

/* the position of word "ngay" followed by a digit or the end, within the first 7 words */
static int find_ngay(const char *f, size_t *at)
{
    size_t i = 0, w = 0;
    while (f[i] && w < 8) {
        if ((i == 0 || f[i - 1] == ' ') && !strncmp(f + i, "ngay", 4) &&
            (f[i + 4] == '\0' || (f[i + 4] == ' ' && ((f[i + 5] >= '0' && f[i + 5] <= '9') || f[i + 5] == '\0')) ||
             (f[i + 4] >= '0' && f[i + 4] <= '9'))) {
            *at = i;
            return 1;
        }
        if (f[i] == ' ') w++;
        i++;
    }
    return 0;
}

int d_motto_words(const char *f)
{
    return strstr(f, "cong hoa xa hoi") || strstr(f, "xa hoi chu nghia") || strstr(f, "chu nghia viet nam") ||
           strstr(f, "doc lap - tu do") || strstr(f, "doc lap – tu do") || strstr(f, "tu do - hanh phuc") ||
           (strstr(f, "doc lap") && strstr(f, "hanh phuc")) || !strcmp(f, "cong") || !strcmp(f, "cong hoa") ||
           !strcmp(f, "hoa xa hoi");
}

/* a type word line: the whole line, its first words, or (OCR junk first) its last words */
const char *d_type_in_line(const char *s, size_t n)
{
    const char *t = d_type_phrase(s, n);
    if (t) return t;
    size_t e = 0;
    for (int w = 0; w < 4; w++) {
        while (e < n && s[e] != ' ') e++;
        if (e >= n) break;
        if (d_is_upper_text(s, e) && (t = d_type_phrase(s, e)) && d_is_upper_text(s, n < 200 ? n : 200)) return t;
        while (e < n && s[e] == ' ') e++;
    }
    size_t k = n, words = 0;
    while (k > 0 && words < 4) {
        while (k > 0 && s[k - 1] == ' ') k--;
        while (k > 0 && s[k - 1] != ' ') k--;
        words++;
        if (k > 0 && n - k >= 4 && d_is_upper_text(s + k, n - k) && (t = d_type_phrase(s + k, n - k))) return t;
    }
    return NULL;
}

int d_hl_classify(const char *s, size_t n, const char *f)
{
    if (d_is_separator(s, n)) return HL_SEP;
    if (d_starts(f, "kinh gui")) return HL_KG;
    if (d_motto_words(f)) return HL_MOTTO;
    if (d_starts(f, "so:") || d_starts(f, "so :") || d_starts(f, "luat so:") || d_starts(f, "luat so :") ||
        (d_starts(f, "so ") && f[3] >= '0' && f[3] <= '9' && n < 40 && strchr(f, '/')))
        return HL_NUM;
    if (d_starts(f, "v/v") || d_starts(f, "vv ") || d_starts(f, "v/v:") || d_starts(f, "v.v ")) return HL_VV;
    size_t at;
    if (n < 120 && find_ngay(f, &at) && (at == 0 || f[at - 1] == ' ')) {
        if (at == 0 || (at >= 2 && f[at - 2] == ',') || strchr(f, ',')) return HL_DATE;
    }
    if (d_starts(f, "van ban quy pham phap luat") || d_starts(f, "van ban phap luat khac") ||
        d_starts(f, "van ban khac") || d_starts(f, "van ban hop nhat -") || d_starts(f, "van ban hop nhat –"))
        return HL_SECTION;
    if (n < 200 && (d_is_upper_text(s, n) || n < 60) && d_type_in_line(s, n)) return HL_TYPE;
    if (is_body_start(f, s, n)) return HL_BODY;
    if (is_auth_line(f, s, n)) return HL_AUTH;
    return HL_OTHER;
}
