"""Everything that is true without a screen. Nothing here imports Qt."""
