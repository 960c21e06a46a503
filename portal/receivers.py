"""What a change of each site-shell model announces, and the caches of the shell that listen.

The mechanism is `portal.web.changes`. The chrome (menus, footer) shows
pages, menu items, sections and the newest magazine issues, so it is
forgotten whenever one of them changes, whoever changed it.

Whole pages are the last to hear of a change (`pages_changed`): the page
cache forgets exactly the pages tagged with the announced keys, and the
proxies in CACHE_PURGE_URLS are told the same keys in the background. The
page cache also learns from the newsroom when scheduled content goes live
(`articles.selectors.seconds_until_release`).
"""

from articles.selectors import seconds_until_release
from portal.models import AwardCategory, AwardsProgramme, MediaKitFile, MenuItem, Milestone, Page, Testimonial, Winner
from portal.selectors import chrome_forget
from portal.web import changes, pagecache, purge


def programme_keys(row):
    programme_id = row.pk if isinstance(row, AwardsProgramme) else row.programme_id
    return [changes.AWARDS, f"awards-{programme_id}"]


def connect():
    changes.watch(Page, keys=lambda page: [f"page-{page.pk}", changes.PAGES, changes.CHROME])
    changes.watch(MenuItem, keys=lambda item: [changes.CHROME])
    for model in (AwardsProgramme, AwardCategory, Milestone, Winner, Testimonial, MediaKitFile):
        changes.watch(model, keys=programme_keys)
    changes.subscribe({changes.CHROME, changes.SECTIONS}, chrome_forget)
    changes.subscribe(changes.everything, pagecache.forget, signal=changes.pages_changed)
    changes.subscribe(changes.everything, purge.proxies_forget, signal=changes.pages_changed)
    pagecache.release_schedule_register(seconds_until_release)
