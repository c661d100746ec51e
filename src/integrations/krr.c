/* krr.c — reservations against digital communication, from the local copy. */
#include "integrations/krr.h"

#include "store/services.h"

status krr_reserved(db_conn *c, const char *nin, bool *out)
{
	return store_krr_reserved(c, nin, out);
}
