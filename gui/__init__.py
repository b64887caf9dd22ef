"""ClaimMark Qt widgets: they show core state and turn gestures into core operations."""
