/*
 * store_io: what CSV import (store_import*.c) and export (store_export.c) share: the
 * columns of the case file.  Private to the store; like store_internal.h it names SQLite.
 *
 * The CSV case file
 * -----------------
 * RFC 4180 (see csv.h): UTF-8, an optional byte order mark, CR LF or LF line ends.
 * The first record is a header naming the columns, in any order; an unknown or repeated
 * name is an error.  Required columns:
 *
 *   ref          the case reference, 1-63 characters, unique ("OMD7-VNCUS-0412")
 *   phase        operation code ("OMD7")
 *   agency       agency code ("VNCUS"); the agency must take part in the phase
 *   category     top-level category code: drugs, precursors, wildlife
 *   subcategory  a sub-category code of that category ("heroin", "ivory")
 *   detected_on  YYYY-MM-DD, a real date inside the phase's period
 *   country      ISO 3166 alpha-2 code of the place of detection, upper case ("VN")
 *   transport    air passenger, air cargo, express courier, postal, sea container,
 *                sea vessel, road, rail, other
 *   status       open, under investigation, prosecuted, closed
 *
 * Optional columns (empty when absent):
 *
 *   location, concealment, summary   free text
 *   departure, destination           an alpha-2 code or empty
 *   transit                          alpha-2 codes separated by single spaces
 *   detection    risk profiling, intelligence, x-ray, detector dog, random check, other
 *   arrests      a non-negative integer (empty: 0)
 *   commodity, quantity, unit        one seizure: all three given or all three empty
 *
 * One row per seizure: the rows of one case share its ref, follow each other, and agree
 * on every case column (ref ... summary).  A case without a seizure is one row with
 * commodity, quantity and unit empty.  quantity is a plain decimal ("12.5"), at most 15
 * significant digits, below 10^15; unit is kg, g (stored as kg / 1000), tablets, pieces,
 * heads, m3 or litres.  Empty lines are ignored.  A cell that starts with an apostrophe
 * followed by =, +, -, @, TAB or CR loses that apostrophe (it is how export neutralises
 * formulas, so export then import gives back the same cases); otherwise cells are
 * stored exactly as given.
 */
#ifndef OPDECK_STORE_IO_H
#define OPDECK_STORE_IO_H

#include "store_internal.h"

enum io_col {
	COL_REF, COL_PHASE, COL_AGENCY, COL_CATEGORY, COL_SUBCATEGORY, COL_DETECTED_ON,
	COL_LOCATION, COL_COUNTRY, COL_TRANSPORT, COL_DEPARTURE, COL_TRANSIT, COL_DESTINATION,
	COL_DETECTION, COL_CONCEALMENT, COL_ARRESTS, COL_STATUS, COL_SUMMARY,
	COL_COMMODITY, COL_QUANTITY, COL_UNIT, COL_COUNT
};
#define COL_FIRST_SEIZURE COL_COMMODITY /* columns before it belong to the case */

/* Name and whether a case needs it, per column, in the order export writes them. */
struct store_io_col {
	const char *name;
	int required;
};
extern const struct store_io_col store_io_cols[COL_COUNT]; /* store_import.c */

#endif
