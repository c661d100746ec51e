/* test_video.c — the pure parts of video consultations: HMAC-SHA1 against
 * RFC 2202, time-limited TURN credentials as coturn's REST API checks them
 * (username "EXPIRY:USER", credential base64(HMAC-SHA1(secret, username));
 * the expected value computed independently with
 * `echo -n 1433895918:someuser | openssl dgst -sha1 -hmac north -binary | base64`),
 * and parked requests (core/wake.h): woken by their key, by their deadline,
 * all at once, each exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "core/wake.h"
#include "domain/video.h"

static void hmac_sha1_rfc2202(void **state)
{
	(void)state;
	uint8_t mac[HMAC_SHA1_LEN];
	char hex[2 * HMAC_SHA1_LEN + 1];
	hmac_sha1("Jefe", 4, "what do ya want for nothing?", 28, mac);
	hex_encode(mac, sizeof mac, hex);
	assert_string_equal(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

static void turn_credentials_as_coturn_checks_them(void **state)
{
	(void)state;
	arena *a = arena_new();
	const char *user, *cred;
	video_turn_credential(a, "north", 1433895918, "someuser", &user, &cred);
	assert_string_equal(user, "1433895918:someuser");
	assert_string_equal(cred, "fGOnGabfQfjS6RbcAM58tocpD/g=");
	/* Another secret, another credential; the same inputs, the same one. */
	const char *user2, *cred2;
	video_turn_credential(a, "south", 1433895918, "someuser", &user2, &cred2);
	assert_string_not_equal(cred2, cred);
	arena_free(a);
}

static int woken[4];
static void count_wake(void *arg)
{
	woken[(intptr_t)arg]++;
}

static void parked_requests_wake_once(void **state)
{
	(void)state;
	memset(woken, 0, sizeof woken);
	wake_park(7, 60000, count_wake, (void *)(intptr_t)0);
	wake_park(7, 60000, count_wake, (void *)(intptr_t)1);
	wake_park(8, 60000, count_wake, (void *)(intptr_t)2);
	wake_park(9, 1, count_wake, (void *)(intptr_t)3);
	assert_int_equal(wake_parked(), 4);
	assert_int_equal(wake_key(7), 2);
	assert_int_equal(woken[0], 1);
	assert_int_equal(woken[1], 1);
	assert_int_equal(woken[2], 0);
	assert_int_equal(wake_key(7), 0); /* once only */
	nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
	assert_int_equal(wake_expired(), 1); /* the 1 ms one, not key 8 */
	assert_int_equal(woken[3], 1);
	assert_int_equal(wake_all(), 1);
	assert_int_equal(woken[2], 1);
	assert_int_equal(wake_parked(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hmac_sha1_rfc2202),
	    cmocka_unit_test(turn_credentials_as_coturn_checks_them),
	    cmocka_unit_test(parked_requests_wake_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
