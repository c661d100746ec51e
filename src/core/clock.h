/* clock.h — time as UTC seconds, calendar dates as days since 1970-01-01, and
 * the conversions between them. Code takes "now" from the request context's
 * clock (ARCHITECTURE.md rule 6), never from the system clock directly. */
#ifndef HELSAMI_CLOCK_H
#define HELSAMI_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef int64_t unix_time; /* seconds since the epoch, UTC */

typedef struct date {
	int year, month, day;
} date;

unix_time clock_system_now(void);
/* *t = ms from now on CLOCK_MONOTONIC (a clock set back stalls nothing),
 * for pthread_cond_timedwait on a condition variable that uses it: the
 * timed jobs' sleep (src/jobs/). */
void clock_deadline_after(struct timespec *t, int64_t ms);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t date_to_days(date d);
date date_from_days(int64_t days);
bool date_valid(date d);
/* Parses exactly "YYYY-MM-DD"; false on anything else. */
bool date_parse(const char *s, date *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(date d, char out[static 11]);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (or a bare integer of seconds). */
bool time_parse(const char *s, unix_time *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void time_format(unix_time t, char out[static 21]);

/* The date in Norway (Europe/Oslo) at instant t: birthdays and day-based
 * rules follow the Norwegian calendar day, not UTC's. */
date date_in_oslo(unix_time t);
/* Norway's offset from UTC at t: 3600 in winter, 7200 in summer. */
int oslo_offset(unix_time t);
/* The Norwegian wall-clock day, hour and minute at t. */
void time_in_oslo(unix_time t, date *day, int *hour, int *minute);
/* The instant Norwegian day d begins (00:00 local). */
unix_time oslo_day_start(date d);
/* The instant Norway's wall clock shows minute_of_day (0..1439) of day d:
 * false for a time the clocks skip (02:00-02:59 on the last Sunday of
 * March); of the hour October repeats, the first. */
bool oslo_local_time(date d, int minute_of_day, unix_time *out);
/* "HH:MM" (00:00-23:59) as minutes after midnight; -1 for anything else. */
int minute_of_day(const char *hhmm);
/* The ISO weekday of d: 1 Monday .. 7 Sunday. */
int date_weekday(date d);
/* Completed years of age on `on` for someone born on `birth`. */
int age_on(date birth, date on);
/* The same from a register birth date "YYYY-MM-DD" and an instant, on
 * Norway's calendar day; 0 for a malformed date. */
int age_at(const char *birth_date, unix_time t);

#endif
