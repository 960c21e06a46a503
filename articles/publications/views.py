"""Reader pages of the publications: the magazine archive and issues,
research reports and their PDFs."""

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import strip_tags
from django.views import View
from django.views.generic import DetailView, ListView

from articles import social
from articles.changes import articles_mentioned
from articles.models import MagazineContentsEntry, MagazineIssue, ResearchReport
from portal.web import changes
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.pagecache import last_modified_add, surrogate_keys_add
from portal.web.redirects import safe_redirect
from portal.web.views import PublicPageMixin

ISSUES_PER_PAGE = 12
REPORTS_PER_PAGE = 12


def archive_crumb():
    return Crumb("Magazines", reverse("magazines:archive"))


def reports_crumb():
    return Crumb("Research Reports", reverse("reports:list"))


def publications_shown(request, publications, prefix):
    """Declare magazine issues or reports on the page: their keys, covers (and sections), dates."""
    for item in publications:
        surrogate_keys_add(request, f"{prefix}-{item.pk}")
        if item.cover_id:
            surrogate_keys_add(request, f"image-{item.cover_id}")
        if getattr(item, "section_id", None):
            surrogate_keys_add(request, f"section-{item.section_id}")
        last_modified_add(request, item.publish_at, vars(item).get("updated_at"))


class PublicationVisibilityMixin:
    """Readers see published publications; editors also preview the others."""

    model = None
    change_permission = ""

    def visible(self):
        user = self.request.user
        if user.is_authenticated and user.has_perm(self.change_permission):
            return self.model.objects.all()
        return self.model.objects.published()


# --- Magazine ---------------------------------------------------------------


class MagazineArchiveView(PublicPageMixin, ListView):
    """Every published issue's cover, newest first."""

    template_name = "articles/publications/magazine_archive.html"
    context_object_name = "issues"
    paginate_by = ISSUES_PER_PAGE

    def get_queryset(self):
        return MagazineIssue.objects.published().select_related("cover").defer("description")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [home_crumb(), archive_crumb()]
        publications_shown(self.request, context["object_list"], "magazine")
        surrogate_keys_add(self.request, changes.MAGAZINES)
        return context


def magazine_latest(request):
    """The Magazines menu's "Latest Issue": a temporary redirect to the newest issue."""
    issue = MagazineIssue.objects.published().only("slug").first()
    if issue is None:
        raise Http404("No magazine issue has been published yet.")
    return safe_redirect(issue)


class MagazineIssueLookupMixin(PublicationVisibilityMixin):
    """Find an issue by its slug or, for short links like /magazines/79/, its number."""

    model = MagazineIssue
    change_permission = "articles.change_magazineissue"

    def lookup(self, queryset):
        key = self.kwargs["key"]
        if key.isdigit():
            return get_object_or_404(queryset, number=int(key))
        return get_object_or_404(queryset, slug=key)


class MagazineIssueView(MagazineIssueLookupMixin, PublicPageMixin, DetailView):
    """One issue: cover, description, table of contents and the PDF link."""

    template_name = "articles/publications/magazine_issue.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        contents = MagazineContentsEntry.objects.select_related("article__category").defer(
            "article__body", "article__summary"
        )
        queryset = self.visible().select_related("cover").prefetch_related(Prefetch("contents", queryset=contents))
        return self.lookup(queryset)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.kwargs["key"] != self.object.slug:  # /magazines/79/ -> the issue's own address
            return safe_redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        # Drafts and scheduled articles keep their line in the contents but get no link.
        context["contents"] = [
            (entry, entry.article.get_absolute_url() if entry.article and entry.article.is_live else "")
            for entry in issue.contents.all()
        ]
        context["is_preview"] = not issue.is_live
        context["structured_data"] = social.publication_ld(
            self.request,
            issue,
            "PublicationIssue",
            issueNumber=str(issue.number),
            datePublished=issue.issue_date.isoformat(),
            description=strip_tags(issue.description)[:300],
        )
        context["breadcrumbs"] = [home_crumb(), archive_crumb(), Crumb(issue.label, issue.get_absolute_url())]
        publications_shown(self.request, [issue], "magazine")
        articles_mentioned(self.request, [entry.article for entry in issue.contents.all()])
        return context


def pdf_response(publication):
    """Stream a publication's PDF inline, under a readable file name."""
    if not publication.pdf:
        raise Http404("This publication has no PDF.")
    try:
        handle = publication.pdf.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF file is missing.") from None
    response = FileResponse(handle, content_type="application/pdf", filename=publication.pdf_filename())
    response["X-Content-Type-Options"] = "nosniff"
    # The site's policy (object-src 'none') would stop the browser's built-in
    # PDF viewer, which runs as a plugin of this very response; a PDF is not
    # HTML, and X-Frame-Options: DENY still keeps it out of other sites' frames.
    response._csp_exempt = True
    return response


class MagazinePdfView(MagazineIssueLookupMixin, PublicPageMixin, View):
    def get(self, request, key):
        issue = self.lookup(self.visible().only("number", "slug", "pdf"))
        surrogate_keys_add(request, f"magazine-{issue.pk}")
        return pdf_response(issue)


# --- Research reports ---------------------------------------------------------


class ReportListView(PublicPageMixin, ListView):
    """Published research reports, newest first."""

    template_name = "articles/publications/report_list.html"
    context_object_name = "reports"
    paginate_by = REPORTS_PER_PAGE

    def get_queryset(self):
        return ResearchReport.objects.published().select_related("cover", "section")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [home_crumb(), reports_crumb()]
        publications_shown(self.request, context["object_list"], "report")
        surrogate_keys_add(self.request, changes.REPORTS)
        return context


class ReportView(PublicationVisibilityMixin, PublicPageMixin, DetailView):
    template_name = "articles/publications/report_detail.html"
    context_object_name = "report"
    model = ResearchReport
    change_permission = "articles.change_researchreport"

    def get_queryset(self):
        return self.visible().select_related("cover", "section")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["is_preview"] = not report.is_live
        context["structured_data"] = social.publication_ld(
            self.request,
            report,
            "Report",
            datePublished=social.iso(report.publish_at),
            abstract=report.summary,
            about=report.section.name,
        )
        context["breadcrumbs"] = [home_crumb(), reports_crumb(), Crumb(report.title, report.get_absolute_url())]
        publications_shown(self.request, [report], "report")
        return context


class ReportPdfView(PublicationVisibilityMixin, PublicPageMixin, View):
    model = ResearchReport
    change_permission = "articles.change_researchreport"

    def get(self, request, slug):
        report = get_object_or_404(self.visible().only("title", "slug", "pdf"), slug=slug)
        surrogate_keys_add(request, f"report-{report.pk}")
        return pdf_response(report)


# --- Press releases -----------------------------------------------------------
