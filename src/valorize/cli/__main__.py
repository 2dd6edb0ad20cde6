"""``python -m valorize.cli``."""

from valorize.cli import main

raise SystemExit(main())
