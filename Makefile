# The single entry point: `make run` serves the app, `make test` runs every test.
# Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# gunicorn's worker processes (of 4 threads each) for `make run` and `make serve`.
WORKERS ?= 2

.PHONY: run serve static-and-fonts test bench bench-editor bench-program bench-take screenshots lint format install install-test keys messages catalogues system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Stamps make re-runs skip pip when the requirement files did not change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The data folder and its development keys; importing the settings writes nothing.
keys: install
	$(BIN)/python scripts/make_keys.py

# The slow steps of a start run again only when what they read changed (stamps in
# var/.stamps, gone with var/): collecting and compressing the static files, and
# cutting the canvas font's everyday slices.
STAMPS := var/.stamps
STATIC_SOURCES := $(shell find static -type f 2>/dev/null)

$(STAMPS)/static: $(STATIC_SOURCES) requirements.txt studio/staticfiles.py | install keys
	$(BIN)/python manage.py collectstatic --noinput -v0
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/fonts: requirements.txt layouts/core/fonts.py | install keys
	$(BIN)/python manage.py cut_canvas_fonts
	@mkdir -p $(STAMPS) && touch $@

static-and-fonts: $(STAMPS)/static $(STAMPS)/fonts
	@:

# The program engine and the web server: MIX_PROGRAM_ENGINES job workers (manage.py
# db_worker; scripts/prepare_run.py wrote the count) beside gunicorn, each in a session of
# its own so that Ctrl-C reaches only gunicorn; when gunicorn stops, they are asked to
# stop too and finish the part they are drawing. Request lines up to gunicorn's largest
# limit reach the app, which answers an API URL longer than it reads with problem details
# (studio/middleware.py). $(1): more gunicorn options.
define engines_and_gunicorn
engines=$$(cat $(STAMPS)/engines 2>/dev/null); \
pids=""; \
for engine in $$(seq $${engines:-1}); do \
	setsid $(BIN)/python manage.py db_worker --queue-name '*' --interval 0.05 --no-reload -v 0 & \
	pids="$$pids $$!"; \
done; \
trap 'kill -TERM $$pids 2>/dev/null; wait $$pids' EXIT; \
trap 'exit 130' INT TERM; \
$(BIN)/gunicorn studio.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --threads 4 \
	--access-logfile - --limit-request-line 8190 $(1)
endef

# Collecting the static files and cutting the fonts read and write different things:
# they run side by side (each redone only when its inputs changed). Then migrations,
# starter presets, the emulator's app profile and the administrator in one process
# (scripts/prepare_run.py: one Django start instead of five).
run: install keys catalogues
	@$(MAKE) --no-print-directory -j2 static-and-fonts
	@$(BIN)/python scripts/prepare_run.py --url http://$(HOST):$(PORT)/ --engines $(STAMPS)/engines --admin
	@$(call engines_and_gunicorn,)

# The production start, behind a reverse proxy (README, "Production"): the same set-up
# and serving as `make run`, with Django's deployment checks first and no generated
# administrator (manage.py createsuperuser makes the first one).
serve: install keys catalogues
	@$(MAKE) --no-print-directory -j2 static-and-fonts
	@$(BIN)/python scripts/prepare_run.py --url http://$(HOST):$(PORT)/ --engines $(STAMPS)/engines --deploy
	@$(call engines_and_gunicorn,--graceful-timeout 20)

# Browser tests drive the system's Chromium; JS unit tests need Node.js; the
# cache tests start their own redis-server (the production cache backend).
system-packages:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; }
	@command -v node >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q nodejs; }
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q redis-server; }
	@# Chinese glyphs for the pages in Chromium (screenshots of the zh-hans pages).
	@fc-list :lang=zh 2>/dev/null | grep -q . || { apt-get update -q && apt-get install -y -q fonts-noto-cjk; }

# The linters and checks run first, so CI catches a broken habit before the suite runs.
test: lint system-packages keys catalogues
	$(BIN)/python -m pytest

# Every speed figure beside its baseline of the same run, on loopback (a few minutes).
bench: install-test keys
	$(BIN)/python manage.py bench

# Drag frame times of the editor in headless Chromium, and the size of its JS and CSS.
bench-editor: install-test system-packages
	$(BIN)/python scripts/bench_editor.py

# The emulator's program: draw+encode speed with sound (720p15, 1080p30, 16 participants, one
# core) beside encode-only, and live programs per core with real db_worker processes.
bench-program: install keys
	$(BIN)/python manage.py bench_program

# A live program as its viewers meet it, against gunicorn and real db_worker processes on
# loopback: Take to visible in Chromium (quiet, then with two more programs live) beside
# the part's duration, and a preview beside 16 program requests of one viewer.
bench-take: install-test system-packages
	$(BIN)/python -m tests.bench.live_program

# Every page a producer works in at 1280x720 and 1440x900 in English and Chinese,
# into var/screenshots/ (the app on its own data folder, the system's Chromium).
screenshots: install-test system-packages keys catalogues
	$(BIN)/python scripts/screenshots.py

# The JavaScript linter and formatter are npm dev tools, pinned in package-lock.json;
# `make lint` (and so `make test`) and `make format` need them, `make run` does not.
JS_DIRS := static/js tests/js

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q npm; }
	npm ci --no-audit --no-fund
	touch $@

# ruff, eslint and prettier; import-linter for the layers (pyproject.toml's contracts);
# mypy over the pure core.
lint: install-test node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint $(JS_DIRS)
	npx --no-install prettier --check $(JS_DIRS)
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install-test node_modules/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	npx --no-install prettier --write $(JS_DIRS)
	npx --no-install eslint --fix $(JS_DIRS)

# The catalogues for translators: Python and templates, then the pages' JavaScript.
# msgmerge keeps every existing translation; a changed string comes back marked fuzzy.
LOCALE_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules
messages: install keys
	@command -v xgettext >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q gettext; }
	mkdir -p locale
	$(BIN)/python manage.py makemessages -l zh_Hans $(LOCALE_IGNORE)
	$(BIN)/python manage.py makemessages -d djangojs -l zh_Hans $(LOCALE_IGNORE)

# The compiled catalogues (.mo, git-ignored) the pages are served from; compilemessages
# skips a catalogue whose .mo is newer than its .po.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

catalogues: $(CATALOGUES)

$(CATALOGUES): %.mo: %.po | install keys
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q gettext; }
	$(BIN)/python manage.py compilemessages $(LOCALE_IGNORE) -v0
