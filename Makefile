# digitrec — `make run` to start, `make test` to run every test.
SWIFT      ?= swift
APT_PKGS   := libpng-dev libncurses-dev zlib1g-dev libopenblas-dev pkg-config tmux
TESTFLAGS  := -c release -Xswiftc -enable-testing
BIN        := .build/release/digitrec

.PHONY: run build test deps bench bench-peers clean digits fuzz test-asan

# Install the Debian packages that are missing (apt-get, through sudo when not root).
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
		echo "installing:$$missing"; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release

run: build
	$(BIN)

# Release build with testing enabled: the numeric tests train real networks.
test: deps
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build

bench: deps
	$(SWIFT) build -c release
	DIGITREC_DATA=$${DIGITREC_DATA:-../shared/datasets/mnist} .build/release/DigitBench

clean:
	rm -rf .build
