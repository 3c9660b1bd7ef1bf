# Thin wrapper over CMake: installs what is missing, configures, builds, runs.
BUILD     ?= build
JOBS      ?= $(shell nproc)
CMAKE_ARGS ?= -DCMAKE_BUILD_TYPE=Release
SEED      := scenarios/seed/classic-backup-restore.json

# The build is CMake's; its sub-makes need not announce every directory.
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build demo test bench mpi-check clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_ARGS) >/dev/null

build: configure
	@bash scripts/build.sh $(BUILD) -j $(JOBS)

# The demo needs only the command-line program.
demo: configure
	@bash scripts/build.sh $(BUILD) -j $(JOBS) --target drsim
	@echo "== drsim walkthrough $(SEED) --failure region-outage"
	@$(BUILD)/drsim walkthrough $(SEED) --failure region-outage
	@echo
	@echo "== drsim run $(SEED)"
	@$(BUILD)/drsim run $(SEED)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The MPI build (a CMake option the default build does not need) and its identity check:
# mpirun -np 1, 2 and 4 against one process, byte for byte.
MPI_BUILD ?= build-mpi
mpi-check:
	@bash scripts/install-deps.sh mpi
	@cmake -S . -B $(MPI_BUILD) -DCMAKE_BUILD_TYPE=Release -DDRSIM_MPI=ON >/dev/null
	@bash scripts/build.sh $(MPI_BUILD) -j $(JOBS) --target drsim
	@bash scripts/check-mpi.sh $(MPI_BUILD)/drsim

bench: build
	@$(BUILD)/bench/kernel_hold

clean:
	@rm -rf $(BUILD)
