"""The entity finder loads spaCy without leaving the garbage collector a reason to freeze the window."""

from __future__ import annotations

import gc

from claimmark.core.nlp import Pipeline
from claimmark.gui.reader.entities import load_without_collections


def test_loading_the_pipeline_pauses_the_collector_and_sets_the_pipeline_aside(pipeline: Pipeline) -> None:
    # a full collection walks every tracked object with the GIL held: with spaCy's 170,000 objects
    # left in the oldest generation that was a 110 ms freeze whenever one fell due
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    recognizer = load_without_collections(pipeline)
    assert gc.isenabled()  # the pause ends with the load
    assert gc.get_freeze_count() > frozen_before
    tracked = gc.get_objects()
    assert not any(obj is recognizer.nlp for obj in tracked)  # the pipeline is out of all collections
    del tracked
    assert recognizer.run("Kim Jong Un met Vladimir Putin in Moscow.") is not None  # and still works
