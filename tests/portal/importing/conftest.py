"""The import tests' fixtures (shared by the ninjs and the WordPress tests)."""

from tests.articles.importing.fixtures import _import_settings, headlines, write  # noqa: F401
