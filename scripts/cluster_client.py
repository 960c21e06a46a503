"""What the rehearsal (scripts/cluster.py) does as an editor: sign in, edit, upload; and its newsletter audience."""

import http.cookiejar
import secrets
import urllib.request
import uuid


def seed_issue(count):
    """An issue with five articles to `count` fresh subscribers (bulk: the rehearsal is about sending)."""
    from django.utils import timezone

    from articles.models import Article
    from newsletter.models import Issue, IssueArticle, NewsletterList, Subscriber, Subscription

    stamp = secrets.token_hex(3)
    articles = list(Article.objects.published().order_by("-publish_at")[:5])
    newsletter = NewsletterList.objects.create(name=f"Rehearsal {stamp}", slug=f"rehearsal-{stamp}")
    issue = Issue.objects.create(newsletter_list=newsletter, subject=f"Rehearsal {stamp}", intro="Hello.")
    IssueArticle.objects.bulk_create([IssueArticle(issue=issue, article=a, position=n) for n, a in enumerate(articles)])
    now = timezone.now()
    for start in range(0, count, 5000):
        people = Subscriber.objects.bulk_create(
            [Subscriber(email=f"r{n:07d}@rehearsal.example", status="active", confirmed_at=now)
             for n in range(start, min(count, start + 5000))]
        )  # fmt: skip
        Subscription.objects.bulk_create([Subscription(subscriber=p, newsletter_list=newsletter) for p in people])
    return issue


class AdminSession:
    """A signed-in editor's browser, reduced to what the checks need (cookies, CSRF, form posts)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path):
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def post(self, path, fields, files=None):
        boundary = uuid.uuid4().hex
        body = b""
        for name, value in {**fields, "csrfmiddlewaretoken": self.csrf()}.items():
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, (filename, content) in (files or {}).items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: image/jpeg\r\n\r\n").encode() + content + b"\r\n"  # fmt: skip
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path})  # fmt: skip
        return self.opener.open(request, timeout=60).read().decode()

    def login(self):
        self.get("/admin/login/")
        page = self.post("/admin/login/?next=/admin/", {"username": "rehearsal", "password": REHEARSAL_PASSWORD})
        if "Log out" not in page and "logout" not in page:
            raise RuntimeError("the rehearsal editor could not sign in")

    def rename_article(self, pk, headline):
        """The admin's own form: every field as the change form has it, the headline changed."""
        from lxml import html as lxml_html

        form = lxml_html.fromstring(self.get(f"/admin/articles/article/{pk}/change/")).forms[-1]
        fields = {k: v for k, v in form.form_values() if k != "csrfmiddlewaretoken"}
        fields["headline"] = headline
        fields["_continue"] = "Save and continue editing"
        self.post(f"/admin/articles/article/{pk}/change/", fields)

    def upload_image(self, content, alt):
        self.get("/admin/articles/image/add/")
        self.post("/admin/articles/image/add/", {"alt_text": alt, "caption": "", "credit": "Rehearsal"},
                  files={"file": ("rehearsal.jpg", content)})  # fmt: skip


REHEARSAL_PASSWORD = secrets.token_urlsafe(16)


def create_editor():
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("rehearsal", "rehearsal@example.com", REHEARSAL_PASSWORD)
