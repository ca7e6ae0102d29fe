/*
 * The opdeck database schema, version 1.
 *
 * Codes are short upper/lower-case identifiers that appear in locators and CSV files
 * (operation "OMD7", agency "VNCUS", category "drugs", sub-category "methamphetamine").
 * A case carries both its top-level category and its sub-category so that the two
 * most common groupings need no join through the category tree.  Quantities are stored
 * in one canonical unit per kind (grams are converted to kg on import).
 *
 * Seized quantities are also rolled up per case (cases.q_kg, ...) by triggers, so the
 * aggregates behind every panel read one table.
 *
 * And cases are rolled up per phase and top-level category (table rollups), again by
 * triggers: a panel grouping by a low-cardinality dimension under a filter that fixes
 * at most the phase and the category reads a few rows of rollups instead of grouping a
 * million cases (store_query.c decides which path a query takes).
 *
 * Changing anything here means bumping STORE_SCHEMA_VERSION: a viewer refuses a
 * database whose meta.schema_version differs rather than guess.
 *
 * Version 2 (the operation file, operation.h): operations.review_place/review_on, the
 * agency kind 'drug control', categories.unit; the operation's own code, name,
 * coordinating bodies and source notes are meta keys (operation_code, operation,
 * coordinators one per line, source).
 */
#include <string.h>

#include "store_internal.h"

/* The rollups' dim column holds these values (written out in the SQL below). */
_Static_assert(STORE_DIM_PHASE == 0 && STORE_DIM_SUBCATEGORY == 2 && STORE_DIM_AGENCY == 3 &&
               STORE_DIM_COUNTRY == 4 && STORE_DIM_TRANSPORT == 5 && STORE_DIM_STATUS == 6 &&
               STORE_DIM_WEEK == 7, "rollups.dim is enum store_dim");

/*
 * A seizure adds its quantity to its case's total of the unit.  The importer turns
 * triggers off on its connection and writes each case's totals itself (store_import.c).
 */
#define SEIZURES_AI_SQL \
	"CREATE TRIGGER seizures_ai AFTER INSERT ON seizures BEGIN\n" \
	"  UPDATE cases SET\n" \
	"    q_kg      = q_kg      + (CASE WHEN NEW.unit = 'kg'      THEN NEW.quantity ELSE 0 END),\n" \
	"    q_tablets = q_tablets + (CASE WHEN NEW.unit = 'tablets' THEN NEW.quantity ELSE 0 END),\n" \
	"    q_pieces  = q_pieces  + (CASE WHEN NEW.unit = 'pieces'  THEN NEW.quantity ELSE 0 END),\n" \
	"    q_heads   = q_heads   + (CASE WHEN NEW.unit = 'heads'   THEN NEW.quantity ELSE 0 END),\n" \
	"    q_m3      = q_m3      + (CASE WHEN NEW.unit = 'm3'      THEN NEW.quantity ELSE 0 END),\n" \
	"    q_litres  = q_litres  + (CASE WHEN NEW.unit = 'litres'  THEN NEW.quantity ELSE 0 END)\n" \
	"  WHERE id = NEW.case_id;\n" \
	"END;\n"

/*
 * Rollups: for each phase (operation_id) and top-level category, the cases, arrests and
 * quantities per key of each low-cardinality dimension.  dim is the enum store_dim
 * value (store.h): 2 subcategory (key: categories.id), 3 agency (key: agencies.id),
 * 4 country, 5 transport, 6 status (key: the text), 7 week (key: the Monday,
 * date(detected_on, 'weekday 0', '-6 days'), exactly as store_query.c groups weeks);
 * dim 0 with key '' holds the totals of the pair, which groupings by phase and by
 * category read.  A few thousand rows, whatever the number of cases.
 *
 * Kept exact by the cases_rollup_* triggers below (an update of the q_* totals by the
 * seizures triggers is an update of cases like any other).  A row that falls to zero
 * cases is kept; readers skip rows with cases = 0.
 *
 * The quantity sums carry a compensation term (q_kg_e ...): each addition is a
 * Kahan-Babuska-Neumaier step, so the value, q_kg + q_kg_e, is the sum of the cases'
 * quantities to within an ulp or so, however many cases came and went; a plain running
 * sum would drift with every delete and update.  key has no declared type (BLOB
 * affinity), so ids stay integers and the rest text.
 */
