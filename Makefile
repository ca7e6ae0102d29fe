# opdeck — see README.md.  `make` builds ./opdeck and the sample database;
# `make check` runs every test; `make run` opens the dashboard on the sample.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS    := ncursesw sqlite3 yaml-0.1
# Debian packages that provide the above, and what the tests need on top.
DEBS      := libncurses-dev libsqlite3-dev libyaml-dev pkg-config
TEST_DEBS := libcmocka-dev tmux sqlite3 clang procps openssh-server openssh-client

ifeq ($(SANITIZE),1)
BUILD   := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPDECK  := $(BUILD)/opdeck
else
BUILD   := build
SANFLAGS :=
OPDECK  := opdeck
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
ifdef CI
WARN    += -Werror
endif
CFLAGS  ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# CPPFLAGS and LDFLAGS are the user's (distributions pass hardening flags there).
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -Iinclude -Isrc $(PKG_CFLAGS) \
             -DOPDECK_SAMPLE_DB='"$(CURDIR)/$(SAMPLE_DB)"' \
             -DOPDECK_SHARE_DIR='"$(PREFIX)/share/opdeck"'
LDLIBS_ALL = $(PKG_LIBS) -lm

SRCS    := $(filter-out src/main.c,$(wildcard src/*.c))
OBJS    := $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/themes_embedded.o $(BUILD)/layouts_embedded.o $(BUILD)/sample_operation.o
# Embedded themes, in the order `t` cycles them; any other themes/*.yaml follow.
THEME_ORDER := themes/default.yaml themes/light.yaml themes/projector.yaml \
               themes/colour-blind.yaml themes/mono.yaml
THEME_FILES := $(THEME_ORDER) $(filter-out $(THEME_ORDER),$(sort $(wildcard themes/*.yaml)))
LIB     := $(BUILD)/libopdeck.a
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SAMPLE_DB := sample-data/omd.db

.PHONY: FORCE all run check deps deps-build deps-test install uninstall clean golden bench fuzz unit unicode soak

all: deps-build $(OPDECK) $(SAMPLE_DB)

# ---- dependencies --------------------------------------------------------------------
# Installs what is missing with apt-get when we are root (or have password-less sudo);
# otherwise stops with the one command to run.
deps: deps-build deps-test

deps-build:
	@pkg-config --exists $(PKGS) 2>/dev/null || \
	  { command -v pkg-config >/dev/null && pkg-config --exists $(PKGS) 2>/dev/null; } || \
	  sh tests/deps.sh $(DEBS)

deps-test:
	@pkg-config --exists cmocka 2>/dev/null && command -v tmux >/dev/null && command -v sqlite3 >/dev/null && command -v pkill >/dev/null && \
	  test -x /usr/sbin/sshd && command -v ssh >/dev/null || \
	  sh tests/deps.sh $(TEST_DEBS) $(DEBS)

# ---- build ---------------------------------------------------------------------------
$(BUILD)/%.o: src/%.c $(wildcard include/*.h) $(wildcard src/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The bundled sample's operation file, compiled in the same way.
$(BUILD)/sample_operation.c: sample-data/omd-operation.yaml tools/embed.sh | $(BUILD)
	sh tools/embed.sh sample_operation_files sample-data/omd-operation.yaml >$@.tmp && mv $@.tmp $@

$(BUILD)/sample_operation.o: $(BUILD)/sample_operation.c include/embed.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The themes are compiled in from themes/*.yaml: one source (tools/embed.sh).
$(BUILD)/themes_embedded.c: $(THEME_FILES) tools/embed.sh | $(BUILD)
	sh tools/embed.sh theme_files $(THEME_FILES) >$@.tmp && mv $@.tmp $@

$(BUILD)/themes_embedded.o: $(BUILD)/themes_embedded.c include/embed.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The dashboard's built-in layout, compiled in from its YAML: one source (src/dashboard.yaml).
$(BUILD)/layouts_embedded.c: src/dashboard.yaml tools/embed.sh | $(BUILD)
	sh tools/embed.sh layout_files src/dashboard.yaml >$@.tmp && mv $@.tmp $@

$(BUILD)/layouts_embedded.o: $(BUILD)/layouts_embedded.c include/embed.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/tests:
	@mkdir -p $@

$(LIB): $(OBJS)
	rm -f $@
	ar rcs $@ $(OBJS)

$(OPDECK): $(BUILD)/main.o $(LIB)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $(BUILD)/main.o $(LIB) $(LDLIBS_ALL)

# The bundled sample: generated, never committed.
$(SAMPLE_DB): $(OPDECK)
	@rm -f $@ $@-journal $@-wal $@-shm
	./$(OPDECK) sample $@

run: all
	./$(OPDECK) $(SAMPLE_DB)

# ---- tests ---------------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/testutil.h tests/unit/testdb.h tests/unit/testcanvas.h | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests/unit $(shell pkg-config --cflags cmocka) -o $@ $< $(LIB) \
	  $(shell pkg-config --libs cmocka) $(LDLIBS_ALL)

unit: deps $(UNIT_BINS)

check: deps all $(UNIT_BINS)
	@OPDECK=./$(OPDECK) BUILD=$(BUILD) sh tests/run.sh $(UNIT_BINS)

# Regenerates tests/golden/*.txt from the current binary; review the diff before committing.
golden: all
	@OPDECK=./$(OPDECK) sh tests/golden.sh update

$(BUILD)/bench_refresh: tests/bench_refresh.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

$(BUILD)/bench_room: tests/bench_room.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

bench: all $(BUILD)/bench_refresh $(BUILD)/bench_room
	@OPDECK=./$(OPDECK) BENCH_REFRESH=$(BUILD)/bench_refresh BENCH_ROOM=$(BUILD)/bench_room sh tests/bench.sh

# The concurrency test at a million cases, for minutes, with valgrind (installed here only).
soak: deps all
	@command -v valgrind >/dev/null || sh tests/deps.sh valgrind
	@OPDECK=./$(OPDECK) SOAK=1 sh tests/concurrency.sh

fuzz:
	@sh tests/fuzz/run.sh

# Regenerates the character tables (widths, emoji, ASCII letters) from the Unicode data
# files of the Debian package unicode-data; the result is committed, so building never
# needs them.
UNICODE_DIR ?= /usr/share/unicode
unicode:
	@test -r $(UNICODE_DIR)/EastAsianWidth.txt || sh tests/deps.sh unicode-data
	python3 tools/unicode.py $(UNICODE_DIR) >src/text_tables.h.new && mv src/text_tables.h.new src/text_tables.h

# ---- install -------------------------------------------------------------------------
# The uninstalled ./opdeck opens the sample built in this tree by default; the installed
# one opens the copy `make install` puts in PREFIX/share/opdeck/omd.db (main.c is
# compiled a second time for it), so nothing installed points into the build tree.
# PREFIX is compiled in (the installed database, the share directory's themes): objects that
# use it are rebuilt when it changes between `make` and `make install PREFIX=...`.
$(BUILD)/prefix: FORCE | $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' >$@
FORCE:
$(BUILD)/theme.o: $(BUILD)/prefix

$(BUILD)/main-installed.o: src/main.c $(wildcard include/*.h) $(BUILD)/prefix | $(BUILD)
	$(CC) $(ALL_CFLAGS) -UOPDECK_SAMPLE_DB -DOPDECK_SAMPLE_DB='"$(PREFIX)/share/opdeck/omd.db"' -c -o $@ $<

$(BUILD)/opdeck-installed: $(BUILD)/main-installed.o $(LIB)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $(BUILD)/main-installed.o $(LIB) $(LDLIBS_ALL)

install: $(BUILD)/opdeck-installed $(SAMPLE_DB)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/opdeck/themes $(DESTDIR)$(PREFIX)/share/opdeck/sessions
	install -m 755 $(BUILD)/opdeck-installed $(DESTDIR)$(PREFIX)/bin/opdeck
	install -m 644 man/opdeck.1 $(DESTDIR)$(PREFIX)/share/man/man1/opdeck.1
	install -m 644 $(SAMPLE_DB) $(DESTDIR)$(PREFIX)/share/opdeck/omd.db
	install -m 644 $(THEME_FILES) $(DESTDIR)$(PREFIX)/share/opdeck/themes/
	@for f in sample-data/*.yaml; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/opdeck/sessions/ || true; done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/opdeck $(DESTDIR)$(PREFIX)/share/man/man1/opdeck.1
	rm -rf $(DESTDIR)$(PREFIX)/share/opdeck

clean:
	rm -rf build build-san opdeck $(SAMPLE_DB) $(SAMPLE_DB)-journal tests/out
