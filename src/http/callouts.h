/* callouts.h — a few threads of their own for the handlers that call
 * another server (an OpenID provider's metadata, keys and token endpoint):
 * such a request is suspended and its handler runs here, so a slow provider
 * holds none of the worker threads that serve every other page (issue 12:
 * on PostgreSQL the server runs a worker a core). Jobs run in the order
 * submitted. Thread-safe. */
#ifndef HELSAMI_CALLOUTS_H
#define HELSAMI_CALLOUTS_H

#include <stddef.h>

typedef struct callouts callouts;
typedef void (*callout_fn)(void *arg);

/* n threads; NULL when they cannot be started. */
callouts *callouts_start(size_t n);
/* Runs fn(arg) on one of the threads, as soon as one is free. */
void callouts_submit(callouts *c, callout_fn fn, void *arg);
/* Runs what is submitted to the end, then joins the threads and frees c. */
void callouts_stop(callouts *c);

#endif