#define ROLLUPS_TABLE_SQL \
	"CREATE TABLE rollups(\n" \
	"  operation_id INTEGER NOT NULL,\n" \
	"  category_id  INTEGER NOT NULL,\n" \
	"  dim          INTEGER NOT NULL,\n" \
	"  key          NOT NULL,\n" \
	"  cases        INTEGER NOT NULL,\n" \
	"  arrests      INTEGER NOT NULL,\n" \
	"  q_kg REAL NOT NULL, q_tablets REAL NOT NULL, q_pieces REAL NOT NULL,\n" \
	"  q_heads REAL NOT NULL, q_m3 REAL NOT NULL, q_litres REAL NOT NULL,\n" \
	"  q_kg_e REAL NOT NULL, q_tablets_e REAL NOT NULL, q_pieces_e REAL NOT NULL,\n" \
	"  q_heads_e REAL NOT NULL, q_m3_e REAL NOT NULL, q_litres_e REAL NOT NULL,\n" \
	"  PRIMARY KEY (operation_id, category_id, dim, key)\n" \
	") WITHOUT ROWID;\n"

#define ROLLUP_COLS \
	"operation_id, category_id, dim, key, cases, arrests, q_kg, q_tablets, q_pieces, q_heads, q_m3," \
	" q_litres, q_kg_e, q_tablets_e, q_pieces_e, q_heads_e, q_m3_e, q_litres_e"

/* One Kahan-Babuska-Neumaier step of unit U adding excluded's sum and compensation (the
 * right-hand sides all see the row before the update). */
#define KBN(U) \
	" q_" U "_e = q_" U "_e + excluded.q_" U "_e + CASE WHEN abs(q_" U ") > abs(excluded.q_" U ")" \
	" THEN (q_" U " - (q_" U " + excluded.q_" U ")) + excluded.q_" U \
	" ELSE (excluded.q_" U " - (q_" U " + excluded.q_" U ")) + q_" U " END," \
	" q_" U " = q_" U " + excluded.q_" U

#define ROLLUP_UPSERT \
	" ON CONFLICT DO UPDATE SET cases = cases + excluded.cases, arrests = arrests + excluded.arrests," \
	KBN("kg") "," KBN("tablets") "," KBN("pieces") "," KBN("heads") "," KBN("m3") "," KBN("litres") ";\n"

/* Adds (S "") or takes away (S "-") the case R (NEW or OLD): one row per dimension. */
#define ROLLUP_CASE(R, S) \
	"  INSERT INTO rollups(" ROLLUP_COLS ")\n" \
	"  SELECT " R ".operation_id, " R ".category_id, d.column1, d.column2, " S "1, " S R ".arrests,\n" \
	"    " S R ".q_kg, " S R ".q_tablets, " S R ".q_pieces, " S R ".q_heads, " S R ".q_m3, " \
	S R ".q_litres, 0, 0, 0, 0, 0, 0\n" \
	"  FROM (VALUES (0, ''), (2, " R ".subcategory_id), (3, " R ".agency_id), (4, " R ".country),\n" \
	"    (5, " R ".transport), (6, " R ".status), (7, date(" R ".detected_on, 'weekday 0', '-6 days'))) d\n" \
	"  WHERE true\n" ROLLUP_UPSERT

