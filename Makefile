# The first two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# byte-compiled once, as pip does for an installed package (saves ~0.3 s at every start)
	$(BIN)/python -m compileall -q neutrality
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/neutrality audit samples/activity.csv --roster samples/roster.csv --out out/demo; \
	  rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi
	@echo "Laporan / reports: out/demo/ (report.html, findings.xlsx, findings.csv, findings.jsonl, rejected.csv, summary.json, cases/)"

lint: $(STAMP)
	$(BIN)/ruff check neutrality tests benchmarks
	$(BIN)/ruff format --check neutrality tests benchmarks
	$(BIN)/mypy

test: lint
	@# the report's browser test needs Debian's chromium; installed only in CI or when asked
	@if [ "$${CI:-}" = "true" ] || [ "$${NEUTRALITY_BROWSER_TESTS:-}" = "1" ]; then \
	  bash scripts/install-chromium.sh; fi
	$(BIN)/pytest

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
