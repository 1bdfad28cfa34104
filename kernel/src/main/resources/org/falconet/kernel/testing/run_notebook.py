"""Executes a notebook on the falconet kernel with nbclient: run_notebook.py IN OUT TIMEOUT_SECONDS."""
import os
import sys

import nbformat
from nbclient import NotebookClient

src, dst, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name="falconet", timeout=timeout, startup_timeout=120,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
client.execute()
nbformat.write(nb, dst)
