"""The newsletter in Django's admin: lists, subscribers, issues, suppressions, consent."""

# Importing the modules registers their model admins.
from newsletter.admin import issues, lists, records, subscribers, suppressions  # noqa: F401
