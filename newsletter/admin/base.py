"""Helpers shared by the newsletter's admin pages."""

from django.template.response import TemplateResponse


def admin_page(model_admin, request, template, title, obj=None, **context):
    """Render one of our own admin pages with the admin's usual context."""
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": title,
            "original": obj,
            "has_view_permission": model_admin.has_view_permission(request, obj),
            **context,
        },
    )


class ReadOnlyAdminMixin:
    """A record nobody edits by hand (consent, deliveries): view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
