"""Demo texts of the publisher's policy pages, linked from its NewsMediaOrganization data (POLICY_SLUGS)."""

PRINCIPLES = """
<p>{site} exists to give people who work with money accurate, fair and useful journalism. These are the
principles every story we publish is held to.</p>
<h2>Accuracy first</h2>
<p>We check facts before we publish, with documents and more than one source wherever we can. When a story
relies on a document or data set, we link it under “Sources and methods” at the end of the article.</p>
<h2>Independence</h2>
<p>Our journalism is decided by editors, never by advertisers, sponsors or owners. Commercial content is
labelled wherever it appears; the <a href="{page:editorial-advertiser-disclosure}">Editorial &amp; Advertiser
Disclosure</a> explains the labels.</p>
<h2>Transparency</h2>
<p>Every article names who wrote it, and the author page says what they cover and their credentials. When a
story changes in substance, its “Last updated” date moves and “What changed” shows every published version.</p>
<h2>Fairness</h2>
<p>People and companies we write about critically get a fair chance to respond before publication, and their
response is reported.</p>
"""

CORRECTIONS = """
<p>When we get something wrong, we correct it promptly and openly.</p>
<h2>How we correct</h2>
<ul>
<li>A <strong>correction</strong> fixes a factual error; a <strong>clarification</strong> adds context that
was missing. Both are shown at the end of the article with their date, and never removed.</li>
<li>A correction moves the article's “Last updated” date, and its “What changed” page shows the version that
was corrected and exactly which words changed.</li>
<li>Minor fixes of spelling or grammar that change no meaning are made without a note.</li>
</ul>
<h2>Every correction in one place</h2>
<p>All corrections are listed, newest first, on the <a href="{url:articles:corrections}">corrections page</a>, also as a
<a href="{url:articles:corrections_feed}">corrections feed</a> you can follow.</p>
<h2>Tell us</h2>
<p>If you think we got something wrong, write to <a href="mailto:corrections@example.com">corrections@example.com</a>
with the article's address. Our standards editor answers every request.</p>
"""

ETHICS = """
<p>Our journalists follow this code. Breaches are handled by the standards editor and can lead to
disciplinary action.</p>
<h2>Conflicts of interest</h2>
<p>Journalists do not write about companies in which they, or their close family, hold shares or have a
business interest, and declare holdings to the editor-in-chief each year. They do not trade on information
before it is published.</p>
<h2>Gifts and travel</h2>
<p>We decline gifts beyond token value, and we pay our own way to events and trips we report on.</p>
<h2>Sources</h2>
<p>We name our sources wherever we can. We grant anonymity only when a source faces real risk, and then the
story says why. We never pay for information.</p>
<h2>Use of automated tools</h2>
<p>Where automated tools helped with research, translation or drafting, a named journalist checked the result
and the article says so; <a href="{page:types-of-work-and-ai}">Types of Work &amp; AI Use</a> explains the notes.</p>
"""

MASTHEAD = """
<p>The people responsible for what {site} publishes.</p>
<h2>Editorial</h2>
<ul>
<li><strong>Editor-in-chief:</strong> responsible for all journalism published under the {site} name.</li>
<li><strong>Managing editor:</strong> runs the newsroom day to day.</li>
<li><strong>Standards editor:</strong> corrections, complaints and this site's policies.</li>
<li><strong>Section editors:</strong> business, banking, investing, trading and technology.</li>
</ul>
<h2>Publisher</h2>
<p>{site} is published by {publisher}. Its commercial directors do not report to, or instruct, the newsroom.</p>
<h2>Our writers</h2>
<p>Every journalist has an author page, linked from their byline, with their role, the subjects they know and
their credentials.</p>
"""

OWNERSHIP = """
<p>{site} is published by {publisher}, a privately held company. No shareholder has a say in what we
publish.</p>
<h2>How we are funded</h2>
<ul>
<li>advertising and sponsorship, always labelled;</li>
<li>research reports and their subscriptions;</li>
<li>events and the annual {site} Awards;</li>
<li>our magazine.</li>
</ul>
<p>No single advertiser or sponsor accounts for more than a tenth of our revenue. We do not accept money from
political parties.</p>
<h2>Changes of ownership</h2>
<p>If the ownership of {publisher} changes, we will say so on this page and in a note to our readers.</p>
"""

FEEDBACK = """
<p>We want to hear from readers: about errors, about stories we missed and about how we work.</p>
<h2>How to reach us</h2>
<ul>
<li><strong>Errors:</strong> <a href="mailto:corrections@example.com">corrections@example.com</a>; see our
<a href="{page:corrections-policy}">corrections policy</a>.</li>
<li><strong>Complaints about our standards:</strong>
<a href="mailto:standards@example.com">standards@example.com</a>.</li>
<li><strong>News tips and everything else:</strong> the form on our
<a href="{url:portal:contact}">contact page</a>.</li>
</ul>
<h2>What happens next</h2>
<p>We acknowledge every message within two working days and answer complaints within ten. When your message
leads to a correction, the article says so.</p>
<p>If you are not satisfied with our answer, you may ask for the editor-in-chief to review it.</p>
"""

STANDARDS_PAGES = [
    (
        "publishing-principles",
        "Publishing Principles",
        "The principles every story on {site} is held to: accuracy, independence, transparency and fairness.",
        PRINCIPLES,
    ),
    (
        "corrections-policy",
        "Corrections Policy",
        "How {site} corrects mistakes: openly, dated, and with every published version of the story kept.",
        CORRECTIONS,
    ),
    (
        "ethics-policy",
        "Ethics Policy",
        "The code our journalists follow: conflicts of interest, gifts, sources and automated tools.",
        ETHICS,
    ),
    ("masthead", "Masthead", "The people responsible for what {site} publishes.", MASTHEAD),
    (
        "ownership-and-funding",
        "Ownership & Funding",
        "Who owns {site} and how it is funded.",
        OWNERSHIP,
    ),
    (
        "feedback-policy",
        "Reader Feedback",
        "How to tell {site} about an error or a concern, and what happens next.",
        FEEDBACK,
    ),
]
