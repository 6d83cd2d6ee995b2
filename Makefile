# tlsdiag — passive TLS handshake analyzer.
#
#   make            build build/tlsdiag
#   make demo       install what is missing, build, analyse the sample captures in pcaps/
#   make test       the development loop, well under two minutes: install what is missing,
#                   build, run the unit tests, golden tests, hostile inputs and the rule
#                   coverage, all on the release build
#   make check      install what is missing, build, run every test (also under ASan+UBSan)
#   make asan       build build/asan/tlsdiag with AddressSanitizer + UBSan
#   make lint       static analysis of src/: compiler warnings as errors, cppcheck, clang-tidy
#   make captures   rebuild pcaps/ with real TLS software in network namespaces (root)
# One part of the tests at a time (needs what make deps-fast installs):
#   make unit            the unit tests, release build (make unit-asan: under ASan+UBSan)
#   make golden          the golden tests over pcaps/
#   make hostile         hostile inputs
#   make rules-coverage  every rule of the table fires on some capture
#   make corpus          agreement with ../shared/corpus (skipped when it is absent)
#   make explain         tlsdiag explain on tests/explain/messages.tsv (real software's
#                        messages; bash tests/explain/collect.sh remakes the file)
# These four run build/tlsdiag; TLSDIAG=build/asan/tlsdiag runs them under ASan+UBSan.

CC       ?= gcc
BUILD    ?= build
PKGS     := libpcap libcrypto libarchive jansson libseccomp
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE
CSTD     := -std=c11
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes -Werror=implicit-function-declaration
# For every source file: an implicit conversion that changes a value is how a length read
# from the wire goes wrong.
WARN_PARSER := -Wconversion -Wsign-conversion
HARDEN   := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS   ?= -O2 -g -flto=auto
LDHARDEN := -pie -Wl,-z,relro,-z,now
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lpcap -lcrypto -larchive -ljansson -lseccomp) -lpthread -lm
# Each compile writes the headers it read next to its output (.d, included at the end), so
# touching a header rebuilds only what includes it; -MP keeps a deleted header from
# breaking the build.
DEPFLAGS := -MMD -MP

# Everything but main.c is the library that the binary, the unit tests and the fuzz
# harnesses link, one per build variant, each compiled once.
SRCS := $(wildcard src/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))

LIB_OBJS      := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB           := $(BUILD)/libtlsdiag.a
ASAN_LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/asan/obj/%.o)
ASAN_LIB      := $(BUILD)/asan/libtlsdiag.a
SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Compiled apart from their link, so that a change in src/ only relinks them.
UNIT_SRCS      := $(wildcard tests/unit/test_*.c)
UNIT_OBJS      := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/obj/%.o)
UNIT_BINS      := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
ASAN_UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/asan/tests/obj/%.o)
ASAN_UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/asan/tests/%)

# The binary the single test targets run (make golden TLSDIAG=build/asan/tlsdiag).
TLSDIAG ?= $(BUILD)/tlsdiag
CORPUS  ?= ../shared/corpus

BUILD_DEPS := gcc make pkg-config libpcap-dev libssl-dev libarchive-dev libjansson-dev libseccomp-dev
# make test: cmocka for the unit tests, jq for the scripts reading the JSON output.
# make check: also promtool (Debian's prometheus) and curl for the --metrics scrape, and
# Chromium with its WebDriver (and python3 to drive it) for the --html report.
FAST_DEPS  := libcmocka-dev jq tcpdump
TEST_DEPS  := prometheus curl chromium chromium-driver python3 libcmocka-dev clang libclang-rt-14-dev cppcheck clang-tidy time jq iproute2 iptables openssl socat procps gzip zstd xz-utils bzip2 zip tar parallel bsdutils tcpdump tcpreplay

.PHONY: all asan demo test check unit unit-asan golden hostile rules-coverage corpus explain \
	deps deps-build deps-fast deps-test clean captures bench lint install uninstall deb

all: $(BUILD)/tlsdiag

