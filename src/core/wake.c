/* wake.c — parked requests (core/wake.h): one list under one mutex. A wake
 * takes the matching entries out under the lock and calls them after
 * releasing it, so a callback may park again or take other locks. A few
 * thousand parked requests cost a scan of that many entries per wake,
 * which bench/signaling.sh measures. */
#include "core/wake.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/core.h"

typedef struct parked {
	struct parked *next;
	int64_t key;
	int64_t deadline_ms;
	wake_fn fn;
	void *arg;
} parked;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static parked *head;
static size_t count;

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void wake_park(int64_t key, int64_t ms, wake_fn fn, void *arg)
{
	parked *p = xcalloc(1, sizeof *p);
	*p = (parked){.key = key, .deadline_ms = now_ms() + ms, .fn = fn, .arg = arg};
	pthread_mutex_lock(&mu);
	p->next = head;
	head = p;
	count++;
	pthread_mutex_unlock(&mu);
}

/* Takes out the entries that match (all when all), then calls them. */
static size_t wake_matching(bool all, int64_t key, int64_t expired_before)
{
	parked *woken = NULL;
	size_t n = 0;
	pthread_mutex_lock(&mu);
	for (parked **pp = &head; *pp != NULL;) {
		parked *p = *pp;
		bool match = all || (expired_before > 0 ? p->deadline_ms <= expired_before : p->key == key);
		if (!match) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		p->next = woken;
		woken = p;
		count--;
		n++;
	}
	pthread_mutex_unlock(&mu);
	while (woken != NULL) {
		parked *p = woken;
		woken = p->next;
		p->fn(p->arg);
		free(p);
	}
	return n;
}

size_t wake_key(int64_t key)
{
	return wake_matching(false, key, 0);
}

size_t wake_expired(void)
{
	return wake_matching(false, 0, now_ms());
}

size_t wake_all(void)
{
	return wake_matching(true, 0, 0);
}

size_t wake_parked(void)
{
	pthread_mutex_lock(&mu);
	size_t n = count;
	pthread_mutex_unlock(&mu);
	return n;
}
