"""A small jupyter_client harness for the losslab kernel's tests: start a kernel, run code, send
raw shell/control messages, and collect iopub messages by the request they answer."""
import os
import queue
import re
import time
from collections import defaultdict

from jupyter_client.manager import start_new_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 60


def plain(text):
    """Text without ANSI colours."""
    return ANSI.sub("", text)


class Harness:
    def __init__(self, cwd=HERE):
        started = time.monotonic()
        self.km, self.kc = start_new_kernel(kernel_name="losslab", cwd=cwd, startup_timeout=120)
        self.startup_seconds = time.monotonic() - started
        self.iopub = defaultdict(list)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    # -- iopub ---------------------------------------------------------------------------
    def _pump(self, timeout):
        msg = self.kc.get_iopub_msg(timeout=timeout)
        self.iopub[msg["parent_header"].get("msg_id")].append(msg)

    def wait_iopub(self, parent_id, predicate, timeout=TIMEOUT):
        """The first iopub message of `parent_id` matching `predicate` (kept for later reads)."""
        deadline = time.monotonic() + timeout
        while True:
            for msg in self.iopub[parent_id]:
                if predicate(msg):
                    return msg
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching iopub message for {parent_id}; got {[m['msg_type'] for m in self.iopub[parent_id]]}")
            try:
                self._pump(min(remaining, 1.0))
            except queue.Empty:
                pass

    def until_idle(self, parent_id, timeout=TIMEOUT):
        """All iopub messages of `parent_id` up to its idle status (status messages left out)."""
        self.wait_iopub(parent_id, lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle", timeout)
        return [m for m in self.iopub[parent_id] if m["msg_type"] != "status"]

    # -- shell ---------------------------------------------------------------------------
    def reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def send(self, msg_type, content, channel="shell", buffers=None):
        msg = self.kc.session.msg(msg_type, content)
        ch = self.kc.shell_channel if channel == "shell" else self.kc.control_channel
        if buffers:
            self.kc.session.send(ch.socket, msg, buffers=buffers)
        else:
            ch.send(msg)
        return msg["header"]["msg_id"]

    def execute(self, code, timeout=TIMEOUT, **kwargs):
        """Run code; returns (reply content, outputs as iopub messages)."""
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.reply(msg_id, timeout)
        outputs = self.until_idle(msg_id, timeout)
        return reply["content"], outputs

    def result_text(self, code, **kwargs):
        """The text/plain of a cell's execute_result (fails on an error)."""
        reply, outputs = self.execute(code, **kwargs)
        if reply["status"] != "ok":
            raise AssertionError(f"{code!r} failed: {reply.get('ename')}: {reply.get('evalue')}\n" + plain("\n".join(reply.get("traceback", []))))
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        assert results, f"{code!r} has no execute_result; outputs: {[m['msg_type'] for m in outputs]}"
        return results[-1]["content"]["data"]["text/plain"]
