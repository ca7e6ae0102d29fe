/*
 * present: the state of presenting a review session (see include/present.h).
 *
 * Nothing here draws or reads keys: the app turns keys into these calls and the
 * drawing half (present_draw.c) reads the state.  Time comes in as an argument.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "present.h"

int present_init(struct present *p, const struct session *s, double now, const char *as_of)
{
	memset(p, 0, sizeof *p);
	p->session = s;
	p->nspent = s->nslides;
	if (p->nspent > 0 && !(p->spent = calloc((size_t)p->nspent, sizeof *p->spent)))
		return -1;
	p->started = p->entered = now;
	if (s->policy == SESSION_FROZEN)
		present_freeze(p, 1, as_of);
	return 0;
}

void present_free(struct present *p)
{
	free(p->spent);
	present_watch_free(&p->file);
	present_watch_free(&p->theme);
	memset(p, 0, sizeof *p);
}

int present_reload(struct present *p, const struct session *s, double now)
{
	if (s->nslides > p->nspent) {
		double *sp = realloc(p->spent, (size_t)s->nslides * sizeof *sp);
		if (!sp)
			return -1;
		memset(sp + p->nspent, 0, (size_t)(s->nslides - p->nspent) * sizeof *sp);
		p->spent = sp;
		p->nspent = s->nslides;
	}
	p->session = s;
	if (p->slide >= s->nslides) {
		/* The slide shown was deleted: count its time and show the last one. */
		p->spent[p->slide] += now - p->entered;
		p->slide = s->nslides > 0 ? s->nslides - 1 : 0;
		p->entered = now;
	}
	if (p->ov_sel >= s->nslides)
		p->ov_sel = s->nslides > 0 ? s->nslides - 1 : 0;
	return 0;
}

int present_goto(struct present *p, int i, double now)
{
	int n = p->session->nslides;

	if (i >= n)
		i = n - 1;
	if (i < 0)
		i = 0;
	if (i == p->slide)
		return 0;
	if (p->slide < p->nspent)
		p->spent[p->slide] += now - p->entered;
	p->slide = i;
	p->entered = now;
	return 1;
}

void present_set_clocks(struct present *p, double now, double session_spent, double slide_spent)
{
	p->started = now - session_spent;
	if (p->slide < p->nspent)
		p->spent[p->slide] = slide_spent;
	p->entered = now;
}

int present_next(struct present *p, double now)
{
	return present_goto(p, p->slide + 1, now);
}

int present_prev(struct present *p, double now)
{
	return present_goto(p, p->slide - 1, now);
}

int present_digit(struct present *p, int key)
{
	size_t n = strlen(p->digits);

	if (key < '0' || key > '9')
		return 0;
	if (n == 0 && key == '0')
		return 1; /* a leading zero changes nothing */
	if (n + 1 < sizeof p->digits) {
		p->digits[n] = (char)key;
		p->digits[n + 1] = '\0';
	}
	return 1;
}

int present_digits_enter(struct present *p, double now, char *msg, size_t msgsz)
{
	int n = p->session->nslides, k = atoi(p->digits);

	msg[0] = '\0';
	p->digits[0] = '\0';
	if (k < 1 || k > n) {
		snprintf(msg, msgsz, "no slide %d (1–%d)", k, n);
		return -1;
	}
	return present_goto(p, k - 1, now);
}

void present_digits_clear(struct present *p)
{
	p->digits[0] = '\0';
}

int present_freeze(struct present *p, int on, const char *as_of)
{
	p->frozen = on != 0;
	if (p->frozen)
		snprintf(p->as_of, sizeof p->as_of, "%s", as_of ? as_of : "");
	else
		p->as_of[0] = '\0';
	return p->frozen;
}

void present_overview_open(struct present *p)
{
	p->overview = 1;
	p->ov_sel = p->slide;
}

void present_overview_move(struct present *p, int delta)
{
	int n = p->session->nslides;

	p->ov_sel += delta;
	if (p->ov_sel >= n)
		p->ov_sel = n - 1;
	if (p->ov_sel < 0)
		p->ov_sel = 0;
}

int present_overview_enter(struct present *p, double now)
{
	p->overview = 0;
	return present_goto(p, p->ov_sel, now);
}

