/* callouts.c — a fixed set of threads taking jobs from one queue. */
#include "http/callouts.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/core.h"

struct job {
	callout_fn fn;
	void *arg;
	struct job *next;
};

struct callouts {
	pthread_mutex_t mu;
	pthread_cond_t work;
	struct job *head, *tail; /* under mu */
	bool stopping;           /* under mu */
	size_t n;
	pthread_t *threads;
};

/* The next job, or NULL once stopping and nothing is left. */
static struct job *take(callouts *c)
{
	pthread_mutex_lock(&c->mu);
	while (c->head == NULL && !c->stopping)
		pthread_cond_wait(&c->work, &c->mu);
	struct job *j = c->head;
	if (j != NULL) {
		c->head = j->next;
		if (c->head == NULL)
			c->tail = NULL;
	}
	pthread_mutex_unlock(&c->mu);
	return j;
}

static void *worker(void *arg)
{
	callouts *c = arg;
	struct job *j;
	while ((j = take(c)) != NULL) {
		j->fn(j->arg);
		free(j);
	}
	return NULL;
}

static void free_callouts(callouts *c)
{
	pthread_cond_destroy(&c->work);
	pthread_mutex_destroy(&c->mu);
	free(c->threads);
	free(c);
}

/* Stops and joins the first `started` threads. */
static void join_threads(callouts *c, size_t started)
{
	pthread_mutex_lock(&c->mu);
	c->stopping = true;
	pthread_mutex_unlock(&c->mu);
	pthread_cond_broadcast(&c->work);
	for (size_t i = 0; i < started; i++)
		pthread_join(c->threads[i], NULL);
}

callouts *callouts_start(size_t n)
{
	callouts *c = xcalloc(1, sizeof *c);
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->work, NULL);
	c->n = n;
	c->threads = xcalloc(n, sizeof *c->threads);
	for (size_t i = 0; i < n; i++) {
		if (pthread_create(&c->threads[i], NULL, worker, c) != 0) {
			join_threads(c, i);
			free_callouts(c);
			return NULL;
		}
	}
	return c;
}

void callouts_submit(callouts *c, callout_fn fn, void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_lock(&c->mu);
	if (c->tail != NULL)
		c->tail->next = j;
	else
		c->head = j;
	c->tail = j;
	pthread_mutex_unlock(&c->mu);
	pthread_cond_signal(&c->work);
}

void callouts_stop(callouts *c)
{
	if (c == NULL)
		return;
	join_threads(c, c->n);
	free_callouts(c);
}
