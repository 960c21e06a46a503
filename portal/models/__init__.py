"""The site shell's models: company pages and menus, the awards programme, reader submissions."""

from portal.awards.models import (
    AwardCategory,
    AwardsProgramme,
    MediaKitFile,
    Milestone,
    Testimonial,
    Winner,
)
from portal.models.pages import (
    DISCLOSURE_SLUG,
    POLICY_SLUGS,
    TARGET_FIELDS,
    MenuItem,
    Page,
    PageQuerySet,
    validate_link_url,
    validate_route_name,
)
from portal.submissions.models import PrivateStorage, Submission, private_storage

__all__ = [
    "POLICY_SLUGS",
    "AwardCategory",
    "AwardsProgramme",
    "MediaKitFile",
    "Milestone",
    "PrivateStorage",
    "Submission",
    "Testimonial",
    "Winner",
    "private_storage",
    "DISCLOSURE_SLUG",
    "TARGET_FIELDS",
    "MenuItem",
    "Page",
    "PageQuerySet",
    "validate_link_url",
    "validate_route_name",
]
