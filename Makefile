# Two commands for a newcomer: `make demo` and `make test`. Each installs what is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
APT_STAMP := .apt-ok-stamp

.PHONY: demo test lint deps apt venv qm translations bench clean

demo: deps
	$(BIN)/controlroom demo

test: deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory lint

lint: deps
	$(BIN)/ruff check .
	$(BIN)/mypy

deps: apt venv qm

# Rebuild .qm catalogues older than their .ts (fast; the committed .qm are normally current).
qm: venv
	$(BIN)/python tools/translations.py compile

apt: $(APT_STAMP)
$(APT_STAMP): installer/ensure-deps.sh
	bash installer/ensure-deps.sh
	@touch $@

venv: $(STAMP)
$(STAMP): pyproject.toml setup.py controlroom/video/_native.c $(APT_STAMP)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

translations: deps
	$(BIN)/python tools/translations.py

bench: deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(APT_STAMP) .pytest_cache .mypy_cache .ruff_cache
