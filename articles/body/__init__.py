"""Pictures and embeds inside an article body.

The body stores them as placeholders the sanitizer validates
(`<figure data-image="12">`, `<div data-embed="x" data-url="…">`); the reader
page turns them into a library picture with its renditions, or a
click-to-load block that loads nothing from the provider before the reader
asks (render.py). Feeds, the API and the text edition get a plain figure or
link instead.
"""
