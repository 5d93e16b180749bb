"""How many of our combosquats dnstwist itself generates: default fuzzers, and with a dictionary
of exactly the words we used (the most generous setting) plus the TLDs we used."""
import dnstwist
from collections import defaultdict
from gen_combosquats import SEEN, UNSEEN, TLDS  # noqa: E402  (re-runs the generator; harmless)
rows = [l.rstrip("\n").split("\t") for l in open("combosquats.tsv")]
by = defaultdict(set)
for off, kind, d in rows:
    by[off].add(d)
tot = sum(len(v) for v in by.values())
for label, kw in (("default fuzzers", {}), ("with our words as dictionary and our TLDs", {"dictionary": SEEN + UNSEEN, "tld_dictionary": TLDS})):
    hit = 0
    for off, cands in by.items():
        f = dnstwist.Fuzzer(off, **kw)
        f.generate()
        gen = {p["domain"] for p in f.permutations()}
        hit += len(cands & gen)
    print(f"dnstwist {label}: {hit}/{tot} = {100*hit/tot:.1f}%")
