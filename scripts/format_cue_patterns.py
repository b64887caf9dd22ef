"""Rewrite resources/cues/patterns.json in its house layout: one token pattern, one word list per line.

Run after editing the patterns: ``python3 scripts/format_cue_patterns.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "resources" / "cues" / "patterns.json"


def dumps(data: dict) -> str:
    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    out = ["{"]
    items = list(data.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if key == "patterns":
            out.append('  "patterns": [')
            for m, pattern in enumerate(value):
                out.append("    {")
                fields = list(pattern.items())
                for k, (name, field) in enumerate(fields):
                    sep = "," if k < len(fields) - 1 else ""
                    if name == "tokens":
                        out.append('      "tokens": [')
                        out.extend(
                            f"        {one(tokens)}{',' if t < len(field) - 1 else ''}"
                            for t, tokens in enumerate(field)
                        )
                        out.append(f"      ]{sep}")
                    else:
                        out.append(f"      {one(name)}: {one(field)}{sep}")
                out.append("    }" + ("," if m < len(value) - 1 else ""))
            out.append(f"  ]{comma}")
        else:
            out.append(f"  {one(key)}: {one(value)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    data = json.loads(PATH.read_text(encoding="utf-8"))
    text = dumps(data)
    assert json.loads(text) == data
    PATH.write_text(text, encoding="utf-8")
