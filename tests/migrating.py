"""Run one app's migrations backwards and forwards on the test database, for tests of data
migrations. Needs `django_db(transaction=True)`: migrations manage their own transactions."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _state_apps(app: str, target: str):
    loader = _executor().loader
    nodes = [node for node in loader.graph.leaf_nodes() if node[0] != app] + [(app, target)]
    return loader.project_state(nodes).apps


@contextmanager
def migrated_back_to(app: str, target: str):
    """Unapply `app`'s migrations after `target` and yield the historical models as they were
    then (`apps.get_model(...)`). Afterwards the database is migrated to the latest state again."""
    _executor().migrate([(app, target)])
    try:
        yield _state_apps(app, target)
    finally:
        executor = _executor()
        executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to(app: str, name: str) -> None:
    _executor().migrate([(app, name)])


def is_applied(app: str, name: str) -> bool:
    return (app, name) in _executor().loader.applied_migrations


def migration_module(app: str, name: str):
    return importlib.import_module(f"{app}.migrations.{name}")
