"""Demo texts of the company pages: who we are, how to reach and work with us."""

ABOUT = """
<p>{site} is an independent publication for people whose work depends on money: bankers, treasurers, fund
managers, founders, advisers and the private investors who follow them. Since 2010 we have reported on the
institutions, deals and ideas that move capital, from central bank decisions to the payments start-up that
changes how a city buys its coffee.</p>
<h2>What we cover</h2>
<p>Our newsroom is organised around the questions our readers ask every day:</p>
<ul>
<li><strong>Business and finance</strong>: earnings, mergers, restructurings and the people who lead them.</li>
<li><strong>Banking</strong>: retail, corporate and investment banks, regulation and capital rules.</li>
<li><strong>Investing and trading</strong>: markets, asset allocation, funds and the tools behind them.</li>
<li><strong>Technology</strong>: fintech, payments, digital assets and the infrastructure of markets.</li>
<li><strong>Interviews and analysis</strong>: long conversations with the people who make the decisions.</li>
</ul>
<h2>How we work</h2>
<p>Our reporters and editors work to one rule: a reader should be able to trust what we publish and know who
stands behind it. We check facts before we publish, name our sources wherever we can, correct mistakes openly
and say clearly when content is commercial. The <a href="{page:editorial-advertiser-disclosure}">Editorial
&amp; Advertiser Disclosure</a> explains how.</p>
<p>Stories from news agencies carry the agency's name in the byline. Contributed articles, press releases and
sponsored content are labelled as such wherever they appear: on the home page, in section lists, in our
newsletter and on the article itself.</p>
<h2>Who we are</h2>
<p>{site} is published by {publisher}, a privately held company. We are funded by advertising, sponsorship,
research subscriptions, events and our annual awards programme. None of these buys coverage: commercial teams
work separately from the newsroom and never see a story before it is published.</p>
<h3>Get in touch</h3>
<p>Tips, corrections and questions reach the right desk fastest through the addresses on our
<a href="{page:contact-us}">Contact Us</a> page.</p>
"""

PROFILE = """
<p>A short profile of {site} for partners, researchers and the press.</p>
<h2>At a glance</h2>
<ul>
<li><strong>Founded:</strong> 2010, as a weekly newsletter on banking technology.</li>
<li><strong>Publisher:</strong> {publisher}.</li>
<li><strong>Headquarters:</strong> London, with correspondents in New York, Dubai, Singapore and Lagos.</li>
<li><strong>Readers:</strong> business and finance professionals in more than 150 countries.</li>
<li><strong>Formats:</strong> daily news online, a weekday newsletter, a quarterly magazine, research
reports and the {site} Awards.</li>
</ul>
<h2>Our history</h2>
<ol>
<li><strong>2010</strong>: the first newsletter goes to 400 readers in the City of London.</li>
<li><strong>2012</strong>: the website launches with daily coverage of banking and payments.</li>
<li><strong>2014</strong>: the first {site} Awards recognise innovation in retail banking.</li>
<li><strong>2017</strong>: the quarterly magazine launches in print and digital editions.</li>
<li><strong>2020</strong>: the research unit publishes its first survey of treasury teams.</li>
<li><strong>2024</strong>: coverage expands to sustainable finance and digital assets.</li>
</ol>
<h2>Editorial leadership</h2>
<p>The editor-in-chief is responsible for everything published under the {site} name and reports to the
board of {publisher}, not to its commercial directors. Section editors lead the business, banking, investing,
trading and technology desks; a standards editor handles corrections and complaints.</p>
<h2>Using our name and logo</h2>
<p>Award winners and partners may use our logo under the terms we send with their agreement. Anyone else
should ask first; the addresses are on our <a href="{page:contact-us}">Contact Us</a> page.</p>
"""

