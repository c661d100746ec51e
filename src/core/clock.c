/* clock.c — calendar arithmetic (Howard Hinnant's days-from-civil algorithm)
 * and the Oslo offset (CET/CEST by the EU rule: last Sunday of March and of
 * October at 01:00 UTC). */
#include "core/clock.h"

#include <string.h>
#include <time.h>

#include "core/core.h"

unix_time clock_system_now(void)
{
	return (unix_time)time(NULL);
}

int64_t date_to_days(date d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d.month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

date date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

bool date_valid(date d)
{
	return d.year >= 1800 && d.year <= 2200 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
	       d.day <= days_in_month(d.year, d.month);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool date_parse(const char *s, date *out)
{
	date d;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &d.year) || !digits(s + 5, 2, &d.month) || !digits(s + 8, 2, &d.day))
		return false;
	if (!date_valid(d))
		return false;
	*out = d;
	return true;
}

/* v's last n decimal digits, zero-padded; by hand, since pages format
 * dozens of dates and snprintf costs tens of times more. */
static void put_digits(char *out, unsigned v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format(date d, char out[static 11])
{
	put_digits(out, (unsigned)d.year, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)d.month, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d.day, 2);
	out[10] = '\0';
}

bool time_parse(const char *s, unix_time *out)
{
	int64_t v;
	if (str_to_i64(s, &v)) {
		*out = v;
		return true;
	}
	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	date d;
	int h, m, sec;
	if (!date_parse(day, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &m) || !digits(s + 17, 2, &sec) ||
	    h > 23 || m > 59 || sec > 59)
		return false;
	*out = date_to_days(d) * 86400 + h * 3600 + m * 60 + sec;
	return true;
}

void time_format(unix_time t, char out[static 21])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t rem = t - days * 86400;
	date_format(date_from_days(days), out);
	out[10] = 'T';
	put_digits(out + 11, (unsigned)(rem / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (unsigned)(rem / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (unsigned)(rem % 60), 2);
	out[19] = 'Z';
	out[20] = '\0';
}

/* Instant (UTC seconds) of 01:00 UTC on the last Sunday of `month`. */
int date_weekday(date d)
{
	int64_t days = date_to_days(d);
	return (int)(((days % 7) + 10) % 7) + 1; /* 1970-01-01 was a Thursday (4) */
}

static unix_time last_sunday_0100(int year, int month)
{
	date last = {year, month, days_in_month(year, month)};
	int since_sunday = date_weekday(last) % 7;
	return (date_to_days(last) - since_sunday) * 86400 + 3600;
}

int oslo_offset(unix_time t)
{
	date utc = date_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	bool summer = t >= last_sunday_0100(utc.year, 3) && t < last_sunday_0100(utc.year, 10);
	return summer ? 7200 : 3600;
}

date date_in_oslo(unix_time t)
{
	unix_time local = t + oslo_offset(t);
	return date_from_days(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

void time_in_oslo(unix_time t, date *day, int *hour, int *minute)
{
	unix_time local = t + oslo_offset(t);
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	*day = date_from_days(days);
	*hour = (int)(secs / 3600);
	*minute = (int)(secs % 3600 / 60);
}

unix_time oslo_day_start(date d)
{
	/* Midnight in Norway is 23:00 UTC the day before in winter, 22:00 in
	 * summer; the clocks change at night, never near midnight. */
	unix_time winter = date_to_days(d) * 86400 - 3600;
	return oslo_offset(winter) == 7200 ? winter - 3600 : winter;
}

bool oslo_local_time(date d, int minute_of_day, unix_time *out)
{
	unix_time wall = date_to_days(d) * 86400 + (unix_time)minute_of_day * 60;
	unix_time summer = wall - 7200, winter = wall - 3600;
	/* In October's repeated hour both readings are right: the first wins. */
	if (oslo_offset(summer) == 7200) {
		*out = summer;
		return true;
	}
	if (oslo_offset(winter) == 3600) {
		*out = winter;
		return true;
	}
	return false; /* the hour skipped in March */
}

int minute_of_day(const char *hhmm)
{
	if (hhmm == NULL || strlen(hhmm) != 5 || hhmm[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (hhmm[i] < '0' || hhmm[i] > '9'))
			return -1;
	int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

int age_on(date birth, date on)
{
	int age = on.year - birth.year;
	if (on.month < birth.month || (on.month == birth.month && on.day < birth.day))
		age--;
	return age;
}

int age_at(const char *birth_date, unix_time t)
{
	date birth;
	return date_parse(birth_date, &birth) ? age_on(birth, date_in_oslo(t)) : 0;
}

void clock_deadline_after(struct timespec *t, int64_t ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += (time_t)(ms / 1000);
	t->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}
