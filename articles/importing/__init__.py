"""Content import: wire stories (IPTC ninjs) here; WordPress in `portal.importing`.

Both formats are turned into `common.Story` and written by `common.story_upsert`,
one transaction per document.
"""
