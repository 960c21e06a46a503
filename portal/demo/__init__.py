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
            ("Contact Us", ("page", "contact-us")),
            ("Advertising", ("page", "advertising")),
            ("Submit Post", ("page", "submit-post")),
            ("Research Reports", ("page", "research-reports")),
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

#: Demo items whose target moved in a later release: label -> the old target.
#: `seed_pages` repoints an existing item still on its old target (an editor's
#: own choice is kept). "Press Release" now lists the press releases; the
#: policy page is linked from that list.
RETARGETED = {"Press Release": ("page", "press-release")}

#: The company menu, shown as the footer's company links.
COMPANY_MENU = [
    ("About Us", ("page", "about-us")),
    ("Profile", ("page", "profile")),
    ("Contact Us", ("page", "contact-us")),
    ("Advertising", ("page", "advertising")),
    ("Submit Post", ("page", "submit-post")),
    ("Research Reports", ("page", "research-reports")),
    ("Press Release", ("route", "articles:press_releases")),
    ("Privacy & Cookie Policy", ("page", "privacy-cookie-policy")),
    ("Terms of Use", ("page", "terms-of-use")),
    ("Editorial & Advertiser Disclosure", ("page", "editorial-advertiser-disclosure")),
]
