"""IPTC ninjs 1.x, 2.x and 3.x: version detection and mapping to `common.Story`.

Only what the importer reads is checked (identity, type, texts, dates,
associations); properties it does not use are tolerated, as a lenient reader
should be. Each check failing gives a reason an editor can act on.
"""

import json
import os
import re
import zipfile
from pathlib import Path

from articles.importing.common import DocumentError, Picture, Story, parse_when

TEXT_TYPES = {"text", "composite"}
KNOWN_TYPES = {"text", "audio", "video", "picture", "graphic", "composite", "component", "event", "planning"}
PUBSTATUSES = {"usable", "withheld", "canceled"}
#: Real documents nest a handful of levels (associations of associations); far more is an attack.
MAX_DEPTH = 64


def parse(raw):
    """The JSON object in `raw` (bytes or str), or DocumentError."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DocumentError(f"not UTF-8 text (byte {error.start})") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as error:
        raise DocumentError(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise DocumentError(f"the JSON nests deeper than {MAX_DEPTH} levels; no ninjs document does") from None
    if not isinstance(doc, dict):
        raise DocumentError(f"a ninjs document is a JSON object, this is a JSON {type(doc).__name__}")
    if _depth(doc) > MAX_DEPTH:
        # The reader walks documents recursively; a hostile one must not exhaust the stack.
        raise DocumentError(f"the JSON nests deeper than {MAX_DEPTH} levels; no ninjs document does")
    return doc


def _depth(value):
    """How deeply lists and objects nest in `value`, measured without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, level + 1) for child in children)
    return deepest


def detect_version(doc):
    """The ninjs major version (1, 2 or 3): declared in (`$`)standard, else from the property names."""
    standard = doc.get("$standard") or doc.get("standard")
    if isinstance(standard, dict) and isinstance(standard.get("version"), str) and standard["version"][:1] in "123":
        return int(standard["version"][:1])
    if any(k in doc for k in ("versionCreated", "firstCreated", "pubStatus", "copyrightHolder", "altIds")):
        return 3
    if any(k in doc for k in ("headlines", "bodies", "descriptions", "subjects")) or isinstance(
        doc.get("associations"), list
    ):
        return 2
    if "by" in doc and "byline" not in doc:
        return 2
    return 1


