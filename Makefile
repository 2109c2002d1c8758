# vanban — plain GNU make, no autotools.
#
#   make            build libvanban.a, libvanban.so and the tools
#   make run        build, index corpus/ into ./vanban.db and run a sample query
#   make check      build and run every test (unit suites + CLI scripts)
#   make bench      benchmarks (never part of check)
#   make screenshots  docs/screenshots/*.png of vanban-serve's page (chromium, node)
#   make fuzz       libFuzzer harnesses, FUZZ_SECONDS each (default 30)
#   make install PREFIX=/usr/local DESTDIR=
#   make clean
#
# SANITIZE=1 builds everything with ASan+UBSan.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CXX     ?= c++
PKGS     = xapian-core libutf8proc zlib
DEB_PKGS = libxapian-dev libutf8proc-dev zlib1g-dev check pkg-config xapian-tools python3 libmicrohttpd-dev

# -O3: 7 % fewer instructions than -O2 for an index run (callgrind, 40 real files);
# the sanitizer build keeps -O2 (as in session 1: -O1 warns of format truncation)
ifeq ($(SANITIZE),1)
  OPT   ?= -O2 -g
else
  OPT   ?= -O3 -g
endif
WARN     = -Wall -Wextra -Wpedantic -Werror
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) -fPIC -Iinclude -Isrc -Isrc/lib
CXXFLAGS+= -std=c++11 $(OPT) $(WARN) -fPIC -Iinclude -Isrc
ifeq ($(SANITIZE),1)
  SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  CFLAGS  += $(SANFLAGS)
  CXXFLAGS+= $(SANFLAGS)
  LDFLAGS += $(SANFLAGS)
endif

# Optional formats (issue 16): each library turns its formats on when
# pkg-config finds it; a missing one turns them off with a message, never the build.
HAVE_XML     := $(shell pkg-config --exists libxml-2.0 2>/dev/null && echo 1)
HAVE_ZIP     := $(shell pkg-config --exists libzip 2>/dev/null && echo 1)
HAVE_POPPLER := $(shell pkg-config --exists poppler-glib cairo 2>/dev/null && echo 1)
HAVE_TESS    := $(shell pkg-config --exists tesseract lept 2>/dev/null && echo 1)
# libdeflate packs and unpacks the stored records faster than zlib (the same
# format: store/record.c); without it zlib does, and the build says so
HAVE_DEFLATE := $(shell pkg-config --exists libdeflate 2>/dev/null && echo 1)
OPT_PKGS = $(if $(HAVE_XML),libxml-2.0) $(if $(HAVE_ZIP),libzip) $(if $(HAVE_POPPLER),poppler-glib cairo) \
           $(if $(HAVE_TESS),tesseract lept) $(if $(HAVE_DEFLATE),libdeflate)
OPT_DEFS = $(if $(HAVE_XML),-DVB_HAVE_XML) $(if $(HAVE_ZIP),-DVB_HAVE_ZIP) $(if $(HAVE_POPPLER),-DVB_HAVE_POPPLER) \
           $(if $(HAVE_TESS),-DVB_HAVE_TESS) $(if $(HAVE_DEFLATE),-DVB_HAVE_LIBDEFLATE)
FORMATS_OFF = $(if $(and $(HAVE_XML),$(HAVE_ZIP)),,DOCX+ODT (libxml2-dev libzip-dev)) \
              $(if $(HAVE_XML),,HTML (libxml2-dev)) $(if $(HAVE_POPPLER),,PDF (libpoppler-glib-dev)) \
              $(if $(HAVE_TESS),,OCR (libtesseract-dev tesseract-ocr-vie))
FORMAT_DEBS = libxml2-dev libzip-dev libpoppler-glib-dev libtesseract-dev tesseract-ocr-vie antiword libdeflate-dev

