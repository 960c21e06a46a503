"""The editor's desk: autosaved drafts, the live preview, SEO and social fields."""
