"""Site-wide helpers for every app: cache headers, breadcrumbs, rate limits, rich text, admin media,
the fail-open cache backend and the 503 page for a database that is down.

This package imports no app of the project (only Django and libraries), so
`articles` and `newsletter` may use it without an arrow pointing back up
into the site shell; a test walks the imports to keep it so.
"""
