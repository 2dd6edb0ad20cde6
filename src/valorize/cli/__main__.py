"""``python -m valorize.cli``."""

from valorize.cli import console_main

raise SystemExit(console_main())