# Before the first compile: the packages the build needs, named with the command that
# installs them, instead of a compiler error about pcap/pcap.h.
$(BUILD)/deps.ok: | $(BUILD)/obj
	@sh tests/install-deps.sh --check $(BUILD_DEPS)
	@touch $@

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj $(BUILD)/deps.ok
	@echo "  CC      $<"
	@$(CC) $(CSTD) $(CPPFLAGS) $(WARN) $(WARN_PARSER) $(HARDEN) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

# rm first: ar would keep the member of a source file since removed.
$(LIB): $(LIB_OBJS)
	@echo "  AR      $@"
	@rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/tlsdiag: $(BUILD)/obj/main.o $(LIB)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDHARDEN) $^ -o $@ $(LIBS)

$(BUILD)/tests/obj/%.o: tests/unit/%.c | $(BUILD)/tests/obj
	@echo "  CC test $<"
	@$(CC) $(CSTD) $(CPPFLAGS) -Itests/unit $(WARN) $(HARDEN) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(UNIT_BINS): $(BUILD)/tests/%: $(BUILD)/tests/obj/%.o $(LIB)
	@echo "  LD test $@"
	@$(CC) $(CFLAGS) $(LDHARDEN) $^ -o $@ $(LIBS) -lcmocka

$(BUILD)/asan/obj/%.o: src/%.c | $(BUILD)/asan/obj
	@echo "  CC asan $<"
	@$(CC) $(CSTD) $(CPPFLAGS) $(WARN) $(WARN_PARSER) -O1 -g $(SANITIZE) $(DEPFLAGS) -c $< -o $@

$(ASAN_LIB): $(ASAN_LIB_OBJS)
	@echo "  AR asan $@"
	@rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/asan/tlsdiag: $(BUILD)/asan/obj/main.o $(ASAN_LIB)
	@echo "  LD asan $@"
	@$(CC) $(SANITIZE) $^ -o $@ $(LIBS)

$(BUILD)/asan/tests/obj/%.o: tests/unit/%.c | $(BUILD)/asan/tests/obj
	@echo "  CC test $<"
	@$(CC) $(CSTD) $(CPPFLAGS) -Itests/unit $(WARN) -O1 -g $(SANITIZE) $(DEPFLAGS) -c $< -o $@

$(ASAN_UNIT_BINS): $(BUILD)/asan/tests/%: $(BUILD)/asan/tests/obj/%.o $(ASAN_LIB)
	@echo "  LD test $@"
	@$(CC) $(SANITIZE) $^ -o $@ $(LIBS) -lcmocka

$(BUILD)/obj $(BUILD)/tests/obj $(BUILD)/asan/obj $(BUILD)/asan/tests/obj $(BUILD)/fuzz/obj:
	@mkdir -p $@

asan: $(BUILD)/asan/tlsdiag

# --- dependencies: installed when missing (apt-get, through sudo when not root) ---
deps deps-build:
	@sh tests/install-deps.sh $(BUILD_DEPS)
deps-fast:
	@sh tests/install-deps.sh $(BUILD_DEPS) $(FAST_DEPS)
deps-test:
	@sh tests/install-deps.sh $(BUILD_DEPS) $(TEST_DEPS)

demo: deps-build
	@$(MAKE) --no-print-directory all
	@echo "== tlsdiag -r pcaps/ (failures, then a summary)"
	@./$(BUILD)/tlsdiag -q -r pcaps/ || true
	@echo
	@echo "== a TLS 1.3 failure inferred without keys, then read with the client's key log"
	@./$(BUILD)/tlsdiag -q -r pcaps/client-cert-rejected-tls13.pcap | sed -n '1,/^$$/p'
	@./$(BUILD)/tlsdiag -q --keylog pcaps/client-cert-rejected-tls13.keylog -r pcaps/client-cert-rejected-tls13.pcap | sed -n '1,/^$$/p'

# --- tests: the fast tier, everything, and each part alone ---
# The build runs in a make of its own once the packages are there: as prerequisites of one
# target, make -j would start compiling while they are still being installed. (-s: no
# line for each binary already up to date.)
test: deps-fast
	@$(MAKE) -s --no-print-directory all $(UNIT_BINS)
	@sh tests/run-all.sh --fast $(BUILD)

