# heaptui - a terminal explorer for V8 heap snapshots.
#
#   make              build ./heaptui (objects under build/)
#   make deps         install missing build/test packages (apt-get as root)
#   make demo         open the bundled Meteor snapshots
#   make check        all tests, plain and under ASan+UBSan
#   make bench        benchmarks against the DevTools worker and memlab
#   make analyze      clang --analyze over every source (fails on a report)
#   make install      PREFIX=/usr/local DESTDIR=
#
# Knobs: CC=clang, SANITIZE=address,undefined, DEVELOPER=1 (strict, -Werror),
#        O=2 (optimisation level).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/heaptui
VERSION := 0.1.0

PKGS    := ncursesw jansson libpcre2-8 zlib
PKG_CONFIG ?= pkg-config
DEB_PKGS := libncurses-dev libjansson-dev libpcre2-dev zlib1g-dev libcmocka-dev \
            pkg-config tmux mandoc valgrind

# V=1 shows the commands.
ifndef V
Q_CC = @echo '   CC $@';
Q_LD = @echo '   LD $@';
endif

O       ?= 2
BUILD   ?= build
CFLAGS  ?= -O$(O) -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter -pthread
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DHEAPTUI_VERSION='"$(VERSION)"' \
            -DHEAPTUI_DATADIR='"$(DATADIR)"' -MMD -MP
ifdef DEVELOPER
CFLAGS  += -Wpointer-arith -Wcast-align -Wformat=2 -Wvla -Wundef
endif
ifdef SANITIZE
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

CFLAGS  += $(EXTRA_CFLAGS)

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CPPFLAGS += $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lm -pthread

# Model files never include curses; these are the UI files that may.
UI_SRC    := $(wildcard src/tui.c src/view.c src/view_*.c src/keymap.c src/theme.c \
                        src/draw.c src/prompt.c src/help.c)
