# Peerplatform: `make run` sets everything up and serves the demo; `make test` lints and tests
# (offline: it never needs the network); `make audit` checks the pinned dependencies (online).
# Needs only Python 3.11+ on PATH as python3; everything else is installed into .venv from uv.lock.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000
# Exported: settings derive SITE_URL (links in e-mails) from it unless SITE_URL is set.
export PORT
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test setup lint format security audit migrate messages makemessages seed clean bench

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet uv

# Install exactly what uv.lock pins (runtime and test dependencies).
$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --inexact --python $(PY)
	@touch $@

setup: $(VENV)/.synced messages

# Compile locale/*/LC_MESSAGES/django.po to .mo (Babel: no GNU gettext needed).
messages: $(VENV)/.synced
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics 2>&1 | grep -v "^compiling" || true

# Developers: refresh the .po files after changing strings (needs GNU gettext).
makemessages: $(VENV)/.synced
	$(PY) manage.py makemessages --locale da --locale en --ignore ".venv/*" --ignore "staticfiles/*" --no-obsolete
	$(PY) scripts/fill_po.py

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.synced
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Security check of the project's own code, offline: bandit, no finding above "low" ([tool.bandit]
# in pyproject.toml leaves out .venv, tests and migrations). Part of `make test`.
security: $(VENV)/.synced
	$(VENV)/bin/bandit -c pyproject.toml -q -r . --severity-level medium

# Dependency audit (needs the network; not part of `make test`): every package uv.lock pins,
# checked against PyPI's vulnerability data. A quick probe first: unreachable data means
# "could not run" (exit 2), never a pass. pip-audit runs first; scripts/audit_dependencies.py fails
# on any known vulnerability and, for packages pip-audit could not reach data for, reads PyPI's
# project pages instead. AUDIT_STRICT=1 also fails on unchecked packages and waiting patch releases.
audit: $(VENV)/.synced
	@$(PY) scripts/audit_dependencies.py --probe
	$(UV) export --frozen --no-hashes --no-emit-project --format requirements-txt --quiet --output-file $(VENV)/audit-requirements.txt
	@$(VENV)/bin/pip-audit --requirement $(VENV)/audit-requirements.txt --disable-pip --no-deps \
		--vulnerability-service pypi --progress-spinner off --format json \
		--output $(VENV)/pip-audit.json 2>/dev/null; \
	$(PY) scripts/audit_dependencies.py $(VENV)/audit-requirements.txt $(VENV)/pip-audit.json

test: setup lint security
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Benchmarks (issue 15; not part of `make test`, see README "Benchmarks"). Two PostgreSQL
# databases: the national-scale data set (seed_bench, built once) and the demo data set, measured
# in the same run. Results: one JSON line per measurement, bench/results/latest.json.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/peerplatform_bench
BENCH_DEMO_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/peerplatform_bench_demo
BENCH_SCALE ?= 1

bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_bench --scale $(BENCH_SCALE) --if-empty
	DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py seed_demo
	$(PY) bench/run.py --database-url $(BENCH_DATABASE_URL) --demo-database-url $(BENCH_DEMO_DATABASE_URL)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
	find locale -name "*.mo" -delete
