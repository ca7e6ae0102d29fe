/*
 * store_cols_search: the match sets of searches for the column store (see
 * store_cols_search.h), and the matching of one case's text the way the index matches
 * it: the query `"w1 w2 ... wk"*` (store_search_fts_query) is a phrase, so a column of
 * the case matches when its words, as the tokenizer gives them, hold w1 .. wk-1 one
 * after the other followed by a word starting with wk.
 */
#include <stdlib.h>
#include <string.h>

#include "store_cols_query.h"
#include "store_cols_search.h"
#include "store_search.h"

/* FTS5's tokenizer interface (fts5.h, which the distributions' -dev packages do not
 * ship); this layout is SQLite's documented, stable API (fts5_api version 2). */
typedef struct Fts5Tokenizer Fts5Tokenizer;
struct fts5_tokenizer_v2 {
	int (*xCreate)(void *, const char **azArg, int nArg, Fts5Tokenizer **ppOut);
	void (*xDelete)(Fts5Tokenizer *);
	int (*xTokenize)(Fts5Tokenizer *, void *pCtx, int flags, const char *pText, int nText,
	                 int (*xToken)(void *pCtx, int tflags, const char *pToken, int nToken, int iStart, int iEnd));
};
struct fts5_api_v2 {
	int iVersion;
	int (*xCreateTokenizer)(struct fts5_api_v2 *, const char *zName, void *pUserData,
	                        struct fts5_tokenizer_v2 *pTokenizer, void (*xDestroy)(void *));
	int (*xFindTokenizer)(struct fts5_api_v2 *, const char *zName, void **ppUserData,
	                      struct fts5_tokenizer_v2 *pTokenizer);
};
#define FTS5_TOKENIZE_QUERY 0x0001
#define FTS5_TOKENIZE_DOCUMENT 0x0004

#define SETS_MAX 4                /* searches held; the least recently used goes */
#define IDS_MAX (1u << 27)        /* ids with a bit: 16 MB at most; beyond, SQL answers */

/* Words as the tokenizer gives them: folded text in one buffer, each word's end. */
struct words {
	char *text;
	size_t len, cap;
	uint32_t *end;
	int n, cap_n;
	int oom;
};

struct cols_set {
	struct cols_set *next;
	char *text;               /* what was typed */
	struct words q;           /* its words */
	struct cols_match m;
	long long n;              /* cases found */
	unsigned long used;
};

struct cols_search {
	struct cols_set *sets;
	unsigned long tick;
	struct fts5_tokenizer_v2 tk;
	Fts5Tokenizer *tok;       /* unicode61 remove_diacritics 2, as cases_fts */
	sqlite3_stmt *text_st;    /* the four columns of one case */
};

static void words_free(struct words *w)
{
	free(w->text);
	free(w->end);
	memset(w, 0, sizeof *w);
}

static int word_add(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	struct words *w = ctx;
	(void)tflags, (void)start, (void)end;
	if (ntok < 0)
		return 0;
	if (w->len + (size_t)ntok > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		while (cap < w->len + (size_t)ntok)
			cap *= 2;
		char *t = realloc(w->text, cap);
		if (!t)
			return w->oom = 1, SQLITE_NOMEM;
		w->text = t, w->cap = cap;
	}
	if (w->n == w->cap_n) {
		int cap = w->cap_n ? w->cap_n * 2 : 32;
		uint32_t *e = realloc(w->end, (size_t)cap * sizeof *e);
		if (!e)
			return w->oom = 1, SQLITE_NOMEM;
		w->end = e, w->cap_n = cap;
	}
	memcpy(w->text + w->len, tok, (size_t)ntok);
	w->len += (size_t)ntok;
	w->end[w->n++] = (uint32_t)w->len;
	return 0;
}

/* The words of text (n bytes) into w (emptied first): 0, -1 out of memory or error. */
static int tokenize(struct cols_search *x, int flags, const char *text, int n, struct words *w)
{
	w->len = 0, w->n = 0, w->oom = 0;
	int rc = x->tk.xTokenize(x->tok, w, flags, text ? text : "", text ? n : 0, word_add);
	return rc != SQLITE_OK || w->oom ? -1 : 0;
}

static size_t word_at(const struct words *w, int i, const char **p)
{
	size_t b = i ? w->end[i - 1] : 0;
	*p = w->text + b;
	return w->end[i] - b;
}

/* Whether the words d hold the phrase q, its last word as a prefix. */
static int phrase_in(const struct words *q, const struct words *d)
{
	for (int i = 0; q->n > 0 && i + q->n <= d->n; i++) {
		int j;
		for (j = 0; j < q->n; j++) {
			const char *a, *b;
			size_t na = word_at(q, j, &a), nb = word_at(d, i + j, &b);
			if (j < q->n - 1 ? na != nb || memcmp(a, b, na) != 0 : na > nb || memcmp(a, b, na) != 0)
				break;
		}
		if (j == q->n)
			return 1;
	}
	return 0;
}

static void set_free(struct cols_set *t)
{
	free(t->text);
	words_free(&t->q);
	free(t->m.bits);
	free(t);
}

