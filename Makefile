# Writ — a plain Makefile (Janet/Lua style). Everything generated goes to
# build/: re2c/lemon output in build/gen, objects in build/<mode>/.
#   make            build/writ, build/libwrit.a, build/libwrit.so.MAJOR and
#                   build/writ.pc (release)
#   make install    PREFIX=/usr/local DESTDIR= : bin, libs, header, writ.pc, man
#   make uninstall  removes what make install put there
#   make test-package  builds, installs and removes the Debian packages
#                   (debian/; as root: tests/packaging/deb.sh)
#   make test       run the test suite (ends with "N passed, N failed")
#   make test-asan  the suite under AddressSanitizer + UBSan
#   make test-gc    the suite under ASan + UBSan with a collection before
#                   every allocation (less tests/gc-stress-skip.txt;
#                   make test-gc-all runs those too)
#   make bench      benchmarks against Lua 5.4
#   make demo       run an example
#   make plugin-host   build/<mode>/plugin-host, the embedding example

CC ?= cc
MODE ?= release
WARN = -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
       -Wstrict-prototypes -Wwrite-strings -Wno-unused-parameter
# asan: AddressSanitizer + UBSan, stopping at the first report. gc: the
# same, and a collection before every allocation, so a value not rooted
# across an allocation is freed at once and ASan sees it used.
SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
MODEFLAGS_release = -O2 -DNDEBUG
MODEFLAGS_asan = -O1 -g $(SANITIZE)
MODEFLAGS_gc = -O1 -g $(SANITIZE) -DWRIT_GC_STRESS
MODEFLAGS_debug = -O0 -g
OPT = $(MODEFLAGS_$(MODE))
# The sanitizer modes build with clang when it can link a sanitized
# program (clang and libclang-rt-14-dev): its UBSan also reports a NULL
# pointer given to memcpy for zero bytes, which gcc's does not. (CC=gcc on
# the command line still wins.)
ifneq ($(filter asan gc,$(MODE)),)
ifeq ($(shell printf 'int main(void){return 0;}' | clang $(SANITIZE) -x c - -o /dev/null 2>/dev/null && echo yes),yes)
CC = clang
endif
endif
# A shared library must say where every symbol comes from, except under
# clang's sanitizers, whose runtime the executable brings.
SO_CHECK = $(if $(and $(filter asan gc,$(MODE)),$(filter clang,$(CC))),,-Wl,--no-undefined)
B = build/$(MODE)
GEN = build/gen
# The dispatch loop (vm/vm.c): left alone, gcc merges the handlers'
# indirect jumps into a few shared ones (cross-jumping, GCSE, and its limit
# on duplicating a computed goto), which costs an extra jump per
# instruction and leaves the branch predictor one site to guess from.
# These keep one jump per handler: cachegrind's model shows 3 to 5 times
# fewer indirect mispredictions and 4 to 5% fewer instructions (bench/README).
# Only for a compiler that takes them (gcc; clang refuses these flags).
DISPATCH_FLAGS := $(if $(shell printf 'int main(void){return 0;}' | $(CC) -Werror -fno-gcse -fno-crossjumping --param=max-goto-duplication-insns=40 -x c - -o /dev/null 2>/dev/null && echo yes),-fno-gcse -fno-crossjumping --param=max-goto-duplication-insns=40)
$(B)/vm/vm.o $(B)/pic/vm/vm.o: XFLAGS = $(DISPATCH_FLAGS)
# The command's objects (not the library's, -fPIC below) are built without
# unwind tables in release: C code unwinds with longjmp, never through
# .eh_frame, and the table was 60 KB of the command's read-only pages, 44 KB
# of them resident in every run (fault-around, see layout.ld below). A
# debugger reads .debug_frame, which -g still makes. The library keeps
# them: a C++ host's exception may pass through its frames.
NO_UNWIND_release = -fno-asynchronous-unwind-tables
CFLAGS_ALL = $(WARN) $(OPT) $(XFLAGS) -fno-pie $(NO_UNWIND_$(MODE)) -fvisibility=hidden -DWRIT_BUILDING \
             -D_POSIX_C_SOURCE=200809L -ffunction-sections -I. -I$(GEN) -MMD -MP $(CFLAGS)
LDLIBS = -lm

