"""The headless read API at /api/v1/: published content as JSON for apps and partners.

- `models`: partner API keys (optional; anonymous use stays allowed);
- `access`: who is asking (a key or nobody) and the per-key rate limits;
- `schemas`: the typed shapes every answer has (the OpenAPI document is built from them);
- `queries`: what each endpoint reads, always through `Article.objects.published()`;
- `pagination`: cursors (keyset pagination, stable while stories are published);
- `endpoints`: the routes; `docs`: the OpenAPI document and the docs page; `urls`.

Built on django-ninja (README, "Read API"). Every answer is a public page to
the page cache and the proxy: it declares the surrogate keys of what it shows
(`articles.changes`), so a change purges it exactly like the HTML pages.
"""
