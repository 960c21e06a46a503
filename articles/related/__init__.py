"""Related stories under an article: the editors' picks first, then stories sharing its tags and section."""
