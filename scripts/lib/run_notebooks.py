"""Executes notebooks headlessly on their kernel (nbclient) and exports each to HTML (nbconvert).

Driven by scripts/notebooks.mjs, which passes one JSON argument:
  {"notebooks": [{"name", "path", "html", "executed", "mathjax"}], "timeout": seconds per cell, "jobs": N}
(html: where to write the export; executed: where to write the executed notebook, or null;
mathjax: the URL of MathJax 3 relative to the HTML file, or null for nbconvert's default)
and reads one JSON line per finished notebook from stdout:
  {"name", "ok", "seconds", "cells", "error"}.
A failing notebook is still exported (up to the failing cell, with its traceback) so the HTML shows
what went wrong. A widget output without its static SVG fallback fails the notebook too: the export
would not show that plot. Executed notebooks are written where `executed` says, never over the sources.
"""
import asyncio
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# nbconvert's templates configure MathJax 2 (text/x-mathjax-config, which MathJax 3 ignores);
# this is the MathJax 3 equivalent, set before the script loads.
MATHJAX3_CONFIG = """<script>
window.MathJax = {
  tex: { inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
         processEscapes: true, processEnvironments: true, tags: 'ams' },
  svg: { fontCache: 'global' }
};
</script>
"""


# The lab template clips long code lines (the editor box hides its overflow); a static page wraps them.
WRAP_CODE_CSS = "<style>.jp-InputArea-editor .highlight pre { white-space: pre-wrap; overflow-wrap: anywhere; }</style>\n"


def export_html(nb, path, mathjax):
    exporter = HTMLExporter(template_name="lab")
    if mathjax:
        exporter.mathjax_url = mathjax
    body, _ = exporter.from_notebook_node(nb)
    if mathjax:
        tag = f'<script src="{mathjax}"> </script>'
        if tag not in body:
            raise RuntimeError(f"nbconvert's template no longer loads MathJax as {tag!r}: update run_notebooks.py")
        body = body.replace(tag, MATHJAX3_CONFIG + f'<script id="MathJax-script" src="{mathjax}"></script>', 1)
    if "</head>" not in body:
        raise RuntimeError("nbconvert's HTML has no </head>: update run_notebooks.py")
    body = body.replace("</head>", WRAP_CODE_CSS + "</head>", 1)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)


LOSSLAB_MIME = "application/vnd.losslab.v1+json"


def missing_fallbacks(nb):
    """Widget outputs (the losslab MIME type) without the SVG fallback the HTML export shows."""
    missing = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if LOSSLAB_MIME in data and "image/svg+xml" not in data:
                missing.append(f"cell {i + 1}: its '{data[LOSSLAB_MIME].get('widget', '?')}' widget output has no image/svg+xml fallback")
    return missing


def error_text(err):
    if isinstance(err, CellExecutionError):
        return ANSI.sub("", str(err)).strip()
    return f"{type(err).__name__}: {ANSI.sub('', str(err)).strip()}"


async def run_one(item, opts, sem):
    async with sem:
        nb = nbformat.read(item["path"], as_version=4)
        client = NotebookClient(
            nb,
            timeout=opts["timeout"],
            kernel_name=nb.metadata.get("kernelspec", {}).get("name", "losslab"),
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(item["path"]))}},
            record_timing=True,
        )
        started = time.monotonic()
        error = None
        try:
            await client.async_execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as e:
            error = error_text(e)
        seconds = time.monotonic() - started
        missing = missing_fallbacks(nb)
        if missing:
            error = (error + "\n" if error else "") + "The HTML export would not show every plot:\n" + "\n".join(missing)
        try:
            export_html(nb, item["html"], item.get("mathjax"))
            if item.get("executed"):
                nbformat.write(nb, item["executed"])
        except Exception as e:  # the export failing fails the notebook too
            error = (error + "\n" if error else "") + f"HTML export failed: {error_text(e)}"
        cells = sum(1 for c in nb.cells if c.cell_type == "code")
        print(json.dumps({"name": item["name"], "ok": error is None, "seconds": round(seconds, 2), "cells": cells, "error": error}), flush=True)


async def main(opts):
    sem = asyncio.Semaphore(max(1, int(opts.get("jobs", 1))))
    await asyncio.gather(*(run_one(item, opts, sem) for item in opts["notebooks"]))


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
