"""The newsletter's side effects, as plain functions (HackSoft style).

Split by subject: `lists` (cached signup lists), `subscriptions` (join,
confirm, preferences, leave), `suppressions`, `issues` (build, schedule,
start), `delivery` (the resumable send), `emails` (rendering), `people`
(CSV import and export), `growth` (the admin chart). The client address and
the rate limiter are site-wide (`portal.web.network`). Import from the submodule.
"""
