"""The editorial workflow: roles' rules, review states, checks, revisions, previews, presence.

Side effects (state changes, emails, revisions) live in these service
modules; the admin calls them and only decides who may press which button.
"""
