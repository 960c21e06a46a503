"""Breadcrumbs: the visible trail and its BreadcrumbList come from the same list."""

from typing import NamedTuple

from django.urls import reverse


class Crumb(NamedTuple):
    """One step of a breadcrumb."""

    name: str
    url: str


def home_crumb():
    return Crumb("Home", reverse("home"))
