"""The two page checks every browser test module runs: axe-core and the Nu checker."""

import json
import subprocess

import pytest

from tests.browser.support import AXE_JS, VNU_JAR

BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violation):
    """One axe violation as lines a developer can act on."""
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"]
    for node in violation["nodes"][:10]:
        lines.append(f"    at {' '.join(node['target'])}: {node['html'][:200]}")
        if node.get("failureSummary"):
            lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def serious_axe_violations(page):
    """Inject axe-core into the open page; its serious and critical violations.

    axe is injected as a script, which the site's CSP rightly refuses, so the
    page's context must bypass the CSP (the journeys keep it on).
    """
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def axe_report(name, violations):
    return f"axe found serious/critical problems on {name}:\n" + "\n".join(map(describe, violations))


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


def html_problems(documents, tmp_path):
    """Check {page name: HTML bytes} with the Nu checker in ONE run (the JVM is
    slow to start); return its errors as readable lines, empty when valid."""
    paths = []
    for name, html in documents.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_bytes(html)
    return [
        # vnu names files "file:/tmp/.../article.html"; the stem is the page's name.
        f"{m.get('url', '?').rsplit('/', 1)[-1].removesuffix('.html')} page, line {m.get('lastLine', '?')}: "
        f"{m['type']}: {m['message']}" + (f"\n    {m['extract'].strip()}" if m.get("extract") else "")
        for m in run_vnu(paths)
        if m["type"] != "info"
    ]


def assert_valid_html(documents, tmp_path):
    problems = html_problems(documents, tmp_path)
    assert not problems, "the Nu HTML checker found errors:\n" + "\n".join(problems)
