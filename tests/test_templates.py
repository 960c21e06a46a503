"""The template conventions: short lines, and partials in an includes/ folder.

A partial lives in the includes/ folder of the narrowest template folder that
holds every template using it (site-wide ones in templates/includes/); a base
template is called base.html. So no template name starts with "_", and every
`{% include %}` names a template inside an includes/ folder.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
MAX_LINE = 160
SUFFIXES = {".html", ".txt", ".xml"}
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def template_files(root=TEMPLATES):
    return sorted(path for path in root.rglob("*") if path.is_file() and path.suffix in SUFFIXES)


def long_lines(root=TEMPLATES):
    """(template, line number, length) of every line over MAX_LINE characters."""
    return [
        (str(path.relative_to(root)), number, len(line))
        for path in template_files(root)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > MAX_LINE
    ]


def underscore_names(root=TEMPLATES):
    return [str(path.relative_to(root)) for path in template_files(root) if path.name.startswith("_")]


def includes_outside_includes(root=TEMPLATES):
    """(template, included name) for each include of a template that is not in an includes/ folder."""
    return [
        (str(path.relative_to(root)), name)
        for path in template_files(root)
        for name in INCLUDE.findall(path.read_text())
        if "includes" not in Path(name).parts[:-1]
    ]


def test_no_template_line_is_longer_than_160_characters():
    assert long_lines() == [], (
        f"break template lines over {MAX_LINE} characters at a tag or attribute boundary, "
        "where the break adds no text to the page"
    )


def test_no_template_name_starts_with_an_underscore():
    assert underscore_names() == [], "a partial belongs in an includes/ folder, a layout is called base.html"


def test_every_included_template_is_in_an_includes_folder():
    assert includes_outside_includes() == []


def test_the_checks_find_what_breaks_the_rules(tmp_path):
    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "_box.html").write_text("short\n" + "x" * (MAX_LINE + 1) + "\n")
    (tmp_path / "portal" / "page.txt").write_text(
        '{% include "portal/_box.html" %}{% include "portal/includes/ok.html" with a=1 %}\n' + "y" * MAX_LINE + "\n"
    )
    (tmp_path / "portal" / "notes.md").write_text("z" * 500)
    assert long_lines(tmp_path) == [("portal/_box.html", 2, MAX_LINE + 1)]
    assert underscore_names(tmp_path) == ["portal/_box.html"]
    assert includes_outside_includes(tmp_path) == [("portal/page.txt", "portal/_box.html")]
