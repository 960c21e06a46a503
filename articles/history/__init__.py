"""The public change history of an article ("What changed") and the corrections feed.

Built from what the newsroom already keeps: django-reversion's revisions
(only those saved while the article was published: never drafts, never
revision comments or review notes), the update history (`ArticleUpdate`:
every time "Last updated" moved, with the editor's public note) and the
corrections.
"""
