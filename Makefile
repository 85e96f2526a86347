# Writ — a plain Makefile (Janet/Lua style). Everything generated goes to
# build/: re2c/lemon output in build/gen, objects in build/<mode>/.
#   make            build/writ and build/libwrit.a (release)
#   make test       run the test suite (ends with "N passed, N failed")
#   make test-asan  the suite under AddressSanitizer + UBSan
#   make test-gc    the suite with a collection before every allocation
#   make bench      benchmarks against Lua 5.4
#   make demo       run an example

CC ?= cc
MODE ?= release
WARN = -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
       -Wstrict-prototypes -Wwrite-strings -Wno-unused-parameter
MODEFLAGS_release = -O2 -DNDEBUG
MODEFLAGS_asan = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
MODEFLAGS_gc = -O1 -g -DWRIT_GC_STRESS
MODEFLAGS_debug = -O0 -g
OPT = $(MODEFLAGS_$(MODE))
B = build/$(MODE)
GEN = build/gen
CFLAGS_ALL = $(WARN) $(OPT) -fno-pie -fvisibility=hidden -DWRIT_BUILDING -D_POSIX_C_SOURCE=200809L \
             -Ivm -Ilang -Istdlib -Iinclude -I$(GEN) -MMD -MP $(CFLAGS)
LDLIBS = -lm

READLINE := $(shell printf '\#include <stdio.h>\n\#include <readline/readline.h>\nint main(void){return 0;}' | $(CC) -x c - -lreadline -o /dev/null 2>/dev/null && echo yes)
ifeq ($(READLINE),yes)
CLI_FLAGS = -DWRIT_READLINE
CLI_LIBS = -lreadline
endif

LIB_SRC = $(wildcard vm/*.c) $(filter-out lang/lexer.c,$(wildcard lang/*.c)) \
          $(wildcard stdlib/*.c) $(wildcard stdlib/host/*.c)
LIB_OBJ = $(patsubst %.c,$(B)/%.o,$(LIB_SRC)) $(B)/gen/lexer.o $(B)/gen/grammar.o
CLI_SRC = $(wildcard cli/*.c)
CLI_OBJ = $(patsubst %.c,$(B)/%.o,$(CLI_SRC))

all: $(B)/writ $(B)/libwrit.a
ifeq ($(MODE),release)
	@ln -sf release/writ build/writ
	@ln -sf release/libwrit.a build/libwrit.a
endif

LEMPAR := $(firstword $(wildcard /usr/share/lemon/lempar.c /usr/local/share/lemon/lempar.c))

$(GEN)/grammar.c $(GEN)/grammar.h: lang/grammar.y
	@mkdir -p $(GEN)
	cp lang/grammar.y $(GEN)/grammar.y
	cd $(GEN) && lemon -q $(if $(LEMPAR),-T$(LEMPAR)) grammar.y

$(GEN)/lexer.c: lang/lexer.re $(GEN)/grammar.h
	@mkdir -p $(GEN)
	re2c -W -Werror --no-generation-date -o $@ lang/lexer.re

$(B)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DNDEBUG -Wno-unused-variable -Wno-missing-prototypes -c $< -o $@

$(B)/cli/%.o: cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CLI_FLAGS) -c $< -o $@

$(B)/%.o: %.c $(GEN)/grammar.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libwrit.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/writ: $(CLI_OBJ) $(B)/libwrit.a
	$(CC) $(OPT) $(CFLAGS) -no-pie -o $@ $(CLI_OBJ) $(B)/libwrit.a $(LDLIBS) $(CLI_LIBS)

$(B)/test-runner: tests/runner.c
	@mkdir -p $(B)
	$(CC) -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -o $@ $<

# Every example must run cleanly (wordcount reads the README); then the suite.
test: all $(B)/test-runner
	@for f in examples/*.writ examples/*/main.writ; do \
	  $(B)/writ $$f 3 < README.md > /dev/null || { echo "example failed: $$f"; exit 1; }; \
	done
	$(B)/test-runner $(B)/writ tests

test-asan:
	$(MAKE) MODE=asan test

test-gc:
	$(MAKE) MODE=gc test

bench: all
	bash bench/run.sh

demo: all
	$(B)/writ examples/hello.writ

clean:
	rm -rf build

.PHONY: all test test-asan test-gc bench demo clean
-include $(shell find build -name '*.d' 2>/dev/null)
