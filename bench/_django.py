"""Shared set-up for benchmarks: Django configured, a fresh test database, JSON out."""

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerplatform.settings")


@contextmanager
def test_database():
    """Create a throw-away test database (like the test runner does) and drop it afterwards."""
    import django
    from django.test.utils import setup_databases, teardown_databases

    django.setup()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


@contextmanager
def timer(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = round(time.perf_counter() - start, 4)


def emit(results: dict) -> None:
    print(json.dumps(results, indent=2, sort_keys=True))
