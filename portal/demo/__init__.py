"""Demo content of the site shell: company pages and menus (`manage.py seed_pages`).

Texts are original placeholders. `{site}` and `{publisher}` become the
configured names; `{page:<slug>}` becomes that page's address, `{url:<url name>}` that route's.
"""

from portal.demo.company import COMPANY_PAGES
from portal.demo.labels import LABELS_PAGES
from portal.demo.policies import POLICY_PAGES
from portal.demo.standards import STANDARDS_PAGES

#: (slug, title, summary, body) in the order the seeder creates them.
PAGES = COMPANY_PAGES + POLICY_PAGES + STANDARDS_PAGES + LABELS_PAGES

#: Main bar dropdowns: (label, [(child label, target)]); a target is
#: ("page", slug) or ("route", url name). A dropdown whose routes do not
#: resolve (an install without the awards or the magazine) stays hidden.
MAIN_MENU = [
    (
        "Company",
        [
            ("About Us", ("page", "about-us")),
            ("Profile", ("page", "profile")),
            ("Contact Us", ("route", "portal:contact")),
            ("Advertising", ("page", "advertising")),
            ("Submit Post", ("route", "portal:submit_post")),
            ("Research Reports", ("route", "reports:list")),
            ("Press Release", ("route", "articles:press_releases")),
        ],
    ),
    (
        "Awards",
        [
            ("About the Awards", ("route", "awards:about")),
            ("Awards Timetable", ("route", "awards:timetable")),
            ("Submit Nominations", ("route", "awards:nominate")),
            ("Testimonials", ("route", "awards:testimonials")),
            ("Media Room", ("route", "awards:media")),
            ("Award Winners", ("route", "awards:winners")),
            ("FAQ", ("route", "awards:faq")),
        ],
    ),
    (
        "Magazines",
        [
            ("Latest Issue", ("route", "magazines:latest")),
            ("All Issues", ("route", "magazines:archive")),
        ],
    ),
]

#: The company menu, shown as the footer's company links.
COMPANY_MENU = [
    ("About Us", ("page", "about-us")),
    ("Profile", ("page", "profile")),
    ("Contact Us", ("route", "portal:contact")),
    ("Advertising", ("page", "advertising")),
    ("Submit Post", ("route", "portal:submit_post")),
    ("Research Reports", ("route", "reports:list")),
    ("Press Release", ("route", "articles:press_releases")),
    # For app developers and partners: the read API's docs (articles/api).
    ("Read API", ("route", "api:docs")),
    ("Privacy & Cookie Policy", ("page", "privacy-cookie-policy")),
    ("Terms of Use", ("page", "terms-of-use")),
    ("Editorial & Advertiser Disclosure", ("page", "editorial-advertiser-disclosure")),
    ("Publishing Principles", ("page", "publishing-principles")),
    ("Corrections Policy", ("page", "corrections-policy")),
    ("Ethics Policy", ("page", "ethics-policy")),
    ("Types of Work & AI Use", ("page", "types-of-work-and-ai")),
    ("Masthead", ("page", "masthead")),
    ("Ownership & Funding", ("page", "ownership-and-funding")),
    ("Reader Feedback", ("page", "feedback-policy")),
]

#: Items that used to point at a company page and now point at a page of their
#: own (a form, a listing); seed_pages moves existing installs' items that are
#: still on the old page to the new target, so an editor's own choice is kept.
#: The old pages stay: the listings link to them.
REPOINTED = {
    ("Contact Us", "contact-us"): ("route", "portal:contact"),
    ("Submit Post", "submit-post"): ("route", "portal:submit_post"),
    ("Research Reports", "research-reports"): ("route", "reports:list"),
    ("Press Release", "press-release"): ("route", "articles:press_releases"),
}
