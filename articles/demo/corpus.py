"""Original demo copy for a finance portal, assembled from parts.

All names of companies and people are invented; the sentences are written for
this project so the demo site reads like a real one without copying anyone.
"""

SECTIONS = [
    ("Top Stories", "top-stories", "The stories our editors think matter most today."),
    ("Interviews", "interviews", "Conversations with the people running banks, funds and fintechs."),
    ("Business", "business", "Companies, deals, leadership and the economy that moves them."),
    ("Finance", "finance", "Markets, policy and the money flowing between them."),
    ("Banking", "banking", "Retail, commercial and central banking, regulation and risk."),
    ("Technology", "technology", "Fintech, payments, AI and the infrastructure of modern finance."),
    ("Investing", "investing", "Funds, portfolios and the ideas behind long-term investing."),
    ("Trading", "trading", "Currencies, commodities, equities and the desks that trade them."),
    ("Videos", "videos", "Short explainers and interviews on video."),
    ("Headlines", "headlines", "The day's news in brief."),
    ("Trends", "trends", "Patterns shaping finance over the next decade."),
]
#: A few desks carry a colour of their own (Category.colour); the rest keep the house colour.
SECTION_COLOURS = {"interviews": "teal", "technology": "purple", "investing": "green", "trading": "amber"}

AUTHORS = [
    ("Andrew Osborn", "Reuters", "Andrew covers energy, sanctions and the politics of commodities from London."),
    ("Priya Raman", "", "Priya writes about retail banking, consumer credit and the regulators who police them."),
    ("Tomasz Wielicki", "", "Tomasz reports on central banks and bond markets across Europe."),
    ("Grace Adeyemi", "", "Grace follows payments, fintech start-ups and the infrastructure behind them."),
    ("Daniel Okafor", "", "Daniel edits the investing desk and writes the weekly portfolio column."),
    ("Sofia Marchetti", "", "Sofia covers trading floors, exchanges and market structure."),
    ("Hiroshi Tanaka", "", "Hiroshi reports on Asian markets and cross-border capital flows."),
    ("Emma Lindqvist", "", "Emma writes about sustainable finance and corporate governance."),
    ("Lucas Ferreira", "", "Lucas covers emerging markets, from Brazil to the Gulf."),
    ("Hannah Brooks", "", "Hannah interviews chief executives and founders for our Interviews series."),
]

#: Author pages: (role, areas of expertise, credentials one a line), by name.
AUTHOR_PROFILES = {
    "Andrew Osborn": ("Energy correspondent", "Oil markets, Sanctions, Commodities", "At Reuters since 2008"),
    "Priya Raman": ("Banking correspondent", "Retail banking, Consumer credit, Regulation", "ACA chartered accountant"),
    "Tomasz Wielicki": ("Economics editor", "Central banks, Bond markets", "MSc Economics, LSE"),
    "Grace Adeyemi": ("Fintech reporter", "Payments, Fintech, Market infrastructure", ""),
    "Daniel Okafor": ("Investing editor", "Portfolios, Funds, Asset allocation", "CFA charterholder"),
    "Sofia Marchetti": ("Markets reporter", "Exchanges, Market structure, Trading", ""),
    "Hiroshi Tanaka": ("Asia correspondent", "Asian markets, Capital flows", ""),
    "Emma Lindqvist": ("Sustainable finance reporter", "ESG, Corporate governance", ""),
    "Lucas Ferreira": ("Emerging markets correspondent", "Brazil, Gulf markets, Emerging markets", ""),
    "Hannah Brooks": ("Interviews editor", "Chief executives, Founders", ""),
}

