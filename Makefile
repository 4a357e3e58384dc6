# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: demo test test-install release-product build release release-path install uninstall install-server uninstall-server bench deps diagnosis-report fuzz chaos test-sanitizers

PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
# The shipped build: Swift runtime linked in; GNU ld (gold cannot) packs the relative
# relocations (DT_RELR) and exports no symbols, which cuts start-up page faults and size
# while keeping the executable position-independent (ASLR). See README, "Start-up".
RELEASE = swift build -c release --static-swift-stdlib --scratch-path .build-static \
	--toolset scripts/release-toolset.json \
	-Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs

deps:
	@scripts/install-dependencies.sh

build: deps
	swift build

## Runs catwalk-logs against the built-in local stand-in backend.
demo: build
	@scripts/demo.sh

## Builds everything and runs every test (unit and end-to-end), then installs into a scratch
## DESTDIR and checks what was installed (whose release build runs beside the tests).
test: build
	@scripts/test.sh

## Installs the shipped build into a scratch DESTDIR, checks what was installed (a stripped
## binary that runs (Swift runtime linked in), the man page, the completions), and uninstalls it. Part of `make test`.
test-install: deps
	scripts/test-install.sh

## The diagnosis scored on the real logs of Tests/Fixtures/diagnosis-corpus (fails below 95 % right)
## and on the held-out rounds of Tests/Fixtures/diagnosis-heldout, which the rules were never tuned
## on: precision and recall per family, accuracy, false alarms (above 3 % fails) and every miss.
diagnosis-report: deps
	DIAGNOSIS_REPORT=1 swift test --filter DiagnosisCorpusTests

## Fuzzes every parser with libFuzzer under AddressSanitizer, FUZZ_SECONDS seconds each (default 60),
## and prints each target's executions per second; fails on any finding, whose input is kept under
## Tests/Fuzz/Crashes (`make test` replays them and the seed corpus).
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

## Follows a deployment for about a minute while the stand-in stores 200 lines a second, drops the
## live stream 100 times at random moments and restarts 3 times; fails unless every line came out
## exactly once, in order, and every drop was announced (`make test` runs 10 drops and 1 restart).
chaos: build
	CHAOS_DROPS=100 CHAOS_RESTARTS=3 CHAOS_SECONDS=60 swift test --filter ChaosEndToEndTests

## The unit tests under ThreadSanitizer, then AddressSanitizer: each a full build of its own
## (.build-tsan, .build-asan), several minutes on 2 cores. Leaks the Swift runtime and the test
## harness keep are suppressed (Tests/Sanitizers/lsan-suppressions.txt); any other fails it.
test-sanitizers: deps
	swift test --sanitize=thread --scratch-path .build-tsan --skip EndToEndTests
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan-suppressions.txt \
	    swift test --sanitize=address --scratch-path .build-asan --skip EndToEndTests

## The binaries to ship (catwalk-logs, catwalk-logd): optimised, Swift runtime linked in
## (starts ~5 ms faster).
release: deps
	$(RELEASE)
	@echo "built $$($(RELEASE) --show-bin-path)/catwalk-logs and catwalk-logd"

## Builds the release binaries quietly and prints their directory (for the benchmarks).
release-path:
	@$(RELEASE) >/dev/null
	@$(RELEASE) --show-bin-path

## Installs the stripped client (Swift runtime linked in), its man page and bash, zsh and fish completions under
## $(DESTDIR)$(PREFIX) (default /usr/local). Builds the client alone: the server's libraries
## are not compiled for it.
## The shipped catwalk-logs, built (what `make install` installs; `make test` builds it beside the tests).
release-product: deps
	$(RELEASE) --product catwalk-logs

install: release-product
	install -d "$(BINDIR)" "$(MANDIR)" "$(BASHDIR)" "$(ZSHDIR)" "$(FISHDIR)"
	install -m 755 "$$($(RELEASE) --show-bin-path)/catwalk-logs" "$(BINDIR)/catwalk-logs"
	strip "$(BINDIR)/catwalk-logs"
	install -m 644 man/catwalk-logs.1 "$(MANDIR)/catwalk-logs.1"
	"$(BINDIR)/catwalk-logs" --generate-completion-script bash > "$(BASHDIR)/catwalk-logs"
	"$(BINDIR)/catwalk-logs" --generate-completion-script zsh > "$(ZSHDIR)/_catwalk-logs"
	"$(BINDIR)/catwalk-logs" --generate-completion-script fish > "$(FISHDIR)/catwalk-logs.fish"

## Installs the stripped catwalk-logd (Swift runtime linked in) and its man page under $(DESTDIR)$(PREFIX), for an
## operator running it beside the backend.
install-server: deps
	$(RELEASE) --product catwalk-logd
	install -d "$(BINDIR)" "$(MANDIR)"
	install -m 755 "$$($(RELEASE) --show-bin-path)/catwalk-logd" "$(BINDIR)/catwalk-logd"
	strip "$(BINDIR)/catwalk-logd"
	install -m 644 man/catwalk-logd.1 "$(MANDIR)/catwalk-logd.1"

## Removes what `make install-server` put under $(DESTDIR)$(PREFIX).
uninstall-server:
	rm -f "$(BINDIR)/catwalk-logd" "$(MANDIR)/catwalk-logd.1"

## Removes what `make install` put under $(DESTDIR)$(PREFIX).
uninstall:
	rm -f "$(BINDIR)/catwalk-logs" "$(MANDIR)/catwalk-logs.1" "$(BASHDIR)/catwalk-logs" \
	      "$(ZSHDIR)/_catwalk-logs" "$(FISHDIR)/catwalk-logs.fish"

## Measures catwalk-logs against curl, curl | jq, sqlite3, less and a Python WebSocket client, and
## catwalk-logd against the plan's per-line ingest and its FastAPI endpoint, and with 1000
## deployments and a second replica (not a test).
bench:
	@scripts/install-dependencies.sh --bench
	@mkdir -p bench/results && : > bench/results/figures.jsonl
	@bench/startup-benchmark.sh
	@bench/fetch-benchmark.sh
	@bench/cache-benchmark.sh
	@bench/viewer-benchmark.sh
	@bench/diagnosis-benchmark.sh
	@bench/file-benchmark.sh
	@python3 -m pip install -q --disable-pip-version-check websockets >/dev/null 2>&1 || true
	@bench/follow-benchmark.sh
	@bench/fleet-benchmark.sh
	@bench/server-benchmark.sh
	@bench/replica-benchmark.sh
	@python3 bench/report.py bench/results/figures.jsonl bench/results/bench-$$(date -u +%Y%m%dT%H%M%SZ).json
