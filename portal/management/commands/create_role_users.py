"""Create (or reset) one local account per newsroom role, and print their logins."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.models import Article, Author, Category
from articles.workflow.transitions import article_submit
from portal.roles import ADMINISTRATOR, AUTHOR, CONTRIBUTOR, EDITOR

ACCOUNTS = [
    ("contributor", CONTRIBUTOR, "Casey Contributor"),
    ("author", AUTHOR, "Alex Author"),
    ("desk", EDITOR, "Dana Desk"),
    ("admin", ADMINISTRATOR, "Ari Admin"),
]
DEMO_SLUG = "demo-contributor-draft-in-review"


class Command(BaseCommand):
    help = "Create one staff account per role (Contributor, Author, Editor, Administrator) for local work."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="newsroom-demo", help="Local password (default: newsroom-demo).")
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="Where the site is served.")

    def handle(self, *args, password, site_url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_role_users is for local development only (demo passwords). In production use "
                "`manage.py create_staff_user NAME --role ROLE`, which asks for a password."
            )
        User = get_user_model()
        users = {}
        for username, role, name in ACCOUNTS:
            first, last = name.split(" ", 1)
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
            user.first_name, user.last_name, user.is_staff = first, last, True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            if role in (CONTRIBUTOR, AUTHOR):
                Author.objects.update_or_create(user=user, defaults={"name": name, "slug": username + "-demo"})
            users[role] = user
        self.seed_review(users[CONTRIBUTOR])
        self.stdout.write(self.style.SUCCESS("Role accounts ready (one per role):"))
        self.stdout.write(f"  Admin:    {site_url.rstrip('/')}{reverse('admin:index')}")
        for username, role, name in ACCOUNTS:
            self.stdout.write(f"  {role:<14} {username} / {password}  ({name})")

    def seed_review(self, contributor):
        """One story waiting for review, so the editors' review list is not empty."""
        section = Category.objects.order_by("navigation_order").first()
        if section is None or Article.objects.filter(slug=DEMO_SLUG).exists():
            return
        article = Article.objects.create(
            headline="Regional lenders brace for tighter capital rules",
            slug=DEMO_SLUG,
            category=section,
            summary="Smaller banks say the proposed rules would cut lending to local businesses.",
            body="<p>Regional lenders are preparing for stricter capital requirements.</p>"
            "<p>Supervisors will publish the final text in the spring.</p>",
            created_by=contributor,
        )
        article.authors.set([contributor.author_profile])
        article_submit(article=article, user=contributor)
