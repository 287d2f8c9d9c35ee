# The two commands of the README: `make run` (demo) and `make test` (whole suite).
# Everything they need is installed here: the virtualenv, packages, Debian's chromium and
# faketime, the official homey-api package for the emulator's fidelity tests, migrations, and
# the compiled translations (.mo, built from the committed .po catalogues with Debian's gettext).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MESSAGE_IGNORES := --ignore=tests --ignore=bench --ignore=tools --ignore=staticfiles --ignore=node_modules

.PHONY: run test integration stage-servers lint format chromium faketime gettext messages update-messages official-client clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime messages
	$(BIN)/python manage.py migrate --noinput
	@$(BIN)/python manage.py demo_info --host $(HOST) --port $(PORT) 2>/dev/null || true
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian packages the suite needs, installed when missing: $(call apt,<command>,<package>)
apt = @command -v $(1) >/dev/null 2>&1 || { \
	  echo "Installing Debian's $(2) for the tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2) >/dev/null; }

chromium:
	$(call apt,chromium,chromium)

faketime:
	$(call apt,faketime,faketime)

# PostgreSQL and Redis for the integration stage (started and stopped by the stage itself).
stage-servers:
	$(call apt,pg_ctlcluster,postgresql)
	$(call apt,redis-server,redis-server)

gettext:
	$(call apt,msgfmt,gettext)

# Translations: locale/ (homeydash) and emulator/locale/ (the emulator's Athom pages).
PO := $(wildcard locale/*/LC_MESSAGES/django.po emulator/locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)

%.mo: %.po | gettext
	msgfmt --check -o $@ $<

messages: $(MO)

# After changing a user-facing string: refresh the catalogues, then translate what is new.
update-messages: $(VENV)/.dev gettext
	$(BIN)/python manage.py makemessages -l nl -l de --add-location=file $(MESSAGE_IGNORES)

official-client:
	@sh tests/fidelity/fetch_official_client.sh

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev chromium faketime official-client messages lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	@sh .ci/check-deploy
	$(BIN)/pytest
	@echo "The suite again, without the browser, with the machine's clock 400 days ahead:"
	faketime -m -f '+400d' $(BIN)/pytest -m "not e2e and not bench and not integration" -p no:cacheprovider -q
	@$(MAKE) --no-print-directory integration

# Several gunicorn workers on PostgreSQL + Redis and on SQLite alone, with `python -m emulator`.
integration: $(VENV)/.dev stage-servers
	@sh tools/integration-stage.sh -q

clean:
	rm -rf $(VENV) staticfiles .cache .test-db* $(MO)
