"""Fill the site with realistic demo content; safe to run again."""

import random
import sys
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.demo import corpus
from articles.demo.illustrations import topic_alt, topic_picture
from articles.demo.labels import demo_labels, demo_labels_upgrade
from articles.demo.pictures import portrait_picture
from articles.demo.stories import adopt_legacy_stories, demo_numbers, unique_slugs
from articles.models import (
    Article,
    ArticleDailyViews,
    Author,
    Category,
    Correction,
    DemoStory,
    Disclosure,
    FrequentlyAskedQuestion,
    Image,
    KeyTakeaway,
    TaggedArticle,
    reading_minutes,
)
from articles.services import image_refresh_renditions, search_index_update
from articles.trustlabels.vocabulary import WorkType
from articles.video.demo import seed_videos
from portal.web import changes

DEMO_CREDIT = "Newsportal demo graphics"
BATCH = 500
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class Command(BaseCommand):
    help = "Create the demo sections, authors, images and articles. Idempotent: run it as often as you like."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=150, help="How many demo articles the site should have (default 150)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for repeatable content.")

    def handle(self, *args, articles, seed, **options):
        if articles < 0:
            self.stderr.write("--articles must be zero or more.")
            sys.exit(2)
        rng = random.Random(seed)
        disclosures = self.disclosures()
        sections = self.sections(disclosures)
        authors = self.authors()
        pictures = self.pictures()
        tags = [Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in corpus.TAGS]
        adopt_legacy_stories()
        self.untangle_disclosures()
        present = demo_numbers()
        missing = [n for n in range(articles) if n not in present]
        self.upgrade_labels(authors)
        if not missing:
            # Content from before the search index existed gets indexed now.
            search_index_update(stale_only=True)
            seed_videos(self.save_picture)
            self.demo_readership(rng)
            self.stdout.write(f"Demo content present: {articles} demo articles.")
            return
        self.stdout.write(f"Writing {len(missing)} demo articles…")
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            with transaction.atomic():
                self.write_batch(batch, articles, rng, sections, authors, pictures, tags, disclosures)
            self.progress(start + len(batch), len(missing))
        # bulk_create sends no model signals: announce the new articles once, and the lists they entered.
        lists = [*(f"list-section-{s.pk}" for s in sections), *(f"list-tag-{t.pk}" for t in tags)]
        lists += [f"list-author-{author.pk}" for author, *_ in authors]
        changes.announce(changes.HOME, changes.LISTINGS, *lists)
        # bulk_create bypasses every per-article path, so index once, at the end.
        self.stdout.write("\nIndexing for search…")
        search_index_update(stale_only=True)
        seed_videos(self.save_picture)
        self.demo_readership(rng)
        self.stdout.write(self.style.SUCCESS(f"Done: {articles} demo articles."))

    def demo_readership(self, rng):
        """A week of made-up reading figures, so the demo's Trending box has stories.

        Written only when the last week has none (real or demo), so real
        counts are never touched and a demo site a month old gets a new week.
        """
        today = timezone.localdate()
        since = today - timedelta(days=6)
        if ArticleDailyViews.objects.filter(date__gte=since).exists():
            return
        recent = list(Article.objects.published().newest_first().values_list("pk", flat=True)[:40])
        rng.shuffle(recent)
        rows = []
        for rank, pk in enumerate(recent):
            popularity = 400 / (rank + 2)  # a long tail: a few stories draw most readers
            for age in range(7):
                views = int(popularity * rng.uniform(0.3, 1.7) / (1 + age / 2))
                if views:
                    rows.append(ArticleDailyViews(article_id=pk, date=today - timedelta(days=age), views=views))
        ArticleDailyViews.objects.bulk_create(rows)

    def upgrade_labels(self, authors):
        """A demo site seeded before types of work existed gets its mix of types and its AI-assisted story."""
        stories = Article.objects.filter(demo_story__isnull=False)
        if stories.exclude(work_type="").exists() or stories.exclude(ai_use="").exists():
            return  # labelled already (by this, or by an editor): never again
        demo = {article.demo_story.number: article for article in stories.select_related("demo_story")}
        if demo_labels_upgrade(demo, lambda n: authors[n % len(authors)][0]):
            self.stdout.write("Demo stories labelled with their types of work.")
            interviews = Category.objects.filter(slug="interviews", default_work_type=WorkType.NEWS)
            ids = list(interviews.values_list("pk", flat=True))
            if interviews.update(default_work_type=WorkType.INTERVIEW):  # update(): no signal, so announce
                changes.announce(changes.HOME, changes.LISTINGS, *(f"section-{pk}" for pk in ids))

    def untangle_disclosures(self):
        """Demo sites seeded before the rule had sponsored wire stories: drop the label the rule refuses."""
        through = Article.disclosures.through
        tangled = through.objects.filter(
            article__demo_story__isnull=False,
            article__use_section_disclosure=True,
            article__category__default_disclosure__written_by__gt="",
            disclosure__written_by__gt="",
        ).exclude(disclosure=F("article__category__default_disclosure"))
        if tangled.exists():
            article_ids = set(tangled.values_list("article_id", flat=True))
            tangled.delete()
            changes.announce(changes.HOME, changes.LISTINGS, *(f"article-{pk}" for pk in article_ids))

    def progress(self, done, total):
        width = 40
        filled = int(width * done / total)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()

    def disclosures(self):
        try:
            policy = reverse("portal:page", kwargs={"slug": "editorial-advertiser-disclosure"})
        except NoReverseMatch:  # the company pages are optional for this app
            policy = ""
        result = {}
        for position, (name, slug, label, explanation, commercial, written_by) in enumerate(corpus.DISCLOSURES):
            disclosure, _ = Disclosure.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "label": label,
                    "explanation": explanation,
                    "is_commercial": commercial,
                    "position": position,
                    "policy_url": policy,
                    "written_by": written_by,
                },
            )
            if policy and not disclosure.policy_url:  # sites seeded before the company pages existed
                disclosure.policy_url = policy
                disclosure.save(update_fields=["policy_url"])
            if written_by and not disclosure.written_by:  # sites seeded before disclosures said who wrote what
                disclosure.written_by = written_by
                disclosure.save(update_fields=["written_by"])
            result[slug] = disclosure
        return result

    def sections(self, disclosures):
        result = []
        for order, (name, slug, description) in enumerate(corpus.SECTIONS):
            # The Headlines desk runs wire copy: its stories carry the agency disclosure.
            default = disclosures["agency-copy"] if slug == "headlines" else None
            section, _ = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "navigation_order": (order + 1) * 10,
                    "default_disclosure": default,
                    "default_work_type": WorkType.INTERVIEW if slug == "interviews" else WorkType.NEWS,
                    "colour": corpus.SECTION_COLOURS.get(slug, ""),
                },
            )
            result.append(section)
        return result

    def authors(self):
        result = []
        for index, (name, _agency, bio) in enumerate(corpus.AUTHORS):
            author, created = Author.objects.get_or_create(slug=slugify(name), defaults={"name": name, "bio": bio})
            if created or author.photo_id is None:
                initials = "".join(part[0] for part in name.split()[:2])
                author.photo = self.save_picture(portrait_picture(index, initials), f"Portrait of {name}")
                author.save(update_fields=["photo"])
            role, expertise, credentials = corpus.AUTHOR_PROFILES.get(name, ("", "", ""))
            if not author.role and role:  # an editor's own profile is kept
                author.role, author.expertise, author.credentials = role, expertise, credentials
                author.save(update_fields=["role", "expertise", "credentials"])
            result.append((author, _agency))
        return result

    def pictures(self):
        """The picture of each demo topic (its subject matches the stories about it), drawn when first needed."""
        have = {image.alt_text: image for image in Image.objects.filter(credit=DEMO_CREDIT)}

        def picture(topic):
            alt = topic_alt(topic)
            if alt not in have:
                have[alt] = self.save_picture(topic_picture(corpus.TOPICS.index(topic), topic), alt)
            return have[alt]

        return picture

    def save_picture(self, content, alt, caption=""):
        image = Image(alt_text=alt, credit=DEMO_CREDIT, caption=caption)
        image.file.save(f"demo/{content.name}", content, save=False)
        image.save()
        return image_refresh_renditions(image=image)

    def write_batch(self, numbers, total, rng, sections, authors, pictures, tags, disclosures):
        now = timezone.now()
        # Spread articles evenly back in time: ~150 over four months, 10,000 over ~three years.
        span_minutes = max(120 * 24 * 60, total * 150)
        articles, extras, planned = [], [], []
        for n in numbers:
            words = self.words(rng)
            section = sections[n % len(sections)]
            headline = rng.choice(corpus.HEADLINE_PATTERNS).format(**words)
            headline = headline[0].upper() + headline[1:]
            age = timedelta(minutes=int(span_minutes * n / max(total, 1)) + rng.randint(0, 90))
            published = now - age
            status = Article.Status.PUBLISHED
            if n in (3, 17):
                status = Article.Status.DRAFT  # drafts an editor is still working on
            if n in (5, 11):
                published = now + timedelta(days=1 + n % 3)  # scheduled stories
            body = self.body(rng, words)
            planned.append(n)
            if n % 10 == 1:  # some stories show a second library picture in the body (articles/body)
                chart = pictures("Equities")  # a market chart: how markets moved fits most of these stories
                figure = f'<figure data-image="{chart.pk}" data-caption="How the market moved."></figure>'
                body = body.replace("</p>\n<h2>", f"</p>\n{figure}\n<h2>", 1)
            article = Article(
                headline=headline[:200],
                slug=slugify(headline),  # made unique below
                category=section,
                source="Reuters" if n % 7 == 0 else "",
                summary=self.summary(rng, words),
                body=Article._meta.get_field("body").sanitize(body),
                hero_image=pictures(words["subject"]),  # a picture of what the story is about
                status=status,
                publish_at=published,
                updated_at=published + timedelta(hours=5)
                if n % 9 == 0 and published < now - timedelta(hours=5)
                else None,
                reading_minutes=reading_minutes(body),
                is_top_story=n % 13 == 0,
                # The byline is written in write_extras, by the same rule: the first author is n's.
                **demo_labels(n, authors[n % len(authors)][0]),
            )
            articles.append(article)
            extras.append((words, n))
        for article, slug in zip(articles, unique_slugs(a.slug for a in articles), strict=True):
            article.slug = slug
        Article.objects.bulk_create(articles)
        DemoStory.objects.bulk_create(DemoStory(number=n, article=a) for n, a in zip(planned, articles, strict=True))
        self.write_extras(articles, extras, rng, authors, tags)
        self.write_trust(articles, extras, disclosures)

    def write_trust(self, articles, extras, disclosures):
        """Label some stories and correct a few, as a real archive would have."""
        through = Article.disclosures.through
        every = {10: "sponsored", 15: "press-release", 19: "guest-post", 23: "affiliate-links", 29: "advertorial"}
        labels, corrections = [], []
        for article, (_words, n) in zip(articles, extras, strict=True):
            default = article.category.default_disclosure
            for step, slug in every.items():
                if n % step == step - 1:
                    if default and default.written_by and disclosures[slug].written_by:
                        break  # wire copy is not also sponsored or a press release: one author per story
                    labels.append(through(article_id=article.pk, disclosure_id=disclosures[slug].pk))
                    break
            if n % 17 == 4 and article.status == Article.Status.PUBLISHED and article.publish_at < timezone.now():
                kind, text = corpus.CORRECTIONS[n % len(corpus.CORRECTIONS)]
                at = article.publish_at + timedelta(hours=6)
                corrections.append(Correction(article=article, kind=kind, text=text, published_at=at))
                article.updated_at = max(article.updated_at or at, at)
        through.objects.bulk_create(labels)
        Correction.objects.bulk_create(corrections)
        Article.objects.bulk_update([c.article for c in corrections], ["updated_at"])

    def write_extras(self, articles, extras, rng, authors, tags):
        takeaways, faqs, tagged, bylines = [], [], [], []
        through = Article.authors.through
        for article, (words, n) in zip(articles, extras, strict=True):
            for position, text in enumerate(rng.sample(corpus.TAKEAWAYS, 3)):
                takeaways.append(KeyTakeaway(article=article, position=position, text=text.format(**words)))
            for position, (question, answer) in enumerate(rng.sample(corpus.FAQS, 2 + n % 2)):
                faqs.append(
                    FrequentlyAskedQuestion(
                        article=article,
                        position=position,
                        question=question.format(**words),
                        answer=answer.format(**words),
                    )
                )
            # The story's own topic first (its body links there), then two more.
            topic = next(t for t in tags if t.name == words["subject"])
            for tag in [topic, *rng.sample([t for t in tags if t is not topic], 2)]:
                tagged.append(TaggedArticle(content_object=article, tag=tag))
            chosen = [authors[n % len(authors)][0]]
            if n % 11 == 0:
                chosen.append(authors[(n + 3) % len(authors)][0])
            bylines.extend(through(article_id=article.pk, author_id=a.pk) for a in chosen)
        KeyTakeaway.objects.bulk_create(takeaways)
        FrequentlyAskedQuestion.objects.bulk_create(faqs)
        TaggedArticle.objects.bulk_create(tagged)
        through.objects.bulk_create(bylines)

    def words(self, rng):
        subject = rng.choice(corpus.TOPICS)
        return {
            "subject": subject,
            "company": rng.choice(corpus.COMPANIES),
            "topic": subject.lower(),
            "place": rng.choice(corpus.PLACES),
            "weekday": rng.choice(WEEKDAYS),
        }

    def summary(self, rng, words):
        return rng.choice(corpus.SUMMARIES).format(**words)

    def body(self, rng, words):
        parts = [f"<p>{rng.choice(corpus.OPENINGS).format(**words)}</p>"]
        paragraphs = rng.sample(corpus.PARAGRAPHS, 7)
        for index, paragraph in enumerate(paragraphs):
            if index in (2, 5):
                parts.append(f"<h2>{rng.choice(corpus.SUBHEADINGS)}</h2>")
            parts.append(f"<p>{paragraph}</p>")
        tag_url = reverse("articles:tag", kwargs={"slug": slugify(words["topic"])})
        parts.append(
            f'<p>Read more of our coverage of <a href="{tag_url}">{words["topic"]}</a>, '
            f'and tell us what you think at <a href="mailto:newsroom@example.com">newsroom@example.com</a>.</p>'
        )
        return "\n".join(parts)