#define ROLLUP_TRIGGERS_SQL \
	"CREATE TRIGGER cases_rollup_ai AFTER INSERT ON cases BEGIN\n" \
	ROLLUP_CASE("NEW", "") \
	"END;\n" \
	"CREATE TRIGGER cases_rollup_ad AFTER DELETE ON cases BEGIN\n" \
	ROLLUP_CASE("OLD", "-") \
	"END;\n" \
	"CREATE TRIGGER cases_rollup_au AFTER UPDATE OF operation_id, category_id, subcategory_id," \
	" agency_id, country, transport, status, detected_on, arrests, q_kg, q_tablets, q_pieces," \
	" q_heads, q_m3, q_litres ON cases BEGIN\n" \
	ROLLUP_CASE("OLD", "-") \
	ROLLUP_CASE("NEW", "") \
	"END;\n"

/* One rollup row given as parameters ?1 to ?18 in the order of ROLLUP_COLS, added to the
 * row of its key (store_rollup.c). */
#define ROLLUP_UPSERT_SQL \
	"INSERT INTO rollups(" ROLLUP_COLS ")\n" \
	"  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)\n" \
	ROLLUP_UPSERT

const char store_schema_sql[] =
	"CREATE TABLE meta(\n"
	"  key   TEXT PRIMARY KEY NOT NULL,\n"
	"  value TEXT NOT NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE operations(\n"
	"  id        INTEGER PRIMARY KEY,\n"
	"  code      TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name      TEXT NOT NULL,\n"
	"  phase     INTEGER NOT NULL CHECK (phase >= 0),\n"
	"  starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),\n"
	"  ends_on   TEXT NOT NULL CHECK (date(ends_on) IS ends_on AND ends_on >= starts_on),\n"
	"  period    TEXT NOT NULL DEFAULT '',   -- the period in words, as published\n"
	"  source    TEXT NOT NULL DEFAULT '',   -- 'published', 'partly published', 'synthetic' + why\n"
	"  published TEXT,                       -- figures published, e.g. 'cases,wildlife'; NULL: the data's own\n"
	"  review_place TEXT NOT NULL DEFAULT '', -- the review (closing) conference, '' when none\n"
	"  review_on TEXT NOT NULL DEFAULT '' CHECK (review_on = '' OR date(review_on) IS review_on)\n"
	");\n"
	"CREATE TABLE agencies(\n"
	"  id      INTEGER PRIMARY KEY,\n"
	"  code    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name    TEXT NOT NULL,\n"
	"  short   TEXT NOT NULL,                -- fits a bar label: 'VN Customs'\n"
	"  country TEXT NOT NULL CHECK (length(country) = 2),\n"
	"  kind    TEXT NOT NULL CHECK (kind IN ('customs','police','drug control','border','environment',"
	"'international','other'))\n"
	");\n"
	"CREATE TABLE participations(\n"
	"  operation_id INTEGER NOT NULL REFERENCES operations(id),\n"
	"  agency_id    INTEGER NOT NULL REFERENCES agencies(id),\n"
	"  PRIMARY KEY (operation_id, agency_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE categories(\n"
	"  id        INTEGER PRIMARY KEY,\n"
	"  code      TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name      TEXT NOT NULL,\n"
	"  parent_id INTEGER REFERENCES categories(id),  -- NULL for a top-level category\n"
	"  position  INTEGER NOT NULL DEFAULT 0,\n"
	"  unit      TEXT NOT NULL DEFAULT '' CHECK (unit IN ('','kg','tablets','pieces','heads','m3','litres'))\n"
	");\n"
	"CREATE TABLE cases(\n"
	"  id             INTEGER PRIMARY KEY,\n"
	"  ref            TEXT NOT NULL UNIQUE,\n"
	"  operation_id   INTEGER NOT NULL REFERENCES operations(id),\n"
	"  agency_id      INTEGER NOT NULL REFERENCES agencies(id),\n"
	"  category_id    INTEGER NOT NULL REFERENCES categories(id),   -- top level\n"
	"  subcategory_id INTEGER NOT NULL REFERENCES categories(id),   -- child of category_id\n"
	"  detected_on    TEXT NOT NULL CHECK (date(detected_on) IS detected_on),\n"
	"  location       TEXT NOT NULL DEFAULT '',\n"
	"  country        TEXT NOT NULL CHECK (length(country) = 2),\n"
	"  transport      TEXT NOT NULL CHECK (transport IN ('air passenger','air cargo','express courier',"
	"'postal','sea container','sea vessel','road','rail','other')),\n"
	"  departure      TEXT NOT NULL DEFAULT '',  -- ISO 3166 alpha-2 or ''\n"
	"  transit        TEXT NOT NULL DEFAULT '',  -- space-separated alpha-2 codes\n"
	"  destination    TEXT NOT NULL DEFAULT '',\n"
	"  detection      TEXT NOT NULL DEFAULT '' CHECK (detection IN ('','risk profiling','intelligence',"
	"'x-ray','detector dog','random check','other')),\n"
	"  concealment    TEXT NOT NULL DEFAULT '',\n"
	"  arrests        INTEGER NOT NULL DEFAULT 0 CHECK (arrests >= 0),\n"
	"  status         TEXT NOT NULL CHECK (status IN ('open','under investigation','prosecuted','closed')),\n"
	"  summary        TEXT NOT NULL DEFAULT '',\n"
	"  -- Seized quantities of the case per unit, kept by the triggers below from seizures,\n"
	"  -- so that an aggregate reads one table and never double counts a case with two seizures.\n"
	/* The one exception: the importer drops seizures_ai inside its transaction and
	 * inserts each case with its sums already made (store_import.c). */
	"  -- Writers insert into seizures only; these are never written directly.\n"
	"  q_kg           REAL NOT NULL DEFAULT 0,\n"
	"  q_tablets      REAL NOT NULL DEFAULT 0,\n"
	"  q_pieces       REAL NOT NULL DEFAULT 0,\n"
	"  q_heads        REAL NOT NULL DEFAULT 0,\n"
	"  q_m3           REAL NOT NULL DEFAULT 0,\n"
	"  q_litres       REAL NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE seizures(\n"
	"  id        INTEGER PRIMARY KEY,\n"
	"  case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,\n"
	"  commodity TEXT NOT NULL,\n"
	"  quantity  REAL NOT NULL CHECK (quantity >= 0),\n"
	"  unit      TEXT NOT NULL CHECK (unit IN ('kg','tablets','pieces','heads','m3','litres'))\n"
	");\n"
	/* The latest cases of a phase (the home screen's list) without sorting the phase, and
	 * the phases with cases in a week (a viewer's seek, store_cols.c).  Besides it, cases
	 * have only the ref's: every other question is the column store's (see
	 * store_schema_index_drop). */
	"CREATE INDEX cases_op_date  ON cases(operation_id, detected_on, id);\n"
	/* A case's seizures, and ON DELETE CASCADE. */
	"CREATE INDEX seizures_case  ON seizures(case_id);\n"
	ROLLUPS_TABLE_SQL
	"CREATE INDEX categories_parent ON categories(parent_id, position);\n"
	/* An insert adds (cheap, exact for the sums the sample and imports make); a delete or
	 * update recomputes the case from its seizures, so no rounding drift accumulates. */
	SEIZURES_AI_SQL
	"CREATE TRIGGER seizures_ad AFTER DELETE ON seizures BEGIN\n"
	"  UPDATE cases SET\n"
	"    q_kg      = (SELECT total(quantity) FROM seizures WHERE case_id = OLD.case_id AND unit = 'kg'),\n"
	"    q_tablets = (SELECT total(quantity) FROM seizures WHERE case_id = OLD.case_id AND unit = 'tablets'),\n"
	"    q_pieces  = (SELECT total(quantity) FROM seizures WHERE case_id = OLD.case_id AND unit = 'pieces'),\n"
	"    q_heads   = (SELECT total(quantity) FROM seizures WHERE case_id = OLD.case_id AND unit = 'heads'),\n"
	"    q_m3      = (SELECT total(quantity) FROM seizures WHERE case_id = OLD.case_id AND unit = 'm3'),\n"
	"    q_litres  = (SELECT total(quantity) FROM seizures WHERE case_id = OLD.case_id AND unit = 'litres')\n"
	"  WHERE id = OLD.case_id;\n"
	"END;\n"
	"CREATE TRIGGER seizures_au AFTER UPDATE ON seizures BEGIN\n"
	"  UPDATE cases SET\n"
	"    q_kg      = (SELECT total(quantity) FROM seizures WHERE case_id = cases.id AND unit = 'kg'),\n"
	"    q_tablets = (SELECT total(quantity) FROM seizures WHERE case_id = cases.id AND unit = 'tablets'),\n"
	"    q_pieces  = (SELECT total(quantity) FROM seizures WHERE case_id = cases.id AND unit = 'pieces'),\n"
	"    q_heads   = (SELECT total(quantity) FROM seizures WHERE case_id = cases.id AND unit = 'heads'),\n"
	"    q_m3      = (SELECT total(quantity) FROM seizures WHERE case_id = cases.id AND unit = 'm3'),\n"
	"    q_litres  = (SELECT total(quantity) FROM seizures WHERE case_id = cases.id AND unit = 'litres')\n"
	"  WHERE id IN (OLD.case_id, NEW.case_id);\n"
	"END;\n"
	ROLLUP_TRIGGERS_SQL;