ALL_SRC   := $(wildcard src/*.c)
LIB_SRC   := $(filter-out src/main.c,$(ALL_SRC))
LIB_OBJ   := $(LIB_SRC:src/%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/main.o
TEST_SRC  := $(wildcard src/tests/test_*.c)
TEST_BIN  := $(TEST_SRC:src/tests/%.c=$(BUILD)/tests/%)
FUZZ_NAMES := $(patsubst src/tests/fuzz/fuzz_%.c,%,$(wildcard src/tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/test_fuzz_%)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

all: heaptui

heaptui: $(BUILD)/heaptui
	cp $< $@

$(BUILD)/heaptui: $(MAIN_OBJ) $(BUILD)/libheaptui.a
	$(Q_LD)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(BUILD)/libheaptui.a $(LDLIBS)

$(BUILD)/libheaptui.a: $(LIB_OBJ)
	@rm -f $@
	$(Q_LD)$(AR) rcs $@ $^

# A change of compiler or flags rebuilds everything in that tree (git's
# GIT-CFLAGS trick): the stamp is rewritten only when its content differs.
BUILD_FLAGS := $(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)
$(BUILD)/FLAGS: FORCE
	@mkdir -p $(dir $@)
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' > $@

$(BUILD)/%.o: src/%.c $(BUILD)/FLAGS
	@mkdir -p $(dir $@)
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: src/tests/%.c $(BUILD)/libheaptui.a
	@mkdir -p $(dir $@)
	$(Q_LD)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libheaptui.a $(TEST_LIBS) $(LDLIBS)

# Each fuzz harness is also built with a replay main: `make check` runs it
# over testdata/fuzz/NAME/ and testdata/regress/NAME/ without libFuzzer.
$(BUILD)/tests/test_fuzz_%: src/tests/fuzz/fuzz_%.c src/tests/fuzz/replay.c $(BUILD)/libheaptui.a
	@mkdir -p $(dir $@)
	$(Q_LD)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -DFUZZ_NAME='"$*"' -o $@ \
		src/tests/fuzz/fuzz_$*.c src/tests/fuzz/replay.c $(BUILD)/libheaptui.a $(LDLIBS)

tests: $(BUILD)/heaptui $(TEST_BIN) $(REPLAY_BIN)

# libFuzzer builds (clang): build-fuzz/fuzz_NAME; run with
#   build-fuzz/fuzz_load -dict=src/tests/fuzz/load.dict testdata/fuzz/load
fuzz:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SANITIZE=address,undefined \
		O=1 EXTRA_CFLAGS=-fsanitize=fuzzer-no-link build-fuzz/libheaptui.a
	for n in $(FUZZ_NAMES); do \
		clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -std=c11 \
			-o build-fuzz/fuzz_$$n src/tests/fuzz/fuzz_$$n.c build-fuzz/libheaptui.a \
			$(LDLIBS) || exit 1; done

# clang's static analyzer over every source file; fails on any report.
analyze:
	@out=$$(for f in $(ALL_SRC); do clang --analyze $(filter-out -MMD -MP,$(CPPFLAGS)) -std=c11 -o /dev/null "$$f" 2>&1; done); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; else echo "analyze: no reports"; fi

# ---- packages ---------------------------------------------------------
# Installs only what is missing; as non-root prints the command instead.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "deps: all installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "deps: missing$$missing; run: sudo apt-get install$$missing"; exit 1; fi

# make demo/check call deps first when pkg-config cannot see a library.
need-deps:
	@$(PKG_CONFIG) --exists $(PKGS) cmocka 2>/dev/null && command -v tmux >/dev/null \
		|| $(MAKE) --no-print-directory deps

DEMO_FILES := testdata/meteor/Snapshot0.heapsnapshot.gz testdata/meteor/Snapshot4.heapsnapshot.gz

demo: need-deps
	@$(MAKE) --no-print-directory heaptui
	./heaptui $(DEMO_FILES)

# ---- tests ------------------------------------------------------------
# The runner executes every unit test binary and every src/tests/*.sh
# script and prints "N passed, M failed"; the second pass repeats all of it
# under ASan+UBSan in a separate build tree.
check: need-deps
	@$(MAKE) --no-print-directory tests
	HEAPTUI=$(BUILD)/heaptui TESTBIN=$(BUILD)/tests sh src/tests/run.sh
	@$(MAKE) --no-print-directory BUILD=build-san SANITIZE=address,undefined O=1 tests
	HEAPTUI=build-san/heaptui TESTBIN=build-san/tests HEAPTUI_SANITIZED=1 sh src/tests/run.sh

bench:
	@$(MAKE) --no-print-directory heaptui
	sh src/tests/bench.sh

# ---- install ----------------------------------------------------------
# Installs the binary of $(BUILD) (built with this PREFIX/DATADIR: themes are
# looked up in $(DATADIR)/themes), never touching ./heaptui. Uninstall
# removes exactly the files install wrote, then the data directories if empty.
install: $(BUILD)/heaptui
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(DATADIR)/themes"
	install -m 755 $(BUILD)/heaptui "$(DESTDIR)$(BINDIR)/heaptui"
	install -m 644 man/heaptui.1 "$(DESTDIR)$(MANDIR)/man1/heaptui.1"
	install -m 644 themes/*.theme "$(DESTDIR)$(DATADIR)/themes/"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/heaptui" "$(DESTDIR)$(MANDIR)/man1/heaptui.1"
	for t in themes/*.theme; do rm -f "$(DESTDIR)$(DATADIR)/themes/$${t##*/}" || exit 1; done
	rmdir "$(DESTDIR)$(DATADIR)/themes" "$(DESTDIR)$(DATADIR)" 2>/dev/null || true

clean:
	rm -rf build build-san build-fuzz heaptui

FORCE:
.PHONY: FORCE all tests fuzz analyze deps need-deps demo check bench install uninstall clean

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)
