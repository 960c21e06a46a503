"""Where the import tests' material lives: the IPTC ninjs examples and
validation suite, and our own sample documents, beside this file."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
NINJS = HERE / "ninjs"
SAMPLES = HERE / "samples"
