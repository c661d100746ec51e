# helsami — one binary, build/helsami. See README.md.
#   make            build build/helsami
#   make run        install what is missing, build, migrate + seed demo, serve on :8080
#   make test       install what is missing, build, run every test suite
#   make fuzz       the nightly fuzz run: an hour over all libFuzzer targets (see the fuzz rule)

CC      ?= cc
# Build directory: helpers and CI may use another (make B=build-x) to avoid collisions.
B       ?= build
PKGS    := libmicrohttpd jansson sqlite3 libpq libcrypto cjose libcurl pangocairo
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-qual -Wsign-compare -Wformat=2 -Wvla -fno-common
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Isrc -I$(B)/gen $(WARN) -g \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lz -lpthread -lm
CFLAGS  ?= -O2
ALL_CFLAGS = $(CFLAGS_BASE) $(HARDEN) $(CFLAGS)

SRC      := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
GEN_SRC  := $(B)/gen/assets.c
ASSETS   := $(sort $(wildcard templates/*.html)) i18n/catalog.txt $(sort $(wildcard data/questionnaires/*.json))

OBJ      := $(LIB_SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/gen/assets.o
ASAN_OBJ := $(LIB_SRC:src/%.c=$(B)/asan/obj/%.o) $(B)/asan/obj/gen/assets.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
ASAN_UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)
STORE_SRC := $(sort $(wildcard tests/store/*.c))
STORE_BIN := $(B)/tests/store_conformance
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz/%)
SANFLAGS := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

.PHONY: all run test test-build tests deps fuzz asan clean static bench format
all: $(B)/helsami static

deps:
	@scripts/install-deps.sh

$(B)/gen/assets.c: tools/embed.c $(ASSETS)
	@mkdir -p $(B)/gen $(B)/tools
	$(CC) -std=c17 -O1 -Wall -Werror -o $(B)/tools/embed tools/embed.c
	$(B)/tools/embed $@ $(ASSETS)

$(B)/obj/%.o: src/%.c | $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/obj/gen/assets.o: $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/asan/obj/%.o: src/%.c | $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -MMD -MP -c -o $@ $<
$(B)/asan/obj/gen/assets.o: $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -c -o $@ $<

$(B)/libhelsami.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/asan/libhelsami.a: $(ASAN_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/helsami: $(B)/obj/cli/main.o $(B)/libhelsami.a
	$(CC) $(CFLAGS) -pie -Wl,-z,relro,-z,now -o $@ $^ $(LIBS)
$(B)/asan/helsami: $(B)/asan/obj/cli/main.o $(B)/asan/libhelsami.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libhelsami.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libhelsami.a $(LIBS) -lcmocka
$(B)/asan/tests/%: tests/unit/%.c $(B)/asan/libhelsami.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -o $@ $< $(B)/asan/libhelsami.a $(LIBS) -lcmocka
$(STORE_BIN): $(STORE_SRC) $(B)/libhelsami.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/store -o $@ $(STORE_SRC) $(B)/libhelsami.a $(LIBS) -lcmocka

$(B)/asan/tests/store_conformance: $(STORE_SRC) $(B)/asan/libhelsami.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(SANFLAGS) -Itests/store -o $@ $(STORE_SRC) $(B)/asan/libhelsami.a $(LIBS) -lcmocka

# libFuzzer targets: the library built once with clang's fuzzer
# instrumentation, linked into each target.
FUZZ_OBJ := $(LIB_SRC:src/%.c=$(B)/fuzz/obj/%.o) $(B)/fuzz/obj/gen/assets.o
FUZZFLAGS := -std=c17 -D_GNU_SOURCE -Isrc -I$(B)/gen -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
$(B)/fuzz/obj/%.o: src/%.c | $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	clang $(FUZZFLAGS) -MMD -MP -c -o $@ $<
$(B)/fuzz/obj/gen/assets.o: $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	clang $(FUZZFLAGS) -c -o $@ $<
# Keep the fuzz objects: make would delete them as intermediates.
.SECONDARY: $(FUZZ_OBJ)
$(B)/fuzz/%: fuzz/%.c $(FUZZ_OBJ)
	clang $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LIBS)

# Front-end assets: our own files plus Designsystemet from npm, in one directory.
static: $(B)/static/.stamp
$(B)/static/.stamp: $(wildcard static/*) node_modules/.helsami-installed
	@mkdir -p $(B)/static
	cp static/* $(B)/static/
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(B)/static/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/src/themes/designsystemet.css $(B)/static/designsystemet-theme.css
	@touch $@
node_modules/.helsami-installed: package.json
	@scripts/install-deps.sh

tests: $(UNIT_BIN) $(STORE_BIN)
asan: $(B)/asan/helsami $(ASAN_UNIT_BIN) $(B)/asan/tests/store_conformance

# run and test install what is missing first, then build in a sub-make so
# pkg-config sees the freshly installed libraries.
run: deps
	@$(MAKE) --no-print-directory all
	$(B)/helsami migrate
	$(B)/helsami seed demo
	$(B)/helsami import sysvak data/sysvak-demo.csv --dev
	$(B)/helsami serve --dev --listen 127.0.0.1:8080

test: deps
	@$(MAKE) --no-print-directory -j2 test-build
	@B=$(B) scripts/test.sh

test-build: all tests asan $(FUZZ_BIN)

# The nightly fuzz run: FUZZ_TOTAL_SECONDS (an hour) in all, half of it for
# fuzz_request (the whole request path, the slowest and widest target) and
# the other half shared by the rest (about 2.5 minutes each with 12); or
# FUZZ_SECONDS for every target alike. New inputs go to $(B)/fuzz/corpus/NAME
# (copy the useful ones to fuzz/corpus/NAME), crashes to $(B)/fuzz/artifacts/.
FUZZ_TOTAL_SECONDS ?= 3600
fuzz: $(FUZZ_BIN)
	@mkdir -p $(B)/fuzz/artifacts
	@others=$$(( $(words $(FUZZ_BIN)) - 1 )); \
	for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p $(B)/fuzz/corpus/$$n; \
	  if [ -n "$$FUZZ_SECONDS" ]; then t=$$FUZZ_SECONDS; \
	  elif [ $$n = fuzz_request ]; then t=$$(( $(FUZZ_TOTAL_SECONDS) / 2 )); \
	  else t=$$(( $(FUZZ_TOTAL_SECONDS) / 2 / (others > 0 ? others : 1) )); fi; \
	  echo "fuzz: $$n for $${t}s"; \
	  $$f -max_total_time=$$t -print_final_stats=1 -artifact_prefix=$(B)/fuzz/artifacts/ \
	    $$([ -f fuzz/$$n.dict ] && echo -dict=fuzz/$$n.dict) $(B)/fuzz/corpus/$$n fuzz/corpus/$$n || exit 1; done

bench: all
	bench/http.sh

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC) $(FUZZ_SRC)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
