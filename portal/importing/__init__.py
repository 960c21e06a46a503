"""Whole-site import from WordPress (posts → articles, pages → company pages)."""
