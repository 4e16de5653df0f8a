"""``python -m spotlight_feed``."""

from .cli import main

main()
