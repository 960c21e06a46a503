from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from newsletter import changes, receivers  # noqa: F401 - receivers: the anymail webhooks

        changes.connect()

        from newsletter.metrics import send_progress
        from portal.web.metrics import register_collector

        register_collector(send_progress)
