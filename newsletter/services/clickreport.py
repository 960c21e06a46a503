"""The click figures of one issue for its admin page: totals, per day, per link, per article; and the chart.

Five aggregate queries whatever the size of the list: the delivered count
is stored on the issue when the send finishes (counted live, once, while
it is still going out), clicks are summed from the per-day rows, and
unique clickers are estimated from the HyperLogLog registers.
"""

from collections import Counter
from datetime import timedelta

from django.db.models import Count, Max, Sum
from django.db.models.functions import Coalesce
from django.utils.html import format_html, format_html_join

from newsletter.models import ClickerRegister, Delivery, IssueDay, IssueLink, LinkClickDay
from newsletter.services.clicks import estimate

#: The chart shows at most this many days from the first click (the table below it has them all).
CHART_DAYS = 31


def _percent(part, whole):
    return f"{100 * part / whole:.1f}%" if whole else "—"


def issue_click_report(issue) -> dict:
    """Everything the "Clicks" panel shows, as plain numbers."""
    delivered = issue.delivered
    if delivered is None:  # still sending: the live count
        delivered = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
    links = list(
        IssueLink.objects.filter(issue=issue)
        .select_related("article")
        .only("role", "url", "position", "article__headline")
        .annotate(clicks=Coalesce(Sum("days__clicks"), 0))
        .order_by("position", "pk")
    )
    clicks_by_day = dict(
        LinkClickDay.objects.filter(issue=issue).order_by().values_list("day").annotate(n=Sum("clicks"))
    )
    other = {day: (opens, unsubscribes) for day, opens, unsubscribes in
             IssueDay.objects.filter(issue=issue).order_by().values_list("day", "opens", "unsubscribes")}  # fmt: skip
    # order_by(): the models' default orderings would join the issue (and the link) into every aggregate.
    registers = ClickerRegister.objects.filter(issue=issue).order_by()
    per_day_ranks = {}
    for day, rank, n in registers.values_list("day", "rank").annotate(n=Count("pk")).values_list("day", "rank", "n"):
        per_day_ranks.setdefault(day, Counter())[rank] = n
    # The whole issue's sketch is the union of the days': the highest rank of each bucket.
    union = Counter(registers.values("bucket").annotate(top=Max("rank")).values_list("top", flat=True))

    days = sorted(set(clicks_by_day) | set(other) | set(per_day_ranks))
    if days:  # no gaps: a day nobody clicked is a zero, not a missing bar
        days = [days[0] + timedelta(days=n) for n in range((days[-1] - days[0]).days + 1)]
    per_day = [
        {
            "day": day,
            "clicks": clicks_by_day.get(day, 0),
            "clickers": estimate(per_day_ranks.get(day, Counter())),
            "opens": other.get(day, (0, 0))[0],
            "unsubscribes": other.get(day, (0, 0))[1],
        }
        for day in days
    ]
    articles = {}
    for link in links:
        if link.article_id:
            row = articles.setdefault(link.article_id, {"headline": link.article.headline, "clicks": 0, "links": 0})
            row["clicks"] += link.clicks
            row["links"] += 1
    total = sum(clicks_by_day.values())
    clickers = estimate(union)
    unsubscribes = sum(unsub for _, unsub in other.values())
    return {
        "delivered": delivered,
        "clicks": total,
        "clickers": clickers,
        "click_rate": _percent(clickers, delivered),
        "opens": sum(opens for opens, _ in other.values()),
        "unsubscribes": unsubscribes,
        "unsubscribe_rate": _percent(unsubscribes, delivered),
        "per_day": per_day,
        "links": [{"link": link, "clicks": link.clicks, "share": _percent(link.clicks, total)} for link in links],
        "articles": sorted(articles.values(), key=lambda row: -row["clicks"]),
        "chart": clicks_svg(per_day[:CHART_DAYS]),
    }


def clicks_svg(per_day, width=640, height=200):
    """Bars of clicks per day, drawn server-side (no script); the table next to it has the same numbers."""
    if not per_day:
        return ""
    pad_left, pad_right, pad_top, pad_bottom = 44, 8, 14, 30
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - pad_bottom
    top = max(max(p["clicks"] for p in per_day), 1)
    step = plot_w / len(per_day)
    bar_w = min(40.0, max(2.0, step * 0.7))
    bars, labels = [], []
    for i, p in enumerate(per_day):
        x = pad_left + i * step + (step - bar_w) / 2
        h = plot_h * p["clicks"] / top
        label = f"{p['day']:%d %b}: {p['clicks']} clicks"
        bars.append((round(x, 1), round(pad_top + plot_h - h, 1), round(bar_w, 1), round(h, 1), label))
        if i % max(1, len(per_day) // 6) == 0 or i == len(per_day) - 1:
            labels.append((round(x + bar_w / 2, 1), height - pad_bottom + 16, f"{p['day']:%d %b}"))
    return format_html(
        '<svg class="nl-clicks-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="nl-clicks-title nl-clicks-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="nl-clicks-title">Clicks per day</title>'
        '<desc id="nl-clicks-desc">Clicks on the links of this issue on each of {n} days. '
        "The table below has the same numbers.</desc>"
        '<line x1="{pl}" y1="{base}" x2="{right}" y2="{base}" stroke="#888" />'
        '<text x="{tx}" y="{ty}" font-size="11" text-anchor="end" fill="#333">{top}</text>'
        '<text x="{tx}" y="{base}" font-size="11" text-anchor="end" fill="#333">0</text>'
        "{bars}{labels}</svg>",
        w=width, h=height, n=len(per_day), pl=pad_left, base=pad_top + plot_h, right=width - pad_right,
        tx=pad_left - 6, ty=pad_top + 4, top=top,
        bars=format_html_join(
            "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#1565c0"><title>{}</title></rect>', bars
        ),
        labels=format_html_join(
            "", '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>', labels
        ),
    )  # fmt: skip
