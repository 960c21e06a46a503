"""Fail when a JUnit report shows skipped tests where none may skip.

CI runs this after each pytest run: browser tests must never be skipped,
and on the PostgreSQL + Redis run nothing may be skipped at all.
"""

import argparse
import sys
import xml.etree.ElementTree as ET


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report")
    parser.add_argument("--no-skips-in", default="tests", help="path prefix of tests that must not skip")
    args = parser.parse_args()
    prefix = args.no_skips_in.strip("/").replace("/", ".")
    cases = ET.parse(args.report).getroot().iter("testcase")
    ran, skipped = 0, []
    for case in cases:
        name = f"{case.get('classname')}.{case.get('name')}"
        if not name.startswith(prefix):
            continue
        skip = case.find("skipped")
        if skip is not None:
            skipped.append(f"{name}: {skip.get('message')}")
        else:
            ran += 1
    if skipped:
        print(f"{len(skipped)} test(s) under {args.no_skips_in} were skipped, and none may be:")
        print("\n".join(f"  {line}" for line in skipped))
        return 1
    if not ran:
        print(f"No test under {args.no_skips_in} ran.")
        return 1
    print(f"{ran} test(s) under {args.no_skips_in} ran; none skipped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
