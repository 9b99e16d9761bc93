"""Start-up figures of the losslab kernel: seconds from launch to kernel_info_reply, the first
cell importing losslab, and a trivial cell after it. Prints one JSON line per run.
    .venv/bin/python test/kernel/measure.py [runs] [seconds to wait before the first cell]
LOSSLAB_KERNEL_WARMUP=0 in the environment switches the kernel's warm-up off."""
import json
import os
import sys
import time

from jupyter_client.manager import KernelManager

HERE = os.path.dirname(os.path.abspath(__file__))


def timed_execute(kc, code):
    started = time.monotonic()
    reply = kc.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
    assert reply["content"]["status"] == "ok", reply["content"]
    return time.monotonic() - started


def measure(wait):
    km = KernelManager(kernel_name="losslab")
    started = time.monotonic()
    km.start_kernel(cwd=HERE, env=dict(os.environ))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    ready = time.monotonic() - started
    time.sleep(wait)
    try:
        imported = timed_execute(kc, "import { mseLoss, tf } from 'losslab';\nmseLoss(tf.tensor([1, 2]), tf.tensor([1, 3]))")
        trivial = timed_execute(kc, "2 + 2")
        display = timed_execute(kc, "import { display } from '@losslab/kernel';\ndisplay({ 'text/plain': 'x' })")
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
    return {"kernel_info_reply_s": round(ready, 2), "waited_s": wait, "first_losslab_import_cell_s": round(imported, 2), "trivial_cell_s": round(trivial, 2), "kernel_import_cell_s": round(display, 2), "load_average": os.getloadavg()[0]}


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    wait = float(sys.argv[2]) if len(sys.argv) > 2 else 0
    for _ in range(runs):
        print(json.dumps(measure(wait)), flush=True)
