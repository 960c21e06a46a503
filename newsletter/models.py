"""Subscribers, lists and issues arrive with the newsletter issue (#3)."""
