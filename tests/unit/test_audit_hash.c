/* test_audit_hash.c — an access-log entry's hash is SHA-256 over the
 * length-prefixed encoding of its fields (docs/architecture.md "The access
 * log"): "LEN:TEXT;" for text (LEN in bytes), "-;" for none, "N;" for a
 * number, in the order of audit_entry, after the tag "helsami-audit-v1" and
 * the previous hash. The expected hashes were computed apart from this code
 * (Python's hashlib over the encoding written out by hand), so a change to
 * the encoding, which would break the check of every chain already stored,
 * fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit.h"

static const char ZERO[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void a_representatives_read_hashes_as_documented(void **state)
{
	(void)state;
	audit_entry e = {.patient_id = 42,
	                 .seq = 3,
	                 .at = 1790000000,
	                 .actor_kind = "representative",
	                 .actor_person_id = 17,
	                 .on_behalf_of = 21,
	                 .action = "read",
	                 .what = "result",
	                 .what_id = "55",
	                 .purpose = "care",
	                 .reason = "Blodprøve – ærlig"};
	memcpy(e.prev_hash, ZERO, sizeof ZERO);
	char hash[SHA256_HEX_LEN + 1];
	audit_entry_hash(&e, hash);
	/* 16:helsami-audit-v1;64:000…000;42;3;1790000000;14:representative;17;0;0;-;21;4:read;6:result;2:55;4:care;21:Blodprøve
	 * – ærlig; */
	assert_string_equal(hash, "70928b162afa5bd153f5ebbfdd5eafefbb5c00e016427f1122c5f2c4cd13772e");
}

static void extreme_numbers_and_empty_text_hash_as_documented(void **state)
{
	(void)state;
	audit_entry e = {.patient_id = -5,
	                 .seq = 1,
	                 .at = -1,
	                 .actor_kind = "",
	                 .actor_staff_id = INT64_MIN,
	                 .actor_unit_id = INT64_MAX,
	                 .action = "x",
	                 .what = "y",
	                 .purpose = "p"};
	memcpy(e.prev_hash, ZERO, sizeof ZERO);
	char hash[SHA256_HEX_LEN + 1];
	audit_entry_hash(&e, hash);
	/* 16:helsami-audit-v1;64:000…000;-5;1;-1;0:;0;-9223372036854775808;9223372036854775807;-;0;1:x;1:y;-;1:p;-; */
	assert_string_equal(hash, "3df6f05d696a05bd5f294ca5f033419dd942382db31dcd2e41e567b4ce620093");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_representatives_read_hashes_as_documented),
	    cmocka_unit_test(extreme_numbers_and_empty_text_hash_as_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
