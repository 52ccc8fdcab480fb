# Segue: `make all` builds and runs the nightly pipeline; `make test` runs every test.
# Each stage target reruns that one stage alone; the stages themselves are incremental.

SHELL := /bin/bash
.DEFAULT_GOAL := all

SWIFT ?= swift
CONFIG ?= config.yaml
# SEGUE_BIN names prebuilt executables (pipeline.sh, tests); without it stages build first.
ifeq ($(SEGUE_BIN),)
BIN := .build/release
STAGE_DEPS := build
else
BIN := $(SEGUE_BIN)
STAGE_DEPS :=
endif
STAGES := scan analyze genres index export

# The config file is passed on when it exists, or always when named on the command line.
ifeq ($(origin CONFIG),command line)
CONFIG_FLAG := --config $(CONFIG)
else
CONFIG_FLAG := $(if $(wildcard $(CONFIG)),--config $(CONFIG),)
endif
ifdef MUSIC
export SEGUE_MUSIC_DIR := $(MUSIC)
endif
STAGE_FLAGS := $(CONFIG_FLAG) $(ARGS)

# System packages: pkg-config module or command -> Debian package.
PKG_MODULES := libavformat:libavformat-dev libavcodec:libavcodec-dev libswresample:libswresample-dev \
	libavutil:libavutil-dev taglib:libtag1-dev fftw3f:libfftw3-dev libebur128:libebur128-dev \
	libcurl:libcurl4-openssl-dev sqlite3:libsqlite3-dev libcrypto:libssl-dev openblas:libopenblas-dev
COMMANDS := pkg-config:pkg-config ffmpeg:ffmpeg flock:util-linux python3:python3 pip3:python3-pip
# FAISS ships a static library and headers, no pkg-config module: its header stands for it.
FILES := /usr/include/faiss/Clustering.h:libfaiss-dev
TEST_COMMANDS := mpd:mpd mpc:mpc xmllint:libxml2-utils chromium:chromium mpcenc:musepack-tools python3:python3 strace:strace
# Python modules the tests need: venv (with ensurepip) for the Supysonic test server.
TEST_PYTHON := ensurepip:python3-venv
BENCH_COMMANDS := /usr/bin/time:time bc:bc sqlite3:sqlite3 /usr/include/hnswlib/hnswlib.h:libhnswlib-dev
# The single-node Slurm cluster the sharded-analysis tests start (Debian's slurm-wlm and munge).
TEST_COMMANDS += slurmctld:slurm-wlm slurmd:slurm-wlm sbatch:slurm-wlm munged:munge

.PHONY: all deps test-deps build models test bench status clean $(STAGES) report

all: build models
	SEGUE_BIN=$(BIN) ./pipeline.sh $(CONFIG_FLAG)

deps:
	@./scripts/install-deps.sh $(PKG_MODULES) -- $(COMMANDS) $(FILES)

test-deps: deps
	@./scripts/install-deps.sh -- $(TEST_COMMANDS) $(BENCH_COMMANDS) -- $(TEST_PYTHON)
	@./scripts/supysonic-venv.sh .build-test/supysonic

build: deps
	$(SWIFT) build -c release

# The MusiCNN weights for analysis.embedding: musicnn, fetched (pip) and converted once per
# clone into models/musicnn/, which git ignores.
MUSICNN := models/musicnn/msd_musicnn.f32
models: $(MUSICNN)

$(MUSICNN): | deps
	./scripts/fetch-musicnn.sh $(@D)

$(STAGES): $(STAGE_DEPS)
	$(BIN)/segue-$@ $(STAGE_FLAGS)

report: $(STAGE_DEPS)
	$(BIN)/segue-export $(STAGE_FLAGS) --report

# One optimized build serves the unit tests and the end-to-end tests, which run optimized
# executables as users do (SEGUE_BIN); -enable-testing keeps @testable imports working. It has
# its own build folder so that it and `make build` do not keep rebuilding each other.
TEST_BUILD := -c release -Xswiftc -enable-testing --scratch-path .build-test
test: test-deps models
	$(SWIFT) build $(TEST_BUILD) --build-tests
	SEGUE_BIN=.build-test/release $(SWIFT) test $(TEST_BUILD) --skip-build

bench: test-deps build models
	./bench/run.sh

status: $(STAGE_DEPS)
	@for stage in $(STAGES); do $(BIN)/segue-$$stage $(CONFIG_FLAG) --status || exit $$?; done

clean:
	rm -rf .build .build-test checkpoints/*.done checkpoints/*.json checkpoints/*.lock
