"""Demo texts of the policy pages: privacy, terms, and the editorial & advertiser disclosure."""

PRIVACY = """
<p>This policy explains what personal data {publisher} collects when you use {site}, why, and what you can
do about it. We collect as little as we can and we never sell personal data.</p>
<h2>Who is responsible</h2>
<p>{publisher} is the controller of personal data processed through {site}. You can reach our data
protection lead at <a href="mailto:privacy@example.com">privacy@example.com</a>.</p>
<h2>What we collect</h2>
<ul>
<li><strong>When you read:</strong> the technical data every web server receives (address, browser, the page
requested), kept in server logs for up to 30 days to keep the site secure and working.</li>
<li><strong>When you subscribe:</strong> your email address, the newsletters you choose and the date and
wording of your consent.</li>
<li><strong>When you write to us:</strong> your message and the details you give us, to answer it.</li>
<li><strong>When you enter our awards or events:</strong> the details in your entry or booking.</li>
</ul>
<h2>Why we use it</h2>
<p>We use personal data to provide the services you ask for (newsletters, awards entries, replies), to keep
the site secure, and to meet legal obligations. Where the law requires consent, for example for newsletters,
we ask for it and you can withdraw it at any time with the link in every email.</p>
<h2>Cookies</h2>
<p>Reading {site} needs no cookies. We set cookies only where they are strictly necessary or where you agree
to them.</p>
<h3>Strictly necessary cookies</h3>
<p>Set when you sign in or submit a form, to keep your session and protect forms against forgery. They
expire when you sign out or after a short period.</p>
<h3>Analytics and advertising cookies</h3>
<p>We do not currently use analytics or advertising cookies. If we introduce them, we will ask for your
consent first and update this policy.</p>
<h2>Who we share it with</h2>
<p>We use service providers to host the site and send email. They process data only on our instructions and
under contracts that protect it. We do not share your data with advertisers.</p>
<h2>How long we keep it</h2>
<p>Server logs for 30 days; newsletter records for as long as you are subscribed and two years after, to
prove consent; correspondence for up to three years.</p>
<h2>Your rights</h2>
<ul>
<li>to see the personal data we hold about you and receive a copy;</li>
<li>to have it corrected or deleted;</li>
<li>to object to or restrict how we use it;</li>
<li>to complain to the Information Commissioner's Office (ico.org.uk) or your local regulator.</li>
</ul>
<p>To use these rights, email <a href="mailto:privacy@example.com">privacy@example.com</a>.</p>
"""

TERMS = """
<p>These terms apply to everyone who uses {site}. By using the site you accept them; if you do not, please
do not use it.</p>
<h2>Not investment advice</h2>
<p>Everything on {site} is journalism and general information. It is not investment, legal, tax or financial
advice and does not take account of your circumstances. Prices and figures may be delayed or change after
publication. Before making an investment decision, consult a qualified, regulated adviser. The value of
investments can fall as well as rise.</p>
<h2>Our content</h2>
<p>Articles, images, data and the design of the site belong to {publisher} or its licensors. You may read,
print and share links to our articles for personal, non-commercial use. You may not copy, republish or sell
our content, or use it to train automated systems, without written permission.</p>
<h3>Quoting us</h3>
<p>Short quotations with a clear credit to {site} and a link to the article are welcome.</p>
<h2>Content from others</h2>
<p>Some content is supplied by third parties: agency copy, press releases, contributed articles and sponsored
content. It is labelled as such, and the supplier is responsible for it. Links to other sites are provided for
convenience; we are not responsible for their content.</p>
<h2>Your contributions</h2>
<p>If you send us text or images for publication, you confirm that you have the right to do so and give us a
non-exclusive licence to publish, edit and archive them.</p>
<h2>Our liability</h2>
<p>We work hard to be accurate, but we do not guarantee that the site is complete, current or free of errors,
and we are not liable for losses arising from reliance on it, except where the law does not allow us to
exclude liability.</p>
<h2>Changes and law</h2>
<p>We may update these terms; the date at the foot of this page shows the latest version. These terms are
governed by the law of England and Wales.</p>
"""

DISCLOSURE = """
<p>{site} is an independent publication. Our journalists decide what to cover and how, without influence
from advertisers, sponsors or the companies we write about. Some of what appears on the site is commercial or
comes from third parties; this page explains how we tell you.</p>
<h2>Editorial independence</h2>
<p>Our newsroom and our commercial teams are separate. Advertisers and sponsors do not see, review or approve
our journalism before it is published, and cannot buy coverage, change a story or have one removed. Our
reporters may not write about companies in which they hold shares, and they decline gifts and paid travel.</p>
<h2>How we label content</h2>
<p>Every item below carries its label wherever it appears: on the home page, section and topic lists, in our
newsletter and at the top of the article, with a short explanation.</p>
<h3>Sponsored content</h3>
<p>Written by or for a sponsor who paid for it to appear, and approved by that sponsor. It is not written by
our newsroom.</p>
<h3>Advertorial (commissioned)</h3>
<p>Written by our commercial team on a topic chosen with a paying client. Our journalists are not involved.</p>
<h3>Press release</h3>
<p>Published as supplied by the issuing organisation, which is responsible for its content. We do not check
it for accuracy, and publication is not an endorsement.</p>
<h3>Guest post (contributed)</h3>
<p>Written by an outside expert, edited by us, unpaid in both directions. The author's role and any conflict
of interest are stated.</p>
<h3>Agency copy (wire)</h3>
<p>Supplied by a news agency such as Reuters or AFP under licence, named in the byline, and published with
light editing.</p>
<h3>Affiliate links</h3>
<p>Some articles contain links to products or services from which we may earn a commission if you buy.
Commissions never decide what we recommend, and such links are marked for search engines as sponsored.</p>
<h3>Conflict of interest</h3>
<p>When the author, {publisher} or a partner has an interest in the subject of an article (for example a
holding, a client relationship or a sponsorship), the article says so.</p>
<h2>Awards and events</h2>
<p>Entries to the {site} Awards are judged by a panel using published criteria. Sponsoring a category or
attending an event does not influence the results, and entry fees cover administration only.</p>
<h2>Corrections</h2>
<p>When we get something wrong we correct it promptly and say so at the end of the article, with the date of
the correction. Write to <a href="mailto:corrections@example.com">corrections@example.com</a> if you spot an
error.</p>
<h2>Questions</h2>
<p>If you are unsure whether something you read on {site} is commercial, or think a label is missing, please
tell our standards editor at <a href="mailto:standards@example.com">standards@example.com</a>.</p>
"""

POLICY_PAGES = [
    (
        "privacy-cookie-policy",
        "Privacy & Cookie Policy",
        "What personal data {site} collects, why, how long we keep it, the cookies we use and your rights.",
        PRIVACY,
    ),
    (
        "terms-of-use",
        "Terms of Use",
        "The terms for using {site}: our content is journalism, not investment advice, and remains ours.",
        TERMS,
    ),
    (
        "editorial-advertiser-disclosure",
        "Editorial & Advertiser Disclosure",
        "{site} is editorially independent: advertisers never see or approve our journalism. Sponsored "
        "content, advertorials, press releases, guest posts, agency copy, affiliate links and conflicts of "
        "interest are labelled wherever they appear.",
        DISCLOSURE,
    ),
]
