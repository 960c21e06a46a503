"""What the wire says about a story beyond its text: its urgency and its embargo."""
