# digitrec — `make run` to start, `make test` to run every test.
SHELL      := /bin/bash
SWIFT      ?= swift
APT_PKGS   := libpng-dev libturbojpeg0-dev libncurses-dev zlib1g-dev libopenblas-dev pkg-config tmux
# Only the tests use these (Fashion-MNIST, /usr/share/datasets/fashion-mnist; handwriting fonts
# for digits in hands the model never saw, Tests/Photos/make_font_digits.py): `make run` does
# not need them, and `make test` goes on without them (those tests say they are skipped).
TEST_PKGS  := dataset-fashion-mnist
FONT_PKGS  := fonts-dkg-handwriting fonts-breip fonts-bwht fonts-humor-sans fonts-comic-neue \
              fonts-klee fonts-kristi fonts-kaushanscript fonts-dancingscript
# The Swift runtime and Foundation linked statically: loading them as ~20 shared libraries is a
# third of a `digitrec predict` process (make bench: cli_predict_ms).
BUILDFLAGS := -c release --static-swift-stdlib
TESTFLAGS  := -c release -Xswiftc -enable-testing
# DIGITREC_PORTABLE=1: the engine for any x86-64 CPU, not only AVX2 ones (Package.swift).
export DIGITREC_PORTABLE
BIN        := .build/release/digitrec

.PHONY: run build test test-asan deps bench bench-peers clean fuzz fuzz-build fuzz-seeds test-venv

# Install the Debian packages that are missing (apt-get, through sudo when not root).
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
		echo "installing:$$missing"; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# (The filter drops the one linker warning that comes from inside Foundation's static archive.)
STATICLINK_NOISE := is dangerous, better use .mkstemp

build: deps
	set -o pipefail; $(SWIFT) build $(BUILDFLAGS) 2>&1 | grep -v '$(STATICLINK_NOISE)'

# Starts with the shipped model loaded (the gallery of digits/); Esc leads to the start menu.
run: build
	$(BIN) --model saved_models/default.safetensors

# Release build with testing enabled: the numeric tests train real networks.
test: deps
	@$(MAKE) --no-print-directory deps APT_PKGS="$(TEST_PKGS)" || echo "note: could not install $(TEST_PKGS); the Fashion-MNIST tests will say they are skipped"
	@$(MAKE) --no-print-directory deps APT_PKGS="$(FONT_PKGS)" || echo "note: could not install the handwriting fonts; the font-digit tests will say they are skipped"
	@$(MAKE) --no-print-directory test-venv || echo "note: no onnx/onnxruntime/Pillow from PyPI; the ONNX and photo tests will say they are skipped"
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

# Every test once under AddressSanitizer (separate build folder; the CLI and terminal tests
# run the ASan-built binaries through DIGITREC_BIN).
test-asan: deps
	$(SWIFT) build $(TESTFLAGS) --sanitize=address --scratch-path .build-asan --build-tests
	LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan-suppressions.txt DIGITREC_BIN=$(CURDIR)/.build-asan/release/digitrec $(SWIFT) test $(TESTFLAGS) --sanitize=address --scratch-path .build-asan --skip-build

# Medians of repeated runs; the last line (JSON) is also kept in .build/bench.json.
bench: deps
	set -o pipefail; $(SWIFT) build $(BUILDFLAGS) 2>&1 | grep -v '$(STATICLINK_NOISE)'
	set -o pipefail; DIGITREC_DATA=$${DIGITREC_DATA:-../shared/datasets/mnist} .build/release/DigitBench | tee .build/bench.txt
	tail -n 1 .build/bench.txt > .build/bench.json

# The same workloads in TensorFlow/Keras and PyTorch (2 threads each), and digitrec's cnn exported
# as ONNX in onnxruntime (inference: one image, 10k images), in a virtual
# environment under .build/, with digitrec's numbers from `make bench` beside them.
# PEERS_FLAGS=--quick skips the time-to-99 % runs (PyTorch's takes minutes).
PEERS_VENV  := .build/peers-venv
PEERS_FLAGS ?=
bench-peers:
	@python3 -c 'import venv, ensurepip' 2>/dev/null || $(MAKE) --no-print-directory deps APT_PKGS="python3 python3-venv"
	@test -x $(PEERS_VENV)/bin/python || python3 -m venv $(PEERS_VENV)
	@$(PEERS_VENV)/bin/python -c 'import tensorflow, torch, onnxruntime' 2>/dev/null || \
		$(PEERS_VENV)/bin/pip install --quiet tensorflow-cpu torch onnxruntime
	@test -f .build/bench.json || echo "no .build/bench.json yet: run \`make bench\` for digitrec's column"
	DIGITREC_DATA=$${DIGITREC_DATA:-../shared/datasets/mnist} $(PEERS_VENV)/bin/python Sources/DigitBench/peers.py $(PEERS_FLAGS)

