"""``python -m desktop``: the same as the ``pardesk`` command."""

import sys

from desktop.entry import main

sys.exit(main())
