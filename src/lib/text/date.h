/* Dates: the one reader and the one validity rule of the library.  The
 * tokenizer (DATE tokens and their "D<iso>" terms), the document parser (the
 * date of issue, the dates of cited instruments) and the query parser
 * (ngay:, nam:) all call it, so they cannot disagree on what is a date.
 *
 * The rule: a date is a real day of the Gregorian calendar (30 days in
 * April, June, September and November, 29 in February of a leap year — every
 * fourth year, except centuries not divisible by 400 — 28 in other Februaries,
 * 31 elsewhere) in a year from VB_DATE_YEAR_MIN to VB_DATE_YEAR_MAX.
 *
 * Why 1900..2100: it is the range the document parser already used (the
 * tokenizer went to 2199, the query parser took any year from 0001).  The
 * real corpus (792 files) has dates from 1945 (the Declaration of
 * Independence, cited as 2/9/1945) to 2033 (deadlines of plans), none before
 * 1900 or after 2100; the CLI tests already ask `nam:1900..2100` for "every
 * document".  A wider range only turns more numbers that are no dates
 * ("1/1/2150" in a table of figures) into date terms and stored dates. */
#ifndef VB_DATE_H
#define VB_DATE_H

#include <stddef.h>

#define VB_DATE_YEAR_MIN 1900
#define VB_DATE_YEAR_MAX 2100

/* Days in month M (1..12) of year Y, by the Gregorian calendar; 0 when M is
 * not a month. */
int vb_date_days_in_month(long y, long m);

/* Is Y-M-D a date by the rule above? */
int vb_date_valid(long y, long m, long d);

/* Numeric "D/M/YYYY", "D-M-YYYY" or "D.M.YYYY" at the start of S (N bytes):
 * day and month of 1 or 2 digits, the year of exactly 4, one separator used
 * twice, no digit right after the year.  On a date writes "YYYY-MM-DD" into
 * ISO, the bytes read into *CONSUMED (may be NULL) and returns 1; else 0. */
int vb_date_parse_dmy(const char *s, size_t n, char iso[11], size_t *consumed);

/* The date of a Vietnamese text after "ngày": spaces, then either the
 * numeric form above or "D tháng M năm YYYY" (any case, with or without
 * diacritics; "tháng11" with the month glued on; a footnote digit glued to
 * the year, "năm 20264", is dropped).  Same results as vb_date_parse_dmy(). */
int vb_date_parse_words(const char *s, size_t n, char iso[11], size_t *consumed);

/* Results of vb_date_parse_period(). */
enum {
    VB_DATE_BAD = 0,    /* not one of the forms, or no such day */
    VB_DATE_OK = 1,
    VB_DATE_YEAR_OUT = 2 /* a well-formed day or period, but its year is
                            outside VB_DATE_YEAR_MIN..VB_DATE_YEAR_MAX */
};

/* A day or a period, the whole of S (N bytes): YYYY, YYYY-MM, M/YYYY,
 * YYYY-MM-DD or D/M/YYYY, the separator '-', '/' or '.', the same
 * throughout (D/M/YYYY is read by vb_date_parse_dmy()).  On VB_DATE_OK
 * writes the first and the last day of the period into LO and HI. */
int vb_date_parse_period(const char *s, size_t n, char lo[11], char hi[11]);

#endif
