# Copied into the ipyparallel profile's startup/ folder: every engine runs it at start.
# Engines run in the sandbox folder (ipcluster is started from there), so relative paths work.
import os
import sys

for _p in ("./EXOSIMS", "./Local", "."):
    _abs = os.path.abspath(_p)
    if _abs not in sys.path:
        sys.path.insert(0, _abs)
