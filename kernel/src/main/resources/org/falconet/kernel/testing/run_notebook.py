"""Executes a notebook on the falconet kernel with nbclient: run_notebook.py IN OUT TIMEOUT_SECONDS.

Consecutive stream outputs of one cell are merged (as JupyterLab shows them) and no timing metadata is
recorded, so a notebook executed twice with the same seeds is written the same way twice.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def merged_streams(outputs):
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + out["text"]
        else:
            merged.append(out)
    return merged


src, dst, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name="falconet", timeout=timeout, startup_timeout=120, record_timing=False,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
try:
    client.execute()
finally:
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = merged_streams(cell.get("outputs", []))
            cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, dst)