const char store_schema_rollup_triggers[] = ROLLUP_TRIGGERS_SQL;
const char store_schema_rollup_drop[] =
	"DROP TRIGGER cases_rollup_ai; DROP TRIGGER cases_rollup_ad; DROP TRIGGER cases_rollup_au;";
const char store_schema_rollup_upsert[] = ROLLUP_UPSERT_SQL;

/*
 * Indexes on cases that databases made before had, dropped by the next writer
 * (store_cols_checkpoint, and the importer before its inserts).  Each cost every insert
 * a seek and a page write (together 45% of an import's CPU into 1M cases) while no
 * viewer asked them anything: the aggregates and the lists under a filter other than
 * the phase are the column store's; a list without a phase is too (store_cases.c).  Left
 * slower without them (measured at 1M cases, README, Performance): SQL's answers for a
 * database the arrays cannot hold, `define` refusing to remove an agency or a category
 * that has cases (a scan), and sqlite3 shell queries by agency or category.  Dropping an
 * index that is not there changes nothing, not even the schema's version.
 */
const char store_schema_index_drop[] =
	"DROP INDEX IF EXISTS cases_op_cat; DROP INDEX IF EXISTS cases_op_agency;"
	" DROP INDEX IF EXISTS cases_date; DROP INDEX IF EXISTS cases_agency; DROP INDEX IF EXISTS cases_sub;";

