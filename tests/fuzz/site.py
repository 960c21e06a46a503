"""A small seeded site for the fuzz suite: one of everything a URL can name, so generated
parameters hit real objects as well as missing ones."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, LegacyRedirect
from articles.workflow.preview import preview_link_create
from newsletter.models import ConsentRecord, Issue, IssueLink
from newsletter.services.issues import issue_email
from newsletter.tokens import clicker_tag, confirm_token, link_token, manage_token, open_token
from portal.roles import CONTRIBUTOR
from tests.articles.publications.factories import MagazineIssueFactory, ResearchReportFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    DisclosureFactory,
    ImageFactory,
)
from tests.newsletter.factories import ConsentRecordFactory, IssueFactory, NewsletterListFactory, SubscriberFactory
from tests.portal.awards.data import make_programme
from tests.portal.factories import MenuItemFactory, PageFactory


@dataclass
class FuzzSite:
    """What was seeded, and the real values each kind of URL parameter can take."""

    contributor: object
    values: dict = field(default_factory=dict)  # converter kind -> real values
    objects: dict = field(default_factory=dict)


def seed(user_model):
    """A section with a sub-section, a tag, an author, a few articles, a page, an issue, and the rest."""
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    banking = CategoryFactory(name="Banking", slug="banking", parent=business, navigation_order=2)
    author = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    picture = ImageFactory()
    sponsored = DisclosureFactory(slug="press-release", label="Press release", is_commercial=True)
    live = ArticleFactory(
        headline="Oil prices climb as supply talks stall",
        slug="oil-prices-climb",
        category=business,
        hero_image=picture,
        authors=[author],
        tags=["Oil", "Zürich"],
        source="Reuters",
    )
    ArticleFactory(headline="Lenders brace for capital rules", slug="lenders-brace", category=banking, tags=["Oil"])
    press = ArticleFactory(headline="Company results", slug="company-results", category=business)
    press.disclosures.add(sponsored)
    draft = ArticleFactory(headline="A draft", slug="a-draft", category=business, status=Article.Status.DRAFT)
    ArticleFactory(
        headline="Embargoed figures", slug="embargoed", category=business, publish_at=timezone.now() + timedelta(days=2)
    )
    CorrectionFactory(article=live)
    page = PageFactory(title="About Us", slug="about-us")
    PageFactory(title="Contact Us", slug="contact-us")
    MenuItemFactory(label="About", page=page)
    magazine = MagazineIssueFactory(number=79, slug="the-payments-race")
    report = ResearchReportFactory(slug="payments-study", section=banking)
    programme = make_programme(year=timezone.now().year, window="open")
    daily = NewsletterListFactory(name="Daily Headlines", slug="daily", is_default=True)
    subscriber = SubscriberFactory(email="reader@example.com", lists=[daily])
    consent = ConsentRecordFactory(subscriber=subscriber)
    consent.lists.add(daily)
    ConsentRecordFactory(subscriber=subscriber, action=ConsentRecord.Action.CONFIRMED)
    sent = IssueFactory(newsletter_list=daily, subject="Morning briefing", status=Issue.Status.SENT, articles=[live])
    sent.started_at = timezone.now() - timedelta(hours=3)
    sent.save(update_fields=["started_at"])
    LegacyRedirect.objects.create(old_path="/2019/05/old-post/", article=live)
    LegacyRedirect.objects.create(old_path="/old-markets/", target_path="/latest/")

    contributor = user_model.objects.create_user(
        "fuzz-contributor", "contributor@example.com", "pw-for-tests-only", is_staff=True
    )
    contributor.groups.add(Group.objects.get(name=CONTRIBUTOR))
    AuthorFactory(name="Casey Contributor", slug="casey-contributor", user=contributor)
    own = ArticleFactory(headline="My draft", slug="my-draft", category=business, status=Article.Status.DRAFT)
    own.created_by = contributor
    own.save(update_fields=["created_by"])
    preview = preview_link_create(article=draft, user=contributor)

    pks = sorted(
        {obj.pk for obj in (business, banking, author, picture, live, draft, own, page, magazine, report, programme)}
        | {daily.pk, subscriber.pk, sent.pk, consent.pk, contributor.pk}
    )
    slugs = [
        business.slug,
        banking.slug,
        author.slug,
        live.slug,
        draft.slug,
        page.slug,
        magazine.slug,
        str(magazine.number),
        report.slug,
        "oil",
        "category-0",
        "rss",
        "atom",
        "articles",
        "newsletter",
        "portal",
    ]
    tokens = [preview.token, confirm_token(consent), manage_token(subscriber), f"{manage_token(subscriber)}x"]
    # The sent issue's tracked links (the click redirect) and its open image, genuine and altered.
    issue_email(sent)
    link = IssueLink.objects.filter(issue=sent).first()
    tokens += [link_token(sent.pk, link.pk), f"{link_token(sent.pk, link.pk)}0", clicker_tag(sent.pk, subscriber),
               open_token(sent.pk)]  # fmt: skip
    renditions = [path for sizes in picture.renditions.values() for path in sizes.values()]
    files = [picture.file.name, magazine.pdf.name, report.pdf.name, *renditions[:3]]
    return FuzzSite(
        contributor=contributor,
        values={
            "int": [str(pk) for pk in pks] + [str(programme.year), str(programme.year - 1)],
            "slug": slugs,
            "uslug": [*slugs, "zürich"],
            "str": tokens + slugs,
            "path": files + [str(pk) for pk in pks],
            "feedformat": ["rss", "atom"],
        },
        objects={"programme": programme, "subscriber": subscriber, "consent": consent, "preview": preview},
    )