# pkg-config is asked lazily so that `make deps` can run before the packages exist.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(OPT_PKGS) 2>/dev/null) $(OPT_DEFS)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) $(OPT_PKGS) 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
# libstdc++ first: a library named before it that exports its own copies of
# std::string's members (libtesseract does) would otherwise be recorded as
# needed by every tool, vanban-query included, with the 50 libraries it pulls
# in: 12 ms of every process start instead of 2 (docs/performance.md, session 14)
LIBS       = -lstdc++ $(PKG_LIBS) -lm -lpthread

BUILD   = build
LIB_C   = $(sort $(wildcard src/lib/*.c src/lib/*/*.c))
LIB_CC  = $(sort $(wildcard src/xapian/*.cc))
LIB_OBJ = $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CC:%.cc=$(BUILD)/%.o) $(BUILD)/gen/laws.o
CLI_SHARED = $(sort $(filter-out src/cli/vanban-%.c,$(wildcard src/cli/*.c)))
CLI_SHARED_OBJ = $(CLI_SHARED:%.c=$(BUILD)/%.o)
# vanban-serve needs libmicrohttpd: without it (pkg-config does not find it) the
# other tools are built and vanban-serve is skipped with a one-line message.
MHD_CFLAGS = $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS   = $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
HAVE_MHD  := $(shell pkg-config --exists libmicrohttpd 2>/dev/null && echo 1)
ALL_TOOLS = $(patsubst src/cli/%.c,$(BUILD)/bin/%,$(wildcard src/cli/vanban-*.c))
ifeq ($(HAVE_MHD),1)
  TOOLS = $(ALL_TOOLS)
else
  TOOLS = $(filter-out $(BUILD)/bin/vanban-serve,$(ALL_TOOLS))
endif
# the search page (src/serve/www), embedded into vanban-serve as C arrays
WWW     = $(sort $(wildcard src/serve/www/*))
UNIT_SRC= $(sort $(wildcard tests/unit/check_*.c))
UNIT_BIN= $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SOVER   = 0

# keep object files make would otherwise treat as intermediate and delete
.SECONDARY:

.PHONY: check-formats check-ocr screenshots bench-x10 all deps run check check-unit check-cli check-valgrind bench bench-text bench-parse \
        bench-index bench-query bench-shards bench-serve bench-formats bench-scale fuzz install clean

all: deps
	@$(MAKE) --no-print-directory build-all

build-all: $(BUILD)/libvanban.a $(BUILD)/libvanban.so.$(SOVER) $(TOOLS) $(BUILD)/vanban.pc $(BUILD)/link.flags
	@$(if $(HAVE_MHD),:,echo "vanban-serve: not built: pkg-config finds no libmicrohttpd (apt-get install libmicrohttpd-dev)")
	@$(if $(strip $(FORMATS_OFF)),echo "formats off in this build: $(strip $(FORMATS_OFF))",:)
	@$(if $(HAVE_DEFLATE),:,echo "records packed by zlib: libdeflate-dev (apt-get install libdeflate-dev) packs them twice as fast")

# Install the Debian packages we need when pkg-config cannot find them.
# libmicrohttpd is for vanban-serve only: when it cannot be installed (not
# root, no network) the build goes on without vanban-serve.
CORE_OK = pkg-config --exists $(PKGS) check 2>/dev/null && command -v python3 >/dev/null && \
	    command -v xapian-delve >/dev/null && command -v iconv >/dev/null
deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    ! { pkg-config --exists libxml-2.0 libzip poppler-glib tesseract libdeflate 2>/dev/null && command -v antiword >/dev/null && \
	        [ -n "$$(ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata 2>/dev/null)" ]; }; then \
	  echo "make deps: installing the optional libraries (formats, fast records): $(FORMAT_DEBS)"; \
	  { (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $(FORMAT_DEBS) >/dev/null; } || echo "make deps: could not install them: those formats are left out"; \
	fi
	@if $(CORE_OK) && pkg-config --exists libmicrohttpd 2>/dev/null; then :; \
	elif $(CORE_OK); then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "make deps: installing libmicrohttpd-dev (for vanban-serve)"; \
	    { (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmicrohttpd-dev >/dev/null; } || \
	      echo "make deps: libmicrohttpd-dev could not be installed: vanban-serve is left out"; \
	  fi; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make deps: installing $(DEB_PKGS)"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null; \
	else \
	  echo "make deps: missing packages; run as root:"; \
	  echo "  apt-get install -y $(DEB_PKGS)"; exit 1; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libvanban.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The shared library exports the public API only: the functions include/vanban.h
# declares, listed by this version script (tests/cli/test-symbols.sh checks it).
$(BUILD)/libvanban.map: include/vanban.h Makefile
	@mkdir -p $(dir $@)
	@{ echo '{'; echo '  global:'; \
	   sed -n 's/^[a-z_][a-z_0-9 *]*[ *]\(vb_[a-z0-9_]*\)(.*/    \1;/p' $< | sort -u; \
	   echo '  local: *;'; echo '};'; } > $@

$(BUILD)/libvanban.so.$(SOVER): $(LIB_OBJ) $(BUILD)/libvanban.map
	$(CXX) -shared -Wl,-soname,libvanban.so.$(SOVER) -Wl,--version-script=$(BUILD)/libvanban.map $(LDFLAGS) \
	  -o $@ $(LIB_OBJ) $(LIBS)
	ln -sf libvanban.so.$(SOVER) $(BUILD)/libvanban.so

$(BUILD)/bin/%: $(BUILD)/src/cli/%.o $(CLI_SHARED_OBJ) $(BUILD)/libvanban.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(CLI_SHARED_OBJ) $(BUILD)/libvanban.a $(LIBS)

# vanban-serve: the tool, its libmicrohttpd flags and the embedded page
$(BUILD)/src/cli/vanban-serve.o: PKG_CFLAGS += $(MHD_CFLAGS)

# the table of laws by name (corpus/laws.tsv), compiled into the library for ref:
$(BUILD)/gen/laws.c: corpus/laws.tsv src/lib/query/laws.sh
	@mkdir -p $(dir $@)
	sh src/lib/query/laws.sh corpus/laws.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/laws.o: $(BUILD)/gen/laws.c src/lib/query/refkeys.h
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/gen/www.c: src/serve/embed.sh $(WWW)
	@mkdir -p $(dir $@)
	sh src/serve/embed.sh $(WWW) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/www.o: $(BUILD)/gen/www.c src/serve/www.h
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/bin/vanban-serve: $(BUILD)/src/cli/vanban-serve.o $(BUILD)/gen/www.o $(CLI_SHARED_OBJ) $(BUILD)/libvanban.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(BUILD)/gen/www.o $(CLI_SHARED_OBJ) $(BUILD)/libvanban.a $(MHD_LIBS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/fuzz/fuzz_common.h $(BUILD)/libvanban.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libvanban.a $(CHECK_LIBS) $(LIBS)

# pkg-config file for PREFIX (written again at install time: PREFIX may differ)
define write_pc
	@mkdir -p $(dir $(1))
	@printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: vanban\nDescription: Vietnamese administrative document archive on Xapian\nVersion: 0.1.0\nRequires.private: $(PKGS) $(strip $(OPT_PKGS))\nLibs: -L$${libdir} -lvanban\nLibs.private: -lstdc++ -lm -lpthread\nCflags: -I$${includedir}\n' '$(2)' > $(1)
endef

# what a program linking libvanban.a needs (the benchmarks build against it)
$(BUILD)/link.flags: Makefile
	@mkdir -p $(dir $@)
	@echo '$(LIBS)' > $@

$(BUILD)/vanban.pc: Makefile
	$(call write_pc,$@,$(PREFIX))

# ---------------------------------------------------------------- main job
DB ?= vanban.db
# an index an older vanban built (another schema) cannot be added to: made again from corpus/
run: all
	@echo "$(BUILD)/bin/vanban-index --db $(DB) corpus/"; \
	$(BUILD)/bin/vanban-index --db $(DB) corpus/ 2>$(BUILD)/run.err; rc=$$?; cat $(BUILD)/run.err >&2; \
	if [ $$rc -ne 0 ] && grep -q ': index schema ' $(BUILD)/run.err; then \
	  echo "make run: $(DB) was built by another version of vanban; building it again from corpus/"; \
	  $(BUILD)/bin/vanban-index --rebuild --db $(DB) corpus/; \
	else exit $$rc; fi
	$(BUILD)/bin/vanban-query --db $(DB) --limit 3 'tín dụng đen'

# ---------------------------------------------------------------- tests
check: all
	@$(MAKE) --no-print-directory check-unit check-cli

# LSan: third-party caches that live for the process (tests/unit/lsan.supp)
check-unit: $(UNIT_BIN)
	@set -e; fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; LSAN_OPTIONS=$${LSAN_OPTIONS:+$$LSAN_OPTIONS:}suppressions=$(abspath tests/unit/lsan.supp) CK_FORK=yes $$t || fail=1; done; \
	exit $$fail

check-cli: build-all
	@BUILD=$(abspath $(BUILD)) bash tests/cli/run-all.sh

check-valgrind: build-all
	@BUILD=$(abspath $(BUILD)) VALGRIND=1 bash tests/cli/run-all.sh

# the search page of vanban-serve in headless chromium (tests/cli/test-browser.sh)
screenshots: build-all
	@SHOTS=$(abspath docs/screenshots) BUILD=$(abspath $(BUILD)) bash tests/cli/test-browser.sh

# ---------------------------------------------------------------- fuzzing (tests/fuzz, libFuzzer)
FUZZ_SECONDS ?= 30
fuzz: deps
	@if ! command -v clang >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq || true) && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; \
	  else echo "make fuzz: needs clang and libclang-rt-14-dev"; exit 1; fi; fi
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run-fuzz.sh

# issue 16's acceptance over the whole real corpus: every document converted to
# DOCX, ODT, DOC and PDF must read as its .txt (LibreOffice; long: run by hand)
check-formats: build-all
	@BUILD=$(abspath $(BUILD)) bash bench/formats-corpus.sh

# issue 16's OCR acceptance: 20 real documents scanned at 300 dpi (run by hand)
check-ocr: build-all
	@BUILD=$(abspath $(BUILD)) bash bench/ocr-corpus.sh

# ---------------------------------------------------------------- benchmarks
bench: bench-text bench-parse bench-index bench-query bench-shards bench-serve bench-formats bench-x10 bench-scale

bench-text bench-parse bench-index bench-query bench-shards bench-serve bench-formats: build-all
	@BUILD=$(abspath $(BUILD)) bash bench/$@.sh

# the same index and query benchmarks on the corpus x10 (bench/scale-corpus.py, ~400 MB)
bench-x10: build-all
	@SCALE=10 RUNS=$${RUNS:-2} BUILD=$(abspath $(BUILD)) bash bench/bench-index.sh
	@SCALE=10 ROUNDS=$${ROUNDS:-3} BUILD=$(abspath $(BUILD)) bash bench/bench-query.sh

# issue 19's targets in one table (corpus x10; ~20 min): bench/bench-scale.sh, bench/results-scale.json
bench-scale: build-all
	@SCALE=$${SCALE:-10} ROUNDS=$${ROUNDS:-3} BUILD=$(abspath $(BUILD)) bash bench/bench-scale.sh

# ---------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/vanban
	install -m 755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libvanban.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libvanban.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libvanban.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/libvanban.so
	install -m 644 include/vanban.h $(DESTDIR)$(PREFIX)/include/
	$(call write_pc,$(DESTDIR)$(PREFIX)/lib/pkgconfig/vanban.pc,$(PREFIX))
	install -m 644 docs/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 corpus/thesaurus.tsv $(DESTDIR)$(PREFIX)/share/vanban/

clean:
	rm -rf $(BUILD) vanban.db

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
