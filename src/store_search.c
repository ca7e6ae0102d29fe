/*
 * store_search: the search index's writers' side and its SQL (see store_search.h).
 *
 * cases_fts indexes ref, summary, location and concealment of cases by word (unicode61,
 * diacritics removed), external content (content='cases'): the index alone is stored,
 * some 40% of the cases' size, and a phrase query answers from it in milliseconds where
 * a substring scan of the text of a million cases took seconds.  Each word is indexed
 * with its position (detail=full), so a phrase of several words is answered exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "store_search.h"

#define FTS_COLS "ref, summary, location, concealment"

static const char create_sql[] =
	"CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5(" FTS_COLS ", content='cases',"
	" content_rowid='id', tokenize='unicode61 remove_diacritics 2');\n";

/* An external-content index is told the old text to take away: the triggers give it the
 * row as it was, which is what was indexed.  The update trigger names the four columns
 * and the id, so an update of a status or a date costs nothing here. */
static const char triggers_sql[] =
	"CREATE TRIGGER IF NOT EXISTS cases_fts_ai AFTER INSERT ON cases BEGIN\n"
	"  INSERT INTO cases_fts(rowid, " FTS_COLS ") VALUES (NEW.id, NEW.ref, NEW.summary, NEW.location,"
	" NEW.concealment);\nEND;\n"
	"CREATE TRIGGER IF NOT EXISTS cases_fts_ad AFTER DELETE ON cases BEGIN\n"
	"  INSERT INTO cases_fts(cases_fts, rowid, " FTS_COLS ") VALUES ('delete', OLD.id, OLD.ref, OLD.summary,"
	" OLD.location, OLD.concealment);\nEND;\n"
	"CREATE TRIGGER IF NOT EXISTS cases_fts_au AFTER UPDATE OF id, " FTS_COLS " ON cases BEGIN\n"
	"  INSERT INTO cases_fts(cases_fts, rowid, " FTS_COLS ") VALUES ('delete', OLD.id, OLD.ref, OLD.summary,"
	" OLD.location, OLD.concealment);\n"
	"  INSERT INTO cases_fts(rowid, " FTS_COLS ") VALUES (NEW.id, NEW.ref, NEW.summary, NEW.location,"
	" NEW.concealment);\nEND;\n";

const char store_search_drop_triggers[] =
	"DROP TRIGGER IF EXISTS cases_fts_ai;\n"
	"DROP TRIGGER IF EXISTS cases_fts_ad;\n"
	"DROP TRIGGER IF EXISTS cases_fts_au;\n";

/* 1 when the table named is in the schema, 0 not, -1 error recorded. */
static int has_table(struct store *s, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_stmt(s, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	store_stmt_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return rc == SQLITE_ROW;
}

int store_search_ready(struct store *s)
{
	/* A library built without FTS5 cannot read the index: search the old way. */
	if (!sqlite3_compileoption_used("ENABLE_FTS5"))
		return 0;
	return has_table(s, "cases_fts");
}

int store_search_install(struct store *s, int rebuild)
{
	if (!sqlite3_compileoption_used("ENABLE_FTS5"))
		return 0;
	int had = has_table(s, "cases_fts");
	if (had < 0 || store_exec(s, create_sql) < 0 || store_exec(s, triggers_sql) < 0)
		return -1;
	/* 'rebuild' reads every case: some 20 s at a million cases, once per database. */
	if (!had || rebuild)
		return store_exec(s, "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')");
	return 0;
}

int store_search_add_new(struct store *s, sqlite3_int64 after_id)
{
	char sql[192];
	int had = store_search_ready(s);

	if (had < 0)
		return -1;
	if (!had)
		return store_search_install(s, 0);
	snprintf(sql, sizeof sql, "INSERT INTO cases_fts(rowid, " FTS_COLS ") SELECT id, " FTS_COLS
	         " FROM cases WHERE id > %lld ORDER BY id", (long long)after_id);
	return store_exec(s, sql) < 0 || store_search_install(s, 0) < 0 ? -1 : 0;
}

char *store_search_fts_query(const char *text)
{
	size_t n = 4;
	for (const char *p = text; *p; p++)
		n += *p == '"' ? 2 : 1;
	char *q = malloc(n), *o = q;
	if (!q)
		return NULL;
	*o++ = '"';
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o++ = '"', *o++ = '*', *o = '\0';
	return q;
}
