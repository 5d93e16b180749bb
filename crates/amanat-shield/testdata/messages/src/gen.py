"""Writes ../<lang>.jsonl from <lang>.py: blocks of two scam then two legit lines, so that the
even-line half (tuning) and the odd-line half (held out) each get half of both classes."""
import importlib, json, sys
for lang in sys.argv[1:]:
    m = importlib.import_module(lang)
    s, l = m.SCAM, m.LEGIT
    out = []
    for i in range(0, max(len(s), len(l)), 2):
        for x in s[i:i+2]:
            out.append({"label": "scam", "text": x})
        for x in l[i:i+2]:
            out.append({"label": "legit", "text": x})
    with open(f"../{lang}.jsonl", "w") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(lang, len(s), "scam", len(l), "legit")