CONTACT = """
<p>We read everything we receive, although we cannot answer every message. Please write to the desk that
fits your question; it reaches the right person fastest.</p>
<h2>Newsroom</h2>
<ul>
<li><strong>News tips and story ideas:</strong> <a href="mailto:newsdesk@example.com">newsdesk@example.com</a></li>
<li><strong>Corrections:</strong> <a href="mailto:corrections@example.com">corrections@example.com</a>. Tell us
the article's address and what you believe is wrong; we aim to reply within two working days.</li>
<li><strong>Press releases:</strong> <a href="mailto:press@example.com">press@example.com</a>. See
<a href="{page:press-release}">how we handle press releases</a> first.</li>
</ul>
<h2>Business enquiries</h2>
<ul>
<li><strong>Advertising and sponsorship:</strong>
<a href="mailto:advertising@example.com">advertising@example.com</a></li>
<li><strong>Research and reports:</strong> <a href="mailto:research@example.com">research@example.com</a></li>
<li><strong>Awards and events:</strong> <a href="mailto:awards@example.com">awards@example.com</a></li>
</ul>
<h2>Privacy</h2>
<p>Questions about your personal data go to our data protection lead at
<a href="mailto:privacy@example.com">privacy@example.com</a>. Our
<a href="{page:privacy-cookie-policy}">Privacy &amp; Cookie Policy</a> explains your rights.</p>
<h2>By post</h2>
<p>{publisher}, Editorial Office, London, United Kingdom. Post is collected weekly, so email is quicker.</p>
"""

ADVERTISING = """
<p>{site} reaches decision-makers across banking, asset management, corporate finance and technology. We work
with brands that want to speak to that audience, on terms that keep our journalism independent.</p>
<h2>Ways to work with us</h2>
<ul>
<li><strong>Display advertising</strong> on the website, sold by section or by audience.</li>
<li><strong>Newsletter sponsorship</strong>: one sponsor per weekday edition, clearly marked.</li>
<li><strong>Sponsored content</strong>: articles written by or for a partner, labelled “Sponsored” wherever
they appear.</li>
<li><strong>Research partnerships</strong>: surveys and reports produced with our research unit.</li>
<li><strong>Awards and events</strong>: category partnerships and speaking opportunities.</li>
</ul>
<h2>How we label commercial content</h2>
<p>Readers always know when content is paid for. Sponsored articles, advertorials and partner reports carry a
label on every card and page where they appear, and an explanation at the top of the article. Advertisers do
not see or approve our editorial coverage. Our <a href="{page:editorial-advertiser-disclosure}">Editorial
&amp; Advertiser Disclosure</a> sets out the rules in full.</p>
<h2>What we do not accept</h2>
<ul>
<li>Advertising for products that promise guaranteed returns, or for unregulated investment schemes.</li>
<li>Payment for favourable coverage, for removing a story or for a place in our awards shortlists.</li>
<li>Hidden paid links in editorial articles.</li>
</ul>
<h2>Media kit</h2>
<p>For our audience figures, rates and the current editorial calendar, email
<a href="mailto:advertising@example.com">advertising@example.com</a>.</p>
"""

SUBMIT_POST = """
<p>We publish a small number of contributed articles from practitioners: bankers, investors, economists,
regulators and technologists with something new to say. Here is what we look for and how to pitch.</p>
<h2>What we look for</h2>
<ul>
<li>An argument or insight our readers have not read elsewhere, backed by evidence or experience.</li>
<li>700 to 1,200 words, written for a professional but not specialist audience.</li>
<li>Original work, not published anywhere else, including on your own blog.</li>
</ul>
<h2>What we do not publish</h2>
<ul>
<li>Promotional pieces about a company, product or fund.</li>
<li>Articles with links placed for search engines, or for which anyone has been paid.</li>
<li>Investment tips or recommendations to buy or sell a particular security.</li>
</ul>
<h2>How to pitch</h2>
<p>Email a short outline (no more than 200 words), your name, your role and any interests we should declare
to <a href="mailto:contributors@example.com">contributors@example.com</a>. Please do not send a finished
article first. We reply to every pitch we accept, usually within two weeks.</p>
<h2>Editing and labelling</h2>
<p>Our editors may shorten or restructure accepted articles and will agree the final text with you.
Contributed articles are labelled “Guest post”, carry the author's name and role, and declare any conflict of
interest. We do not charge for publication and we do not pay contributors.</p>
"""

