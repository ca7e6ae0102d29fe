/* date: see date.h. */
#include <stdio.h>

#include "date.h"

long date_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_civil(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int date_parse(const char *s, long *days)
{
	if (!s)
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*days = date_from_civil(y, m, d);
	return 1;
}

void date_format(long days, char *out, size_t outsz)
{
	long y;
	int m, d;

	date_to_civil(days, &y, &m, &d);
	snprintf(out, outsz, "%04ld-%02d-%02d", y, m, d);
}

int date_weekday(long days)
{
	return (int)((((days + 3) % 7) + 7) % 7); /* 1970-01-01 was a Thursday */
}

int date_valid(const char *s, long *days)
{
	long z, y;
	int m, d;

	if (!s || !date_parse(s, &z) || s[10] != '\0')
		return 0;
	/* date_parse takes 31 for any month: a day that does not exist comes back as
	 * another one. */
	date_to_civil(z, &y, &m, &d);
	if (d != (s[8] - '0') * 10 + (s[9] - '0') || m != (s[5] - '0') * 10 + (s[6] - '0'))
		return 0;
	if (days)
		*days = z;
	return 1;
}

const char *date_month_abbr(int m)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	return m >= 1 && m <= 12 ? mon[m - 1] : "?";
}

long date_monday(long days)
{
	return days - (((days + 3) % 7) + 7) % 7; /* 1970-01-01 was a Thursday */
}
