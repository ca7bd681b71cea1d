# One BLAS thread per engine: many engines share the cores. Must run before numpy is imported.
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