/* ---- clocks ----------------------------------------------------------------------- */

double present_slide_spent(const struct present *p, double now)
{
	double before = p->slide < p->nspent ? p->spent[p->slide] : 0;
	return before + (now - p->entered);
}

static int clock_state(double left)
{
	return left < 0 ? PRESENT_CLOCK_OVER : left < PRESENT_WARN_S ? PRESENT_CLOCK_WARN : PRESENT_CLOCK_OK;
}

double present_slide_left(const struct present *p, double now, int *clock)
{
	int budget = p->slide < p->session->nslides ? p->session->slides[p->slide].budget_s : 0;
	double left = budget - present_slide_spent(p, now);

	*clock = budget > 0 ? clock_state(left) : PRESENT_CLOCK_NONE;
	return budget > 0 ? left : 0;
}

double present_session_spent(const struct present *p, double now)
{
	return now - p->started;
}

int present_session_budget(const struct session *s)
{
	int total = 0;

	for (int i = 0; i < s->nslides; i++)
		total += s->slides[i].budget_s;
	return total;
}

double present_session_left(const struct present *p, double now, int *clock)
{
	int budget = present_session_budget(p->session);
	double left = budget - present_session_spent(p, now);

	*clock = budget > 0 ? clock_state(left) : PRESENT_CLOCK_NONE;
	return budget > 0 ? left : 0;
}

void present_clock_format(double secs, char *out, size_t outsz)
{
	/* Whole seconds, rounded toward the larger magnitude of time left so that "0:00"
	 * shows only when the time is really up. */
	int neg = secs < 0;
	long long s = neg ? (long long)(-secs) : (long long)secs;

	if (!neg && (double)s < secs)
		s++;
	if (neg && s == 0)
		neg = 0;
	if (s >= 3600)
		snprintf(out, outsz, "%s%lld:%02lld:%02lld", neg ? "-" : "", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, outsz, "%s%lld:%02lld", neg ? "-" : "", s / 60, s % 60);
}

void present_clocks_text(const struct present *p, double now, char *out, size_t outsz, int *clock)
{
	char a[32], b[32], c[32];
	int cs, ct;
	size_t len = 0;
	double ls = present_slide_left(p, now, &cs);
	present_session_left(p, now, &ct);

	out[0] = '\0';
	if (cs != PRESENT_CLOCK_NONE) {
		present_clock_format(ls < 0 ? -ls : ls, a, sizeof a);
		len += (size_t)snprintf(out + len, outsz - len, "%s %s · ", a, ls < 0 ? "over" : "left");
	}
	if (ct != PRESENT_CLOCK_NONE && len < outsz) {
		/* Time spent counts whole seconds gone, time left the seconds still to come. */
		present_clock_format((double)(long long)present_session_spent(p, now), b, sizeof b);
		present_clock_format(present_session_budget(p->session), c, sizeof c);
		len += (size_t)snprintf(out + len, outsz - len, "%s of %s · ", b, c);
	}
	if (len < outsz)
		snprintf(out + len, outsz - len, "%d / %d", p->slide + 1, p->session->nslides);
	*clock = cs > ct ? cs : ct;
}

/* ---- watching files --------------------------------------------------------------- */

static void stamp(struct present_watch *w, long long *mtime, long long *size, int *missing)
{
	struct stat st;

	if (stat(w->path, &st) < 0) {
		*missing = 1;
		*mtime = *size = 0;
		return;
	}
	*missing = 0;
	*mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	*size = (long long)st.st_size;
}

int present_watch_set(struct present_watch *w, const char *path)
{
	present_watch_free(w);
	if (!path)
		return 0;
	if (!(w->path = strdup(path)))
		return -1;
	stamp(w, &w->mtime_ns, &w->size, &w->missing);
	return 0;
}

int present_watch_poll(struct present_watch *w)
{
	long long m, sz;
	int missing;

	if (!w->path)
		return 0;
	stamp(w, &m, &sz, &missing);
	if (m == w->mtime_ns && sz == w->size && missing == w->missing)
		return 0;
	w->mtime_ns = m;
	w->size = sz;
	w->missing = missing;
	return 1;
}

void present_watch_free(struct present_watch *w)
{
	free(w->path);
	memset(w, 0, sizeof *w);
}
