# Partnerstwa: `make run` serves the demo, `make test` passes the tests. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TERYT_FILE := partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv
POPULATION_FILE := partnerstwa/data/gus/ludnosc_wg_ekonomicznych_grup_wieku_2010-2019.csv
DEV_ENV := DEBUG=1

.PHONY: install run test lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The checkout's own settings (git-ignored): a generated SECRET_KEY, so every manage.py command
# the README shows works as written. Kept once written.
.env:
	$(PYTHON) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(64))" > $@

run: install .env
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py import_teryt $(TERYT_FILE)
	$(DEV_ENV) $(PY) manage.py import_population --skip-absent-units $(POPULATION_FILE)
	$(DEV_ENV) $(PY) manage.py load_demo
	$(DEV_ENV) $(PY) manage.py create_demo_staff
	@echo "Portal: http://127.0.0.1:8000/   Staff: http://127.0.0.1:8000/biuro/   Back office: http://127.0.0.1:8000/admin/   Editors (CMS): http://127.0.0.1:8000/cms/"
	$(DEV_ENV) $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py check
	$(VENV)/bin/lint-imports --no-cache

test: lint
	$(VENV)/bin/pytest -m "not browser" -n 2 -p no:cacheprovider -rs

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Polish catalogue after changing interface strings (needs GNU gettext).
messages: install
	cd partnerstwa && $(DEV_ENV) ../$(PY) ../manage.py makemessages -l pl --no-obsolete
	$(DEV_ENV) $(PY) manage.py compile_catalogues

bench: install
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/teryt_import.py
	$(PY) bench/partnerships.py
	$(PY) bench/attendance_import.py
	$(PY) bench/national_scale.py
	$(PY) bench/search.py --scale 0.2
	$(PY) bench/pages.py
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
