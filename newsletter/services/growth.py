"""Subscribers over time for the admin: weekly joined / left and the active count, as SVG."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from newsletter.models import ConsentRecord, Subscriber

JOINED = (ConsentRecord.Action.CONFIRMED, ConsentRecord.Action.IMPORTED)


def subscriber_growth(weeks=26, now=None):
    """[{week, joined, left, active}] for the last `weeks` weeks, oldest first.

    Built from the consent records (the full history), counted per week in
    the database; "active" is walked back from today's count, so the latest
    point always equals the real number of active subscribers. Three queries.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first, time.min))

    def per_week(actions):
        # A subscriber re-confirming (adding a list) is not a new subscriber: count people, not records.
        rows = (
            ConsentRecord.objects.filter(action__in=actions, created_at__gte=start)
            .annotate(week=TruncWeek("created_at"))
            .values("week")
            .annotate(n=Count("subscriber", distinct=True))
        )
        return {timezone.localdate(row["week"]) if isinstance(row["week"], datetime) else row["week"]: row["n"]
                for row in rows}  # fmt: skip

    joined = per_week(JOINED)
    left = per_week([ConsentRecord.Action.UNSUBSCRIBED])
    active = Subscriber.objects.active().count()
    points = []
    for n in range(weeks - 1, -1, -1):
        week = first + timedelta(weeks=n)
        points.append({"week": week, "joined": joined.get(week, 0), "left": left.get(week, 0), "active": active})
        active = max(0, active - joined.get(week, 0) + left.get(week, 0))
    return list(reversed(points))


def growth_svg(points, width=720, height=260):
    """A line (active) over bars (joined up, left down), drawn server-side; no script, no CDN."""
    if not points:
        return ""
    pad_left, pad_right, pad_top, pad_bottom = 48, 12, 16, 36
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - pad_bottom
    top = max(max(p["active"] for p in points), max(max(p["joined"], p["left"]) for p in points), 1)
    step = plot_w / len(points)

    def y(value):
        return pad_top + plot_h - plot_h * value / top

    bars, labels = [], []
    bar_w = max(2.0, step * 0.35)
    for i, p in enumerate(points):
        x = pad_left + i * step + step / 2
        if p["joined"]:
            bars.append((round(x - bar_w, 1), round(y(p["joined"]), 1), round(bar_w, 1),
                         round(plot_h * p["joined"] / top, 1), "#2e7d32"))  # fmt: skip
        if p["left"]:
            bars.append((round(x, 1), round(y(p["left"]), 1), round(bar_w, 1),
                         round(plot_h * p["left"] / top, 1), "#c62828"))  # fmt: skip
        if i % 4 == 0 or i == len(points) - 1:
            labels.append((round(x, 1), height - pad_bottom + 16, p["week"].strftime("%d %b")))
    line = " ".join(f"{pad_left + i * step + step / 2:.1f},{y(p['active']):.1f}" for i, p in enumerate(points))
    return format_html(
        '<svg class="nl-growth" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="nl-growth-title nl-growth-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="nl-growth-title">Subscribers per week</title>'
        '<desc id="nl-growth-desc">Active subscribers (blue line), joined (green bars) and left (red bars) '
        "over the last {n} weeks. The table below has the same numbers.</desc>"
        '<line x1="{pl}" y1="{base}" x2="{right}" y2="{base}" stroke="#888" />'
        '<text x="{tx}" y="{ty}" font-size="11" text-anchor="end" fill="#333">{top}</text>'
        '<text x="{tx}" y="{base}" font-size="11" text-anchor="end" fill="#333">0</text>'
        "{bars}{labels}"
        '<polyline points="{line}" fill="none" stroke="#1565c0" stroke-width="2.5" />'
        "</svg>",
        w=width, h=height, n=len(points), pl=pad_left, base=pad_top + plot_h, right=width - pad_right,
        tx=pad_left - 6, ty=pad_top + 4, top=top, line=line,
        bars=format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" />', bars),
        labels=format_html_join(
            "", '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>', labels
        ),
    )  # fmt: skip
