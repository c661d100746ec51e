/* server.h — the HTTP server: libmicrohttpd's epoll thread pool glued to the
 * route table. */
#ifndef HELSAMI_HTTP_SERVER_H
#define HELSAMI_HTTP_SERVER_H

#include <stdint.h>

#include "core/config.h"
#include "db/db.h"
#include "web/web.h"

typedef struct server server;

/* Starts serving cfg->listen (port 0 picks a free port). site must outlive
 * the server. Returns ST_INVALID for a bad listen address or dev mode on a
 * non-loopback address, ST_INTERNAL if the socket cannot be bound. */
status server_start(const config *cfg, db *d, const site *s, server **out);
uint16_t server_port(const server *srv);
/* Stops accepting, lets in-flight requests finish (up to a few seconds), and
 * frees the server. */
void server_stop(server *srv);

#endif
