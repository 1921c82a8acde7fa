"""The bundle's entry point: the same `tip-kiosk` command as the installed package."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