# Line editing for the REPL: GNU readline, else libedit, else plain input
# (LINE_EDIT=plain forces the last). HASH: make 4.3 and older read "\#"
# differently inside $(shell ...); a variable reads the same in both.
HASH := \#
has_header = $(shell printf '$(HASH)include <stdio.h>\n$(HASH)include <$(1)>\nint main(void){return 0;}' | $(CC) -x c - $(2) -o /dev/null 2>/dev/null && echo yes)
LINE_EDIT ?= $(if $(call has_header,readline/readline.h,-lreadline),readline,$(if $(call has_header,editline/readline.h,-ledit),libedit,plain))
# writ does not link the editor: the REPL dlopens it when it starts
# (cli/line.c), so a script's run never maps it (nor libtinfo: about 0.4
# to 0.55 MB of peak RSS). The soname to open is that of the library the
# compiler would link for -lreadline (-ledit), read with readelf; if that
# finds none, line.c's default (libreadline.so.<RL_VERSION_MAJOR>,
# libedit.so.2). The command links -ldl only where dlopen is not in the C
# library (glibc before 2.34).
soname_of = $(shell readelf -d "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
dlopen_in_libc = $(shell printf '$(HASH)include <dlfcn.h>\nint main(void){return dlopen("x", RTLD_NOW) != 0;}' | $(CC) -x c - -o /dev/null 2>/dev/null && echo yes)
ifeq ($(LINE_EDIT),readline)
LINE_EDIT_LIB := $(call soname_of,readline)
CLI_FLAGS = -DWRIT_READLINE
else ifeq ($(LINE_EDIT),libedit)
LINE_EDIT_LIB := $(call soname_of,edit)
CLI_FLAGS = -DWRIT_LIBEDIT
endif
ifneq ($(filter readline libedit,$(LINE_EDIT)),)
CLI_FLAGS += $(if $(LINE_EDIT_LIB),-DWRIT_LINE_EDIT_LIB='"$(LINE_EDIT_LIB)"')
CLI_LIBS := $(if $(dlopen_in_libc),,-ldl)
endif

LIB_SRC = $(wildcard api/*.c) $(wildcard vm/*.c) $(filter-out lang/lexer.c,$(wildcard lang/*.c)) \
          $(wildcard stdlib/*.c) $(wildcard stdlib/host/*.c)
LIB_OBJ = $(patsubst %.c,$(B)/%.o,$(LIB_SRC)) $(B)/gen/lexer.o $(B)/gen/grammar.o $(B)/gen/grammar_deep.o
CLI_SRC = $(wildcard cli/*.c)
# The CLI's objects sit in a folder named for the line editor, so changing
# it (LINE_EDIT=plain, installing readline) rebuilds them.
CLI_OBJ = $(patsubst cli/%.c,$(B)/cli-$(LINE_EDIT)/%.o,$(CLI_SRC)) $(B)/gen/cli_docs.o

# The libraries: the same sources compiled again as PIC into
# build/<mode>/pic/, for the shared library and for libwrit.a, so that a
# host links it with the platform's default flags (PIE on Debian). The
# writ command links the -fno-pie objects themselves: its code is faster
# without PIC's indirections, and its tables stay in .rodata. The soname
# carries the major version, read from the one source of truth,
# include/writ.h (as do writ.pc and the man page).
VERSION_MAJOR := $(shell sed -n 's/^\#define WRIT_VERSION_MAJOR \([0-9][0-9]*\).*/\1/p' include/writ.h)
VERSION := $(shell sed -n 's/^\#define WRIT_VERSION_STRING "\(.*\)".*/\1/p' include/writ.h)
SONAME = libwrit.so.$(VERSION_MAJOR)
PIC_OBJ = $(patsubst $(B)/%,$(B)/pic/%,$(LIB_OBJ))
CFLAGS_PIC = $(filter-out -fno-pie $(NO_UNWIND_$(MODE)),$(CFLAGS_ALL)) -fPIC

# Installation layout (GNU names); DESTDIR is prepended to each, staging.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# writ.pc names its directories relative to ${prefix} where it can, so
# `pkg-config --define-variable=prefix=...` relocates a staged copy.
PC_REL = $(patsubst $(PREFIX)/%,$${prefix}/%,$(patsubst $(PREFIX),$${prefix},$(1)))

all: $(B)/writ $(B)/libwrit.a $(B)/$(SONAME) $(B)/libwrit.so build/writ.pc build/writ.1
ifeq ($(MODE),release)
	@ln -sf release/writ build/writ
	@ln -sf release/libwrit.a build/libwrit.a
	@ln -sf release/$(SONAME) build/$(SONAME)
	@ln -sf $(SONAME) build/libwrit.so
endif

LEMPAR := $(firstword $(wildcard /usr/share/lemon/lempar.c /usr/local/share/lemon/lempar.c))

# One lemon run makes both (a grouped target: make -j runs it once).
$(GEN)/grammar.c $(GEN)/grammar.h &: lang/grammar.y
	@mkdir -p $(GEN)
	cp lang/grammar.y $(GEN)/grammar.y
	cd $(GEN) && lemon -q $(if $(LEMPAR),-T$(LEMPAR)) grammar.y
	@touch $(GEN)/grammar.c $(GEN)/grammar.h # lemon keeps an unchanged .h's old time

$(GEN)/lexer.c: lang/lexer.re $(GEN)/grammar.h
	@mkdir -p $(GEN)
	re2c -W -Werror --no-generation-date -o $@ lang/lexer.re

# The REPL's :doc table, from the library page (docs/stdlib.md).
$(GEN)/cli_docs.c: docs/stdlib.md cli/gen_docs.sh
	@mkdir -p $(GEN)
	sh cli/gen_docs.sh docs/stdlib.md > $@.tmp && mv $@.tmp $@

$(B)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DNDEBUG -Wno-unused-variable -Wno-missing-prototypes -c $< -o $@

# The parser a second time, with the full stack (see lang/grammar.y).
$(B)/gen/grammar_deep.o: $(GEN)/grammar.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DNDEBUG -DWRIT_DEEP_PARSER -Wno-unused-variable -Wno-missing-prototypes -c $< -o $@

$(B)/cli-$(LINE_EDIT)/%.o: cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CLI_FLAGS) -c $< -o $@

# grammar.h must exist before anything compiles (order-only); the objects
# that include it depend on it through their .d files, the rest do not
# rebuild when the grammar changes.
$(B)/%.o: %.c | $(GEN)/grammar.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libwrit.a: $(PIC_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/pic/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PIC) -DNDEBUG -Wno-unused-variable -Wno-missing-prototypes -c $< -o $@

$(B)/pic/gen/grammar_deep.o: $(GEN)/grammar.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PIC) -DNDEBUG -DWRIT_DEEP_PARSER -Wno-unused-variable -Wno-missing-prototypes -c $< -o $@