check: deps-test
	@$(MAKE) -s --no-print-directory all asan $(ASAN_UNIT_BINS)
	@sh tests/run-all.sh $(BUILD)

unit: $(UNIT_BINS)
	@sh tests/run-all.sh --unit $(BUILD)

unit-asan: $(ASAN_UNIT_BINS)
	@sh tests/run-all.sh --unit-asan $(BUILD)

golden: $(TLSDIAG)
	@sh tests/golden/run.sh $(TLSDIAG)

hostile: $(TLSDIAG)
	@sh tests/hostile.sh $(TLSDIAG)

rules-coverage: $(TLSDIAG)
	@sh tests/rules-coverage.sh $(TLSDIAG)

explain: $(TLSDIAG)
	@sh tests/explain.sh $(TLSDIAG)

corpus: $(TLSDIAG)
	@if [ -f $(CORPUS)/truth.tsv ]; then \
		sh tests/corpus.sh $(TLSDIAG) $(CORPUS) 98; \
	else \
		echo "corpus: skipped: $(CORPUS)/truth.tsv not found"; \
	fi

# What pcaps/make-captures.sh runs: the network tools, and the TLS software of every
# stack it captures (OpenSSL, GnuTLS, nginx, curl, Go, Java, NSS, mbedTLS, wolfSSL, HAProxy,
# Apache httpd, stunnel, Python), and tests/explain/collect.sh (BoringSSL's bssl tool too).
CAPTURE_DEPS := iproute2 iptables ethtool tcpdump tshark openssl gnutls-bin nginx-light \
	libnginx-mod-stream curl socat python3 clang golang-go default-jdk-headless libnss3-tools \
	gcc libmbedtls-dev libwolfssl-dev haproxy apache2 stunnel4 ngtcp2-client ngtcp2-server \
	golang-github-lucas-clemente-quic-go-dev golang-github-pion-dtls.v2-dev android-boringssl

captures:
	@sh tests/install-deps.sh $(CAPTURE_DEPS)
	sudo bash pcaps/make-captures.sh

# Throughput and memory against a libpcap floor, tshark and ssldump on a >= 1 GiB capture
# scaled up from bench/seed.pcap (see bench/README.md); results in build/bench/results.txt.
bench: deps-build
	@sh bench/run.sh

clean:
	rm -rf $(BUILD)

# --- installing: make install [PREFIX=/usr/local] [DESTDIR=...], make uninstall, make deb ---
PREFIX ?= /usr/local
BINDIR  = $(DESTDIR)$(PREFIX)/bin
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
VERSION := $(shell sed -n 's/^\#define TLSDIAG_VERSION "\(.*\)"/\1/p' include/options.h)

install: $(BUILD)/tlsdiag
	install -d $(BINDIR) $(MAN1DIR) $(COMPDIR)
	install -m 755 $(BUILD)/tlsdiag $(BINDIR)/tlsdiag
	install -m 644 man/tlsdiag.1 $(MAN1DIR)/tlsdiag.1
	install -m 644 man/tlsdiag.bash $(COMPDIR)/tlsdiag

uninstall:
	rm -f $(BINDIR)/tlsdiag $(MAN1DIR)/tlsdiag.1 $(COMPDIR)/tlsdiag

# A Debian package from the tree (dpkg-deb over a make install; tests/make-deb.sh).
deb: deps-build
	@$(MAKE) -s --no-print-directory all
	@sh tests/make-deb.sh $(BUILD) $(VERSION)

