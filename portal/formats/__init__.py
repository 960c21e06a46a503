"""The site's own date formats (FORMAT_MODULE_PATH): one format everywhere in the admin."""
