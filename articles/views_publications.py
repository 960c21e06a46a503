"""Reader pages of the publications: the magazine archive and issues,
research reports, their PDFs, and the press releases listing."""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.views import View
from django.views.generic import DetailView, ListView

from articles import social
from articles.models import Article, Disclosure, MagazineContentsEntry, MagazineIssue, ResearchReport
from articles.views import ArticleListView, Crumb, PublicPageMixin, home_crumb

#: The disclosure whose articles "Press Release" in the company menu lists.
PRESS_RELEASE_DISCLOSURE = "press-release"
#: The company page that explains how press releases are handled.
PRESS_RELEASE_POLICY_PAGE = "press-release"

ISSUES_PER_PAGE = 12
REPORTS_PER_PAGE = 12


def archive_crumb():
    return Crumb("Magazines", reverse("magazines:archive"))


def reports_crumb():
    return Crumb("Research Reports", reverse("reports:list"))


class PublicationVisibilityMixin:
    """Readers see published publications; editors also preview the others."""

    model = None
    change_permission = ""

    def visible(self):
        user = self.request.user
        if user.is_authenticated and user.has_perm(self.change_permission):
            return self.model.objects.all()
        return self.model.objects.published()


def publication_ld(request, publication, kind, **extra):
    """schema.org data of an issue or report: name, date, cover, and the PDF as an encoding."""
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": publication.title,
        "url": absolute(publication.get_absolute_url()),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        **extra,
    }
    image = social.social_image(publication.cover, request)
    if image:
        data["image"] = image["url"]
    if publication.pdf:
        data["encoding"] = {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": absolute(publication.get_pdf_url()),
        }
    return data


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
        return context


def magazine_latest(request):
    """The Magazines menu's "Latest Issue": a temporary redirect to the newest issue."""
    issue = MagazineIssue.objects.published().only("slug").first()
    if issue is None:
        raise Http404("No magazine issue has been published yet.")
    return redirect(issue)


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
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        # Drafts and scheduled articles keep their line in the contents but get no link.
        context["contents"] = [
            (entry, entry.article.get_absolute_url() if entry.article and entry.article.is_published else "")
            for entry in issue.contents.all()
        ]
        context["is_preview"] = not issue.is_live
        context["structured_data"] = publication_ld(
            self.request,
            issue,
            "PublicationIssue",
            issueNumber=str(issue.number),
            datePublished=issue.issue_date.isoformat(),
            description=strip_tags(issue.description)[:300],
        )
        context["breadcrumbs"] = [home_crumb(), archive_crumb(), Crumb(issue.label, issue.get_absolute_url())]
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
        return pdf_response(self.lookup(self.visible().only("number", "slug", "pdf")))


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
        context["structured_data"] = publication_ld(
            self.request,
            report,
            "Report",
            datePublished=social.iso(report.publish_at),
            abstract=report.summary,
            about=report.section.name,
        )
        context["breadcrumbs"] = [home_crumb(), reports_crumb(), Crumb(report.title, report.get_absolute_url())]
        return context


class ReportPdfView(PublicationVisibilityMixin, PublicPageMixin, View):
    model = ResearchReport
    change_permission = "articles.change_researchreport"

    def get(self, request, slug):
        return pdf_response(get_object_or_404(self.visible().only("title", "slug", "pdf"), slug=slug))


# --- Press releases -----------------------------------------------------------


class PressReleaseListView(ArticleListView):
    """Published articles labelled "Press release", their own or by their section's default."""

    template_name = "articles/publications/press_releases.html"
    subject = "Press Releases"

    def get_queryset(self):
        self.disclosure = Disclosure.objects.filter(slug=PRESS_RELEASE_DISCLOSURE).first()
        if self.disclosure is None:
            return Article.objects.none()
        own = Article.disclosures.through.objects.filter(disclosure=self.disclosure).values("article_id")
        by_section = Q(use_section_disclosure=True, category__default_disclosure=self.disclosure)
        return super().get_queryset().filter(Q(pk__in=own) | by_section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["disclosure"] = self.disclosure
        try:
            context["policy_url"] = reverse("portal:page", kwargs={"slug": PRESS_RELEASE_POLICY_PAGE})
        except NoReverseMatch:  # the company pages are optional for this app
            context["policy_url"] = self.disclosure.policy_url if self.disclosure else ""
        return context

    def get_breadcrumbs(self):
        return [home_crumb(), Crumb(self.subject, reverse("articles:press_releases"))]
