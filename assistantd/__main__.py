"""python -m assistantd."""

import sys

from assistantd.cli.main import main

sys.exit(main())
