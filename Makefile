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

.PHONY: install run test lint types unit test-browser test-clients test-gateway gateway-deps fuzz bench \
	quality quality-deps clean siem-deps pdf-deps browser-deps screenshots

# The suite, and pango for `pretense evidence`'s PDF where apt-get can install it (as root);
# without it everything but that PDF works, so a user who cannot install it is told, not stopped.
install: $(STAMP)
	@$(MAKE) --no-print-directory pdf-deps 2>/dev/null || \
	  echo "note: pango is missing and could not be installed (apt-get needs root): pretense evidence writes no PDF until it is (sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Pretense needs Python >= 3.12 (none found on PATH or in pyenv)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	$(BIN)/pretense start

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) siem-deps pdf-deps
	$(BIN)/pytest -q -n 2 -m "not clients and not browser and not gateway"

# The dashboard in a real headless Chromium (Debian's chromium and chromium-driver).
test-browser: $(STAMP) browser-deps pdf-deps
	$(BIN)/pytest -q -m browser tests/e2e/test_dashboard.py

test: lint types unit test-browser

# docs/images/: the dashboard's pages as the browser tests see them, over real traffic.
screenshots: $(STAMP) browser-deps pdf-deps
	PRETENSE_SCREENSHOTS=docs/images $(BIN)/pytest -q -m browser tests/e2e/test_dashboard.py

# The real AI CLIs (Claude Code, Codex CLI, Gemini CLI) at the exact versions
# tests/clients/package-lock.json pins, from the npm registry, each driven through the proxy.
CLIENTS := tests/clients
CLIENTS_STAMP := $(CLIENTS)/node_modules/.installed

$(CLIENTS_STAMP): $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	npm ci --prefix $(CLIENTS) --no-audit --no-fund
	@touch $@

test-clients: $(STAMP) $(CLIENTS_STAMP)
	$(BIN)/pytest -q -m clients $(CLIENTS)

# The gateway: a real OpenID provider (oidc-provider at the version tests/e2e/idp/package-lock.json
# pins, run by node) and a real HAProxy (Debian's) in front of several proxies.
IDP := tests/e2e/idp
IDP_STAMP := $(IDP)/node_modules/.installed

$(IDP_STAMP): $(IDP)/package.json $(IDP)/package-lock.json
	npm ci --prefix $(IDP) --no-audit --no-fund
	@touch $@

gateway-deps: $(IDP_STAMP)
	@command -v haproxy >/dev/null 2>&1 || \
	  { echo "installing haproxy for the gateway tests"; apt-get update -q >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >/dev/null; }

test-gateway: $(STAMP) gateway-deps
	$(BIN)/pytest -q -m gateway tests/e2e

# The restricted tier's promise as a property, with many more examples than `make test` runs.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/e2e/test_promise_properties.py

# The SIEM tests deliver to a real rsyslog (UDP, TCP, TLS), started by the tests themselves.
siem-deps:
	@command -v rsyslogd >/dev/null 2>&1 && dpkg -s rsyslog-gnutls >/dev/null 2>&1 || \
	  { echo "installing rsyslog and rsyslog-gnutls for the SIEM tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q rsyslog rsyslog-gnutls >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rsyslog rsyslog-gnutls >/dev/null; }; }

# The evidence pack's PDF (WeasyPrint) needs pango and a font; Debian's python image has them,
# a slim one may not. Elsewhere (macOS: `brew install pango`) it is left to the package manager.
pdf-deps:
	@! command -v apt-get >/dev/null 2>&1 || dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null 2>&1 || \
	  { echo "installing pango and fonts for the evidence PDF"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }; }

browser-deps:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  { echo "installing chromium and chromium-driver for the dashboard's browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; }; }

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.secrets
	$(BIN)/python -m bench.audit_cost
	$(BIN)/python -m bench.routes
	$(BIN)/python -m bench.guardrails
	$(BIN)/python -m bench.gateway
	$(BIN)/python -m bench.attestations

# Real code in every language to measure the mutation engine on, read and never committed:
# Debian's source-carrying packages (Go, Rust, C and C++ headers, Ruby, PHP, shell, SQL), npm
# packages (TypeScript, TSX, Kotlin, Swift) and PyPI sdists (C, C++, C#, Java),
# unpacked under build/quality; repository snapshots under build/quality/repos are measured
# too when present. The definitions are found again by Universal Ctags, and the syntax
# checked by each language's own parser where Debian, PyPI or npm has one.
QUALITY := build/quality
QUALITY_DEBS := golang-1.19-src golang-github-gin-gonic-gin-dev golang-github-spf13-cobra-dev \
	librust-serde-dev librust-regex-dev librust-clap-dev librust-tokio-dev \
	libfmt-dev libgtest-dev libleveldb-dev nlohmann-json3-dev libabsl-dev libssl-dev \
	libcurl4-openssl-dev ruby-rack ruby-sinatra php-guzzlehttp-psr7 \
	php-symfony-console bash-completion postgresql-15 freeradius-config
QUALITY_NPM := rxjs@7.8.2 express@4.22.3 expo-modules-core@58.1.0 @react-spectrum/s2@1.7.1 \
	acorn@8.19.0 typescript@5.9.3
QUALITY_SDISTS := brotli==1.2.1 zstandard==0.25.0 pythonnet==3.2.1 jpype1==1.7.1
QUALITY_WHEELS := pybind11==3.1.0
# command:package for the tools the measure runs (javac ships with the JDK).
QUALITY_TOOLS := ctags:universal-ctags gofmt:golang-go ruby:ruby php:php-cli javac:default-jdk-headless \
	mcs:mono-mcs

quality-deps:
	@missing=""; for t in $(QUALITY_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	  [ -z "$$missing" ] || { echo "installing$$missing for make quality"; apt-get update -q >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; }

$(QUALITY)/.debs:
	mkdir -p $(QUALITY)/deb $(QUALITY)/debs
	cd $(QUALITY)/deb && { apt-get download $(QUALITY_DEBS) >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null && apt-get download $(QUALITY_DEBS) >/dev/null; }; }
	for d in $(QUALITY)/deb/*.deb; do n=$$(basename $$d); dpkg-deb -x $$d $(QUALITY)/debs/$${n%%_*}; done
	@touch $@

$(QUALITY)/.npm:
	npm install --prefix $(QUALITY)/npm --no-audit --no-fund --silent --ignore-scripts $(QUALITY_NPM)
	@touch $@

$(QUALITY)/.pypi: $(STAMP)
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: -d $(QUALITY)/pypi $(QUALITY_SDISTS)
	$(BIN)/python -m pip download --quiet --no-deps --only-binary :all: -d $(QUALITY)/pypi $(QUALITY_WHEELS)
	$(BIN)/python -m pip install --quiet -e '.[quality]'
	for f in $(QUALITY)/pypi/*.tar.gz; do $(BIN)/python -W ignore -m tarfile -e $$f $(QUALITY)/pypi/src; done
	for f in $(QUALITY)/pypi/*.whl; do $(BIN)/python -m zipfile -e $$f $(QUALITY)/pypi/src/$$(basename $$f .whl); done
	@touch $@

quality: $(STAMP) quality-deps $(QUALITY)/.debs $(QUALITY)/.npm $(QUALITY)/.pypi
	$(BIN)/python -m bench.quality
	$(BIN)/python -m bench.secrets_quality
	$(BIN)/python -m bench.scan_speed

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache $(CLIENTS)/node_modules $(IDP)/node_modules
