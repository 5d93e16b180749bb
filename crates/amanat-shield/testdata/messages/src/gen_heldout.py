"""Writes ../heldout/<lang>.jsonl from heldout_<lang>.py.

Messages are written in pairs of the same class, each pair starting on an even line, so the
even-line half (tuning) and the odd-line half (held out) each get exactly half of the scams and
half of the legitimate messages: blocks of one scam pair then two or three legit pairs."""
import importlib, json, sys

for lang in sys.argv[1:]:
    m = importlib.import_module(f"heldout_{lang}")
    s, l = m.SCAM, m.LEGIT
    assert len(s) % 2 == 0 and len(l) % 2 == 0, lang
    sp = [s[i:i + 2] for i in range(0, len(s), 2)]
    lp = [l[i:i + 2] for i in range(0, len(l), 2)]
    out = []
    li = 0
    for k, pair in enumerate(sp):
        out += [("scam", x) for x in pair]
        # spread the legit pairs evenly over the scam pairs
        want = round((k + 1) * len(lp) / len(sp))
        while li < want:
            out += [("legit", x) for x in lp[li]]
            li += 1
    while li < len(lp):
        out += [("legit", x) for x in lp[li]]
        li += 1
    with open(f"../heldout/{lang}.jsonl", "w") as f:
        for label, text in out:
            f.write(json.dumps({"label": label, "text": text}, ensure_ascii=False) + "\n")
    print(lang, len(s), "scam", len(l), "legit")
