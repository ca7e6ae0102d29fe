/*
 * view_changed: the figures a live refresh changed (contract in include/view_changed.h),
 * and the level's part of it: what each panel showed before the refresh, and the marks
 * the panels' draws ask about.
 *
 * When the app sees another process's commit it calls view_level_refresh instead of
 * a bare invalidation: each loaded panel lists its figures (its type's `figures` hook)
 * before its data are dropped.  The panel's next load compares the new list with that
 * one (view_changed_loaded), as long as the panel shows the same thing (the home
 * screen's panels follow the selected phase: another phase is another screen, and its
 * marks go).  Nothing is listed on a first frame, on navigation or in `render`: only a
 * level that went through a refresh has a struct view_changed at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "view_changed.h"
#include "xmalloc.h"

/* ---- figures and marks: plain data --------------------------------------------- */

#define SUB_SEP '\x1f' /* between a key and its sub-key: no key holds a control character */

/* Compares a stored key ("OMD7\x1fcases") with key and sub, like strcmp. */
static int key_cmp(const char *stored, const char *key, const char *sub)
{
	const unsigned char *s = (const unsigned char *)stored, *k = (const unsigned char *)key;

	for (; *k; s++, k++)
		if (*s != *k)
			return *s < *k ? -1 : 1;
	if (!sub)
		return *s ? 1 : 0;
	if (*s != (unsigned char)SUB_SEP)
		return *s < (unsigned char)SUB_SEP ? -1 : 1;
	return strcmp((const char *)s + 1, sub);
}

void view_figures_add(struct view_figures *f, const char *key, const char *sub, double value)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->v = xrealloc(f->v, (size_t)f->cap, sizeof *f->v);
	}
	/* one allocation, no formatting: a refresh lists a few hundred of these */
	size_t kl = strlen(key ? key : ""), sl = sub ? strlen(sub) + 1 : 0;
	char *k = xmalloc(kl + sl + 1);
	memcpy(k, key ? key : "", kl);
	if (sub) {
		k[kl] = SUB_SEP;
		memcpy(k + kl + 1, sub, sl - 1);
	}
	k[kl + sl] = '\0';
	f->v[f->n].key = k;
	f->v[f->n].value = value;
	f->n++;
}

static int figure_cmp(const void *a, const void *b)
{
	return strcmp(((const struct view_figure *)a)->key, ((const struct view_figure *)b)->key);
}

void view_figures_sort(struct view_figures *f)
{
	int o = 0;

	if (f->n > 1)
		qsort(f->v, (size_t)f->n, sizeof *f->v, figure_cmp);
	/* qsort is not stable: of a key listed twice, keep one (lists never do that on purpose) */
	for (int k = 0; k < f->n; k++) {
		if (o > 0 && strcmp(f->v[o - 1].key, f->v[k].key) == 0) {
			free(f->v[o - 1].key);
			f->v[o - 1] = f->v[k];
			continue;
		}
		f->v[o++] = f->v[k];
	}
	f->n = o;
}

