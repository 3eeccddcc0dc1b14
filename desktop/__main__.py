"""``python -m desktop``: the same as the ``pardesk`` command."""

import sys

from desktop.cli import main

sys.exit(main())
