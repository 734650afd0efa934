"""Migrating the test database to a given state and back, for the tests of data migrations."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(target):
    """Migrate the database to `target` ([(app, migration)]) and return the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_the_latest():
    """Apply every migration (the models of the code can then read the database again)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def back_to_the_latest_migrations(transactional_db):
    """Leave the database with every migration applied, whatever the test migrated to."""
    yield
    migrate_to_the_latest()
