/* session.c (web) — ending and keeping a session (SPEC.md A4): POST /logout
 * ends the local session everywhere and, for an ID-porten session, continues
 * to ID-porten's end-session endpoint; POST /session/extend keeps an idle
 * session alive when the page's warning offers it. */
#include "auth/login.h"
#include "auth/oidc.h"
#include "auth/session.h"
#include "web/pages.h"

void web_logout(request *rq, reply *rp)
{
	const session *s = rq->c->session;
	/* The provider's end-session URL needs the ID token, so read it first. */
	const char *provider_logout = s ? oidc_logout_url(rq->c->arena, s->provider, s->id_token) : NULL;
	web_login_end_session(rq, rp);
	reply_redirect(rq, rp,
	               provider_logout ? provider_logout
	                               : arena_printf(rq->c->arena, "%s?logged_out=1", web_path(web_start)));
}

/* The dispatcher already moved last_seen when it found the session; this
 * only answers where to go next. */
void web_session_extend(request *rq, reply *rp)
{
	const char *back = req_form(rq, "back");
	reply_redirect(rq, rp, web_local_path(back) ? back : web_path(web_start));
}
