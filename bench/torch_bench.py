"""PyTorch side of `npm run bench`: forward + backward (gradient w.r.t. the predictions) of the
benchmark cases on the CPU, with a given number of threads.

Reads a JSON spec on stdin:
  {"threads": [2, 1], "runs": 9, "warmup": 2, "min_seconds": 1.0, "max_runs": 200,
   "cases": [{"id": "cross_entropy", "dims": {"B": 4096, "C": 1000}}, ...]}
and writes JSON to stdout:
  {"torch": "2.13.0+cpu", "results": [{"id", "threads", "median_ms", "min_ms", "times_ms"}, ...]}

Each case uses the same dimensions and input distributions as bench/cases.mjs, and the
definitions losslab matches (focal and InfoNCE have no torch builtin: their usual torch forms).
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def normal(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_(True)


def make_case(case_id, d):
    """Returns (inputs requiring grad, loss function of them)."""
    if case_id == "cross_entropy":
        z, y = normal(d["B"], d["C"], scale=2.0), torch.randint(0, d["C"], (d["B"],))
        return [z], lambda z: F.cross_entropy(z, y)
    if case_id == "bce_with_logits":
        x, t = normal(d["N"] // 1024, 1024, scale=2.0), torch.randint(0, 2, (d["N"] // 1024, 1024)).float()
        return [x], lambda x: F.binary_cross_entropy_with_logits(x, t)
    if case_id == "mse":
        x, t = normal(d["N"] // 1024, 1024), torch.randn(d["N"] // 1024, 1024)
        return [x], lambda x: F.mse_loss(x, t)
    if case_id == "huber":
        x, t = normal(d["N"] // 1024, 1024), torch.randn(d["N"] // 1024, 1024)
        return [x], lambda x: F.huber_loss(x, t, delta=1.0)
    if case_id == "focal":
        z, y = normal(d["B"], d["C"], scale=2.0), torch.randint(0, d["C"], (d["B"],))

        def focal(z, gamma=2.0):
            logpt = F.log_softmax(z, dim=1).gather(1, y[:, None]).squeeze(1)
            return (-((1 - logpt.exp()) ** gamma) * logpt).mean()

        return [z], focal
    if case_id == "triplet":
        a, p, n = (normal(d["B"], d["D"]) for _ in range(3))
        return [a, p, n], lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=1.0)
    if case_id == "infonce":
        q, k = normal(d["B"], d["D"]), normal(d["B"], d["D"])
        labels = torch.arange(d["B"])

        def info_nce(q, k, temperature=0.1):
            logits = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).T
            return F.cross_entropy(logits / temperature, labels)

        return [q, k], info_nce
    raise ValueError(f"unknown case {case_id}")


def time_case(inputs, fn, runs, warmup, min_seconds, max_runs):
    """At least `runs` timed runs, and more until `min_seconds` have passed (at most `max_runs`),
    as bench/measure.mjs does for the JavaScript side."""
    def step():
        loss = fn(*inputs)
        torch.autograd.grad(loss, inputs)
        loss.item()

    for _ in range(warmup):
        step()
    times = []
    while len(times) < runs or (sum(times) < min_seconds * 1e3 and len(times) < max_runs):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main():
    spec = json.load(sys.stdin)
    torch.manual_seed(0)
    results = []
    for threads in spec["threads"]:
        torch.set_num_threads(threads)
        for case in spec["cases"]:
            inputs, fn = make_case(case["id"], case["dims"])
            times = time_case(inputs, fn, spec["runs"], spec["warmup"], spec.get("min_seconds", 0), spec.get("max_runs", 200))
            results.append({
                "id": case["id"],
                "threads": threads,
                "median_ms": statistics.median(times),
                "min_ms": min(times),
                "times_ms": times,
            })
    json.dump({"torch": torch.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
