"""Regenerate the dnstwist permutation lists (offline; no DNS is queried).

Usage: pip install dnstwist==20250130 && python3 gen_dnstwist.py
Writes dnstwist-<domain>.tsv with two columns: fuzzer, domain (IDNA/punycode form).
"""
import dnstwist

OFFICIAL = ["odero.az", "tokeninc.com", "digikala.ir", "thegioididong.vn",
            "omantel.om", "mcquang.vn", "tap.az"]
TLDS = ["com", "net", "org", "az", "ir", "vn", "om", "info", "biz", "co",
        "io", "online", "site", "xyz", "shop", "top", "app", "com.az", "co.ir", "com.vn"]

for d in OFFICIAL:
    f = dnstwist.Fuzzer(d, tld_dictionary=TLDS)
    f.generate()
    rows = sorted({(p["fuzzer"], p["domain"]) for p in f.permutations() if p["fuzzer"] != "*original"})
    with open(f"dnstwist-{d}.tsv", "w") as out:
        for fz, dom in rows:
            out.write(f"{fz}\t{dom}\n")
    print(d, len(rows))
