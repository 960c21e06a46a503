"""Sources and methods: the documents and data behind a story, how it was reported, and a dead-link check.

Readers see the note and the links at the end of the article (and as
`citation` in its JSON-LD); `links.check_source_links` looks at every link
periodically and marks the dead ones for editors (admin list filter and
the dashboard).
"""
