"""Breaking-news alerts (Web Push): readers' opt-in subscriptions, the editors' alerts and their delivery ledger."""
