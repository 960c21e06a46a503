"""The newsroom's admin site: Django's, with a code step at sign-in and two-factor enrolment."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.logins import enrolment, views
from portal.logins.policy import CODE, ENROL, READY, two_factor_state
from portal.web.redirects import safe_redirect


class NewsroomAdminSite(admin.AdminSite):
    """Staff get in with their password, then a code when they have an authenticator app.

    `has_permission` is what every admin page asks, so a session that still
    owes a code or (with STAFF_REQUIRE_2FA) an enrolment opens nothing but the
    sign-in and enrolment pages.
    """

    def has_permission(self, request):
        return super().has_permission(request) and two_factor_state(request) == READY

    def get_urls(self):
        own = [
            path("login/code/", views.code_step, {"site": self}, name="login_code"),
            path("two-factor/", enrolment.two_factor, {"site": self}, name="two_factor"),
        ]
        # Django wraps logout in has_permission and answers a session that may not use the admin with a redirect
        # to the index: someone asked to enrol could never sign out. Signing out needs no permission.
        urls = [
            path("logout/", never_cache(self.logout), name="logout") if getattr(url, "name", None) == "logout" else url
            for url in super().get_urls()
        ]
        return own + urls

    def login(self, request, extra_context=None):
        """The password step; staff already signed in who open it are sent on to what they still owe."""
        user = request.user
        if request.method == "GET" and user.is_active and user.is_staff:
            state = two_factor_state(request)
            if state == CODE:
                return views.ask_for_code(request, user, next_url=views.safe_next(request))
            if state == ENROL:
                return safe_redirect(reverse("admin:two_factor", current_app=self.name))
            return safe_redirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return views.PasswordStep.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)
