"""factory-boy factories for the newsroom's models."""

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage

from articles.models import (
    Article,
    Author,
    Category,
    Correction,
    Disclosure,
    FrequentlyAskedQuestion,
    Image,
    KeyTakeaway,
)
from articles.services import image_refresh_renditions


def jpeg_bytes(width=800, height=450, color=(30, 90, 160), fmt="JPEG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.LazyAttribute(lambda o: f"All the news about {o.name}.")
    navigation_order = factory.Sequence(lambda n: n)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = "Covers markets."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image
        skip_postgeneration_save = True

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="picture.jpg"))
    alt_text = factory.Sequence(lambda n: f"A trading floor, picture {n}")
    caption = "Traders at work."
    credit = "Agency/Photographer"

    @factory.post_generation
    def renditions(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            image_refresh_renditions(image=obj)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article (publish time an hour ago) unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Markets move on story number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.headline))
    category = factory.SubFactory(CategoryFactory)
    summary = "Shares rose and bonds fell as investors weighed the central bank's next step."
    body = "<p>Stocks rose on Monday.</p><p>Bond yields fell as traders bet on lower rates.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=1, minutes=n))
    hero_image = None

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.authors.set(extracted)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


class KeyTakeawayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTakeaway

    article = factory.SubFactory(ArticleFactory)
    text = factory.Sequence(lambda n: f"Takeaway {n}.")
    position = factory.Sequence(lambda n: n)


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrequentlyAskedQuestion

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "The answer."
    position = factory.Sequence(lambda n: n)


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure
        django_get_or_create = ["slug"]

    name = "Sponsored content"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    label = "Sponsored"
    explanation = "A sponsor paid for this article."
    policy_url = "/pages/editorial-advertiser-disclosure/"
    is_commercial = True


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misstated the figure."


class ArticleDailyViewsFactory(factory.django.DjangoModelFactory):
    """A day's reading figure for an article (what `flush_view_counts` writes)."""

    class Meta:
        model = "articles.ArticleDailyViews"

    article = factory.SubFactory(ArticleFactory)
    date = factory.LazyFunction(timezone.localdate)
    views = 1


class ArticleVideoFactory(factory.django.DjangoModelFactory):
    """A YouTube video (3:25) on a published article, with a local poster."""

    class Meta:
        model = "articles.ArticleVideo"

    article = factory.SubFactory(ArticleFactory)
    kind = "youtube"
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    video_id = "dQw4w9WgXcQ"
    poster = factory.SubFactory(ImageFactory, alt_text="A presenter in front of a market chart")
    duration = 205
    caption = "The week in markets, explained."
    credit = "Newsportal Video"
