# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: demo test build release bench deps diagnosis-report

deps:
	@scripts/install-dependencies.sh

build: deps
	swift build

## Runs catwalk-logs against the built-in local stand-in backend.
demo: build
	@scripts/demo.sh

## Builds everything and runs every test (unit and end-to-end).
test: build
	swift test

## The diagnosis scored on the real logs of Tests/Fixtures/diagnosis-corpus: precision and recall per
## family, accuracy, false alarms and every miss (fails below 95 % right or above 3 % false alarms).
diagnosis-report: deps
	swift test --filter DiagnosisCorpusTests

## The binary to ship: optimised, Swift runtime linked in (starts ~5 ms faster).
release: deps
	swift build -c release --static-swift-stdlib --scratch-path .build-static
	@echo "built $$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/catwalk-logs"

## Measures catwalk-logs against curl, curl | jq, sqlite3, less and a Python WebSocket client (not a test).
bench:
	@scripts/install-dependencies.sh --bench
	@bench/fetch-benchmark.sh
	@bench/cache-benchmark.sh
	@bench/viewer-benchmark.sh
	@bench/diagnosis-benchmark.sh
	@python3 -m pip install -q --disable-pip-version-check websockets >/dev/null 2>&1 || true
	@bench/follow-benchmark.sh