/* The figure whose stored key is key in a sorted f, or NULL. */
static const struct view_figure *figure_at(const struct view_figures *f, const char *key)
{
	int lo = 0, hi = f->n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c = strcmp(f->v[mid].key, key);
		if (c == 0)
			return &f->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

void view_figures_free(struct view_figures *f)
{
	for (int k = 0; k < f->n; k++)
		free(f->v[k].key);
	free(f->v);
	memset(f, 0, sizeof *f);
}

static struct view_mark *mark_find(const struct view_marks *m, const char *stored)
{
	for (int k = 0; k < m->n; k++) /* a handful of marks: a linear look is enough */
		if (strcmp(m->v[k].key, stored) == 0)
			return &m->v[k];
	return NULL;
}

int view_marks_diff(struct view_marks *m, const struct view_figures *before, const struct view_figures *now,
                    double stamp)
{
	int marked = 0, o = 0;

	/* Marks whose figure is gone go (a bar that fell out of a top 10, a case deleted). */
	for (int k = 0; k < m->n; k++) {
		if (figure_at(now, m->v[k].key))
			m->v[o++] = m->v[k];
		else
			free(m->v[k].key);
	}
	m->n = o;
	/* Both lists are sorted: one walk. */
	for (int a = 0, b = 0; b < now->n; b++) {
		while (a < before->n && strcmp(before->v[a].key, now->v[b].key) < 0)
			a++;
		int had = a < before->n && strcmp(before->v[a].key, now->v[b].key) == 0;
		double was = had ? before->v[a].value : 0;
		if (was == now->v[b].value) /* the same, or a new key at zero (an empty matrix cell) */
			continue;
		struct view_mark *mk = mark_find(m, now->v[b].key);
		if (mk) {
			mk->delta += now->v[b].value - was;
			mk->stamp = stamp;
		} else {
			if (m->n == m->cap) {
				m->cap = m->cap ? m->cap * 2 : 8;
				m->v = xrealloc(m->v, (size_t)m->cap, sizeof *m->v);
			}
			m->v[m->n++] = (struct view_mark){ xstrdup(now->v[b].key), now->v[b].value - was, !had, stamp };
		}
		marked++;
	}
	return marked;
}

const struct view_mark *view_marks_find(const struct view_marks *m, const char *key, const char *sub)
{
	for (int k = 0; key && k < m->n; k++)
		if (key_cmp(m->v[k].key, key, sub) == 0)
			return &m->v[k];
	return NULL;
}

int view_marks_expire(struct view_marks *m, double older_than)
{
	int o = 0, gone = 0;

	for (int k = 0; k < m->n; k++) {
		if (m->v[k].stamp < older_than) {
			free(m->v[k].key);
			gone++;
		} else {
			m->v[o++] = m->v[k];
		}
	}
	m->n = o;
	return gone;
}

double view_marks_oldest(const struct view_marks *m)
{
	double t = -1;

	for (int k = 0; k < m->n; k++)
		if (t < 0 || m->v[k].stamp < t)
			t = m->v[k].stamp;
	return t;
}

void view_marks_clear(struct view_marks *m)
{
	for (int k = 0; k < m->n; k++)
		free(m->v[k].key);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* ---- a level's figures before a refresh, and its marks --------------------------- */

struct view_changed {
	struct view_figures before[VIEW_MAX_PANELS]; /* what panel i showed at a refresh, until it loads again */
	int pending[VIEW_MAX_PANELS];                /* before[i] waits for the next load */
	double stamp[VIEW_MAX_PANELS];               /* the latest refresh since before[i] was listed */
	char *context[VIEW_MAX_PANELS];              /* owned: the phase panel i's figures and marks are of */
	struct view_marks marks[VIEW_MAX_PANELS];
};

static int same_context(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void set_context(struct view_changed *vc, int i, const char *phase)
{
	free(vc->context[i]);
	vc->context[i] = phase ? xstrdup(phase) : NULL;
}

static void drop_before(struct view_changed *vc, int i)
{
	view_figures_free(&vc->before[i]);
	vc->pending[i] = 0;
}

void view_level_refresh(struct view_level *lv, double now)
{
	struct view_changed *vc;

	if (!lv->changed)
		lv->changed = xcalloc(1, sizeof *lv->changed);
	vc = lv->changed;
	for (int i = 0; i < lv->layout.npanels && i < VIEW_MAX_PANELS; i++) {
		const struct view_panel_type *t = panel_type(lv, i);
		const struct view_pdata *d = lv->data ? &lv->data->p[i] : NULL;
		if (d && d->loaded && t->figures) {
			drop_before(vc, i);
			t->figures(lv, i, &vc->before[i]);
			view_figures_sort(&vc->before[i]);
			vc->pending[i] = 1;
			set_context(vc, i, d->phase);
		}
		/* not loaded since an earlier refresh: that list still holds, changes are newer */
		if (vc->pending[i])
			vc->stamp[i] = now;
	}
	view_level_invalidate(lv);
}

void view_changed_loaded(struct view_level *lv, int i)
{
	struct view_changed *vc = lv->changed;
	const struct view_pdata *d = &lv->data->p[i];
	const struct view_panel_type *t = panel_type(lv, i);

	if (!vc || i < 0 || i >= VIEW_MAX_PANELS)
		return;
	if (!same_context(vc->context[i], d->phase)) {
		/* another phase in a panel that follows the phases table: another screen */
		view_marks_clear(&vc->marks[i]);
	} else if (vc->pending[i] && t->figures) {
		struct view_figures now = { 0 };
		t->figures(lv, i, &now);
		view_figures_sort(&now);
		view_marks_diff(&vc->marks[i], &vc->before[i], &now, vc->stamp[i]);
		view_figures_free(&now);
	}
	drop_before(vc, i);
	set_context(vc, i, d->phase);
}

const struct view_mark *view_changed_mark(const struct view_level *lv, int i, const char *key, const char *sub)
{
	if (!lv->changed || i < 0 || i >= VIEW_MAX_PANELS || lv->changed->marks[i].n == 0)
		return NULL;
	return view_marks_find(&lv->changed->marks[i], key, sub);
}

double view_level_expire(struct view_level *lv, double now, int *ended)
{
	struct view_changed *vc = lv->changed;
	double next = -1;

	if (!vc)
		return -1;
	for (int i = 0; i < VIEW_MAX_PANELS; i++) {
		if (view_marks_expire(&vc->marks[i], now - VIEW_CHANGED_HOLD) > 0 && ended)
			*ended = 1;
		/* a level shown again long after a refresh compares nothing: its changes are old */
		if (vc->pending[i] && vc->stamp[i] < now - VIEW_CHANGED_HOLD)
			drop_before(vc, i);
		double oldest = view_marks_oldest(&vc->marks[i]);
		if (oldest >= 0 && (next < 0 || oldest + VIEW_CHANGED_HOLD < next))
			next = oldest + VIEW_CHANGED_HOLD;
	}
	return next;
}

void view_changed_free(struct view_level *lv)
{
	struct view_changed *vc = lv->changed;

	if (!vc)
		return;
	for (int i = 0; i < VIEW_MAX_PANELS; i++) {
		view_figures_free(&vc->before[i]);
		view_marks_clear(&vc->marks[i]);
		free(vc->context[i]);
	}
	free(vc);
	lv->changed = NULL;
}

/* ---- helpers the panels share ------------------------------------------------------ */

void view_changed_moved(const struct view_mark *m, int measure, char *out, size_t n)
{
	char v[48];

	if (!m || m->delta == 0) {
		snprintf(out, n, "%s", "");
		return;
	}
	widget_measure_format(m->delta < 0 ? -m->delta : m->delta, measure, v, sizeof v);
	snprintf(out, n, "%s%s", m->delta < 0 ? "-" : "+", v);
}