TAGS = [
    "Interest rates",
    "Inflation",
    "Central banks",
    "Mortgages",
    "Fintech",
    "Payments",
    "Cryptocurrency",
    "ESG",
    "Private equity",
    "Mergers and acquisitions",
    "IPOs",
    "Bonds",
    "Equities",
    "Commodities",
    "Oil",
    "Gold",
    "Currencies",
    "Regulation",
    "Cybersecurity",
    "Artificial intelligence",
    "Open banking",
    "Wealth management",
    "Pensions",
    "Insurance",
    "Emerging markets",
    "Europe",
    "Asia",
    "United States",
    "United Kingdom",
    "Middle East",
    "Leadership",
    "Earnings",
    "Venture capital",
    "Real estate",
    "Supply chains",
    "Trade",
    "Sustainability",
    "Digital banking",
    "Hedge funds",
    "Remittances",
]

COMPANIES = [
    "Northbridge Bank",
    "Meridian Capital",
    "Harbourline Insurance",
    "Solace Payments",
    "Atlas Ledger",
    "Kestrel Asset Management",
    "Bluewater Securities",
    "Orchard Digital Bank",
    "Cobalt Exchange",
    "Pinecrest Holdings",
    "Vantage Clearing",
    "Lumen Pay",
    "Redfern Mutual",
    "Silverline Trust",
    "Quarry Point Partners",
    "Aurora Commodities",
    "Halcyon Wealth",
    "Ironbark Fintech",
]

PLACES = [
    "London",
    "Frankfurt",
    "Singapore",
    "New York",
    "Dubai",
    "Hong Kong",
    "Zurich",
    "Toronto",
    "São Paulo",
    "Lagos",
]

HEADLINE_PATTERNS = [
    "{company} lifts full-year outlook as {topic} demand holds up",
    "{company} to cut costs in {place} after a slower quarter",
    "Why {topic} is back at the top of boardroom agendas",
    "{place} regulators tighten rules on {topic}",
    "{company} agrees deal to expand its {topic} business",
    "Investors weigh {topic} risks as markets swing",
    "Inside the plan at {company} to rebuild trust after a difficult year",
    "{topic}: what the latest figures mean for savers",
    "{company} chief says {topic} will reshape the industry",
    "Five things to watch in {topic} this quarter",
    "{place} emerges as a hub for {topic}",
    "{company} shares rise on stronger-than-expected results",
]

OPENINGS = [
    "{company} said on {weekday} that it expected {topic} to remain a source of growth this year, "
    "even as higher funding costs weigh on parts of its business in {place}.",
    "Regulators in {place} set out new proposals this week that would change how firms handle {topic}, "
    "a move that {company} and its peers have been preparing for since last year.",
    "The market for {topic} has changed faster in the past twelve months than in the decade before, "
    "according to executives and analysts who spoke to us in {place}.",
]

PARAGRAPHS = [
    "Analysts said the figures were better than the cautious guidance the company gave in the spring, "
    "although several warned that the second half of the year would be harder to read.",
    "“We have spent two years simplifying the business, and customers are starting to notice,” a senior "
    "executive said in an interview. “The work is not finished, but the direction is clear.”",
    "The change comes as lenders across the region compete for deposits, pushing up the rates they pay "
    "savers and squeezing the margin between what they earn on loans and what they pay out.",
    "Investors have rewarded firms that can show steady cash flow, while punishing those whose growth "
    "depends on cheap borrowing. Shares in the sector have moved in a wide range this year.",
    "People familiar with the matter said talks had been running for several months and could still "
    "change before a final agreement is signed. Neither side commented on the terms.",
    "Consumer groups welcomed the plans but said the rules needed to be enforced consistently, pointing "
    "to earlier cases in which customers waited months for complaints to be resolved.",
    "Technology spending remains high. Firms are replacing decades-old core systems, moving data to the "
    "cloud and testing artificial intelligence tools for fraud detection and customer service.",
    "Economists expect inflation to ease gradually, but warned that energy prices and wage growth could "
    "keep it above central bank targets for longer than markets currently assume.",
    "Smaller competitors argue that scale now matters more than ever, because the cost of compliance, "
    "cybersecurity and new technology is spread across fewer customers.",
    "For savers, the practical effect is likely to be modest in the short term. Over several years, "
    "however, the shift could change which products banks choose to offer and at what price.",
]

