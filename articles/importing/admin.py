"""The admin's import page: upload ninjs or a WordPress export, follow the job, read the summary."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.models import Article, Category, ImportJob, LegacyRedirect
from portal.web.redirects import safe_redirect

EXTENSIONS = {ImportJob.Kind.NINJS: (".json", ".zip"), ImportJob.Kind.WORDPRESS: (".xml",)}


class ImportUploadForm(forms.Form):
    """What an editor chooses on the import page."""

    kind = forms.ChoiceField(
        label="Format",
        choices=ImportJob.Kind.choices,
        widget=forms.RadioSelect,
        help_text="ninjs: one wire story (.json) or a .zip of them. WordPress: the .xml from Tools → Export.",
    )
    file = forms.FileField(
        help_text=f"At most {settings.IMPORT_MAX_UPLOAD_MB} MB. Kept outside the public media folder.",
    )
    section = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        help_text=f"Where wire stories go, and WordPress posts without a category "
        f"(default: “{settings.IMPORT_DEFAULT_SECTION}”).",
    )
    status = forms.ChoiceField(
        choices=[(Article.Status.PUBLISHED, "Published"), (Article.Status.DRAFT, "Draft")],
        initial=Article.Status.PUBLISHED,
        help_text="ninjs only: WordPress posts keep their own state (draft, scheduled, published).",
    )
    permalinks = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"size": 40, "placeholder": "/%category%/%postname%/"}),
        help_text="WordPress only: the old permalink structure, e.g. /%category%/%postname%/ "
        "(also %year%, %monthnum%, %day%, %post_id%); old addresses then redirect to the new articles.",
    )

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload is None or kind is None:
            return data
        limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            self.add_error("file", f"This file is larger than {settings.IMPORT_MAX_UPLOAD_MB} MB.")
        if Path(upload.name).suffix.lower() not in EXTENSIONS[kind]:
            wanted = " or ".join(EXTENSIONS[kind])
            self.add_error("file", f"A {ImportJob.Kind(kind).label} import needs a {wanted} file.")
        if not data.get("section") and not Category.objects.filter(slug=settings.IMPORT_DEFAULT_SECTION).exists():
            self.add_error("section", "Choose a section: the default section does not exist.")
        return data


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Jobs are made by the upload page and only read afterwards."""

    list_display = ["__str__", "status", "created", "updated", "unchanged", "skipped", "failed", "created_at"]
    list_filter = ["kind", "status"]

    def _may_import(self, request):
        return request.user.has_perm("articles.import_content")

    def has_module_permission(self, request):
        return self._may_import(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_import(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may_import(request)

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = self._start(request, form.cleaned_data)
            messages.success(request, "The import has started; this page shows its progress.")
            return safe_redirect("admin:articles_importjob_change", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import content",
            "form": form,
        }
        return TemplateResponse(
            request, "admin/articles/import_upload.html", context, status=400 if form.errors else 200
        )

    def _start(self, request, data):
        from articles.importing.tasks import run_import_job

        upload = data["file"]
        job = ImportJob(
            kind=data["kind"],
            original_name=Path(upload.name).name[:255],
            created_by=request.user,
            options={
                "section": data["section"].slug if data.get("section") else "",
                "status": data["status"],
                "permalinks": data.get("permalinks", ""),
            },
        )
        job.file.save(Path(upload.name).name, upload, save=False)
        job.save()
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The admin's own lookup: an id that is not a number is a 404, not a ValueError (500).
        job = self.get_object(request, unquote(object_id))
        if job is None:
            raise Http404("No such import.")
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(job),
            "job": job,
            "refresh": not job.is_finished,
            "counts": [(n, getattr(job, n)) for n in ("created", "updated", "unchanged", "skipped", "failed")],
        }
        return TemplateResponse(request, "admin/articles/import_job.html", context)


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "target"]
    search_fields = ["old_path", "target_path", "article__headline"]
    autocomplete_fields = ["article"]

    @admin.display(description="leads to")
    def target(self, obj):
        if not obj.target_is_allowed:
            # A row stored before targets were checked: shown, never linked (and never followed).
            return format_html("{} <strong>(refused: not on this site; edit or delete it)</strong>", obj.target_url)
        return format_html("<a href='{}'>{}</a>", obj.target_url, obj.target_url)
