"""Demo text of the page explaining the type-of-work and AI-use labels (articles/trustlabels links every label here)."""

LABELS = """
<p>Every story on {site} carries a small label above its headline that says what kind of piece it is. Hover over
the label, or move to it with the keyboard, to read what it means; this page explains them all.</p>
<h2>Types of work</h2>
<ul>
<li><strong>News:</strong> facts our reporters gathered and checked, without their opinion.</li>
<li><strong>Analysis:</strong> a specialist interprets the news and what it means, based on facts and data. The
conclusions are the writer's, and the facts they rest on are reported.</li>
<li><strong>Opinion:</strong> the writer's own view and argument, not our news reporting. The byline says who they
are: one of our columnists, or a guest writer from outside the newsroom. Opinion is never filed as news.</li>
<li><strong>Interview:</strong> a conversation with the person named, edited for length and clarity.</li>
<li><strong>Explainer:</strong> background and context that help you understand a subject in the news.</li>
<li><strong>Review:</strong> a critic's assessment of a product, service, book or performance. Companies never see
a review before it is published, and we pay for what we review.</li>
<li><strong>Feature:</strong> a longer reported story about people, places or trends behind the news.</li>
</ul>
<p>Content paid for or supplied by others is labelled by its disclosure instead (“Sponsored”, “Press release”):
the <a href="{page:editorial-advertiser-disclosure}">Editorial &amp; Advertiser Disclosure</a> explains those.</p>
<h2>How we use AI</h2>
<p>A story made with the help of artificial intelligence says so next to its byline, in plain words, with the name
of the journalist who checked the result. The note tells you which of these applies:</p>
<ul>
<li><strong>Research or translation assisted:</strong> AI tools helped find, summarise or translate material; our
journalists wrote the text.</li>
<li><strong>Text drafted with AI:</strong> a first draft came from an AI tool, and a named journalist checked every
fact and rewrote it before publication.</li>
<li><strong>Picture generated or edited with AI:</strong> the picture was made, or changed, with AI. Its caption
says so, and its content credentials state it too (as IPTC's “trained algorithmic media”).</li>
</ul>
<p>We never publish AI-made text or pictures that no journalist has checked, and we never present a generated
picture as a photograph.</p>
"""

LABELS_PAGES = [
    (
        "types-of-work-and-ai",
        "Types of Work & AI Use",
        "What the labels above our headlines mean (News, Analysis, Opinion…) and how {site} says when AI was used.",
        LABELS,
    ),
]
