"""kernel_smoke.ipynb run headlessly through nbclient (the project's .venv), as `jupyter nbconvert
--execute` or a CI job would: losslab imported by name, a loss and its gradient, an error cell
reported with its name and message (and later cells still run), update_display_data, rich results.
Run with .venv/bin/python, working directory test/kernel (see run.mjs)."""
import math
import os
import re
import time
import unittest
from collections import defaultdict

import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOK = os.path.join(HERE, "kernel_smoke.ipynb")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class RecordingClient(NotebookClient):
    """Records the msg_type of every iopub message, by cell id (nbclient folds updates away)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen = defaultdict(list)

    def process_message(self, msg, cell, cell_index):
        self.seen[cell.get("id")].append(msg["msg_type"])
        return super().process_message(msg, cell, cell_index)


def run_notebook():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = RecordingClient(nb, timeout=300, kernel_name="losslab", allow_errors=True, resources={"metadata": {"path": HERE}})
    started = time.monotonic()
    client.execute()
    return nb, client, time.monotonic() - started


class SmokeNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nb, cls.client, cls.seconds = run_notebook()
        cls.cells = {c.get("id"): c for c in cls.nb.cells if c.cell_type == "code"}

    def outputs(self, cell_id, output_type=None):
        outs = self.cells[cell_id].outputs
        return [o for o in outs if output_type is None or o.output_type == output_type]

    def result(self, cell_id):
        results = self.outputs(cell_id, "execute_result")
        self.assertEqual(len(results), 1, f"cell {cell_id}: {self.cells[cell_id].outputs}")
        return results[0].data

    def test_imports_by_name_run_cleanly(self):
        # No error and nothing on stderr (warnings from tfjs or the kernel would show here).
        self.assertEqual(self.outputs("imports"), [])

    def test_loss_and_gradient(self):
        text = self.result("loss-and-gradient")["text/plain"]
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]
        self.assertEqual(len(numbers), 4, text)
        loss, gradient = numbers[0], numbers[1:]
        self.assertAlmostEqual(loss, 4 / 3, places=5)
        for got, want in zip(gradient, [0, 0, -4 / 3]):
            self.assertAlmostEqual(got, want, places=5)

    def test_cross_entropy_scalar(self):
        data = self.result("cross-entropy")
        first, value = data["text/plain"].split("\n")
        self.assertEqual(first, "Tensor float32 []")
        # mean over rows of logsumexp(row) - row[target]
        rows = [([2, 0, -1], 0), ([0, 1, 0], 2)]
        want = sum(math.log(sum(math.exp(v) for v in r)) - r[t] for r, t in rows) / len(rows)
        self.assertAlmostEqual(float(value), want, places=5)
        shown = re.search(r">(-?[\d.]+)</div>$", data["text/html"])
        self.assertAlmostEqual(float(shown.group(1)), want, places=5)

    def test_error_cell_reports_name_and_message(self):
        errors = self.outputs("error", "error")
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0].ename, "LossInputError")
        self.assertIn("mseLoss", errors[0].evalue)
        traceback = ANSI.sub("", "\n".join(errors[0].traceback))
        self.assertIn("line 2", traceback)
        self.assertIn("const wrong = mseLoss(tf.tensor([1, 2]), tf.tensor([1, 2, 3]));", traceback)

    def test_cells_after_an_error_still_run(self):
        self.assertEqual(self.result("after-error")["text/plain"], "'runs after the error'")

    def test_update_display_data(self):
        self.assertEqual(self.client.seen["update-display"].count("update_display_data"), 3)
        shown = self.outputs("update-display", "display_data")
        self.assertEqual(len(shown), 1)
        # nbclient applied the updates to the output in place.
        self.assertEqual(shown[0].data["text/plain"], "epoch 3")
        self.assertEqual(shown[0].data["text/html"], "<b>epoch 3</b>")

    def test_tensor_result_is_an_html_table_and_text(self):
        data = self.result("tensor-result")
        self.assertIn("<table", data["text/html"])
        self.assertIn("Tensor float32 [3]", data["text/html"])
        self.assertTrue(data["text/plain"].startswith("Tensor float32 [3]"))

    def test_descriptor_result_is_its_formula(self):
        data = self.result("descriptor-result")
        self.assertIn("text/latex", data)
        self.assertIn("$$", data["text/markdown"])
        self.assertIn("mseLoss", data["text/plain"])

    def test_display_hook(self):
        self.assertEqual(self.result("display-hook"), {"text/html": "<b>custom</b>", "text/plain": "custom"})

    def test_clear_output(self):
        self.assertIn("clear_output", self.client.seen["clear-output"])
        texts = [o.text for o in self.outputs("clear-output", "stream")]
        self.assertEqual("".join(texts), "after\n")

    # The display helpers (cells under "## Display helpers"): each shows one bundle (no
    # execute_result under it) with the losslab payload and fallbacks that render without the plugin.
    MIME = "application/vnd.losslab.v1+json"

    def display_bundle(self, cell_id):
        self.assertEqual(self.outputs(cell_id, "error"), [], f"cell {cell_id} failed")
        self.assertEqual(self.outputs(cell_id, "execute_result"), [], f"cell {cell_id}: a helper returns nothing")
        shown = self.outputs(cell_id, "display_data")
        self.assertEqual(len(shown), 1, f"cell {cell_id}: {self.cells[cell_id].outputs}")
        return shown[0].data

    def assert_widget(self, cell_id, widget):
        data = self.display_bundle(cell_id)
        payload = data[self.MIME]
        self.assertEqual(payload["version"], 1)
        self.assertEqual(payload["widget"], widget)
        svg = data["image/svg+xml"]
        self.assertTrue(svg.lstrip().startswith("<svg"), svg[:80])
        self.assertIn("</svg>", svg)
        self.assertTrue(data["text/plain"].strip())
        return payload, data

    def test_helper_showLoss_is_a_formula_card(self):
        data = self.display_bundle("helper-showLoss")
        self.assertIn("$$", data["text/markdown"])
        self.assertIn("gamma", data["text/markdown"])
        self.assertIn("text/latex", data)
        self.assertIn("Focal", data["text/plain"])

    def test_helper_plotLoss_sweeps_a_parameter(self):
        payload, _ = self.assert_widget("helper-plotLoss", "explorer")
        self.assertEqual([c["params"]["gamma"] for c in payload["curves"]], [0, 2, 5])

    def test_helper_compareLosses_overlays_losses(self):
        payload, _ = self.assert_widget("helper-compareLosses", "explorer")
        self.assertEqual([c["loss"] for c in payload["curves"]], ["crossEntropy", "focalLoss", "polyLoss"])

    def test_helper_inspectBatch_carries_the_batch(self):
        payload, _ = self.assert_widget("helper-inspectBatch", "batch")
        self.assertEqual(payload["loss"], "crossEntropy")
        self.assertEqual(payload["inputs"]["target"], [0, 2, 2, 1])

    def test_helper_inspectEmbeddings_carries_the_embeddings(self):
        payload, _ = self.assert_widget("helper-inspectEmbeddings", "embedding")
        self.assertEqual(len(payload["anchors"]), 3)
        self.assertEqual(len(payload["negatives"]), 3)

    def test_helper_lossLandscape(self):
        self.assert_widget("helper-lossLandscape", "landscape")

    def test_helper_liveLossCurve_updates_in_place(self):
        seen = self.client.seen["helper-liveLossCurve"]
        self.assertIn("display_data", seen)
        self.assertIn("update_display_data", seen)
        data = self.display_bundle("helper-liveLossCurve")
        self.assertIn("<svg", data["image/svg+xml"])


if __name__ == "__main__":
    unittest.main()