const char *const store_transports[STORE_TRANSPORT_COUNT + 1] = { "air passenger", "air cargo",
	"express courier", "postal", "sea container", "sea vessel", "road", "rail", "other", NULL };
const char *const store_statuses[STORE_STATUS_COUNT + 1] = { "open", "under investigation",
	"prosecuted", "closed", NULL };
/* Their short names, in the same order, for matrix columns and narrow lists: each word
 * of a mode keeps its meaning ("sea ctr" and "sea vsl", never "sea …" twice). */
static const char *const transports_short[STORE_TRANSPORT_COUNT] = { "air pax", "air crg", "expr",
	"post", "sea ctr", "sea vsl", "road", "rail", "other" };
static const char *const statuses_short[STORE_STATUS_COUNT] = { "open", "investig.", "prosec.", "closed" };

const char *store_short_name(int dim, const char *key)
{
	const char *const *l = dim == STORE_DIM_TRANSPORT ? store_transports : dim == STORE_DIM_STATUS ? store_statuses : NULL;
	const char *const *sh = dim == STORE_DIM_TRANSPORT ? transports_short : statuses_short;

	for (int i = 0; l && key && l[i]; i++)
		if (strcmp(l[i], key) == 0)
			return strcmp(sh[i], key) != 0 ? sh[i] : NULL;
	return NULL;
}
const char *const store_detections[STORE_DETECTION_COUNT + 1] = { "risk profiling", "intelligence",
	"x-ray", "detector dog", "random check", "other", NULL };
