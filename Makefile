# The backfill engine. `make demo` runs it end to end on local stand-ins; `make test` passes the tests.
# Both install what they need first (`make deps`).

SWIFT        ?= swift
PYTHON       ?= python3
DIST         := dist
RELEASE_BIN  := .build/release/bootstrap
APT_PACKAGES := libcurl4-openssl-dev libssl-dev zlib1g-dev binutils curl zip
PIP_PACKAGES := 'moto[server]' cfn-lint pyarrow duckdb

.PHONY: all deps build release test test-asan lint check-deployable demo bench package clean

all: build

## deps: install the system libraries and Python tools the build, tests and demo use (when missing)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "deps: installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "deps: missing Debian packages:$$missing — install them (sudo apt-get install$$missing)"; exit 1; fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "deps: swift not found: install Swift 6.x (https://swift.org/install)"; exit 1; }
	@$(PYTHON) -c 'import moto, flask, cfnlint, pyarrow, duckdb' 2>/dev/null || { \
	  echo "deps: installing Python tools: $(PIP_PACKAGES)"; $(PYTHON) -m pip install -q $(PIP_PACKAGES) || \
	  { echo "deps: pip install $(PIP_PACKAGES) failed"; exit 1; }; }
	@command -v moto_server >/dev/null || { echo "deps: moto_server is not on PATH after pip install 'moto[server]'"; exit 1; }

## build: debug build of every target
build: deps
	$(SWIFT) build

## release: optimised, statically linked Swift runtime, stripped bootstrap in dist/
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product bootstrap
	@mkdir -p $(DIST)
	strip -o $(DIST)/bootstrap $(RELEASE_BIN)
	@ls -l $(DIST)/bootstrap

## test: the whole test suite (starts its own emulator, moto_server and fake APIs on 127.0.0.1)
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## test-asan: the whole suite under AddressSanitizer (a separate build in .build-asan; slower, not part of CI)
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --build-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --build-path .build-asan

## lint: swift-format (strict), every import declared in Package.swift, and cfn-lint on the SAM template
lint: deps
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	$(PYTHON) scripts/check-imports.py
	cfn-lint template.yaml

## check-deployable: the release bootstrap needs nothing newer than Amazon Linux 2023 has
check-deployable: release
	scripts/check-deployable.sh $(DIST)/bootstrap

## demo: run the engine end to end on local stand-ins (Runtime API emulator, moto_server, fake source APIs)
demo: build
	scripts/demo.sh

## bench: speed and size figures beside the references in ../shared/bench, as ratios
bench: deps
	scripts/bench.sh

## package: dist/bootstrap.zip, ready for `aws lambda update-function-code --zip-file`
package: release
	cd $(DIST) && rm -f bootstrap.zip && zip -q bootstrap.zip bootstrap && ls -l bootstrap.zip

clean:
	rm -rf .build $(DIST)

# `sam build` (BuildMethod: makefile) calls build-<LogicalId> with ARTIFACTS_DIR set. Every function runs the
# same binary (the function's Handler property becomes _HANDLER), so one rule serves them all.
build-%Function:
	$(MAKE) release
	cp $(DIST)/bootstrap $(ARTIFACTS_DIR)/bootstrap
