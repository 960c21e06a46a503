"""The body editor's two extra toolbar buttons, "Picture" and "Embed" (static/js/admin-body-media.js).

`DJANGO_PROSE_EDITOR_EXTENSIONS` (portal/settings/newsroom.py) loads the
script for them; the allow-list itself is articles/body/sanitize.py.
"""

from articles.body.sanitize import clean_body
from portal.web.fields import RICH_TEXT_EXTENSIONS

BODY_EXTENSIONS = {**RICH_TEXT_EXTENSIONS, "NewsFigure": True, "NewsEmbed": True}
BODY_HELP = (
    "The story. Start with the news; use subheadings for long pieces. “Picture” adds one from the library with its "
    "caption and credit; “Embed” a video, a post or a chart by its address (or paste the address on an empty line)."
)
#: The Article.body field's options: the buttons, the sanitizer that keeps their placeholders, the help.
BODY_FIELD = {"extensions": BODY_EXTENSIONS, "sanitize": clean_body, "help_text": BODY_HELP}
