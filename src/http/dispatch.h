/* dispatch.h — the dispatcher: what every request goes through, without a
 * socket. http/server.c (the only libmicrohttpd glue) feeds it what arrives
 * on a connection; fuzz/fuzz_request.c feeds it synthetic requests.
 *
 * A request is an exchange in three steps, mirroring how a request arrives:
 *
 *   dispatch_open      the request target, as soon as the request line is in
 *   dispatch_header    each header field, then
 *   dispatch_begin     the head is complete: bounds, framing, language, clock,
 *                      session, route, who may call it and the capability
 *                      are decided here, before any body is read
 *   dispatch_body      body bytes as they come (only for accepted requests)
 *   dispatch_finish    the request is whole: body parsing, CSRF, the handler
 *
 * A refused request's body is never kept: it is answered straight after
 * dispatch_begin (DISPATCH_ANSWER) when the client waits for our word
 * (Expect: 100-continue) or the body is past what we would read at all, and
 * otherwise once its body has been read and dropped, so that a browser still
 * sending it sees the answer (dispatch.c, DRAIN_MAX). */
#ifndef HELSAMI_HTTP_DISPATCH_H
#define HELSAMI_HTTP_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "web/web.h"

/* Request bounds (docs/architecture.md, "Hostile requests"). Each is
 * generous for what browsers and our pages send, and small enough that one
 * request costs a bounded amount of memory and work. */
enum {
	/* The request target (path and query, as sent): nginx's and Apache's
	 * default line limit; our longest real target, an OIDC callback, is
	 * well under 1 kB. Past it: 414. */
	DISPATCH_TARGET_MAX = 8192,
	/* Header fields: browsers send about 15, Apache refuses past 100. 431. */
	DISPATCH_HEADER_FIELDS_MAX = 100,
	/* All header names and values together: room for a 4 kB cookie jar
	 * and every header a browser sends, twice over. 431. */
	DISPATCH_HEADER_BYTES_MAX = 16 * 1024,
};

/* What every request shares, set once at start-up. */
typedef struct dispatcher {
	db *d;
	const site *site;
	bool dev;            /* TestID and the settable clock (loopback peers only) */
	bool https;          /* served over https (the base URL says so) */
	bool secure_cookies; /* everywhere but plain-http loopback in dev mode */
	char origin[256];    /* scheme://host[:port] that POSTs must come from */
} dispatcher;

/* The connection's part of a request head. */
typedef struct dispatch_peer {
	const char *method;
	const char *client_ip; /* as text; never NULL */
	bool loopback;
	/* The connection came while the server was full: answer 503. */
	bool over_capacity;
} dispatch_peer;

enum dispatch_step {
	DISPATCH_CONTINUE, /* read on: the body, or the end of the request */
	DISPATCH_ANSWER,   /* the reply is decided: send it now and close; the body is not read */
	DISPATCH_CLOSE,    /* close without an answer (the client broke off or stalled) */
};

typedef struct exchange exchange;

/* Starts a request from its target as sent (NULL if there was none). Never
 * NULL; the exchange owns its memory until dispatch_close. */
exchange *dispatch_open(const dispatcher *dp, const char *target);
/* Adds one header field as sent (value NULL for none). Counted against the
 * bounds; a refusal is answered by dispatch_begin. */
void dispatch_header(exchange *x, const char *name, const char *value);
/* The head is complete: everything that needs no body is decided.
 * DISPATCH_ANSWER when the request is refused and is to be answered before
 * its body (the reply is ready, dispatch_reply; the connection is then not
 * kept). DISPATCH_CONTINUE otherwise: an accepted request, or a refused one
 * answered by dispatch_finish once its body, if any, has been dropped. */
enum dispatch_step dispatch_begin(exchange *x, const dispatch_peer *peer);
/* n bytes of the body: kept for an accepted request, dropped for a refused
 * one. DISPATCH_CLOSE if the client sends more than it announced or too
 * slowly (see BODY_MIN_RATE in dispatch.c). */
enum dispatch_step dispatch_body(exchange *x, const char *data, size_t n);
/* Whether dispatch_begin has run. */
bool dispatch_begun(const exchange *x);
/* Body bytes announced but not yet received (0 once whole, or without a body). */
uint64_t dispatch_body_missing(const exchange *x);
/* Whether the whole request's handler, still to run, may call another
 * server (route_calls_out): the glue runs dispatch_finish for it on a
 * callout thread, with the connection suspended meanwhile. */
bool dispatch_calls_out(const exchange *x);
/* The request is whole: runs the handler unless the request was refused,
 * and returns the reply (on any thread; once run, the same reply again).
 * The exchange owns it; the caller may take its body (buf_take) to send it
 * without a copy. */
reply *dispatch_finish(exchange *x);
/* The handler asked to park the request (reply.park_key): runs it again
 * after a wake or its deadline, final when it must answer now (shutdown),
 * and returns the new reply. Only for a request dispatch_finish ran. */
reply *dispatch_rerun(exchange *x, bool final);
/* The decided reply after DISPATCH_ANSWER, as dispatch_finish's. */
reply *dispatch_reply(exchange *x);
/* Frees the exchange and all it holds. NULL is a no-op. */
void dispatch_close(exchange *x);

#endif
