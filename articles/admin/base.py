"""Small helpers the newsroom's ModelAdmins share."""

from django.utils.html import format_html, format_html_join


def history_table(headings, rows):
    """A small read-only table for the change form's history fields."""
    if not rows:
        return "None yet."
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headings))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def thumbnail(image, width=120):
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" style="height:auto;border-radius:4px">',
        image.fallback_url(320),
        image.alt_text,
        width,
    )
