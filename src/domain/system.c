/* system.c — health check of the pieces a request needs. */
#include "domain/system.h"

#include "store/store.h"

status system_check(const ctx *x)
{
	if (x->db == NULL)
		return ST_INTERNAL;
	return store_ping(x->db);
}
