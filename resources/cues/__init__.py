"""Reading-cue patterns (hedges, estimates, attributions) kept as data: patterns.json."""
