/*
 * view_changed: which figures a live refresh changed, so that the screen can show them in
 * ROLE_CHANGED for a few seconds ("a KPI that moved, a bar that grew").
 *
 * A panel lists what it shows as figures by key (a bar: its key; a table cell: the row's
 * key and the column's; a KPI tile: its measure); the view keeps that list from before a
 * refresh and compares it with the list after, by key, so a re-sorted list marks the
 * right rows.  The marks carry the time of the refresh that made them; the caller (the
 * app, which owns the clock) drops them when they are VIEW_CHANGED_HOLD seconds old.
 * Plain data only: nothing here knows panels, widgets or the store.
 */
#ifndef OPDECK_VIEW_CHANGED_H
#define OPDECK_VIEW_CHANGED_H

/* How long a changed figure stays highlighted, in seconds. */
#define VIEW_CHANGED_HOLD 3.0

/* One figure a panel shows. */
struct view_figure {
	char *key;    /* owned: "drugs", or "OMD7" "\x1f" "cases" for a key with a sub-key */
	double value; /* what it shows (a case row: a hash of its visible fields) */
};

/* What a panel shows: figures in the order added, then sorted by key for the diff. */
struct view_figures {
	struct view_figure *v; /* owned, n of cap */
	int n, cap;
};

/* Appends the figure key (with sub, NULL for none) = value. */
void view_figures_add(struct view_figures *f, const char *key, const char *sub, double value);
/* Sorts f by key (of a key listed twice one value is kept: lists never do that on purpose). */
void view_figures_sort(struct view_figures *f);
void view_figures_free(struct view_figures *f);

/* A figure that changed. */
struct view_mark {
	char *key;    /* owned, as in view_figure */
	double delta; /* how much it moved since it was first marked (a new key: its value) */
	int added;    /* the key was not shown before (a new bar, a new case row) */
	double stamp; /* the time of the refresh that last changed it (the caller's clock) */
};

struct view_marks {
	struct view_mark *v; /* owned, n of cap */
	int n, cap;
};

/*
 * The figures of now compared with those of before (both sorted): every key of now that
 * before lacks, or whose value differs, is marked with stamp (a key still marked from an
 * earlier refresh adds the new change to its delta).  Marks of keys that now no longer
 * shows are dropped; the others are kept.  Returns how many figures this diff marked.
 */
int view_marks_diff(struct view_marks *m, const struct view_figures *before, const struct view_figures *now,
                    double stamp);
/* The mark of key/sub, or NULL. */
const struct view_mark *view_marks_find(const struct view_marks *m, const char *key, const char *sub);
/* Drops the marks stamped before `older_than`; returns how many went. */
int view_marks_expire(struct view_marks *m, double older_than);
/* The earliest stamp among the marks, or -1 when there are none. */
double view_marks_oldest(const struct view_marks *m);
void view_marks_clear(struct view_marks *m);

#endif
