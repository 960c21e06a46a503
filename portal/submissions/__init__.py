"""Reader submissions: one model, one base form and view, one service, for every reader form."""
