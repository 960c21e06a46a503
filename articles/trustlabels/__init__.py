"""Type-of-work and AI-use labels (issue 19 §1-2): what kind of piece a story is, and how AI was used to make it.

The words (`vocabulary`), the article's fields (`models.TrustLabelsFields`,
mixed into `Article`), what readers are told (`labels`) and the checks
that block publishing a piece whose labels would mislead (`checks`).
"""
