"""Signal receivers of the site shell.

The Magazines dropdown lists the newest issues from the cached chrome.
Articles may not import portal, so portal listens for issues being saved or
deleted and forgets the chrome (once the transaction commits).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import MagazineIssue
from portal.services import chrome_clear


@receiver([post_save, post_delete], sender=MagazineIssue, dispatch_uid="portal_chrome_on_issue_change")
def issue_changed(sender, **kwargs):
    chrome_clear()
