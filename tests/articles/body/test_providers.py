"""Each provider's strict address patterns: what is recognised, what is refused, and the addresses rebuilt."""

import pytest
from django.core.exceptions import ValidationError

from articles.body.providers import FRAME_ORIGINS, recognise


@pytest.mark.parametrize(
    ("pasted", "provider", "original", "frame"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
         "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"),
        ("youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
         "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"),
        ("https://vimeo.com/76979871", "vimeo", "https://vimeo.com/76979871",
         "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://twitter.com/Reuters/status/1790000000000000000", "x", "https://x.com/Reuters/status/1790000000000000000",
         "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true"),
        ("https://x.com/Reuters/status/123?s=20", "x", "https://x.com/Reuters/status/123",
         "https://platform.twitter.com/embed/Tweet.html?id=123&dnt=true"),
        ("https://www.instagram.com/p/C4abc_-12/", "instagram", "https://www.instagram.com/p/C4abc_-12/",
         "https://www.instagram.com/p/C4abc_-12/embed/"),
        ("https://bsky.app/profile/reuters.com/post/3kq2xyzabcd2e", "bluesky",
         "https://bsky.app/profile/reuters.com/post/3kq2xyzabcd2e",
         "https://embed.bsky.app/embed/reuters.com/app.bsky.feed.post/3kq2xyzabcd2e"),
        ("https://datawrapper.dwcdn.net/AbC12/3/", "datawrapper", "https://datawrapper.dwcdn.net/AbC12/3/",
         "https://datawrapper.dwcdn.net/AbC12/3/"),
        ("https://www.datawrapper.de/_/AbC12/", "datawrapper", "https://datawrapper.dwcdn.net/AbC12/",
         "https://datawrapper.dwcdn.net/AbC12/"),
        ("https://public.flourish.studio/visualisation/1234567/", "flourish",
         "https://public.flourish.studio/visualisation/1234567/", "https://flo.uri.sh/visualisation/1234567/embed"),
    ],
)  # fmt: skip
def test_known_addresses_are_recognised_and_rebuilt(pasted, provider, original, frame):
    embed = recognise(pasted)
    assert (embed.provider, embed.url, embed.frame) == (provider, original, frame)


@pytest.mark.parametrize(
    "pasted",
    [
        "javascript:alert(1)",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://x.com.evil.example/Reuters/status/123",
        "https://x.com/Reuters/status/123/../../../admin",
        "https://x.com/Reuters",
        "https://user:pw@x.com/Reuters/status/123",
        "https://x.com:8443/Reuters/status/123",
        "https://www.instagram.com/reuters/",
        "https://bsky.app/profile/reuters.com",
        "https://datawrapper.dwcdn.net/toolongid/1/",
        "https://public.flourish.studio/visualisation/abc/",
        "https://x.com/Reuters/status/1 onload=alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "",
    ],
)
def test_anything_else_is_refused_with_the_reason(pasted):
    with pytest.raises(ValidationError) as refused:
        recognise(pasted)
    assert "not one we can embed" in refused.value.messages[0]


def test_a_placeholder_must_name_the_provider_of_its_address():
    with pytest.raises(ValidationError):
        recognise("https://vimeo.com/76979871", provider="youtube")


def test_the_content_security_policy_frames_exactly_the_providers(settings):
    frames = set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"])
    assert set(FRAME_ORIGINS) | {"https://www.youtube-nocookie.com", "https://player.vimeo.com"} == frames
