/* qparse: the values of nam: and ngay: (a year, day, period or range) -> ISO bounds. */
#include "query/qparse_internal.h"
#include "text/date.h"

/* Read one end of a date (text/date.h: YYYY, YYYY-MM, M/YYYY, YYYY-MM-DD,
 * D/M/YYYY) from code points: VB_DATE_OK, VB_DATE_BAD or VB_DATE_YEAR_OUT.
 * The longest form has 10 characters, all ASCII. */
static int parse_date_piece(const uint32_t *c, size_t n, char lo[11], char hi[11])
{
    char a[10];
    if (n > sizeof a) return VB_DATE_BAD;
    for (size_t i = 0; i < n; i++) {
        if (c[i] >= 0x80) return VB_DATE_BAD;
        a[i] = (char)c[i];
    }
    return vb_date_parse_period(a, n, lo, hi);
}

static int is_four_digits(const uint32_t *c, size_t n)
{
    if (n != 4) return 0;
    for (size_t i = 0; i < 4; i++)
        if (!qp_is_digit(c[i])) return 0;
    return c[0] != '0' || c[1] != '0' || c[2] != '0' || c[3] != '0';
}

/* Report the end cp[s..e) of a year or date field that parse_date_piece()
 * did not accept (R: its answer). */
static void bad_date(parser_t *p, int year, int r, size_t s, size_t e)
{
    char msgval[200];
    qp_quote_for_msg(p, s, e, msgval, sizeof msgval);
    if (r == VB_DATE_YEAR_OUT)
        qp_fail(p, s + 1, "invalid %s '%s' at column %zu (years run from %d to %d)",
             year ? "year" : "date", msgval, s + 1, VB_DATE_YEAR_MIN, VB_DATE_YEAR_MAX);
    else if (year)
        qp_fail(p, s + 1, "a year must have 4 digits: '%s' at column %zu", msgval, s + 1);
    else
        qp_fail(p, s + 1, "invalid date '%s' at column %zu (use 2020-08-21, 21/8/2020, "
             "2020-08 or 2020)", msgval, s + 1);
}

/* Fill n->lo/hi from the value cp[s..e) of a year or date field. */
int qp_date_value(parser_t *p, vb_qnode_t *n, size_t s, size_t e)
{
    const uint32_t *c = p->cp;
    int year = n->field == VB_QF_YEAR;
    size_t dots = e;
    for (size_t i = s; i + 1 < e; i++)
        if (c[i] == '.' && c[i + 1] == '.') { dots = i; break; }
    char msgval[200];
    if (dots == e) {
        int r = VB_DATE_BAD;
        if (!year || is_four_digits(c + s, e - s)) r = parse_date_piece(c + s, e - s, n->lo, n->hi);
        if (r != VB_DATE_OK) {
            bad_date(p, year, r, s, e);
            return 0;
        }
        return 1;
    }
    size_t a0 = s, a1 = dots, b0 = dots + 2, b1 = e;
    char lo[11], hi[11], tmp[11];
    if (a0 == a1 && b0 == b1) {
        qp_fail(p, s + 1, "empty date range '..' at column %zu", s + 1);
        return 0;
    }
    for (int side = 0; side < 2; side++) {
        size_t x0 = side ? b0 : a0, x1 = side ? b1 : a1;
        char *dst = side ? hi : lo;
        if (x0 == x1) { dst[0] = '\0'; continue; }
        int r = VB_DATE_BAD;
        if (!year || is_four_digits(c + x0, x1 - x0))
            r = side ? parse_date_piece(c + x0, x1 - x0, tmp, dst)
                     : parse_date_piece(c + x0, x1 - x0, dst, tmp);
        if (r != VB_DATE_OK) {
            bad_date(p, year, r, x0, x1);
            return 0;
        }
    }
    if (lo[0] && hi[0] && strcmp(lo, hi) > 0) {
        qp_quote_for_msg(p, s, e, msgval, sizeof msgval);
        qp_fail(p, s + 1, "date range '%s' at column %zu ends before it starts", msgval, s + 1);
        return 0;
    }
    memcpy(n->lo, lo, sizeof lo);
    memcpy(n->hi, hi, sizeof hi);
    return 1;
}
