# QMS for French local authorities. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and make: everything else is installed into .venv.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: run install migrate demo test test-postgres bench lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "Intranet: http://127.0.0.1:$(PORT)/   Back office: http://127.0.0.1:$(PORT)/admin/"
	@echo "Demo logins (password 'demo'): qualite, pilote, agent, auditeur, direction"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in parallel, one pytest-xdist process per CPU (TEST_WORKERS=0 for one
# process); then, in one process of their own, the tests that drive a real Celery worker
# over Redis (skipped without CELERY_BROKER_URL=redis://...). Exit code 5 is "no test
# selected", when PYTEST_ARGS picks none of them.
TEST_WORKERS ?= auto

test: install
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not celery_worker" $(PYTEST_ARGS)
	$(PY) -m pytest -m celery_worker $(PYTEST_ARGS) || [ $$? -eq 5 ]

bench: install
	DEBUG=1 $(PY) bench/documents.py
	DEBUG=1 $(PY) bench/indicators.py
	DEBUG=1 $(PY) bench/actions.py
	DEBUG=1 $(PY) bench/reviews.py
	DEBUG=1 $(PY) bench/innovation.py
	DEBUG=1 $(PY) bench/readiness.py

lint: install
	$(VENV)/bin/ruff check .

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l fr --ignore=.venv --ignore=bench --ignore=tests
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
