"""Every reader page passes axe (no serious or critical violations) and the Nu HTML checker."""

import json
import subprocess

import pytest
from django.urls import reverse

from tests.browser.conftest import AXE_JS, VNU_JAR

#: Reader pages, as functions of the `newsroom` fixture.
PAGES = {
    "home": lambda n: reverse("home"),
    "section": lambda n: n["section"].get_absolute_url(),
    "article": lambda n: n["article"].get_absolute_url(),
    "tag": lambda n: reverse("articles:tag", kwargs={"slug": "oil"}),
    "tag-index": lambda n: reverse("articles:tags"),
    "author": lambda n: n["author"].get_absolute_url(),
    "not-found": lambda n: "/business/no-such-story/",
    "labelled-article": lambda n: n["labelled"].get_absolute_url(),
    "corrections": lambda n: reverse("articles:corrections"),
}
STATUS = {"not-found": 404}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def site(newsroom):
    """The newsroom plus a sponsored story that carries a correction."""
    from tests.factories import ArticleFactory, CorrectionFactory, DisclosureFactory

    labelled = ArticleFactory(category=newsroom["section"], headline="Partner bank launches a savings app")
    labelled.disclosures.add(DisclosureFactory())
    CorrectionFactory(article=labelled, text="An earlier version gave the wrong interest rate.")
    return {**newsroom, "labelled": labelled}


def describe(violation):
    """One violation as lines a developer can act on."""
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"]
    for node in violation["nodes"][:10]:
        lines.append(f"    at {' '.join(node['target'])}: {node['html'][:200]}")
        if node.get("failureSummary"):
            lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_axe_violations(name, open_context, console, site):
    # axe is injected as a script, which the site's CSP rightly refuses, so
    # this context bypasses the CSP (the journeys keep it on).
    page = open_context(bypass_csp=True).new_page()
    response = page.goto(PAGES[name](site))
    assert response.status == STATUS.get(name, 200)
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious/critical problems on {name} ({page.url}):\n" + "\n".join(
        describe(v) for v in blocking
    )
    console.assert_clean()


def run_vnu(paths):
    """Run the Nu checker once over all files; return its messages."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar did not produce a JSON report (exit {result.returncode}):\n{result.stderr}")
    return report["messages"]


def test_pages_are_valid_html(browser_tools, client, site, tmp_path):
    paths = []
    for name, url in PAGES.items():
        response = client.get(url(site))
        assert response.status_code == STATUS.get(name, 200), f"{name}: {url(site)} gave {response.status_code}"
        assert response["Content-Type"].startswith("text/html")
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_bytes(response.content)

    messages = run_vnu(paths)  # once for all pages: the JVM is slow to start
    problems = [
        # vnu names files "file:/tmp/.../article.html"; the stem is the page's name.
        f"{m.get('url', '?').rsplit('/', 1)[-1].removesuffix('.html')} page, line {m.get('lastLine', '?')}: "
        f"{m['type']}: {m['message']}" + (f"\n    {m['extract'].strip()}" if m.get("extract") else "")
        for m in messages
        if m["type"] != "info"
    ]
    assert not problems, "the Nu HTML checker found errors:\n" + "\n".join(problems)