RESEARCH = """
<p>The {site} research unit turns our readers' experience into data: surveys of the people who run treasury
teams, trading desks and digital banks, analysed by our own staff.</p>
<h2>Current series</h2>
<ul>
<li><strong>Treasury Pulse</strong> (quarterly): liquidity, funding and cash-management priorities.</li>
<li><strong>Digital Banking Benchmark</strong> (annual): how retail banks compare on digital services.</li>
<li><strong>Wealth Outlook</strong> (annual): what private investors expect from markets and advisers.</li>
</ul>
<h2>How we do it</h2>
<h3>Surveys</h3>
<p>Surveys run online with readers who hold the relevant role, verified through their employer's email
domain. We publish the sample size, dates and questions with every report.</p>
<h3>Data and analysis</h3>
<p>We combine survey results with public filings and central bank statistics. Analysts who write our reports
may not trade in the securities of companies they rank.</p>
<h2>Commissioned research</h2>
<p>Some reports are paid for by a partner. They are labelled “Commissioned research” on the cover and on every
page that mentions them, and name the partner. Partners may suggest topics; they do not change findings.</p>
<h2>Getting a report</h2>
<p>Summaries are free to read on {site}. Full reports are available to subscribers and on request to
<a href="mailto:research@example.com">research@example.com</a>.</p>
"""

PRESS_RELEASE = """
<p>{site} receives hundreds of press releases a week. A few become news stories; some are published as they are,
clearly labelled. This page explains the difference.</p>
<h2>When a release becomes a story</h2>
<p>If a release contains news our readers need, a reporter may write a story about it, checking the facts,
asking questions and adding context or other views. That story is our journalism and is not labelled as a
press release.</p>
<h2>Published press releases</h2>
<p>Some releases are published in full, as supplied, in our press release section. They carry the label
“Press release” on every card and page, name the issuing organisation and are not edited for accuracy by our
newsroom. Publication is not an endorsement.</p>
<h3>Paid distribution</h3>
<p>Organisations can pay to have a release published and included in our newsletter. Paid releases are
labelled in the same way and are never presented as independent reporting.</p>
<h2>How to send a release</h2>
<ul>
<li>Email it to <a href="mailto:press@example.com">press@example.com</a> as text in the message, not only as
an attachment.</li>
<li>State any embargo clearly in the subject line; we respect embargoes we have agreed to.</li>
<li>Include a named contact who can answer questions on the day.</li>
</ul>
"""

COMPANY_PAGES = [
    (
        "about-us",
        "About Us",
        "{site} reports on business, finance, banking, investing and technology for professionals "
        "and private investors in more than 150 countries.",
        ABOUT,
    ),
    (
        "profile",
        "Profile",
        "Facts about {site} and {publisher}: history, reach, formats and editorial leadership.",
        PROFILE,
    ),
    (
        "contact-us",
        "Contact Us",
        "How to reach our newsroom, our commercial teams and our data protection lead.",
        CONTACT,
    ),
    (
        "advertising",
        "Advertising",
        "Advertise, sponsor and partner with {site}, with every commercial message clearly labelled.",
        ADVERTISING,
    ),
    (
        "submit-post",
        "Submit Post",
        "Guidelines for contributed articles: what we look for, what we do not publish and how to pitch.",
        SUBMIT_POST,
    ),
    (
        "research-reports",
        "Research Reports",
        "Surveys and benchmarks from the {site} research unit, and how we produce them.",
        RESEARCH,
    ),
    (
        "press-release",
        "Press Release",
        "How {site} handles press releases: when they become stories, and how published releases are labelled.",
        PRESS_RELEASE,
    ),
]
