"""Staff sign-in: the admin site with a one-time-code step, lockouts after failures, TOTP enrolment.

`site` is the admin site (installed as Django's default by `apps`), `policy`
says what a signed-in person still owes (a code, an enrolment), `lockout` is
django-axes' handler with the newsroom's limits, `views` the pages.
"""
