"""The losslab kernel's protocol behaviour beyond jupyter_kernel_test: comms both ways, interrupts
that keep the kernel's state, stop_on_error, tracebacks in cell lines, silent / store_history,
stdin, display updates, user_expressions, shutdown. Run with the project's .venv Python
(jupyter_client 8), working directory test/kernel (see run.mjs)."""
import json
import os
import random
import signal
import time
import unittest

from kernel_client import HERE, Harness, plain

ROOT = os.path.dirname(os.path.dirname(HERE))


class KernelBehaviour(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = Harness()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    # -- kernel_info -------------------------------------------------------------------------
    def test_kernel_info_names_the_real_versions(self):
        msg_id = self.k.kc.kernel_info()
        content = self.k.reply(msg_id)["content"]
        self.assertEqual(content["status"], "ok")
        with open(os.path.join(ROOT, "node_modules", "@tslab", "typescript-for-tslab", "package.json")) as f:
            ts_version = json.load(f)["version"]
        self.assertEqual(content["language_info"]["name"], "typescript")
        self.assertEqual(content["language_info"]["version"], ts_version)
        self.assertIn(f"TypeScript {ts_version}", content["banner"])
        self.assertRegex(content["banner"], r"Node\.js v\d+\.\d+\.\d+")

    def test_heartbeat(self):
        self.assertTrue(self.k.kc.hb_channel.is_beating())

    # -- comms -------------------------------------------------------------------------------
    def test_comm_opened_by_the_frontend_round_trip(self):
        k = self.k
        reply, _ = k.execute(
            "import { comms } from '@losslab/kernel';\n"
            "comms.registerTarget('losslab.test.echo', (comm, open) => {\n"
            "  comm.send({ opened: open.data });\n"
            "  comm.onMsg((msg) => comm.send({ echo: msg.data, buffers: msg.buffers.map((b) => Array.from(b)) }));\n"
            "  comm.onClose((msg) => console.log('closed with', JSON.stringify(msg.data)));\n"
            "});"
        )
        self.assertEqual(reply["status"], "ok")
        comm_id = "frontend-comm-1"
        open_id = k.send("comm_open", {"comm_id": comm_id, "target_name": "losslab.test.echo", "data": {"hello": 1}})
        opened = k.wait_iopub(open_id, lambda m: m["msg_type"] == "comm_msg")
        self.assertEqual(opened["content"], {"comm_id": comm_id, "data": {"opened": {"hello": 1}}})

        info_id = k.send("comm_info_request", {"target_name": "losslab.test.echo"})
        info = k.reply(info_id)["content"]
        self.assertEqual(info["status"], "ok")
        self.assertEqual(info["comms"], {comm_id: {"target_name": "losslab.test.echo"}})

        msg_id = k.send("comm_msg", {"comm_id": comm_id, "data": {"n": 2}}, buffers=[b"\x01\x02"])
        echo = k.wait_iopub(msg_id, lambda m: m["msg_type"] == "comm_msg")
        self.assertEqual(echo["content"]["data"], {"echo": {"n": 2}, "buffers": [[1, 2]]})

        close_id = k.send("comm_close", {"comm_id": comm_id, "data": {"reason": "done"}})
        printed = k.wait_iopub(close_id, lambda m: m["msg_type"] == "stream")
        self.assertEqual(printed["content"]["text"], 'closed with {"reason":"done"}\n')
        info_id = k.send("comm_info_request", {"target_name": "losslab.test.echo"})
        self.assertEqual(k.reply(info_id)["content"]["comms"], {})

    def test_comm_opened_by_the_kernel_round_trip(self):
        k = self.k
        msg_id = k.kc.execute(
            "import { openComm } from '@losslab/kernel';\n"
            "const front = openComm('losslab.test.front', { step: 0 }, { version: 1 });\n"
            "front.onMsg((m) => front.send({ got: m.data }));"
        )
        opened = k.wait_iopub(msg_id, lambda m: m["msg_type"] == "comm_open")
        self.assertEqual(opened["content"]["target_name"], "losslab.test.front")
        self.assertEqual(opened["content"]["data"], {"step": 0})
        self.assertEqual(opened["metadata"], {"version": 1})
        self.assertEqual(k.reply(msg_id)["content"]["status"], "ok")
        comm_id = opened["content"]["comm_id"]

        sent = k.send("comm_msg", {"comm_id": comm_id, "data": {"x": 5}})
        answer = k.wait_iopub(sent, lambda m: m["msg_type"] == "comm_msg")
        self.assertEqual(answer["content"], {"comm_id": comm_id, "data": {"got": {"x": 5}}})

        reply, outputs = k.execute("front.close({ bye: true }); front.closed")
        closes = [m for m in outputs if m["msg_type"] == "comm_close"]
        self.assertEqual(len(closes), 1)
        self.assertEqual(closes[0]["content"], {"comm_id": comm_id, "data": {"bye": True}})
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["true"])

    def test_comm_open_to_an_unknown_target_is_closed(self):
        k = self.k
        open_id = k.send("comm_open", {"comm_id": "nobody-1", "target_name": "no.such.target", "data": {}})
        closed = k.wait_iopub(open_id, lambda m: m["msg_type"] == "comm_close")
        self.assertEqual(closed["content"]["comm_id"], "nobody-1")

    # -- interrupt ---------------------------------------------------------------------------
    def _interrupt_while(self, code, interrupt):
        k = self.k
        k.execute("let counter = 41;", store_history=False)
        msg_id = k.kc.execute(code)
        k.wait_iopub(msg_id, lambda m: m["msg_type"] == "execute_input")
        time.sleep(1.0)
        # The I/O thread keeps the heartbeat going while the main thread is stuck.
        self.assertTrue(k.kc.hb_channel.is_beating())
        started = time.monotonic()
        interrupt()
        reply = k.reply(msg_id, timeout=20)["content"]
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "KeyboardInterrupt")
        k.until_idle(msg_id)
        self.assertEqual(k.result_text("counter + 1"), "42")

    def test_interrupt_request_stops_a_busy_loop_and_keeps_state(self):
        self._interrupt_while("while (true) {}", self.k.km.interrupt_kernel)

    def test_sigint_stops_a_busy_loop_and_keeps_state(self):
        self._interrupt_while("for (;;) { counter = counter; }", lambda: self.k.km.signal_kernel(signal.SIGINT))

    def test_interrupt_stops_an_await(self):
        self._interrupt_while("await new Promise((resolve) => setTimeout(resolve, 600_000));", self.k.km.interrupt_kernel)

    def test_an_interrupt_as_a_cell_ends_never_stops_the_next_cell(self):
        # An interrupt_request racing with the end of a short cell must not reach the cells after it
        # (Node keeps a late SIGINT for the next breakOnSigint run; the kernel absorbs it).
        k = self.k
        k.execute("let runs = 0;", store_history=False)
        rng = random.Random(5)
        for i in range(15):
            msg_id = k.kc.execute("const t0 = Date.now(); while (Date.now() - t0 < 60) {} runs++;", store_history=False)
            time.sleep(rng.uniform(0.0, 0.2))
            interrupt_id = k.send("interrupt_request", {}, channel="control")
            while k.kc.control_channel.get_msg(timeout=10)["parent_header"].get("msg_id") != interrupt_id:
                pass
            self.assertIn(k.reply(msg_id)["content"]["status"], ("ok", "error"))
            k.until_idle(msg_id)
            self.assertEqual(k.result_text("'sync after'", store_history=False), "'sync after'", f"round {i}")
            self.assertEqual(k.result_text("await Promise.resolve('async after')", store_history=False), "'async after'", f"round {i}")

    def test_interrupt_request_is_answered_on_control(self):
        msg_id = self.k.send("interrupt_request", {}, channel="control")
        reply = self.k.kc.control_channel.get_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["msg_type"], "interrupt_reply")
        self.assertEqual(reply["content"], {"status": "ok"})

    # -- errors and stop_on_error -------------------------------------------------------------
    def test_an_error_aborts_the_requests_queued_behind_it_only(self):
        k = self.k
        ids = [
            k.kc.execute("throw new Error('first')"),
            k.kc.execute("(globalThis as any).ranSecond = true"),
            k.kc.execute("'third'"),
        ]
        statuses = [k.reply(i)["content"]["status"] for i in ids]
        self.assertEqual(statuses, ["error", "aborted", "aborted"])
        for i in ids:
            k.until_idle(i)
        # A request sent after the error's reply runs (no time window of aborts).
        self.assertEqual(k.result_text("typeof (globalThis as any).ranSecond"), "'undefined'")

    def test_stop_on_error_false_runs_the_queue(self):
        k = self.k
        first = k.kc.execute("throw new Error('first')", stop_on_error=False)
        second = k.kc.execute("40 + 2")
        self.assertEqual(k.reply(first)["content"]["status"], "error")
        self.assertEqual(k.reply(second)["content"]["status"], "ok")
        k.until_idle(first)
        outputs = k.until_idle(second)
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])

    def test_traceback_names_cell_lines_and_hides_kernel_frames(self):
        k = self.k
        reply, _ = k.execute("function failing(n: number) {\n  // a comment\n  throw new RangeError(`bad n: ${n}`);\n}")
        defined_in = reply["execution_count"]
        reply, outputs = k.execute("import { tf } from 'losslab';\n\nconst z = 1;\nfailing(z);")
        self.assertEqual(reply["status"], "error")
        self.assertEqual((reply["ename"], reply["evalue"]), ("RangeError", "bad n: 1"))
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        text = plain("\n".join(errors[0]["content"]["traceback"]))
        self.assertIn(f"Cell In[{defined_in}], line 3, in failing", text)
        self.assertIn("---->", text)
        self.assertIn("throw new RangeError(`bad n: ${n}`);", text)
        self.assertIn(f"Cell In[{reply['execution_count']}], line 4", text)
        for hidden in ("tslab", "kernel-ext", "node:internal", "evalmachine"):
            self.assertNotIn(hidden, text)

    def test_type_errors_point_at_the_cell_line(self):
        reply, outputs = self.k.execute("const a = 1;\nconst b: string = a;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "TSError")
        self.assertIn("TS2322", reply["evalue"])
        text = plain("\n".join(reply["traceback"]))
        self.assertIn(f"Cell In[{reply['execution_count']}], line 2, column 7", text)

    def test_a_throwing_timer_does_not_kill_the_kernel(self):
        k = self.k
        msg_id = k.kc.execute("setTimeout(() => { throw new Error('late') }, 10);")
        self.assertEqual(k.reply(msg_id)["content"]["status"], "ok")
        # Reported on the cell that left the timer behind, as stderr.
        late = k.wait_iopub(msg_id, lambda m: m["msg_type"] == "stream" and "late" in m["content"]["text"])
        self.assertEqual(late["content"]["name"], "stderr")
        self.assertIn("Uncaught exception: Error: late", plain(late["content"]["text"]))
        self.assertEqual(k.result_text("'still alive'"), "'still alive'")
        self.assertTrue(k.km.is_alive())

    # -- silent, store_history, user_expressions ----------------------------------------------
    def test_silent_publishes_nothing_and_does_not_count(self):
        k = self.k
        before, _ = k.execute("1", store_history=True)
        reply, outputs = k.execute("console.log('hidden'); 5", silent=True)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(outputs, [])
        after, _ = k.execute("2")
        self.assertEqual(after["execution_count"], before["execution_count"] + 1)

    def test_store_history_false_shows_output_but_does_not_count(self):
        k = self.k
        before, _ = k.execute("1")
        reply, outputs = k.execute("console.log('shown'); 7", store_history=False)
        self.assertIn("shown\n", [m["content"].get("text") for m in outputs if m["msg_type"] == "stream"])
        self.assertEqual(reply["execution_count"], before["execution_count"])
        after, _ = k.execute("2")
        self.assertEqual(after["execution_count"], before["execution_count"] + 1)

    def test_user_expressions(self):
        reply, _ = self.k.execute("const base = 20;", user_expressions={"double": "base * 2", "bad": "nope"})
        exprs = reply["user_expressions"]
        self.assertEqual(exprs["double"]["status"], "ok")
        self.assertEqual(exprs["double"]["data"]["text/plain"], "40")
        self.assertEqual(exprs["bad"]["status"], "error")

    # -- display, stdin -----------------------------------------------------------------------
    def test_display_with_an_id_then_update(self):
        reply, outputs = self.k.execute(
            "import { display } from '@losslab/kernel';\n"
            "const id = display({ 'text/html': '<p>0</p>', 'text/plain': 'step 0' }, { metadata: { 'text/html': { isolated: false } } });\n"
            "display({ 'text/html': '<p>1</p>', 'text/plain': 'step 1' }, { displayId: id, update: true });"
        )
        self.assertEqual(reply["status"], "ok")
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updated = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        self.assertEqual(shown[0]["content"]["data"], {"text/html": "<p>0</p>", "text/plain": "step 0"})
        self.assertEqual(shown[0]["content"]["metadata"], {"text/html": {"isolated": False}})
        self.assertEqual(updated[0]["content"]["data"]["text/plain"], "step 1")
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], shown[0]["content"]["transient"]["display_id"])

    def test_bad_display_bundle_is_a_clear_error(self):
        reply, _ = self.k.execute("import { display } from '@losslab/kernel';\ndisplay({ 'text/html': 42 } as any)")
        self.assertEqual(reply["ename"], "TypeError")
        self.assertIn("'text/html' must be a string", reply["evalue"])

    def test_prompt_reads_stdin(self):
        k = self.k
        msg_id = k.kc.execute("import { prompt } from '@losslab/kernel';\n'hello ' + prompt('name?')", allow_stdin=True)
        request = k.kc.get_stdin_msg(timeout=30)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["content"], {"prompt": "name?", "password": False})
        k.kc.input("Ada")
        self.assertEqual(k.reply(msg_id)["content"]["status"], "ok")
        outputs = k.until_idle(msg_id)
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["'hello Ada'"])

    def test_prompt_without_stdin_says_why(self):
        reply, _ = self.k.execute("import { prompt } from '@losslab/kernel';\nprompt('name?')", allow_stdin=False)
        self.assertEqual(reply["status"], "error")
        self.assertIn("allow_stdin", reply["evalue"])


    def test_prompt_is_interruptible(self):
        k = self.k
        msg_id = k.kc.execute("import { prompt } from '@losslab/kernel';\nprompt('waiting')", allow_stdin=True)
        self.assertEqual(k.kc.get_stdin_msg(timeout=30)["msg_type"], "input_request")
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, timeout=20)["content"]
        self.assertEqual((reply["status"], reply["ename"]), ("error", "KeyboardInterrupt"))
        k.until_idle(msg_id)
        self.assertEqual(k.result_text("'after'"), "'after'")

    # -- packages by name, with types ---------------------------------------------------------
    def test_workspace_packages_import_by_name_with_types(self):
        # A type error proves the declarations were found (an untyped import would be `any`).
        reply, _ = self.k.execute("import { display } from '@losslab/kernel';\ndisplay(42)")
        self.assertEqual(reply["ename"], "TSError")
        self.assertIn("Argument of type 'number' is not assignable", reply["evalue"])
        reply, _ = self.k.execute("import { LOSSLAB_MIME } from 'losslab/mime';\nconst n: number = LOSSLAB_MIME;")
        self.assertIn("Type 'string' is not assignable to type 'number'", reply["evalue"])
        self.assertEqual(self.k.result_text("import { mseLoss, tf } from 'losslab';\nmseLoss(tf.tensor([0, 0]), tf.tensor([1, 3])).arraySync()"), "5")


class Shutdown(unittest.TestCase):
    def test_shutdown_request_replies_and_exits(self):
        k = Harness()
        try:
            self.assertEqual(k.result_text("1"), "1")
            msg_id = k.kc.shutdown()
            reply = k.kc.control_channel.get_msg(timeout=10)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            self.assertEqual(reply["content"], {"status": "ok", "restart": False})
            deadline = time.monotonic() + 10
            while k.km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertFalse(k.km.is_alive())
        finally:
            k.kc.stop_channels()
            if k.km.is_alive():
                k.km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