void cols_search_free(struct cols *c)
{
	struct cols_search *x = c->search;
	if (!x)
		return;
	while (x->sets) {
		struct cols_set *t = x->sets;
		x->sets = t->next;
		set_free(t);
	}
	if (x->tok)
		x->tk.xDelete(x->tok);
	sqlite3_finalize(x->text_st);
	free(x);
	c->search = NULL;
}

/* The holder with its tokenizer, made on first use: 0, -1 error recorded. */
static int search_open(struct store *s, struct cols *c)
{
	struct fts5_api_v2 *api = NULL;
	sqlite3_stmt *st = NULL;
	void *ud = NULL;
	static const char *const args[] = { "remove_diacritics", "2" };

	if (c->search)
		return 0;
	struct cols_search *x = calloc(1, sizeof *x);
	if (!x)
		return store_fail(s, "out of memory");
	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2 || api->xFindTokenizer(api, "unicode61", &ud, &x->tk) != SQLITE_OK ||
	    x->tk.xCreate(ud, (const char **)args, 2, &x->tok) != SQLITE_OK) {
		free(x);
		return store_fail(s, "%s: the search index's tokenizer (FTS5 unicode61) is not available", s->path);
	}
	if (sqlite3_prepare_v2(s->db, "SELECT ref, summary, location, concealment FROM cases WHERE id = ?", -1,
	                       &x->text_st, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		x->tk.xDelete(x->tok);
		free(x);
		return -1;
	}
	c->search = x;
	return 0;
}

/* Gives match set m bits for ids up to id: 0, -1 out of memory. */
static int bits_reach(struct cols_match *m, uint32_t id)
{
	if (id < m->nbits)
		return 0;
	uint32_t words = id / 64 + 1 + 1024; /* room for the next 64k new cases */
	uint64_t *b = realloc(m->bits, (size_t)words * sizeof *b);
	if (!b)
		return -1;
	memset(b + m->nbits / 64, 0, (size_t)(words - m->nbits / 64) * sizeof *b);
	m->bits = b, m->nbits = words * 64;
	return 0;
}

/* The set of text: every case the index finds, read in the caller's transaction.
 * 1, 0 an id too large for a bitmap, -1 error. */
static int set_fill(struct store *s, struct cols_set *t)
{
	sqlite3_stmt *st = NULL;
	char *q = store_search_fts_query(t->text);
	int rc, r = 1;

	if (!q)
		return store_fail(s, "out of memory");
	if (sqlite3_prepare_v2(s->db, "SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?", -1, &st, NULL) !=
	    SQLITE_OK) {
		free(q);
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	sqlite3_bind_text(st, 1, q, -1, free);
	while (r > 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id >= IDS_MAX)
			r = 0;
		else if (bits_reach(&t->m, (uint32_t)id) < 0)
			r = store_fail(s, "out of memory");
		else if (!(t->m.bits[id >> 6] >> (id & 63) & 1))
			t->m.bits[id >> 6] |= 1ULL << (id & 63), t->n++;
	}
	if (r > 0 && rc != SQLITE_DONE)
		r = store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return r;
}

/* A new set for text, its words and the cases the index finds in the caller's read
 * transaction (*t); 1, 0 the arrays cannot hold it (*t NULL), -1 error recorded. */
static int set_new(struct store *s, struct cols_search *x, const char *text, struct cols_set **t)
{
	int r;

	if (!(*t = calloc(1, sizeof **t)) || !((*t)->text = strdup(text))) {
		free(*t);
		*t = NULL;
		return store_fail(s, "out of memory");
	}
	if (tokenize(x, FTS5_TOKENIZE_QUERY, text, (int)strlen(text), &(*t)->q) < 0)
		r = store_fail(s, "out of memory");
	else
		r = set_fill(s, *t);
	if (r <= 0) {
		set_free(*t);
		*t = NULL;
	}
	return r;
}

/* A copy of set t (its words and bits, no link); NULL out of memory. */
static struct cols_set *set_copy(const struct cols_set *t)
{
	struct cols_set *u = calloc(1, sizeof *u);
	size_t nb = (size_t)t->m.nbits / 64 * sizeof *t->m.bits;

	if (!u || !(u->text = strdup(t->text)))
		goto oom;
	u->n = t->n;
	u->q.n = u->q.cap_n = t->q.n;
	u->q.len = u->q.cap = t->q.len;
	if ((t->q.len && !(u->q.text = malloc(t->q.len))) || (t->q.n && !(u->q.end = malloc(t->q.n * sizeof *t->q.end))) ||
	    (nb && !(u->m.bits = malloc(nb))))
		goto oom;
	if (t->q.len)
		memcpy(u->q.text, t->q.text, t->q.len);
	if (t->q.n)
		memcpy(u->q.end, t->q.end, t->q.n * sizeof *t->q.end);
	if (nb)
		memcpy(u->m.bits, t->m.bits, nb);
	u->m.nbits = t->m.nbits;
	return u;
oom:
	if (u)
		set_free(u);
	return NULL;
}

