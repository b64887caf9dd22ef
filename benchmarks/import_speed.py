"""Import speed: a 5 MB text through the import pipeline (repair detection included), in the
window (time to the review step and the longest GUI freeze meanwhile), and the library with
1,000 articles (query, dialog open, search).

Prints figures; never asserts on time.  Runs offscreen on fresh SQLite files:

    python benchmarks/import_speed.py [--mb 5] [--articles 1000]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from benchmarks._corpus import news_texts
from benchmarks._qt import FreezeMeter, wait
from claimmark.core import library
from claimmark.core.importing import read_article_file
from claimmark.core.reader.workspace import Workspace
from claimmark.core.repair import find_joins
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.gui.app import build_window
from claimmark.gui.library.actions import library_of

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_9a472a8724e17024.txt"


def big_text(parts: list[str], size: int) -> str:
    out: list[str] = []
    total = i = 0
    while total < size:
        out.append(parts[i % len(parts)])
        total += len(out[-1].encode("utf-8")) + 2
        i += 1
    return "\n\n".join(out)


def glue(text: str, rng: random.Random, rate: float) -> tuple[str, int]:
    """Drop the space before some capitalised words that follow a lower-case letter, as copying
    a page drops the spaces around a link ("leaderKim"); returns the text and the spaces dropped."""
    out: list[str] = []
    dropped = last = 0
    for match in _BEFORE_NAME.finditer(text):
        if rng.random() < rate:
            out.append(text[last : match.start()])
            last = match.end()
            dropped += 1
    out.append(text[last:])
    return "".join(out), dropped


_BEFORE_NAME = re.compile(r"(?<=[a-z]) (?=[A-Z][a-z])")


def pipeline_figures(name: str, path: Path, db_folder: str) -> None:
    size = path.stat().st_size / 1e6
    t0 = time.perf_counter()
    imported = read_article_file(path)
    t1 = time.perf_counter()
    joins = find_joins(imported.text)
    t2 = time.perf_counter()
    prepared = library.prepare_import(path)  # read + detect again, as the worker does
    t3 = time.perf_counter()
    db = open_database(Path(db_folder) / f"{name.replace(', ', '-')}.sqlite3")
    t4 = time.perf_counter()
    assert library.find_existing(db, prepared) is None
    article = library.store_import(db, prepared, prepared.joins)
    t5 = time.perf_counter()
    assert library.find_existing(db, prepared) is not None
    t6 = time.perf_counter()
    db.close()
    print(
        f"{name}: {size:.1f} MB, {len(imported.text.split()):,} words, {len(joins):,} joins proposed\n"
        f"  read + normalise {t1 - t0:.2f} s, repair detection {t2 - t1:.2f} s\n"
        f"  prepare_import (read + detection, what the worker runs): {t3 - t2:.2f} s (target < 3 s)\n"
        f"  duplicate check + store in one transaction: {(t5 - t4) * 1000:.0f} ms "
        f"(article {article.id}); duplicate found again in {(t6 - t5) * 1000:.0f} ms"
    )


def window_figures(app: QApplication, paths: list[Path], db_folder: str) -> None:
    """Import each file in the window: the first with no helper process running (an import
    straight after start-up, from a drop or a paste), the next ones after ``get_ready`` and two
    seconds of "choosing the file", as File > Import gives the helper while its dialog is open."""
    db = open_database(Path(db_folder) / "window.sqlite3")
    window = build_window(Workspace(db, "bench"), None)
    window.open(lambda s: s.open_start())
    window.show()
    app.processEvents()
    importer = library_of(window).importer
    # as claimmark's main() does once the window is up (gui/app.py); here it also sets aside the
    # benchmark's own texts and results, which the app's process never holds
    gc.freeze()
    for n, path in enumerate(paths):
        if n:
            importer.get_ready()
            chosen = time.perf_counter() + 2.0
            wait(app, lambda: time.perf_counter() > chosen)  # noqa: B023 (called here, in this turn)
        meter = FreezeMeter()
        meter.start()
        t = time.perf_counter()
        importer.import_paths([str(path)])
        returned = time.perf_counter() - t
        wait(app, lambda: importer.review is not None or not importer.is_busy())
        to_review = time.perf_counter() - t
        freeze = meter.stop()
        joins = importer.review.model.rowCount() if importer.review is not None else 0
        t = time.perf_counter()
        if importer.review is not None:
            importer.review.accept()
        wait(app, lambda: not importer.is_busy())
        stored = time.perf_counter() - t
        how = "helper ready (chosen in the dialog)" if n else "no helper yet"
        print(
            f"window, {how}: File > Import returns in {returned * 1000:.0f} ms; review of {joins:,} repairs "
            f"shown after {to_review:.2f} s; longest GUI freeze meanwhile {freeze:.0f} ms; "
            f"Import -> stored and opened {stored:.2f} s"
        )
    window.close()
    db.close()


def library_figures(app: QApplication, texts: list[str], count: int, db_folder: str) -> None:
    db = open_database(Path(db_folder) / "library.sqlite3")
    with db.write() as session:
        for i in range(count):
            text = f"Article {i}\n\n{texts[i % len(texts)]}\n\n(copy {i})"
            repo.add_article(text, session=session, title=f"Article {i}", outlet=f"Outlet {i % 17}")
    workspace = Workspace(db, "bench")
    window = build_window(workspace, None)
    window.open(lambda s: s.open_start())
    window.show()
    app.processEvents()
    queries = []
    for _ in range(5):
        t = time.perf_counter()
        with db.read() as session:
            rows = repo.list_articles(session=session)
        queries.append(time.perf_counter() - t)
    actions = library_of(window)
    t = time.perf_counter()
    actions.show_library()
    app.processEvents()
    first_open = time.perf_counter() - t
    dialog = actions.library
    assert dialog is not None and dialog.model.rowCount() == len(rows)
    dialog.hide()
    reopen = []
    for _ in range(5):
        t = time.perf_counter()
        actions.show_library()
        app.processEvents()
        reopen.append(time.perf_counter() - t)
        dialog.hide()
    searches = []
    for word in ("officials", "outlet 3", "zzzz-no-match"):
        dialog.search.setText(word)
        t = time.perf_counter()
        dialog.refresh(keep_selection=False)
        app.processEvents()
        searches.append((word, time.perf_counter() - t, dialog.model.rowCount()))
    print(
        f"library with {len(rows):,} articles: list_articles median {statistics.median(queries) * 1000:.0f} ms; "
        f"File > Library first open {first_open * 1000:.0f} ms, again median {statistics.median(reopen) * 1000:.0f} ms"
    )
    for word, seconds, found in searches:
        print(f"  search {word!r} over titles, outlets and text: {seconds * 1000:.0f} ms, {found} rows")
    window.close()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="size of the text to import (default 5)")
    parser.add_argument("--articles", type=int, default=1000, help="articles in the library (default 1000)")
    args = parser.parse_args()
    app = QApplication([])
    size = int(args.mb * 1_000_000)
    folder = tempfile.mkdtemp(prefix="claimmark-import-bench-")
    texts = news_texts()
    inputs = {"corpus": Path(folder) / "corpus.txt", "corpus, glued": Path(folder) / "glued.txt"}
    inputs["corpus"].write_text(big_text(texts, size), encoding="utf-8")
    rng = random.Random(3)
    copies = big_text(texts, size).split("\n\n")
    glued = [glue(part, rng, 0.15) for part in copies]  # each repeat glued differently
    inputs["corpus, glued"].write_text("\n\n".join(text for text, _ in glued), encoding="utf-8")
    print(f"'corpus, glued': the corpus with {sum(n for _, n in glued):,} spaces before names dropped")
    if SEED.exists():
        inputs["seed"] = Path(folder) / "seed.txt"
        inputs["seed"].write_text(big_text([SEED.read_text(encoding="utf-8").strip()], size), encoding="utf-8")
    find_joins("warm up the word list")  # wordfreq loads once per process (about 0.5 s)
    for name, path in inputs.items():
        pipeline_figures(name, path, folder)
    again = Path(folder) / "glued-again.txt"  # the same corpus glued elsewhere: not a duplicate
    again.write_text("\n\n".join(glue(part, rng, 0.15)[0] for part in copies), encoding="utf-8")
    window_figures(app, [inputs["corpus, glued"], again], folder)
    library_figures(app, texts, args.articles, folder)


if __name__ == "__main__":
    main()
