from tests.articles.importing.fixtures import _import_settings, headlines, write  # noqa: F401
