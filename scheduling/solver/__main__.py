"""``python -m scheduling.solver``: see ``cli.py``."""

from .cli import main

raise SystemExit(main())
