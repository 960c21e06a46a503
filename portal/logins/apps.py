"""Django's admin app with the newsroom's admin site as the default `admin.site`."""

from django.contrib.admin.apps import AdminConfig
from django.core import checks


class NewsroomAdminConfig(AdminConfig):
    """Every `admin.site.register(...)` of the project lands on `NewsroomAdminSite`."""

    default_site = "portal.logins.site.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from portal.logins.checks import two_factor_required_in_production

        checks.register(two_factor_required_in_production, checks.Tags.security, deploy=True)
