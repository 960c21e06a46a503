"""The newsroom in Django's admin, one module per subject; importing the package registers them all.

Feature packages register their own models (`publications.admin`,
`importing.admin`); the video inline is part of the article form.
"""

from articles.admin import articles, images, taxonomy  # noqa: F401 - registers the models
from articles.alerts import admin as alerts_admin  # noqa: F401
from articles.api import admin as api_admin  # noqa: F401
from articles.breaking import admin as breaking_admin  # noqa: F401
from articles.importing import admin as importing_admin  # noqa: F401
from articles.liveblog import admin as liveblog_admin  # noqa: F401
from articles.publications import admin as publications_admin  # noqa: F401
from articles.sources import admin as sources_admin  # noqa: F401
