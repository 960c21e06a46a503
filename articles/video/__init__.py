"""Video stories: the video attached to an article (uploaded file or YouTube/Vimeo), its admin inline, demo videos.

`media` holds the plain functions (reading provider addresses, checking files, durations).
"""
