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
 * Changing anything here means bumping STORE_SCHEMA_VERSION: a viewer refuses a
 * database whose meta.schema_version differs rather than guess.
 */
#include "store_internal.h"

/*
 * The insert trigger on its own as well: the importer drops it for the length of its
 * transaction, writes each case's totals itself and recreates it from this very text
 * (store_import.c), so there is one definition.
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
	"  source    TEXT NOT NULL DEFAULT ''    -- 'published', 'partly published', 'synthetic' + why\n"
	");\n"
	"CREATE TABLE agencies(\n"
	"  id      INTEGER PRIMARY KEY,\n"
	"  code    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
	"  name    TEXT NOT NULL,\n"
	"  short   TEXT NOT NULL,                -- fits a bar label: 'VN Customs'\n"
	"  country TEXT NOT NULL CHECK (length(country) = 2),\n"
	"  kind    TEXT NOT NULL CHECK (kind IN ('customs','police','border','environment','international','other'))\n"
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
	"  parent_id INTEGER REFERENCES categories(id),  -- NULL for the three top-level categories\n"
	"  position  INTEGER NOT NULL DEFAULT 0\n"
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
	"CREATE INDEX cases_op_cat   ON cases(operation_id, category_id, subcategory_id);\n"
	"CREATE INDEX cases_op_agency ON cases(operation_id, agency_id);\n"
	"CREATE INDEX cases_date     ON cases(detected_on, id);\n"
	"CREATE INDEX seizures_case  ON seizures(case_id);\n"
	"CREATE INDEX cases_agency   ON cases(agency_id);\n"
	"CREATE INDEX cases_sub      ON cases(subcategory_id);\n"
	/* Covers every aggregate: a GROUP BY over all cases reads this narrow index, not the
	 * wide rows with their notes (about a sixth of the bytes). */
	"CREATE INDEX cases_agg ON cases(operation_id, category_id, subcategory_id, agency_id, detected_on,\n"
	"  country, transport, status, arrests, q_kg, q_tablets, q_pieces, q_heads, q_m3, q_litres);\n"
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
	"END;\n";

const char store_schema_seizures_ai[] = SEIZURES_AI_SQL;