int cols_search_part_take(struct store *s, struct cols *c, const char *text)
{
	struct cols_set *t;
	int r;

	cols_search_part_drop(c);
	for (t = c->search ? c->search->sets : NULL; t; t = t->next)
		if (strcmp(t->text, text) == 0)
			return (c->part_set = set_copy(t)) ? 1 : store_fail(s, "out of memory");
	/* Not held (the cache was cleared since): read in this transaction, as the arrays. */
	if ((r = store_search_ready(s)) <= 0)
		return r;
	if (search_open(s, c) < 0)
		return -1;
	if ((r = set_new(s, c->search, text, &t)) > 0)
		c->part_set = t;
	return r;
}

void cols_search_part_drop(struct cols *c)
{
	if (c->part_set)
		set_free(c->part_set);
	c->part_set = NULL;
}

const struct cols_match *cols_search_part_match(const struct cols *c)
{
	return c->part_set ? &c->part_set->m : NULL;
}

const char *cols_search_part_text(const struct cols *c)
{
	return c->part_set ? c->part_set->text : NULL;
}

long long cols_search_part_found(const struct cols *c)
{
	return c->part_set ? c->part_set->n : 0;
}

int cols_search_filter(struct store *s, const char *text, struct cfilt *cf, long long *found)
{
	struct cols *c = s->cols;
	struct cols_set *t, **pp, *lru = NULL;
	int n = 0, r;

	for (pp = c->search ? &c->search->sets : NULL; pp && (t = *pp); pp = &t->next, n++) {
		if (strcmp(t->text, text) == 0) {
			t->used = ++c->search->tick;
			cf->m = &t->m;
			*found = t->n;
			return 1;
		}
		if (!lru || t->used < lru->used)
			lru = t;
	}
	if ((r = store_search_ready(s)) <= 0)
		return r;
	if (search_open(s, c) < 0)
		return -1;
	/* A set going away takes the cached answers with it (they point at it). */
	if (n >= SETS_MAX && lru) {
		cols_cache_clear(c);
		return cols_search_filter(s, text, cf, found);
	}
	/* One read transaction: the arrays brought in step in it, then the set read in it,
	 * so both hold the same cases, and the log goes on from there for both. */
	int own = sqlite3_get_autocommit(s->db);
	if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	t = NULL;
	r = cols_ready(s);
	/* c->search: the sync may have cleared the cache */
	if (r > 0 && !c->search && search_open(s, c) < 0)
		r = -1;
	if (r > 0)
		r = set_new(s, c->search, text, &t);
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (r <= 0)
		return r < 0 ? -1 : 0;
	t->used = ++c->search->tick;
	t->next = c->search->sets;
	c->search->sets = t;
	cf->m = &t->m;
	*found = t->n;
	return 1;
}

/* Set t learns whether case id, its columns' words w (none: no row, the case is gone),
 * matches now: 0, -1 out of memory. */
static int set_learn(struct cols_set *t, const struct words *w, int row, uint32_t id)
{
	int hit = 0;
	for (int k = 0; row && k < 4 && !hit; k++)
		hit = phrase_in(&t->q, &w[k]);
	int had = cols_match_has(&t->m, id);
	if (hit && bits_reach(&t->m, id) < 0)
		return -1;
	if (hit && !had)
		t->m.bits[id >> 6] |= 1ULL << (id & 63), t->n++;
	else if (!hit && had)
		t->m.bits[id >> 6] &= ~(1ULL << (id & 63)), t->n--;
	return 0;
}

int cols_search_case(struct store *s, struct cols *c, int64_t id)
{
	struct cols_search *x = c->search;
	struct words w[4] = { { 0 } };
	int rc, r = 0, row;

	if ((!x || !x->sets) && !c->part_set)
		return 0;
	if (id < 0 || id >= IDS_MAX) { /* no bit for it: the sets go, SQL answers them */
		cols_cache_clear(c);
		return c->part_set ? 1 : 0; /* and the partial arrays: a reload */
	}
	if (!x && search_open(s, c) < 0)
		return -1;
	x = c->search;
	sqlite3_reset(x->text_st);
	sqlite3_bind_int64(x->text_st, 1, id);
	rc = sqlite3_step(x->text_st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(x->text_st);
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	row = rc == SQLITE_ROW;
	for (int k = 0; row && k < 4 && r == 0; k++)
		r = tokenize(x, FTS5_TOKENIZE_DOCUMENT, (const char *)sqlite3_column_text(x->text_st, k),
		             sqlite3_column_bytes(x->text_st, k), &w[k]);
	for (struct cols_set *t = x->sets; r == 0 && t; t = t->next)
		r = set_learn(t, w, row, (uint32_t)id);
	if (r == 0 && c->part_set) /* the partial arrays' own */
		r = set_learn(c->part_set, w, row, (uint32_t)id);
	sqlite3_reset(x->text_st);
	for (int k = 0; k < 4; k++)
		words_free(&w[k]);
	return r < 0 ? store_fail(s, "out of memory") : 0;
}
