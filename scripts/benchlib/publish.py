"""Publish-to-visible: an editor's change committed in another process, timed until readers see it."""

import subprocess
import sys
import threading
import time
import urllib.request

EDIT = """
import sys, time
from django.db import transaction
from articles.models import Article
from portal.web.purge import sender
article = Article.objects.get(pk={pk})
before = article.headline
article.headline = before[:150] + " ({token})"
with transaction.atomic():
    article.save()
print(time.time(), flush=True)  # committed: the purges are on their way
sender.wait()
time.sleep({hold})
article.headline = before
article.save()
sender.wait()
"""


def _watch(url, token, found, deadline):
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if token in response.read().decode():
                    found[url] = time.time()
                    return
        except OSError:
            pass
        time.sleep(0.01)


def publish_latency(root, env, pk, urls, hold=5.0):
    """Edit article `pk`'s headline in a separate process; seconds until each of `urls` shows it."""
    token = f"edit {time.time_ns()}"
    found = {}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", EDIT.format(pk=pk, token=token, hold=hold)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    watchers = [threading.Thread(target=_watch, args=(url, token, found, deadline)) for url in urls]
    for watcher in watchers:
        watcher.start()
    committed = None
    for line in process.stdout:  # the shell may print its own lines first (Django's automatic imports)
        try:
            committed = float(line.strip())
            break
        except ValueError:
            continue
    for watcher in watchers:
        watcher.join()
    process.wait(timeout=120)
    if committed is None:
        raise RuntimeError("the editor's process did not report its commit")
    return {url: found[url] - committed if url in found else None for url in urls}
