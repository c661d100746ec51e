/* system.h — the installation's own health, for operators and load balancers. */
#ifndef HELSAMI_DOMAIN_SYSTEM_H
#define HELSAMI_DOMAIN_SYSTEM_H

#include "core/ctx.h"
#include "core/core.h"

/* ST_OK when this server thread's database connection answers. */
status system_check(const ctx *x);

#endif
