from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def roles_resync(sender, using="default", **kwargs):
    """Keep the role groups current as apps add models.

    post_migrate is sent once per app; only the last app's signal comes
    after auth has created the permissions of every app.
    """
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from django.contrib.auth.models import Group, Permission

    from portal.roles import roles_sync

    roles_sync(group_model=Group.objects.db_manager(using), permission_model=Permission.objects.db_manager(using))


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import receivers
        from portal.importing import jobs  # noqa: F401 - registers the WordPress import job
        from portal.web import checks, logs  # noqa: F401 - checks: registers the deploy checks

        receivers.connect()
        logs.connect_task_signals()

        post_migrate.connect(roles_resync, dispatch_uid="portal.roles_resync")
