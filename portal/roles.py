"""The newsroom's roles, defined once: which permissions each group holds.

Rules are per app (and per model where it matters), not lists of
permissions, so models added to `articles`, `newsletter` or `portal`
are covered the next time `migrate` runs: the post_migrate receiver
in `portal.apps` re-syncs the groups. Enforcement in the admin reads the
permissions (e.g. `articles.publish_article`), never the group names.
"""

CONTRIBUTOR = "Contributor"
AUTHOR = "Author"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"

# What a writer needs to fill in an article: its own permissions, plus seeing
# (for the autocompletes) and uploading pictures.
WRITER_PERMISSIONS = {
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_category",
    "articles.view_author",
    "articles.view_disclosure",
    "articles.add_image",
    "articles.view_image",
    "articles.add_keytakeaway",
    "articles.change_keytakeaway",
    "articles.delete_keytakeaway",
    "articles.view_keytakeaway",
    "articles.add_frequentlyaskedquestion",
    "articles.change_frequentlyaskedquestion",
    "articles.delete_frequentlyaskedquestion",
    "articles.view_frequentlyaskedquestion",
    # A video story's video (upload or YouTube/Vimeo address) is part of the article.
    "articles.add_articlevideo",
    "articles.change_articlevideo",
    "articles.delete_articlevideo",
    "articles.view_articlevideo",
    # Sources and methods (the note and the cited links) are part of the article too.
    "articles.add_sourcesnote",
    "articles.change_sourcesnote",
    "articles.delete_sourcesnote",
    "articles.view_sourcesnote",
    "articles.add_sourcelink",
    "articles.change_sourcelink",
    "articles.delete_sourcelink",
    "articles.view_sourcelink",
    # The story's hand-picked related stories (an inline of its form).
    "articles.add_relatedstory",
    "articles.change_relatedstory",
    "articles.delete_relatedstory",
    "articles.view_relatedstory",
    "taggit.view_tag",
}

# Apps whose every permission an editor holds (newsroom, newsletter, tags,
# and the site's editorial content in portal), present and future.
EDITOR_APPS = {"articles", "newsletter", "taggit", "portal"}
#: Models of those apps that are not editorial: partner API keys (articles/api) are for administrators.
ADMINISTRATOR_MODELS = {("articles", "apikey")}


def role_allows(role, app_label, codename):
    """Whether `role` holds the permission `app_label.codename`."""
    name = f"{app_label}.{codename}"
    if role == ADMINISTRATOR:
        return True
    if role == EDITOR:
        model = codename.split("_", 1)[-1]
        return app_label in EDITOR_APPS and (app_label, model) not in ADMINISTRATOR_MODELS
    if role == AUTHOR:
        return name in WRITER_PERMISSIONS or name == "articles.change_published_article"
    if role == CONTRIBUTOR:
        return name in WRITER_PERMISSIONS
    return False


ROLES = [CONTRIBUTOR, AUTHOR, EDITOR, ADMINISTRATOR]


def roles_sync(*, group_model, permission_model):
    """Create the role groups and give each exactly the permissions its rule allows.

    Idempotent. Takes the models (or their managers) as arguments so the data
    migration can pass its historical ones. Groups with other names are left alone.
    """
    groups = getattr(group_model, "objects", group_model)
    permissions = list(getattr(permission_model, "objects", permission_model).select_related("content_type"))
    for role in ROLES:
        group, _ = groups.get_or_create(name=role)
        wanted = [p for p in permissions if role_allows(role, p.content_type.app_label, p.codename)]
        group.permissions.set(wanted)
