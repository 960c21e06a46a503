"""The breaking-news banner: one story announced at the top of every reader page until it expires."""
