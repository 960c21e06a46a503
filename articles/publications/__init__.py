"""Magazine issues and research reports: models, admin, reader views and URLs, PDF checks, demo content."""
