/* Common abbreviations of Vietnamese administrative writing, both ways:
 * "UBND" <-> "Ủy ban nhân dân", "BCĐ" <-> "Ban Chỉ đạo", … */
#ifndef VB_ABBREV_H
#define VB_ABBREV_H

#include <stddef.h>

/* Other spellings of TEXT (a word or phrase of a query): with every
 * abbreviation written out, and with every long form abbreviated. *OUT gets
 * a malloc'd array of malloc'd strings (free each, then the array); returns
 * how many (0: none, or out of memory). Texts holding a document symbol or a
 * date are left alone. */
size_t vb_abbrev_alternatives(const char *text, char ***out);

#endif