$(B)/pic/%.o: %.c | $(GEN)/grammar.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_PIC) -c $< -o $@

$(B)/$(SONAME): $(PIC_OBJ)
	$(CC) $(OPT) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) $(SO_CHECK) -o $@ $^ $(LDLIBS)

$(B)/libwrit.so: $(B)/$(SONAME)
	ln -sf $(SONAME) $@

# build/writ.pc describes an install under PREFIX; make install writes its
# copy afresh with the same command, so a PREFIX given only then is used.
MAKE_PC = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call PC_REL,$(LIBDIR))|' \
              -e 's|@INCLUDEDIR@|$(call PC_REL,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' writ.pc.in >

build/writ.pc: writ.pc.in include/writ.h
	$(MAKE_PC) $@

# The man page with its version filled in (docs/writ.1 says @VERSION@).
build/writ.1: docs/writ.1 include/writ.h
	@mkdir -p build
	sed 's|@VERSION@|$(VERSION)|g' docs/writ.1 > $@

# The writ command links the -fno-pie objects, not libwrit.a (PIC). They
# go through an archive of their own, never installed, so that the linker
# lays them out as it always has (it places archive members in the order
# it needs them; listing the objects would move code and change timings).
$(B)/writ-nopie.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The release command's layout: the functions a script's run executes
# (cli/hot_functions.txt, made by bench/hot_functions.sh) come first in the
# text, together. The kernel maps an executable's pages 64 KB at a time
# around each page touched (fault-around), so with those functions spread
# over the whole text all of it was resident in every run (320 KB; 192 KB
# this way). Each function is in a section of its own
# (-ffunction-sections, above); layout.ld is the linker's own default
# script for these flags (ld --verbose) with those functions' sections
# placed in .text right after its .text.hot ones, in the order the objects
# have them. Only with a linker that prints its script that way (GNU ld).
HOT_LINE = ^ *\*(\.text\.hot \.text\.hot\.\*)$$
LAYOUT_OK := $(if $(filter release,$(MODE)),$(shell $(CC) -no-pie -Wl,--verbose -x c /dev/null -o /dev/null 2>/dev/null | grep -q '$(HOT_LINE)' && echo yes))
comma := ,
LAYOUT_FLAGS = $(if $(LAYOUT_OK),-Wl$(comma)-T$(comma)$(B)/layout.ld)

$(B)/layout.ld: cli/hot_functions.txt
	@mkdir -p $(B)
	$(CC) $(OPT) $(CFLAGS) $(LDFLAGS) -no-pie -Wl,--verbose -x c /dev/null -o /dev/null 2>/dev/null | \
	  sed -n '/^=======/,/^=======/p' | sed '1d;$$d' > $@.default
	grep -q '$(HOT_LINE)' $@.default
	{ sed -n '1,/$(HOT_LINE)/p' $@.default; \
	  echo '    /* cli/hot_functions.txt (the Makefile put these here) */'; echo '    *('; \
	  sed -e '/^#/d' -e '/^$$/d' -e 's/.*/      .text.& .text.&.*/' $<; echo '    )'; \
	  sed '1,/$(HOT_LINE)/d' $@.default; } > $@
	rm -f $@.default

$(B)/writ: $(CLI_OBJ) $(B)/writ-nopie.a $(if $(LAYOUT_OK),$(B)/layout.ld)
	$(CC) $(OPT) $(CFLAGS) $(LDFLAGS) -no-pie $(LAYOUT_FLAGS) -o $@ $(CLI_OBJ) $(B)/writ-nopie.a $(LDLIBS) $(CLI_LIBS)

# examples/plugin-host: a C host built as any embedder's would be, from
# include/writ.h and the static library, with the compiler's default flags.
$(B)/plugin-host: examples/plugin-host/host.c include/writ.h $(B)/libwrit.a
	$(CC) -std=c99 -pedantic -Wall -Wextra -Werror $(OPT) $(CFLAGS) -Iinclude -o $@ $< $(B)/libwrit.a $(LDLIBS)

plugin-host: $(B)/plugin-host

$(B)/test-runner: tests/runner.c
	@mkdir -p $(B)
	$(CC) -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -o $@ $<

# Every example must run cleanly (wordcount reads the README), the plugin
# host too (tests/api/plugin_host.sh checks its output; test-gc leaves it
# to that test, which it skips: see tests/gc-stress-skip.txt); then the
# suite.
RUN_PLUGIN_HOST = yes
test: all $(B)/test-runner $(B)/plugin-host
	@for f in examples/*.writ examples/*/main.writ; do \
	  $(B)/writ $$f 3 < README.md > /dev/null || { echo "example failed: $$f"; exit 1; }; \
	done
	@$(if $(RUN_PLUGIN_HOST),$(B)/plugin-host examples/plugin-host/plugins > /dev/null || { echo "example failed: plugin-host"; exit 1; },true)
	$(B)/test-runner $(B)/writ tests

# ASan runs code 2 to 5 times slower, so each test gets 600 s, not 60
# (tests/fmt/keeps_behaviour.sh runs the .writ tests again inside itself).
test-asan:
	WRIT_TEST_TIMEOUT=$${WRIT_TEST_TIMEOUT:-600} $(MAKE) MODE=asan test

# A collection before every allocation under ASan + UBSan: the tests that
# need a big heap are left out (tests/gc-stress-skip.txt says which and
# why); test-gc-all runs those too, and takes hours.
test-gc:
	WRIT_TEST_TIMEOUT=600 WRIT_TEST_SKIP=tests/gc-stress-skip.txt $(MAKE) MODE=gc RUN_PLUGIN_HOST= test

test-gc-all:
	WRIT_TEST_TIMEOUT=36000 $(MAKE) MODE=gc test

bench: all
	bash bench/run.sh

demo: all
	$(B)/writ examples/hello.writ

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	           $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/writ $(DESTDIR)$(BINDIR)/writ
	install -m 644 $(B)/libwrit.a $(DESTDIR)$(LIBDIR)/libwrit.a
	install -m 755 $(B)/$(SONAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libwrit.so
	install -m 644 include/writ.h $(DESTDIR)$(INCLUDEDIR)/writ.h
	$(MAKE_PC) $(DESTDIR)$(PKGCONFIGDIR)/writ.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/writ.pc
	install -m 644 build/writ.1 $(DESTDIR)$(MANDIR)/man1/writ.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/writ $(DESTDIR)$(LIBDIR)/libwrit.a \
	      $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libwrit.so \
	      $(DESTDIR)$(INCLUDEDIR)/writ.h $(DESTDIR)$(PKGCONFIGDIR)/writ.pc \
	      $(DESTDIR)$(MANDIR)/man1/writ.1

# The Debian packages (debian/): builds them in a copy of the tree, installs
# them, builds a host against them, removes them and checks nothing is
# left. Needs root, debhelper, dpkg-dev and fakeroot; not part of make test.
test-package:
	WRIT_TEST_PACKAGE=1 bash tests/packaging/deb.sh

clean:
	rm -rf build

.PHONY: all test test-asan test-gc test-gc-all bench demo plugin-host clean install uninstall test-package
-include $(shell find build -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# bench-creation: what a workspace and a VM cost to create, next to Lua 5.4
# (issue 4, point 9). Builds build/bench/creation{,_lua} and prints a table;
# see bench/README.md. Needs liblua5.4-dev.
bench-creation: all
	bash bench/creation.sh

.PHONY: bench-creation
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# fuzz, fuzz-build: libFuzzer harnesses (tests/fuzz/, see its README.md;
# memory-safety issue, point 2). Needs clang with libFuzzer (Debian:
# clang and libclang-rt-14-dev). The library is compiled again with the
# fuzzer's instrumentation, ASan and UBSan into build/fuzz/, and also with
# WRIT_GC_STRESS into build/fuzz-gc/; the dictionary, seeds, corpora, logs
# and crash reproducers go under build/fuzz/ too.
#   make fuzz          runs each harness FUZZ_SECONDS (60) in turn, one job;
#                      fails, naming the reproducer, if one crashes
#   make fuzz FUZZ_TARGETS=fuzz_json   only some harnesses
#   make fuzz-build    builds the harnesses, dictionary and seeds only
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= fuzz_eval fuzz_eval_gc fuzz_json fuzz_api
FUZZ_SAN = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
MODEFLAGS_fuzz = -fsanitize=fuzzer-no-link $(FUZZ_SAN)
MODEFLAGS_fuzz-gc = -fsanitize=fuzzer-no-link $(FUZZ_SAN) -DWRIT_GC_STRESS
# The harnesses are hosts: they see include/writ.h only.
FUZZ_HOST_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
                   -Wstrict-prototypes -D_POSIX_C_SOURCE=200809L -Iinclude
FUZZ_BIN_fuzz = $(B)/fuzz_eval $(B)/fuzz_json $(B)/fuzz_api
FUZZ_BIN_fuzz-gc = $(B)/fuzz_eval_gc

fuzz-build:
	$(MAKE) MODE=fuzz CC=$(FUZZ_CC) fuzz-harnesses
	$(MAKE) MODE=fuzz-gc CC=$(FUZZ_CC) fuzz-harnesses
	bash tests/fuzz/_dict.sh build/fuzz/writ.dict
	bash tests/fuzz/_seeds.sh build/fuzz/seeds

# Internal: the harnesses of one MODE (fuzz or fuzz-gc).
fuzz-harnesses: $(FUZZ_BIN_$(MODE))

$(B)/fuzz_eval_gc: tests/fuzz/fuzz_eval.c include/writ.h $(LIB_OBJ)
	$(CC) $(FUZZ_HOST_CFLAGS) $(OPT) -fsanitize=fuzzer -no-pie -o $@ $< $(LIB_OBJ) $(LDLIBS)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c include/writ.h $(LIB_OBJ)
	$(CC) $(FUZZ_HOST_CFLAGS) $(OPT) -fsanitize=fuzzer -no-pie -o $@ $< $(LIB_OBJ) $(LDLIBS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/_run.sh $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-build fuzz-harnesses
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# bench-awfy: the Are We Fast Yet suite (bench/awfy/, bench/awfy.sh), the
# Writ port next to AWFY's own Lua harness under lua5.4 and luajit -joff.
#   make bench-awfy AWFY=/path/to/are-we-fast-yet [ROUNDS=5] [BENCHMARKS="List NBody"]
# See bench/README.md.
bench-awfy: all
	AWFY="$(AWFY)" bash bench/awfy.sh

.PHONY: bench-awfy
# --------------------------------------------------------- end bench-awfy --

# ---------------------------------------------------------------------------
# bench-sends: eventual sends, `when` callbacks and turns against node 20
# (JIT and --jitless), a turn next to method calls, and turns writing k
# objects (issue 15, point 6; bench/sends/, bench/sends.sh). Not part of
# `make test`. Needs node; valgrind for the instruction counts.
#   make bench-sends [SENDS_ROUNDS=7] [SENDS_N=1000000] [SENDS_CALLGRIND=0]
# See bench/README.md.
bench-sends: all
	bash bench/sends.sh

.PHONY: bench-sends
# --------------------------------------------------------- end bench-sends --

# ---------------------------------------------------------------------------
# editors: regenerate the VS Code and Vim grammars of editors/ from the
# lexer (their keyword and operator lists, numbers and names come from
# lang/lexer.re; editors/gen.sh says how). The generated files are
# committed; tests/structure/editors_drift.sh fails when they differ from
# what this makes.
editors:
	bash editors/gen.sh

.PHONY: editors
# ------------------------------------------------------------ end editors --
