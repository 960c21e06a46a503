"""Demo content of the site shell: company pages and menus (`manage.py seed_pages`).

Texts are original placeholders. `{site}` and `{publisher}` become the
configured names; `{page:<slug>}` becomes that page's address.
"""

from portal.demo.company import COMPANY_PAGES
from portal.demo.policies import POLICY_PAGES

#: (slug, title, summary, body) in the order the seeder creates them.
PAGES = COMPANY_PAGES + POLICY_PAGES

#: Main bar dropdowns: (label, [(child label, target)]); a target is
#: ("page", slug) or ("route", url name). Routes that do not exist yet (the
#: awards and magazines arrive with later issues) keep their dropdown hidden.
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
    ("Privacy & Cookie Policy", ("page", "privacy-cookie-policy")),
    ("Terms of Use", ("page", "terms-of-use")),
    ("Editorial & Advertiser Disclosure", ("page", "editorial-advertiser-disclosure")),
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