def _lower_keys(value):
    """3.x is 2.x in camelCase: lower-case the keys, recursively."""
    if isinstance(value, dict):
        return {k.lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _string(doc, key):
    value = doc.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DocumentError(f"“{key}” must be a string, not {type(value).__name__}")
    return value


def _values(doc, key):
    """2.x/3.x [{role, contenttype, value}] lists, checked."""
    items = doc.get(key) or []
    if not isinstance(items, list):
        raise DocumentError(f"“{key}” must be a list of objects")
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise DocumentError(f"each of “{key}” must be an object with a string “value”")
    return items


def _pick(items, roles=("main", "", None)):
    """The value with the first preferred role, else the first value."""
    for role in roles:
        for item in items:
            if item.get("role") == role:
                return item
    return items[0] if items else None


def check(doc, version):
    """Refuse what the importer cannot trust; returns the normalised (lower-case keys) doc."""
    if version == 3:
        doc = _lower_keys(doc)
    uri = doc.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise DocumentError("it has no “uri”, the story's identity")
    kind = doc.get("type")
    # A string first: a list or an object in these places cannot even be looked up in the sets.
    if kind is not None and (not isinstance(kind, str) or kind not in KNOWN_TYPES):
        raise DocumentError(f"unknown “type” {str(kind)[:40]!r}")
    for key in ("version", "headline", "byline", "by", "copyrightholder", "title", "slugline", "language"):
        _string(doc, key)
    for key, value in doc.items():
        if key.startswith(("body_", "description_", "headline_")) and not isinstance(value, str):
            raise DocumentError(f"“{key}” must be a string")
    status = doc.get("pubstatus")
    if status is not None and (not isinstance(status, str) or status not in PUBSTATUSES):
        raise DocumentError(f"unknown “pubstatus” {str(status)[:40]!r} (usable, withheld or canceled)")
    for key in ("firstcreated", "versioncreated", "embargoed"):  # the dates the article takes
        parse_when(doc.get(key), field_name=key)
    urgency = doc.get("urgency")
    # An unreadable urgency or embargo is refused, not guessed: guessing an embargo could publish too early.
    if urgency is not None and (isinstance(urgency, bool) or not isinstance(urgency, int) or not 1 <= urgency <= 9):
        raise DocumentError(f"“urgency” must be a whole number from 1 to 9, not {str(urgency)[:20]!r}")
    if version >= 2:
        for key in ("headlines", "bodies", "descriptions"):
            _values(doc, key)
    associations = doc.get("associations")
    if associations is not None:
        if version == 1:
            if not isinstance(associations, dict) or not all(isinstance(a, dict) for a in associations.values()):
                raise DocumentError("“associations” must be an object of ninjs objects (ninjs 1.x)")
        else:
            if not isinstance(associations, list) or not all(isinstance(a, dict) for a in associations):
                raise DocumentError("“associations” must be a list of ninjs objects")
            for item in associations:
                if not item.get("name") or not item.get("uri"):
                    raise DocumentError("each association needs a “name” and a “uri”")
    return doc


def _list(value):
    """A property that should hold a list: anything else (true, a string, an object) holds nothing we read."""
    return value if isinstance(value, list) else []


def _subject_names(doc, version):
    subjects = _list(doc.get("subjects" if version >= 2 else "subject"))
    names = [s.get("name") for s in subjects if isinstance(s, dict) and isinstance(s.get("name"), str)]
    keywords = [k for k in _list(doc.get("keywords")) if isinstance(k, str)]
    return keywords + names


def _renditions(doc):
    renditions = doc.get("renditions") or []
    if isinstance(renditions, dict):
        renditions = [{"name": name, **(r if isinstance(r, dict) else {})} for name, r in renditions.items()]
    return [r for r in _list(renditions) if isinstance(r, dict) and isinstance(r.get("href"), str)]


def _best_rendition(doc):
    """Prefer a local file, then the widest rendition."""
    renditions = sorted(
        _renditions(doc), key=lambda r: -(r.get("width") or 0) if isinstance(r.get("width"), int) else 0
    )
    local = [r for r in renditions if "://" not in r["href"] or r["href"].startswith("file://")]
    return (local or renditions or [None])[0]


def picture_of(doc, version):
    """The `Picture` of a picture/graphic ninjs object (a top-level item or an association)."""
    rendition = _best_rendition(doc)
    if rendition is None:
        return None
    if version >= 2:
        alt = (_pick(_values(doc, "descriptions")) or {}).get("value", "")
        caption = (_pick(_values(doc, "headlines")) or {}).get("value", "")
        credit = _string(doc, "by") or _string(doc, "copyrightholder")
    else:
        alt = _string(doc, "description_text") or _string(doc, "headline")
        caption = _string(doc, "headline")
        credit = _string(doc, "byline") or _string(doc, "copyrightholder")
    return Picture(
        href=rendition["href"], identity=doc.get("uri") or rendition["href"], alt=alt, caption=caption, credit=credit
    )


def html_fragment(html):
    """The story inside a whole HTML document: no <head>, no <h1> (the headline is shown apart)."""
    if "<body" in html.lower():
        html = re.split(r"<body\b[^>]*>", html, maxsplit=1, flags=re.I)[-1]
        html = re.split(r"</body>", html, maxsplit=1, flags=re.I)[0]
    html = re.sub(r"<head\b.*?</head>", "", html, flags=re.I | re.S)
    return re.sub(r"<h1\b.*?</h1>", "", html, count=1, flags=re.I | re.S)


def _body_html(doc, version):
    from django.utils.html import escape, linebreaks

    if version >= 2:
        bodies = _values(doc, "bodies")
        html = [b for b in bodies if "html" in (b.get("contenttype") or "") or b.get("role") == "html"]
        chosen = _pick(html) or _pick(bodies)
        if chosen is None:
            return ""
        if "html" in (chosen.get("contenttype") or "") or chosen.get("role") == "html" or "<" in chosen["value"]:
            return html_fragment(chosen["value"])
        return linebreaks(escape(chosen["value"]))
    for key in ("body_html", "body_xhtml"):
        if doc.get(key):
            return html_fragment(doc[key])
    text = next((v for k, v in doc.items() if k.startswith("body_") and v), "")
    return linebreaks(escape(text)) if text else ""


def to_story(doc, version):
    """Map a checked text document to `Story` (what the article will hold)."""
    if version >= 2:
        headline = (_pick(_values(doc, "headlines")) or {}).get("value", "") or _string(doc, "title")
        description = _pick(_values(doc, "descriptions"), roles=("summary", "text", "", None, "main"))
        summary = (description or {}).get("value", "")
        byline = _string(doc, "by")
        associations = doc.get("associations") or []
    else:
        extension = next((v for k, v in doc.items() if k.startswith("headline_") and v), "")
        headline = _string(doc, "headline") or extension or _string(doc, "title")
        summary = _string(doc, "description_text") or _string(doc, "description_html")
        byline = _string(doc, "byline")
        associations = list((doc.get("associations") or {}).values())
    if version == 1 and not summary:
        summary = next((v for k, v in doc.items() if k.startswith("description_") and v), "")
    body = _body_html(doc, version)
    if not body.strip() and summary.strip():
        # Short wire items (flashes, NTB's briefs) carry their text only as a description.
        from django.utils.html import escape, strip_tags

        body = f"<p>{escape(strip_tags(summary))}</p>"
    pictures = []
    for item in associations:
        if item.get("type") in ("picture", "graphic") and (pic := picture_of(item, version)):
            pictures.append(pic)
    return Story(
        uri=doc["uri"].strip(),
        headline=headline,
        body_html=body,
        summary=summary,
        bylines=[byline] if byline.strip() else [],
        credit=_string(doc, "copyrightholder"),
        first_created=parse_when(doc.get("firstcreated"), field_name="firstcreated"),
        version_created=parse_when(doc.get("versioncreated"), field_name="versioncreated"),
        tags=_subject_names(doc, version),
        pictures=pictures,
        slug=_string(doc, "slugline"),
        urgency=doc.get("urgency"),
        embargoed=parse_when(doc.get("embargoed"), field_name="embargoed"),
    )


def iter_sources(paths, stdin=None):
    """(name, raw bytes, folder for relative image paths) for each file, folder entry, zip member or stdin."""
    for given in paths:
        if given == "-":
            yield "<stdin>", stdin.read() if stdin else b"", Path.cwd()
            continue
        path = Path(given)
        if path.is_dir():
            for child in _files_under(path):
                if child.suffix.lower() in (".json", ".zip"):
                    yield from iter_sources([str(child)])
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            yield from _zip_members(path)
        elif path.is_file():
            yield str(path), path.read_bytes(), path.parent
        else:
            yield str(path), None, None


def _files_under(folder):
    """The files under `folder` in sorted-path order, one folder's listing at a time (not 100,000 paths at once)."""
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(entry.path)
        elif entry.is_file():
            yield Path(entry.path)


def _zip_members(path):
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield str(path), DocumentError(f"not a readable zip file ({error})"), None
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".json"):
                continue
            # Images inside a zip are not extracted: their hrefs are reported as missing.
            yield f"{path.name}:{info.filename}", archive.read(info), None


