# tlsdiag — passive TLS handshake analyzer.
#
#   make            build build/tlsdiag
#   make demo       install what is missing, build, analyse the sample captures in pcaps/
#   make check      install what is missing, build, run every test (also under ASan+UBSan)
#   make asan       build build/asan/tlsdiag with AddressSanitizer + UBSan
#   make captures   rebuild pcaps/ with real TLS software in network namespaces (root)

CC       ?= gcc
BUILD    ?= build
PKGS     := libpcap libcrypto libarchive jansson
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE
CSTD     := -std=c11
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes -Werror=implicit-function-declaration
# The parsers that read untrusted bytes get the strictest warnings.
WARN_PARSER := -Wconversion -Wsign-conversion
HARDEN   := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS   ?= -O2 -g
LDHARDEN := -pie -Wl,-z,relro,-z,now
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lpcap -lcrypto -larchive -ljansson) -lpthread -lm

SRCS := $(wildcard src/*.c)
PARSER_SRCS := src/bytes.c src/decode.c src/reasm.c src/tls.c src/tls_hello.c src/tls_msgs.c src/flow.c
LIB_SRCS := $(filter-out src/main.c,$(SRCS))

OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
ASAN_OBJS := $(SRCS:src/%.c=$(BUILD)/asan/obj/%.o)
ASAN_LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/asan/obj/%.o)
SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/asan/tests/%)

BUILD_DEPS := gcc make pkg-config libpcap-dev libssl-dev libarchive-dev libjansson-dev
TEST_DEPS  := libcmocka-dev jq iproute2 iptables openssl socat procps gzip zstd xz-utils bzip2 zip tar parallel bsdutils

.PHONY: all demo check asan unit golden corpus hostile deps deps-build deps-test clean captures fuzz bench

all: $(BUILD)/tlsdiag

$(BUILD)/obj/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)/obj
	@echo "  CC      $<"
	@$(CC) $(CSTD) $(CPPFLAGS) $(WARN) $(if $(filter $<,$(PARSER_SRCS)),$(WARN_PARSER)) $(HARDEN) $(CFLAGS) -c $< -o $@

$(BUILD)/tlsdiag: $(OBJS)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDHARDEN) $^ -o $@ $(LIBS)

$(BUILD)/asan/obj/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)/asan/obj
	@echo "  CC asan $<"
	@$(CC) $(CSTD) $(CPPFLAGS) $(WARN) $(if $(filter $<,$(PARSER_SRCS)),$(WARN_PARSER)) -O1 -g $(SANITIZE) -c $< -o $@

$(BUILD)/asan/tlsdiag: $(ASAN_OBJS)
	@echo "  LD asan $@"
	@$(CC) $(SANITIZE) $^ -o $@ $(LIBS)

$(BUILD)/asan/tests/%: tests/unit/%.c $(ASAN_LIB_OBJS) | $(BUILD)/asan/tests
	@echo "  CC test $<"
	@$(CC) $(CSTD) $(CPPFLAGS) -Itests/unit $(WARN) -O1 -g $(SANITIZE) $< $(ASAN_LIB_OBJS) -o $@ $(LIBS) -lcmocka

$(BUILD)/obj $(BUILD)/asan/obj $(BUILD)/asan/tests:
	@mkdir -p $@

asan: $(BUILD)/asan/tlsdiag

# --- dependencies: installed when missing (apt-get, through sudo when not root) ---
deps-build:
	@sh tests/install-deps.sh $(BUILD_DEPS)
deps-test:
	@sh tests/install-deps.sh $(BUILD_DEPS) $(TEST_DEPS)

demo: deps-build
	@$(MAKE) --no-print-directory all
	@echo "== tlsdiag -r pcaps/ (failures, then a summary)"
	@./$(BUILD)/tlsdiag -q -r pcaps/ || true

check: deps-test
	@$(MAKE) --no-print-directory all asan $(UNIT_BINS)
	@sh tests/run-all.sh $(BUILD)

captures:
	sudo bash pcaps/make-captures.sh

# Throughput and memory against a libpcap floor, tshark and ssldump on a >= 1 GiB capture
# scaled up from bench/seed.pcap (see bench/README.md); results in build/bench/results.txt.
bench: deps-build
	@sh bench/run.sh

clean:
	rm -rf $(BUILD)

# --- fuzzing (clang + libFuzzer): make fuzz FUZZ_SECONDS=600 ---
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(BUILD)/fuzz/fuzz_capture: tests/fuzz/fuzz_capture.c $(LIB_SRCS) $(wildcard include/*.h)
	@mkdir -p $(BUILD)/fuzz
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(CSTD) $(CPPFLAGS) $(FUZZ_FLAGS) tests/fuzz/fuzz_capture.c $(LIB_SRCS) -o $@ $(LIBS)

fuzz: $(BUILD)/fuzz/fuzz_capture
	@mkdir -p $(BUILD)/fuzz/corpus
	@cp pcaps/*.pcap $(BUILD)/fuzz/corpus/
	$(BUILD)/fuzz/fuzz_capture -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 $(BUILD)/fuzz/corpus
