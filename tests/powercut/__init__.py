"""The power-cut test's journal (LD_PRELOAD), its model of a disk, and the harness."""
