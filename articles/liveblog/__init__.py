"""Live blogs: an article that carries a stream of timestamped entries, newest first.

- `models`: `LiveBlog` (makes an article a live blog: when coverage started
  and ended) and `LiveBlogEntry` (one update: rich text, author, key-event
  and pinned flags, draft or published);
- `admin`: the two inlines on the article's change form, and the mixin that
  keeps an entry's save from touching the story's own row;
- `selectors`: what a page shows (the stream, key events), one query;
- `views`: the entry's own page and the polled update fragment (JSON);
- `feeds`: entries of open live blogs as feed items;
- `api`: `/api/v1/articles/{id}/entries`;
- `changes`: what a change of each model announces (`liveblog-<article pk>`);
- `demo`: the demo live blog (`seed_liveblog`).
"""
