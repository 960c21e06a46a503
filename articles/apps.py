import mimetypes

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import changes
        from articles.alerts import checks as alert_checks  # noqa: F401 - registers the VAPID key checks
        from articles.credentials import checks  # noqa: F401 - registers the content-credentials checks
        from articles.workflow import revisions  # noqa: F401 - registers the models with django-reversion

        changes.connect()
        # Sidecar content credentials (C2PA) are served, locally or from a bucket, as their own type.
        mimetypes.add_type("application/c2pa", ".c2pa")
