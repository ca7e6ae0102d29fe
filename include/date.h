/*
 * date: calendar arithmetic on days since 1970-01-01 (proleptic Gregorian), for the
 * sample generator and the timeline.  No locale, no time zones, no libc time functions.
 */
#ifndef OPDECK_DATE_H
#define OPDECK_DATE_H

#include <stddef.h>

/* Days since 1970-01-01 of y-m-d (H. Hinnant's algorithm; any year). */
long date_from_civil(long y, int m, int d);
/* The inverse. */
void date_to_civil(long days, long *y, int *m, int *d);
/* "YYYY-MM-DD" (anything after the day is ignored) into *days; 0 when s is not such a
 * date (NULL, wrong shape, month or day out of range), 1 otherwise. */
int date_parse(const char *s, long *days);
/* "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(long days, char *out, size_t outsz);
/* The Monday of the week of days. */
long date_monday(long days);
/* 0 for Monday ... 6 for Sunday. */
int date_weekday(long days);
/* Exactly "YYYY-MM-DD" naming a day that exists (what SQLite's date(x) IS x accepts;
 * "2025-02-30" is not): 1 and *days (may be NULL), else 0. */
int date_valid(const char *s, long *days);
/* "Jan" ... "Dec" for m = 1..12, "?" otherwise: the one list of month names. */
const char *date_month_abbr(int m);

#endif
