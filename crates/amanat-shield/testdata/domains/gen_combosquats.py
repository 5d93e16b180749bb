"""Build combosquats.tsv: brand + words, both orders, with and without hyphens, on various TLDs.

Columns: official domain, word set ("seen" = words also in lexicon/combo_words.txt, "unseen" =
words the detector has never been given), candidate domain.
"""
import itertools, random
random.seed(7)
OFFICIAL = ["odero.az", "tokeninc.com", "digikala.ir", "thegioididong.vn", "omantel.om", "mcquang.vn", "tap.az"]
SEEN = ["login", "secure", "verify", "support", "account", "bonus", "pay", "online", "help", "update", "gift", "promo"]
UNSEEN = ["express", "club", "vip", "portal24", "dashboard", "events", "lottery", "refund", "tracking", "delivery", "invoice", "kyc", "plus", "pro", "center24", "hub"]
TLDS = ["com", "net", "org", "info", "xyz", "top", "online", "site", "az", "ir", "vn", "om", "co", "app"]
rows = set()
for off in OFFICIAL:
    label, sfx = off.split(".", 1)
    for kind, words in (("seen", SEEN), ("unseen", UNSEEN)):
        for w in words:
            for tld in random.sample(TLDS, 3):
                for cand in (f"{label}-{w}", f"{w}-{label}", f"{label}{w}", f"{w}{label}",
                             f"{label}-{sfx}-{w}", f"{w}-{label}-{sfx}", f"{label}{sfx}"):
                    rows.add((off, kind, f"{cand}.{tld}"))
            rows.add((off, kind, f"{label}.{sfx}-{w}.com"))
with open("combosquats.tsv", "w") as f:
    for r in sorted(rows):
        f.write("\t".join(r) + "\n")
print(len(rows))