def read_document(raw, *, source, summary):
    """Parse and check one document: ("story", Story), ("picture", Picture or None) or ("skipped", None)."""
    if isinstance(raw, DocumentError):
        raise raw
    if raw is None:
        raise DocumentError("no such file")
    doc = parse(raw)
    version = detect_version(doc)
    doc = check(doc, version)
    kind = doc.get("type")
    if doc.get("pubstatus") in ("withheld", "canceled"):
        summary.note(source, f"skipped: pubstatus is {doc['pubstatus']}")
        return "skipped", None
    if kind in ("picture", "graphic"):
        return "picture", (kind, picture_of(doc, version))
    if kind not in (None, *TEXT_TYPES):
        summary.note(source, f"skipped: {kind} items are not imported")
        return "skipped", None
    story = to_story(doc, version)
    if not story.body_html.strip():
        summary.note(source, "skipped: no body to publish")
        return "skipped", None
    return "story", story


def _import_picture(kind, picture, *, source, base_dir, summary):
    from articles.importing.common import image_from_file

    if picture and image_from_file(picture, base_dir=base_dir, source=source, summary=summary):
        return "created"
    summary.note(source, f"skipped: a {kind} item without a local image file")
    return "skipped"


def import_document(raw, *, source, base_dir, section, status, summary):
    """Import one ninjs document; returns its outcome (run inside `run_document`)."""
    from articles.importing.common import story_upsert

    what, value = read_document(raw, source=source, summary=summary)
    if what == "skipped":
        return "skipped"
    if what == "picture":
        return _import_picture(*value, source=source, base_dir=base_dir, summary=summary)
    return story_upsert(value, section=section, status=status, summary=summary, source=source, base_dir=base_dir)


def queue_document(batch, raw, *, source, base_dir):
    """Read one document into `batch` (a text story waits there; a picture is imported at once)."""
    from articles.importing.batch import Item, guarded
    from articles.importing.common import run_document, story_check, story_version

    summary = batch.summary

    def read():
        what, value = read_document(raw, source=source, summary=summary)
        if what == "story":
            story_check(value)  # refused before the stored article is looked up, as one by one
        return what, value

    ok, result = guarded(summary, source, read)
    if not ok:
        return
    what, value = result
    if what == "skipped":
        summary.add("skipped")
    elif what == "picture":
        batch.flush()  # in the order of the files: a story after it may use the image
        run_document(
            summary,
            source,
            lambda: _import_picture(*value, source=source, base_dir=base_dir, summary=summary),
        )
    else:
        batch.add(
            Item(source=source, uri=value.uri, version=story_version(value), build=lambda: value, base_dir=base_dir)
        )


def import_ninjs(paths, *, section, status, summary, stdin=None, progress=None):
    """Import every document from `paths`, a batch of stories at a time (`articles.importing.batch`)."""
    from articles.importing.batch import StoryBatch

    batch = StoryBatch(summary, section=section, status=status)
    for source, raw, base_dir in iter_sources(paths, stdin=stdin):
        queue_document(batch, raw, source=source, base_dir=base_dir)
        if progress:
            progress(summary)
    batch.flush()
    return summary
