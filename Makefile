# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: demo test build bench deps

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

## Measures catwalk-logs against curl and curl | jq (not a test).
bench:
	@scripts/install-dependencies.sh --bench
	@bench/fetch-benchmark.sh
