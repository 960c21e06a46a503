"""The site shell's models: company pages and menus, the awards programme, reader submissions."""

from portal.models.pages import (
    DISCLOSURE_SLUG,
    TARGET_FIELDS,
    MenuItem,
    Page,
    PageQuerySet,
    validate_link_url,
    validate_route_name,
)

__all__ = [
    "DISCLOSURE_SLUG",
    "TARGET_FIELDS",
    "MenuItem",
    "Page",
    "PageQuerySet",
    "validate_link_url",
    "validate_route_name",
]