# --- static analysis: make lint ---
# Each check runs over all of src/, also when an earlier one failed; what a check finds
# is printed, and the target fails when any check found something:
#   reader            every byte of input through include/bytes.h: the parsing modules
#                     (listed in tests/lint/reader-lint.sh) index no packet data, copy
#                     none with memcpy, use no ntohs/ntohl; first its own cases
#                     (tests/lint/reader-lint-cases.c) must be found exactly
#   gcc, then clang   the build's warnings (WARN, WARN_PARSER) as errors, -fsyntax-only
#   cppcheck          warning, style, performance, portability; tests/lint/cppcheck.supp
#                     lists what is suppressed for a whole file, each with its reason
#   clang-tidy        the checks in tests/lint/clang-tidy.yaml (the clang static analyzer
#                     and bugprone-*), each finding an error; takes about 100 s
# A false positive is silenced at its line, with the reason: "// NOLINT(check): why" for
# clang-tidy, "// cppcheck-suppress id" above it for cppcheck, "// reader-lint: why" for
# the reader check (bytes that are not input: key material). cppcheck, clang and
# clang-tidy come with make deps-test.
LINT_CPPFLAGS = $(CSTD) $(CPPFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

lint:
	@failed=; \
	echo "  LINT    reader (tests/lint/reader-lint.sh)"; \
	{ sh tests/lint/reader-lint.sh --self-test && sh tests/lint/reader-lint.sh; } || failed="$$failed reader"; \
	for cc in gcc clang; do \
		echo "  LINT    $$cc $(WARN_PARSER) -Werror"; \
		$$cc $(LINT_CPPFLAGS) $(WARN) $(WARN_PARSER) -Werror -fsyntax-only $(SRCS) || failed="$$failed $$cc"; \
	done; \
	echo "  LINT    cppcheck"; \
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability --std=c11 -Iinclude \
		--inline-suppr --suppressions-list=tests/lint/cppcheck.supp src/ || failed="$$failed cppcheck"; \
	echo "  LINT    clang-tidy"; \
	out=$$(clang-tidy --quiet --config-file=tests/lint/clang-tidy.yaml $(SRCS) -- $(LINT_CPPFLAGS) 2>&1) || \
		failed="$$failed clang-tidy"; \
	printf '%s\n' "$$out" | sed '/^[0-9]* warnings\{0,1\} generated\.$$/d; /^$$/d'; \
	if [ -n "$$failed" ]; then echo "lint: findings from:$$failed"; exit 1; fi

# --- fuzzing (clang + libFuzzer) ---
#   make fuzz                    build every harness, make the seeds, run each FUZZ_SECONDS in turn
#   make fuzz FUZZ_TARGETS="decode tls" FUZZ_SECONDS=600
#   make fuzz-smoke              the same for 10 s each; skipped (exit 0) where clang or
#                                libFuzzer is missing
# One harness per parser of untrusted bytes: tests/fuzz/fuzz_NAME.c. Seeds are remade from
# pcaps/ into $(BUILD)/fuzz/seeds/NAME/ (tests/fuzz/seeds.sh); what libFuzzer finds
# accumulates in $(BUILD)/fuzz/corpus/NAME/ across runs. An input that crashes, leaks or
# times out is written to $(BUILD)/fuzz/crashes/NAME-* and fails the target; each run's
# output is in $(BUILD)/fuzz/logs/NAME.log.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_ALL := capture decode reasm tls udp cert summarize input keylog
FUZZ_TARGETS ?= $(FUZZ_ALL)
# Largest input of each harness: a capture or a frame (plus its 2-byte link type) of a
# 64 KiB snap length; a handshake's streams; a certificate (real chains' largest member
# is a few KiB); an NDJSON file; a bundle of a few small captures; a key log of a few
# hundred connections.
FUZZ_MAX_LEN_capture := 65536
FUZZ_MAX_LEN_decode := 65538
FUZZ_MAX_LEN_reasm := 65536
FUZZ_MAX_LEN_tls := 65536
FUZZ_MAX_LEN_udp := 65536
FUZZ_MAX_LEN_cert := 16384
FUZZ_MAX_LEN_summarize := 65536
FUZZ_MAX_LEN_input := 131072
FUZZ_MAX_LEN_keylog := 65536
FUZZ_RUN_FLAGS := -timeout=10 -rss_limit_mb=2048

ifneq ($(filter-out $(FUZZ_ALL),$(FUZZ_TARGETS)),)
$(error FUZZ_TARGETS: unknown harness $(filter-out $(FUZZ_ALL),$(FUZZ_TARGETS)) (known: $(FUZZ_ALL)))
endif

.PHONY: fuzz fuzz-seeds fuzz-smoke

# The library's objects are instrumented for coverage (fuzzer-no-link: libFuzzer's main is
# linked into the harnesses only).
FUZZ_LIB_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/fuzz/obj/%.o)
FUZZ_LIB       := $(BUILD)/fuzz/libtlsdiag.a

