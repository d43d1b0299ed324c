# Pretense: set up, run, test and measure the proxy suite from a fresh clone.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The first interpreter that really runs and is >= 3.12 (pyenv shims exist but fail
# unless pyenv selects them, so each candidate is executed, not just looked up).
PYTHON ?= $(shell for c in python3.13 python3.12 python3 python; do \
	  if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v $$c; exit 0; fi; done; \
	  for v in 3.13 3.12 $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]' | sort -rV); do \
	    p=$$(pyenv prefix $$v 2>/dev/null) && [ -x "$$p/bin/python3" ] && \
	    "$$p/bin/python3" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && \
	    { echo "$$p/bin/python3"; exit 0; }; done)

.PHONY: install run test lint types unit test-clients fuzz bench quality clean siem-deps

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Pretense needs Python >= 3.12 (none found on PATH or in pyenv)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/pretense start

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) siem-deps
	$(BIN)/pytest -q -n 2 -m "not clients"

test: lint types unit

# The real AI CLIs (Claude Code, Codex CLI, Gemini CLI) at the exact versions
# tests/clients/package-lock.json pins, from the npm registry, each driven through the proxy.
CLIENTS := tests/clients
CLIENTS_STAMP := $(CLIENTS)/node_modules/.installed

$(CLIENTS_STAMP): $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	npm ci --prefix $(CLIENTS) --no-audit --no-fund
	@touch $@

test-clients: $(STAMP) $(CLIENTS_STAMP)
	$(BIN)/pytest -q -m clients $(CLIENTS)

# The restricted tier's promise as a property, with many more examples than `make test` runs.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/e2e/test_promise_properties.py

# The SIEM tests deliver to a real rsyslog (UDP, TCP, TLS), started by the tests themselves.
siem-deps:
	@command -v rsyslogd >/dev/null 2>&1 && dpkg -s rsyslog-gnutls >/dev/null 2>&1 || \
	  { echo "installing rsyslog and rsyslog-gnutls for the SIEM tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q rsyslog rsyslog-gnutls >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rsyslog rsyslog-gnutls >/dev/null; }; }

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.secrets
	$(BIN)/python -m bench.audit_cost
	$(BIN)/python -m bench.routes
	$(BIN)/python -m bench.guardrails
	$(BIN)/python -m bench.attestations

# Real code to measure the mutation engine on: TypeScript sources from the npm registry
# (rxjs ships its .ts), beside Python and JavaScript already on the machine.
quality: $(STAMP)
	@npm install --prefix build/npm --no-audit --no-fund --silent rxjs@7 \
	  || echo "npm is not available: the TypeScript corpus is skipped"
	$(BIN)/python -m bench.quality
	$(BIN)/python -m bench.secrets_quality
	$(BIN)/python -m bench.scan_speed

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache $(CLIENTS)/node_modules
