"""The text-only edition (/text/): headlines and articles as plain HTML for readers on a bad connection.

No images, no style sheet, no script, no inline style: every page fits in
the first round trips of a slow link (under 14 KB). What must reach readers
still does: commercial labels, corrections and an honest "Last updated".
"""