# The Python tools some tests use, from PyPI: onnx and onnxruntime for the ONNX export tests
# (Tests/ONNX/check.py), numpy and Pillow for the photo-like test images (Tests/Photos).
TEST_VENV := .build/test-venv
test-venv:
	@python3 -c 'import venv, ensurepip' 2>/dev/null || $(MAKE) --no-print-directory deps APT_PKGS="python3 python3-venv"
	@test -x $(TEST_VENV)/bin/python || python3 -m venv $(TEST_VENV)
	@$(TEST_VENV)/bin/python -c 'import onnx, onnxruntime, numpy, PIL' 2>/dev/null || \
		$(TEST_VENV)/bin/pip install --quiet --disable-pip-version-check onnx onnxruntime numpy pillow

clean:
	rm -rf .build

# Fuzzing with libFuzzer + AddressSanitizer. Each target is its module's sources compiled
# with an entry point from Tests/Fuzz; seeds come from ../shared/testdata. A crash fails
# the target and leaves its reproducer in fuzz-artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_DIR     := .build/fuzz
TESTDATA     ?= ../shared/testdata
FUZZFLAGS    := -sanitize=fuzzer,address -O -parse-as-library

fuzz-build: deps
	@mkdir -p $(FUZZ_DIR)
	swiftc -sanitize=address -O -parse-as-library -module-name Support -I Sources/CCrypto -emit-module -emit-module-path $(FUZZ_DIR)/Support.swiftmodule -emit-library -static Sources/Support/*.swift -o $(FUZZ_DIR)/libSupport.a
	swiftc $(FUZZFLAGS) -module-name FuzzImage -I $(FUZZ_DIR) -I Sources/CCrypto -I Sources/CPNG -I Sources/CJPEG -I /usr/include/libpng16 Sources/DigitImage/*.swift Tests/Fuzz/FuzzImage.swift -L$(FUZZ_DIR) -lSupport -lpng16 -lturbojpeg -o $(FUZZ_DIR)/fuzz-image
	swiftc $(FUZZFLAGS) -module-name FuzzIDX -I $(FUZZ_DIR) -I Sources/CZlib -I Sources/CCurl -I Sources/CCrypto Sources/MNIST/*.swift Tests/Fuzz/FuzzIDX.swift -L$(FUZZ_DIR) -lSupport -lz -o $(FUZZ_DIR)/fuzz-idx
	@# The engine's own C (CKernels) as a static library with a module map, for swiftc.
	@mkdir -p $(FUZZ_DIR)/CKernels
	printf 'module CKernels {\n  header "$(CURDIR)/Sources/CKernels/include/CKernels.h"\n  export *\n}\n' > $(FUZZ_DIR)/CKernels/module.modulemap
	cd $(FUZZ_DIR)/CKernels && clang -O2 -fsanitize=address -I $(CURDIR)/Sources/CKernels/include -c $(CURDIR)/Sources/CKernels/*.c && ar rcs ../libCKernels.a *.o
	swiftc $(FUZZFLAGS) -module-name FuzzModel -I $(FUZZ_DIR) -I $(FUZZ_DIR)/CKernels -I Sources/CBLAS -I Sources/CCrypto Sources/DigitModel/*.swift Tests/Fuzz/FuzzModel.swift -L$(FUZZ_DIR) -lSupport -lCKernels -o $(FUZZ_DIR)/fuzz-model

fuzz-seeds:
	@mkdir -p $(FUZZ_DIR)/seeds-image $(FUZZ_DIR)/seeds-idx $(FUZZ_DIR)/seeds-model
	@cp $(TESTDATA)/pngsuite/*.png $(TESTDATA)/png-bad/*/*.png $(FUZZ_DIR)/seeds-image/ 2>/dev/null || true
	@find $(TESTDATA)/png-hostile -name '*.png' -size -100k -exec cp {} $(FUZZ_DIR)/seeds-image/ \; 2>/dev/null || true
	@cp Tests/DigitImageTests/Fixtures/*.jpg $(FUZZ_DIR)/seeds-image/
	@cp $(TESTDATA)/idx-hostile/*ubyte* $(FUZZ_DIR)/seeds-idx/ 2>/dev/null || true
	@cp saved_models/mlp.safetensors Tests/Fuzz/seeds-model/*.safetensors $(FUZZ_DIR)/seeds-model/

fuzz: fuzz-build fuzz-seeds
	@mkdir -p fuzz-artifacts
	@for t in image idx model; do \
		mkdir -p $(FUZZ_DIR)/corpus-$$t; \
		echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
		SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/fuzz-$$t -seed=1 -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 \
			-max_len=65536 -timeout=10 -print_final_stats=1 -artifact_prefix=fuzz-artifacts/$$t- \
			$(FUZZ_DIR)/corpus-$$t $(FUZZ_DIR)/seeds-$$t 2>&1 | grep -E '^stat::number_of_executed_units|^Done|ERROR|SUMMARY' ; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done