SUBHEADINGS = ["What changes", "Why it matters", "What comes next", "The numbers", "How markets reacted"]

TAKEAWAYS = [
    "{company} expects {topic} to keep growing despite higher funding costs.",
    "Regulators in {place} are tightening oversight of {topic}.",
    "Analysts see a harder second half of the year.",
    "Savers may see modest changes in the short term.",
    "Technology spending across the sector remains high.",
    "Scale matters more as compliance costs rise.",
]

FAQS = [
    (
        "What did {company} announce?",
        "It set out its outlook for {topic} and the steps it plans to take in {place} over the coming year.",
    ),
    (
        "Why does {topic} matter to ordinary customers?",
        "Changes in {topic} affect the rates, fees and services that banks and insurers offer, "
        "usually with a delay of a few months.",
    ),
    (
        "When will the changes take effect?",
        "Most of the measures are expected to be phased in over the next twelve to eighteen months.",
    ),
    ("Where can I read more?", "Follow the {topic} tag on this site for every story we publish on the subject."),
]

PALETTES = [
    ((11, 37, 69), (36, 99, 160)), ((120, 24, 30), (222, 104, 60)), ((18, 78, 64), (82, 170, 120)),
    ((60, 40, 110), (150, 110, 210)), ((30, 30, 30), (110, 110, 120)), ((150, 100, 10), (240, 190, 60)),
]  # fmt: skip

DISCLOSURES = [
    # (name, slug, label, explanation, commercial, written by): an article carries at most one disclosure
    # that says who wrote it (Disclosure.written_by), so sponsored copy is never also "as the agency filed it".
    ("Sponsored content", "sponsored", "Sponsored",
     "This article was paid for by a sponsor. It was written by our commercial team, not our newsroom.", True,
     "commercial"),
    ("Advertorial (commissioned)", "advertorial", "Advertorial",
     "This is advertising: the advertiser commissioned and approved this content.", True, "advertiser"),
    ("Press release", "press-release", "Press release",
     "This is a press release published as supplied by the organisation named in it; we did not edit it.", True,
     "issuer"),
    ("Affiliate links", "affiliate-links", "Affiliate links",
     "We may earn a commission if you buy through links in this article. It does not affect what we write.", True,
     ""),
    ("Guest post (contributed)", "guest-post", "Guest post",
     "This article was contributed by an outside author. Views are the author's own.", False, "guest"),
    ("Agency copy (wire)", "agency-copy", "Agency copy",
     "This story comes from a news agency and is published as the agency filed it.", False, "agency"),
    ("Conflict of interest", "conflict-of-interest", "Conflict of interest",
     "The author or the publisher has an interest in a company mentioned here, described in the article.", False,
     ""),
]  # fmt: skip

CORRECTIONS = [
    ("correction", "An earlier version of this article misstated the size of the deal. It is worth 1.2 billion, "
     "not 12 billion."),
    ("clarification", "This article has been updated to make clear that the proposals are still under "
     "consultation and have not been adopted."),
    ("correction", "An earlier version misspelled the name of the chief executive."),
]  # fmt: skip

#: Tags that read naturally in lower case inside a sentence.
TOPICS = [
    tag
    for tag in TAGS
    if tag not in {"ESG", "IPOs", "Europe", "Asia", "United States", "United Kingdom", "Middle East"}
]

SUMMARIES = [
    "{company} expects {topic} to keep growing this year, though higher funding costs in {place} "
    "weigh on parts of the business.",
    "New rules proposed in {place} would change how firms handle {topic}; {company} says it is ready.",
    "Executives and analysts in {place} say the market for {topic} has changed faster in a year than "
    "in the decade before.",
    "What the latest moves in {topic} mean for customers, investors and the rivals of {company} in {place}.",
]
