"""Reader pages of the awards: about, timetable, nominations, testimonials, media room, winners, FAQ.

Each page shows the current programme (the newest published one), except
the winners pages, which take a year.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from articles.changes import articles_mentioned
from articles.models import Article
from portal.models import AwardCategory, AwardsProgramme, Winner
from portal.submissions.forms import NominationForm
from portal.submissions.views import SubmissionFormView, ThanksView
from portal.web import changes
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.pagecache import expires_within, surrogate_keys_add
from portal.web.views import PublicPageMixin

#: The awards' own menu, shown on every awards page: (label, route name).
AWARDS_NAV = [
    ("About the Awards", "awards:about"),
    ("Timetable", "awards:timetable"),
    ("Submit Nominations", "awards:nominate"),
    ("Testimonials", "awards:testimonials"),
    ("Media Room", "awards:media"),
    ("Award Winners", "awards:winners"),
    ("FAQ", "awards:faq"),
]


class AwardsContextMixin:
    """The current programme, the awards menu and the breadcrumb for every awards page."""

    title = ""
    route = ""

    def get_programme(self):
        programme = AwardsProgramme.objects.current()
        if programme is None:
            raise Http404("There is no awards programme yet.")
        return programme

    def get_breadcrumbs(self):
        crumbs = [home_crumb(), Crumb("Awards", reverse("awards:about"))]
        if self.route != "awards:about":
            crumbs.append(Crumb(self.title, self.request.path))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("programme", self.programme)
        context.update(
            title=self.title,
            breadcrumbs=self.get_breadcrumbs(),
            awards_nav=[(label, reverse(name), name == self.route) for label, name in AWARDS_NAV],
        )
        surrogate_keys_add(self.request, changes.AWARDS, f"awards-{self.programme.pk}")
        return context


def seconds_to_midnight():
    """Until the date changes: pages that mark past days change then."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


class AwardsPageView(AwardsContextMixin, PublicPageMixin, TemplateView):
    """A public, cacheable awards page about the current programme."""

    def get(self, request, *args, **kwargs):
        self.programme = self.get_programme()
        return super().get(request, *args, **kwargs)


class AboutView(AwardsPageView):
    template_name = "portal/awards/about.html"
    title = "About the Awards"
    route = "awards:about"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = self.programme.categories.all()
        context["window"] = self.programme.window()
        # "Nominations are open" turns into "closed" at a time of its own, with no save.
        now = timezone.now()
        upcoming = [
            when for when in (self.programme.nominations_open_at, self.programme.nominations_close_at) if when > now
        ]
        if upcoming:
            expires_within(self.request, (min(upcoming) - now).total_seconds())
        return context


class TimetableView(AwardsPageView):
    template_name = "portal/awards/timetable.html"
    title = "Awards Timetable"
    route = "awards:timetable"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["milestones"] = self.programme.milestones.all()
        context["today"] = timezone.localdate()
        expires_within(self.request, seconds_to_midnight())
        return context


class TestimonialsView(AwardsPageView):
    template_name = "portal/awards/testimonials.html"
    title = "Testimonials"
    route = "awards:testimonials"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["testimonials"] = self.programme.testimonials.all()
        return context


class MediaRoomView(AwardsPageView):
    template_name = "portal/awards/media.html"
    title = "Media Room"
    route = "awards:media"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        linked = AwardsProgramme.press_releases.through.objects.filter(awardsprogramme=self.programme)
        context["press_releases"] = (
            Article.objects.published()
            .filter(pk__in=linked.values("article_id"))
            .only("headline", "slug", "summary", "publish_at", "category__slug")
            .select_related("category")
            .order_by("-publish_at")
        )
        context["media_kit"] = self.programme.media_kit.all()
        articles_mentioned(self.request, context["press_releases"])
        return context


class FAQView(AwardsPageView):
    template_name = "portal/awards/faq.html"
    title = "Awards FAQ"
    route = "awards:faq"


class WinnersView(AwardsContextMixin, PublicPageMixin, TemplateView):
    """Winners of one year (default: the newest with winners), optionally of one category."""

    template_name = "portal/awards/winners.html"
    title = "Award Winners"
    route = "awards:winners"

    def get(self, request, *args, year=None, category=None, **kwargs):
        with_winners = AwardsProgramme.objects.published().filter(
            Exists(Winner.objects.filter(programme=OuterRef("pk")))
        )
        self.years = list(with_winners.values_list("year", flat=True))
        if year is None:
            # Before the first winners are named, the current programme says so.
            year = self.years[0] if self.years else self.get_programme().year
        self.programme = get_object_or_404(
            AwardsProgramme.objects.published().prefetch_related(
                Prefetch("categories", queryset=AwardCategory.objects.all())
            ),
            year=year,
        )
        categories = list(self.programme.categories.all())
        self.category = None
        if category is not None:
            self.category = next((c for c in categories if c.slug == category), None)
            if self.category is None:
                raise Http404("No such category in that year.")
        winners = self.programme.winners.select_related("logo")
        if self.category:
            winners = winners.filter(category=self.category)
        by_category = {}
        for winner in winners:
            by_category.setdefault(winner.category_id, []).append(winner)
        shown = [self.category] if self.category else categories
        self.groups = [(c, by_category[c.pk]) for c in shown if c.pk in by_category]
        self.categories = categories
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        crumbs = [home_crumb(), Crumb("Awards", reverse("awards:about"))]
        crumbs.append(Crumb("Award Winners", reverse("awards:winners")))
        crumbs.append(Crumb(str(self.programme.year), reverse("awards:winners_year", args=[self.programme.year])))
        if self.category:
            crumbs.append(Crumb(self.category.name, self.request.path))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(years=self.years, groups=self.groups, category=self.category, categories=self.categories)
        logos = (f"image-{winner.logo_id}" for _, winners in self.groups for winner in winners if winner.logo_id)
        surrogate_keys_add(self.request, *logos)
        return context


class NominateView(AwardsContextMixin, SubmissionFormView):
    """The nomination form while the current programme's window is open; otherwise, when it opens or closed.

    A POST outside the window is refused with 403 and the same message; nothing is stored.
    """

    form_class = NominationForm
    template_name = "portal/awards/nominate.html"
    title = "Submit Nominations"
    route = "awards:nominate"
    thanks_url_name = "awards:nominate_thanks"
    submit_label = "Send nomination"

    def dispatch(self, request, *args, **kwargs):
        self.programme = self.get_programme()
        self.window = self.programme.window()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def get_context_data(self, **kwargs):
        if self.window != AwardsProgramme.Window.OPEN:
            kwargs["form"] = None
        context = super().get_context_data(**kwargs)
        context["window"] = self.window
        if self.window == AwardsProgramme.Window.AFTER:
            context["announcement"] = self.programme.milestones.filter(announces_winners=True).first()
        return context

    def post(self, request, *args, **kwargs):
        if self.window != AwardsProgramme.Window.OPEN:
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)


nominate_thanks = ThanksView.as_view(
    title="Thank you for your nomination",
    message="We received your nomination and sent you a confirmation by email. "
    "The judges review every nomination after nominations close.",
    back_url_name="awards:about",
    back_label="Back to the awards",
)
