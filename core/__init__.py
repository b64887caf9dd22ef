"""ClaimMark core: everything that is true without a screen (no Qt here)."""
