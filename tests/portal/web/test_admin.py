"""Admin helpers shared by every app: a date hierarchy's year out of range is a bad filter, not a 500."""

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.web.admin import BoundedDateHierarchyMixin

pytestmark = pytest.mark.django_db

WITH_HIERARCHY = [
    model_admin for model_admin in admin.site._registry.values() if getattr(model_admin, "date_hierarchy", None)
]


def test_every_admin_with_a_date_hierarchy_bounds_it():
    assert len(WITH_HIERARCHY) >= 5, "the registry walk found the date hierarchies"
    unbounded = [type(m).__name__ for m in WITH_HIERARCHY if not isinstance(m, BoundedDateHierarchyMixin)]
    assert unbounded == [], "add portal.web.admin.BoundedDateHierarchyMixin to these ModelAdmins"


@pytest.mark.parametrize("model_admin", WITH_HIERARCHY, ids=lambda m: type(m).__name__)
@pytest.mark.parametrize("year", ["9999", "9" * 25, "-1", "0"])
def test_an_out_of_range_year_shows_the_list_again(editor_client, model_admin, year):
    """Django ticket #37357: ?<field>__year=9999 and a 20-digit year were a 500 (found by the fuzz suite)."""
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = editor_client.get(url, {f"{model_admin.date_hierarchy}__year": year}, follow=True)
    assert response.status_code == 200
