/* fuzz_config.c — libFuzzer target for settings (core/config.h): command-line
 * options built from the input, every one of them a known option so that
 * nothing is printed, applied in order. Never crashes, and every number that
 * is stored is in its range or marked malformed. Input: lines; the first
 * byte of each picks the option, bit 7 of it chooses "--opt=value" over
 * "--opt value", and the rest is the value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { ARGS_MAX = 64 };

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static void check_count(int v, int low)
{
	check(v == -1 || v == -2 || (v >= low && v <= 1000000));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nopts = 0;
	while (config_options[nopts].option != NULL)
		nopts++;
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	char *argv[ARGS_MAX + 1];
	char *owned[ARGS_MAX];
	int argc = 0, nowned = 0;
	for (char *line = copy, *next; line != NULL && argc < ARGS_MAX - 1; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (line[0] == '\0')
			continue;
		const config_option *o = &config_options[(unsigned char)line[0] % nopts];
		const char *value = line + 1;
		if (o->meta == NULL) {
			argv[argc++] = (char *)(uintptr_t)o->option;
		} else if (*value == '\0') {
			continue; /* an option without its value only prints why */
		} else if ((unsigned char)line[0] & 0x80) {
			size_t n = strlen(o->option) + 1 + strlen(value) + 1;
			char *arg = malloc(n);
			strcpy(arg, o->option);
			strcat(arg, "=");
			strcat(arg, value);
			argv[argc++] = owned[nowned++] = arg;
		} else {
			argv[argc++] = (char *)(uintptr_t)o->option;
			argv[argc++] = (char *)(uintptr_t)value;
		}
	}
	argv[argc] = NULL;
	config cfg;
	config_defaults(&cfg);
	for (int i = 0; i < argc; i++)
		check(config_apply_arg(&cfg, argc, argv, &i));
	check_count(cfg.login_rate, 0);
	check_count(cfg.lookup_rate, 0);
	check_count(cfg.connections, 1);
	check_count(cfg.connections_per_address, 0);
	check(cfg.audit_checkpoint_minutes == -1 ||
	      (cfg.audit_checkpoint_minutes >= 0.01 && cfg.audit_checkpoint_minutes <= 7 * 24 * 60));
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	free(copy);
	return 0;
}
