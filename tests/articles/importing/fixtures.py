"""Fixtures of the import tests, ninjs and WordPress; each folder's conftest.py imports them.

Their material is in tests/articles/importing/material.py.
"""

import pytest

from tests.factories import CategoryFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _import_settings(settings, tmp_path):
    settings.IMPORT_ROOT = tmp_path / "imports"
    settings.IMPORT_DEFAULT_SECTION = "headlines"
    settings.TASKS = IMMEDIATE


@pytest.fixture
def headlines(db):
    return CategoryFactory(name="Headlines", slug="headlines")


@pytest.fixture
def write(tmp_path):
    """Write a document into a throw-away folder and return its path."""

    def _write(name, content):
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return _write
