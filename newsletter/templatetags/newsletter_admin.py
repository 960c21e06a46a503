"""The subscriber chart on the newsletter's admin index."""

from django import template

from newsletter.services.growth import growth_svg, subscriber_growth

register = template.Library()


@register.inclusion_tag("admin/newsletter/includes/growth.html")
def subscriber_growth_chart(weeks=26):
    points = subscriber_growth(weeks)
    return {"points": points, "svg": growth_svg(points), "active_now": points[-1]["active"] if points else 0}
