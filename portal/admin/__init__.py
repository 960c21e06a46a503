"""The site shell in Django's admin; importing the package registers every model.

Company pages and menus live in `pages`, the editorial calendar view in
`calendar`; the feature packages register their own (`awards.admin`,
`submissions.admin`, `logins.admin`: the sign-in audit and authenticator apps).
"""

from portal.admin import pages  # noqa: F401 - registers Page and MenuItem
from portal.awards import admin as awards_admin  # noqa: F401
from portal.logins import admin as logins_admin  # noqa: F401
from portal.submissions import admin as submissions_admin  # noqa: F401
