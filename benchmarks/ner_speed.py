"""In-app NER speed against plain spaCy ``nlp.pipe`` on the same text and pipeline, in one run.

Prints words per second for both and their ratio (target: in-app at least 0.9 of plain).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._corpus import long_article
from claimmark.core.nlp import BATCH, Recognizer, best_pipeline, chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pipeline = best_pipeline()
    if pipeline is None:
        sys.exit("no English spaCy pipeline installed")
    text = long_article(args.words)
    words = len(text.split())
    recognizer = Recognizer(pipeline)
    nlp = recognizer.nlp
    pieces = [p for _, p in chunks(text)]
    recognizer.run(text[:5000])  # warm up both paths

    app_times, plain_times = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        found = recognizer.run(text)
        app_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        plain = [ent for doc in nlp.pipe(pieces, batch_size=BATCH) for ent in doc.ents]
        plain_times.append(time.perf_counter() - t)
    assert found is not None
    app, base = min(app_times), min(plain_times)
    print(f"pipeline: {pipeline.name} {pipeline.version}; components: {', '.join(nlp.pipe_names)}")
    print(f"text: {words:,} words, {len(text):,} characters, {len(pieces)} pieces, batch size {BATCH}")
    print(f"plain nlp.pipe:  {base:6.2f} s  ({words / base:,.0f} words/s), {len(plain):,} entities")
    print(f"in-app run():    {app:6.2f} s  ({words / app:,.0f} words/s), {len(found.entities):,} entities")
    print(f"in-app speed as a ratio of plain spaCy: {base / app:.2f} (target >= 0.90); best of {args.repeat}")
    import spacy

    full = spacy.load(pipeline.package)
    t = time.perf_counter()
    for _ in full.pipe(pieces, batch_size=BATCH):
        pass
    whole = time.perf_counter() - t
    print(
        f"for reference, the full default pipeline ({', '.join(full.pipe_names)}): {whole:6.2f} s "
        f"({words / whole:,.0f} words/s); the app skips the components it does not need"
    )


if __name__ == "__main__":
    main()
