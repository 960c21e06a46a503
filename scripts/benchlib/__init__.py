"""Pieces of `make bench` (scripts/bench.py): the servers it starts, the load it applies, the table it prints."""