$(BUILD)/fuzz/obj/%.o: src/%.c | $(BUILD)/fuzz/obj
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(CSTD) $(CPPFLAGS) $(FUZZ_LIB_FLAGS) $(DEPFLAGS) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	@echo "  AR fuzz $@"
	@rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_ALL:%=$(BUILD)/fuzz/fuzz_%): $(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(CSTD) $(CPPFLAGS) $(FUZZ_FLAGS) $(DEPFLAGS) -MF $@.d -MT $@ $< $(FUZZ_LIB) -o $@ $(LIBS)

# The seed extractor is an ordinary program: the normal compiler, no sanitizers.
$(BUILD)/fuzz/seeds-extract: tests/fuzz/seeds.c $(LIB)
	@mkdir -p $(BUILD)/fuzz
	@echo "  CC      $@"
	@$(CC) $(CSTD) $(CPPFLAGS) $(WARN) $(CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ $< $(LIB) -o $@ $(LIBS)

fuzz-seeds: $(BUILD)/tlsdiag $(BUILD)/fuzz/seeds-extract
	@sh tests/fuzz/seeds.sh $(BUILD)

# Every harness runs even when an earlier one failed; the target fails at the end.
fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%) fuzz-seeds
	@mkdir -p $(BUILD)/fuzz/crashes $(BUILD)/fuzz/logs; \
	failed=; \
	for spec in $(foreach t,$(FUZZ_TARGETS),$(t):$(FUZZ_MAX_LEN_$(t))); do \
		t=$${spec%%:*}; \
		log=$(BUILD)/fuzz/logs/$$t.log; \
		mkdir -p $(BUILD)/fuzz/corpus/$$t; \
		echo "  RUN     fuzz_$$t for $(FUZZ_SECONDS) s"; \
		if $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$${spec#*:} $(FUZZ_RUN_FLAGS) \
			-artifact_prefix=$(BUILD)/fuzz/crashes/$$t- \
			$(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/seeds/$$t >$$log 2>&1; then \
			awk -v t=$$t '/^Done [0-9]+ runs in [0-9]+ second/ { found = 1; \
				printf "  fuzz_%s: %d executions in %d s (%d/s)\n", t, $$2, $$5, $$2 / ($$5 > 0 ? $$5 : 1) } \
				END { if (!found) printf "  fuzz_%s: ended without its \"Done\" line\n", t }' $$log; \
		else \
			failed="$$failed $$t"; \
			echo "  fuzz_$$t: FAILED (whole output: $$log)"; \
			sed -n '/ERROR\|contract broken\|deadly signal\|Test unit written/p; /^ *#[0-9]* 0x/p' $$log | head -40; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "fuzz: failed:$$failed; inputs in $(BUILD)/fuzz/crashes/ (replay: $(BUILD)/fuzz/fuzz_NAME FILE)"; \
		exit 1; \
	fi

fuzz-smoke:
	@mkdir -p $(BUILD)/fuzz
	@if printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
		$(FUZZ_CC) $(FUZZ_FLAGS) -x c - -o $(BUILD)/fuzz/probe >/dev/null 2>&1; then \
		rm -f $(BUILD)/fuzz/probe; \
		$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10; \
	else \
		echo "fuzz-smoke: skipped: $(FUZZ_CC) with libFuzzer (-fsanitize=fuzzer) is not installed"; \
	fi

# The headers each object, test and harness was compiled from (written by DEPFLAGS).
-include $(SRCS:src/%.c=$(BUILD)/obj/%.d) $(SRCS:src/%.c=$(BUILD)/asan/obj/%.d) \
	$(FUZZ_LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(ASAN_UNIT_OBJS:.o=.d) \
	$(FUZZ_ALL:%=$(BUILD)/fuzz/fuzz_%.d) $(BUILD)/fuzz/seeds-extract.d
