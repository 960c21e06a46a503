"""The house rules that code review would otherwise have to remember.

Arrows point one way (portal -> articles, portal -> newsletter, newsletter ->
articles), with `portal.web` as the dependency-free helpers every app may
use; "published" is spelled out only in the models; files stay small.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "portal", "newsletter")
MAX_LINES = 400


def python_files(*folders, root=ROOT):
    for folder in folders:
        yield from sorted((root / folder).rglob("*.py"))


def imported_modules(path):
    """Every module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # Module plus name: `from portal import web` is `portal.web`, a name inside a module stays inside it.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def is_part_of(module, package):
    return module == package or module.startswith(f"{package}.")


def forbidden_imports(folder, allowed, root=ROOT):
    """(file, module) for each import of another app of the project that `allowed` does not permit."""
    found = []
    for path in python_files(folder, root=root):
        for module in imported_modules(path):
            app = module.split(".")[0]
            if app in APPS and not is_part_of(module, folder.replace("/", ".")) and not allowed(module):
                found.append((str(path.relative_to(root)), module))
    return sorted(set(found))


def test_articles_imports_neither_newsletter_nor_portal_beyond_its_web_helpers():
    assert forbidden_imports("articles", allowed=lambda module: is_part_of(module, "portal.web")) == []


def test_newsletter_imports_articles_and_the_web_helpers_but_not_portal():
    allowed = lambda module: is_part_of(module, "articles") or is_part_of(module, "portal.web")  # noqa: E731
    assert forbidden_imports("newsletter", allowed=allowed) == []


def test_the_web_helpers_import_no_app():
    assert forbidden_imports("portal/web", allowed=lambda module: False) == []


def test_the_walk_sees_an_import_that_breaks_the_rule(tmp_path):
    """The walker itself: a function-level import of newsletter from articles is caught."""
    package = tmp_path / "articles"
    package.mkdir()
    (package / "bad.py").write_text("def f():\n    from newsletter.models import Issue\n    from portal import web\n")
    found = forbidden_imports("articles", allowed=lambda module: is_part_of(module, "portal.web"), root=tmp_path)
    assert found == [("articles/bad.py", "newsletter.models.Issue")]


def spelled_out_published_rule(path):
    """Calls that combine `Status.PUBLISHED` with a publish-time filter: the rule written by hand."""
    source = path.read_text()
    tree = ast.parse(source, filename=str(path))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            segment = ast.get_source_segment(source, node) or ""
            if "Status.PUBLISHED" in segment and "publish_at" in segment:
                hits.append(node.lineno)
    return hits


def is_models_module(path):
    return path.name == "models.py" or path.parent.name == "models"


def test_published_is_spelled_out_only_in_the_models():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in python_files(*APPS)
        if "migrations" not in path.parts and not is_models_module(path)
        if (lines := spelled_out_published_rule(path))
    }
    assert offenders == {}, "use published_q(prefix), .published(), .approved() or .scheduled()"


def test_the_published_check_finds_a_hand_written_rule(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "qs = Article.objects.filter(status=Article.Status.PUBLISHED).filter(publish_at__lte=now)\n"
        "ok = Article.objects.filter(status=Article.Status.DRAFT)\n"
    )
    assert spelled_out_published_rule(sample) == [1]


@pytest.mark.parametrize("app", APPS)
def test_files_stay_small(app):
    long = {
        str(path.relative_to(ROOT)): count
        for path in python_files(app)
        if "migrations" not in path.parts
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules into a package before they pass {MAX_LINES} lines"


#: Ways to build a redirect other than `portal.web.redirects.safe_redirect`.
REDIRECT_BUILDERS = {
    "redirect",
    "HttpResponseRedirect",
    "HttpResponsePermanentRedirect",
    "HttpResponseRedirectBase",
    "RedirectView",
    "redirect_to_login",
}
REDIRECT_HELPER = ROOT / "portal" / "web" / "redirects.py"


def hand_built_redirects(path):
    """Lines that build a redirect by hand: a call or subclass of Django's builders, or a Location header set."""
    tree = ast.parse(path.read_text(), filename=str(path))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(alias.name in REDIRECT_BUILDERS for alias in node.names):
            hits.append(node.lineno)
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in REDIRECT_BUILDERS and isinstance(getattr(node, "ctx", None), ast.Load):
                hits.append(node.lineno)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            key = node.slice
            if isinstance(key, ast.Constant) and str(key.value).lower() == "location":
                hits.append(node.lineno)
    return sorted(set(hits))


def test_every_redirect_goes_through_the_one_helper():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in python_files(*APPS)
        if "migrations" not in path.parts and path != REDIRECT_HELPER
        if (lines := hand_built_redirects(path))
    }
    assert offenders == {}, "build redirects with portal.web.redirects.safe_redirect (it refuses off-site targets)"


def test_the_redirect_check_finds_each_way_of_building_one(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "from django.shortcuts import redirect\n"  # 1
        "from django import http\n"
        "def a(request):\n"
        "    return http.HttpResponseRedirect('/x/')\n"  # 4
        "def b(request):\n"
        "    response = http.HttpResponse(status=302)\n"
        "    response['Location'] = '//evil.example/'\n"  # 7
        "    return response\n"
        "class C(http.HttpResponsePermanentRedirect):\n"  # 9
        "    pass\n"
        "def d(request):\n"
        "    return safe_redirect('/fine/')\n"
    )
    assert hand_built_redirects(sample) == [1, 4, 7, 9]
