"""Everything Qt: wiring, the shell window, one module per screen, step views."""
