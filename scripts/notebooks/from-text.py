#!/usr/bin/python3
"""Writes a notebook for the falconet kernel from a plain-text draft: from-text.py DRAFT.txt OUT.ipynb

The draft is a sequence of cells, each opened by a marker line:
    %% markdown              prose (Markdown)
    %% code                  Java, executed and compared with the committed outputs in CI
    %% code volatile         Java whose outputs vary run to run (timings): executed, not compared
    %% solution              an exercise's solution: Java in a collapsed cell tagged "solution"
Then execute it and save its outputs: ./falconet notebook --execute OUT.ipynb
"""
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

draft, out = sys.argv[1], sys.argv[2]
cells, kind, lines = [], None, []


def flush():
    if kind is None:
        return
    text = "\n".join(lines).strip("\n")
    if kind == "markdown":
        cells.append(new_markdown_cell(text))
        return
    cell = new_code_cell(text)
    if kind == "code volatile":
        cell.metadata["tags"] = ["volatile"]
    elif kind == "solution":
        cell.metadata["tags"] = ["solution"]
        cell.metadata["jupyter"] = {"source_hidden": True}
    cells.append(cell)


with open(draft, encoding="utf-8") as f:
    for line in f.read().split("\n"):
        if line.startswith("%% "):
            flush()
            kind, lines = line[3:].strip(), []
            if kind not in ("markdown", "code", "code volatile", "solution"):
                sys.exit(f"{draft}: unknown cell marker '{line}'")
        else:
            lines.append(line)
flush()
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Java (Falconet)", "language": "java", "name": "falconet"},
    "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"},
})
nbformat.write(nb, out)
print(f"{out}: {len(cells)} cells")
