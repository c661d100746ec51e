/* wake.h — parked requests and what wakes them: a long poll (video
 * signaling, docs/video.md) parks its request under a key, such as a call's
 * id, instead of holding a server thread; a change under that key wakes
 * every request parked there, and a request not woken by its deadline is
 * woken then. Domain code wakes keys after its transaction commits; the
 * HTTP glue parks and resumes connections. Thread-safe. */
#ifndef HELSAMI_WAKE_H
#define HELSAMI_WAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Called exactly once per wake_park: woken, timed out, or at wake_all. */
typedef void (*wake_fn)(void *arg);

/* Parks arg under key until wake_key(key) or until ms milliseconds
 * (monotonic) have passed, whichever is first; then fn(arg) is called, once,
 * on the waking thread (never inside wake_park). */
void wake_park(int64_t key, int64_t ms, wake_fn fn, void *arg);
/* Wakes every request parked under key; the number woken. */
size_t wake_key(int64_t key);
/* Wakes every parked request whose deadline has passed (a timer calls it). */
size_t wake_expired(void);
/* Wakes everything parked (shutdown). */
size_t wake_all(void);
/* How many requests are parked now. */
size_t wake_parked(void);

#endif
