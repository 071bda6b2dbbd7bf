"""``python -m streamlab``: see :mod:`streamlab.cli`."""

import sys

from .cli import main

sys.exit(main())
