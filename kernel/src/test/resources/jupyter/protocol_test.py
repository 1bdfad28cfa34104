"""Drives the falconet kernel through jupyter_client and checks its replies (run by KernelProtocolIT)."""
import os
import sys
import tempfile
import threading
import time
import unittest

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session
from jupyter_client.utils import run_sync

TIMEOUT = 60


class FalconetKernelProtocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t0 = time.time()
        cls.km, cls.kc = start_new_kernel(kernel_name="falconet", startup_timeout=120)
        cls.start_seconds = time.time() - t0

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def run_cell(self, code, stdin_answer=None, allow_stdin=False, timeout=TIMEOUT):
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin or stdin_answer is not None)
        if stdin_answer is not None:
            req = self.kc.get_stdin_msg(timeout=timeout)
            self.assertEqual(req["msg_type"], "input_request")
            self.kc.input(stdin_answer)
        outputs = []
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] not in ("status", "execute_input"):
                outputs.append(m)
        return self.reply_to(msg_id, timeout), outputs

    def reply_to(self, msg_id, timeout=TIMEOUT):
        while True:
            r = self.kc.get_shell_msg(timeout=timeout)
            if r["parent_header"].get("msg_id") == msg_id:
                return r

    def result_text(self, outputs):
        return [o["content"]["data"]["text/plain"] for o in outputs if o["msg_type"] == "execute_result"]

    def test_expression_statement_and_persistence(self):
        reply, outs = self.run_cell("int base = 40;\nbase + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.result_text(outs), ["42"])
        reply, outs = self.run_cell('System.out.println("hi " + base);')
        self.assertEqual([o["content"]["text"] for o in outs if o["msg_type"] == "stream"], ["hi 40\n"])
        self.assertEqual(self.result_text(outs), [])

    def test_library_is_imported(self):
        reply, outs = self.run_cell('Document.ofText("d", null, "a\\nb").withMeta("removed_lines", List.of(Map.of("text", "b", "line", 1)))')
        html = [o["content"]["data"]["text/html"] for o in outs if o["msg_type"] == "execute_result"][0]
        self.assertIn("<del", html)
        self.assertIn(">b</del>", html)

    def test_table_renders_as_html(self):
        reply, outs = self.run_cell('Table.create("t", IntColumn.create("n", new int[] {1, 2, 3}))')
        data = [o["content"]["data"] for o in outs if o["msg_type"] == "execute_result"][0]
        self.assertIn("<table>", data["text/html"])
        self.assertIn("3 rows", data["text/html"])

    def test_compile_error_marks_line_and_session_survives(self):
        self.run_cell("int kept = 7;")
        reply, outs = self.run_cell("int a = 1;\nString s = undefinedName;")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        tb = reply["content"]["traceback"]
        self.assertIn("   2 | String s = undefinedName;", tb)
        count = reply["content"]["execution_count"]
        self.assertTrue(tb[0].startswith("In [%d], line 2: error: cannot find symbol" % count), tb[0])
        self.assertIn("location: In [%d]" % count, tb[0])
        self.assertIn(" " * 18 + "^" * 13, tb)
        reply, outs = self.run_cell("kept")
        self.assertEqual(self.result_text(outs), ["7"])

    def test_runtime_error_shows_cause_chain(self):
        reply, outs = self.run_cell('void boom() { throw new IllegalStateException("outer", new RuntimeException("inner")); }\nboom();')
        self.assertEqual(reply["content"]["status"], "error")
        errors = [o for o in outs if o["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        tb = errors[0]["content"]["traceback"]
        self.assertEqual(tb[0], "java.lang.IllegalStateException: outer")
        count = reply["content"]["execution_count"]
        # Frames name the cell as the notebook shows it, and the line within it.
        self.assertEqual(tb[1], "    at boom (In [%d], line 1)" % count)
        self.assertEqual(tb[2], "    at <cell> (In [%d], line 2)" % count)
        self.assertIn("Caused by: java.lang.RuntimeException: inner", tb)

    def test_interrupt_stops_busy_loop_within_two_seconds(self):
        self.run_cell("String before = \"still here\";")
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.0)
        t0 = time.time()
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=10)
        elapsed = time.time() - t0
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 2.0)
        reply, outs = self.run_cell("before")
        self.assertEqual(self.result_text(outs), ["still here"])

    def test_stdin_through_input_request(self):
        reply, outs = self.run_cell("Scanner sc = new Scanner(System.in);\nString name = sc.nextLine();\n\"hello \" + name",
                                    stdin_answer="falcon")
        self.assertEqual(self.result_text(outs), ["hello falcon"])

    def test_display_and_update_in_place(self):
        reply, outs = self.run_cell('String id = display(html("<b>one</b>"));\nupdateDisplay(id, markdown("two"));')
        kinds = [o["msg_type"] for o in outs]
        self.assertEqual(kinds, ["display_data", "update_display_data"])
        self.assertEqual(outs[0]["content"]["transient"]["display_id"], outs[1]["content"]["transient"]["display_id"])
        self.assertEqual(outs[1]["content"]["data"]["text/markdown"], "two")

    def test_progress_bar_updates_in_place(self):
        reply, outs = self.run_cell("try (var p = progress(\"work\", 3)) { for (int i = 0; i < 3; i++) { p.step(); } }")
        self.assertEqual(outs[0]["msg_type"], "display_data")
        self.assertEqual(outs[-1]["msg_type"], "update_display_data")
        self.assertIn("3/3", outs[-1]["content"]["data"]["text/plain"])

    def test_magics(self):
        reply, outs = self.run_cell("%%markdown\n# Title")
        self.assertEqual([o["content"]["data"]["text/markdown"] for o in outs if o["msg_type"] == "execute_result"], ["# Title"])
        reply, outs = self.run_cell("%sh echo from-shell")
        self.assertIn("from-shell\n", "".join(o["content"]["text"] for o in outs if o["msg_type"] == "stream"))
        reply, outs = self.run_cell("%maven not-a-coordinate")
        self.assertEqual(reply["content"]["ename"], "MagicError")
        self.assertIn("bad Maven coordinates", reply["content"]["evalue"])
        reply, outs = self.run_cell("%load /no/such/file.jsh")
        self.assertIn("no such file", reply["content"]["evalue"])
        reply, outs = self.run_cell("1 + 2")
        self.assertEqual(self.result_text(outs), ["3"])

    def test_complete_inspect_is_complete_history(self):
        self.kc.complete("Math.sqr", 8)
        r = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(r["content"]["matches"], ["sqrt("])
        self.assertEqual(r["content"]["cursor_start"], 5)
        self.kc.inspect("Math.max", 6)
        r = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertTrue(r["content"]["found"])
        self.assertIn("max(", r["content"]["data"]["text/plain"])
        self.kc.is_complete("for (int i = 0; i < 3; i++) {")
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"], "incomplete")
        self.kc.is_complete("int = 7q;")
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"], "invalid")
        self.run_cell("int historic = 1;")
        self.kc.history(hist_access_type="tail", n=1, output=False, raw=True)
        r = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(r["content"]["history"][-1][2], "int historic = 1;")

    def test_kernel_info_and_interrupt_reply_have_status(self):
        self.kc.kernel_info()
        r = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(r["content"]["status"], "ok")
        self.assertEqual(r["content"]["language_info"]["name"], "java")
        ctrl = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(ctrl)
        r = run_sync(self.kc.control_channel.get_msg)(timeout=TIMEOUT)
        self.assertEqual(r["msg_type"], "interrupt_reply")
        self.assertEqual(r["content"]["status"], "ok")

    def test_cells_queued_behind_an_error_are_aborted(self):
        failing = self.kc.execute('throw new IllegalStateException("stop here");')
        queued = self.kc.execute("int afterError = 1;")
        self.assertEqual(self.reply_to(failing)["content"]["status"], "error")
        self.assertEqual(self.reply_to(queued)["content"]["status"], "aborted")
        reply, outs = self.run_cell("afterError")
        self.assertEqual(reply["content"]["ename"], "CompileError")

    def test_badly_signed_message_is_not_executed(self):
        marker = os.path.join(tempfile.mkdtemp(), "executed")
        bad = Session(key=b"not-the-key", username="intruder", session=self.kc.session.session)
        msg = bad.msg("execute_request", {"code": 'Files.writeString(Path.of("%s"), "x");' % marker,
                                          "silent": False, "store_history": True, "user_expressions": {},
                                          "allow_stdin": False, "stop_on_error": True})
        bad.send(self.kc.shell_channel.socket, msg)
        time.sleep(1.5)
        self.assertFalse(os.path.exists(marker), "a badly signed request was executed")
        reply, outs = self.run_cell("2 * 21")
        self.assertEqual(self.result_text(outs), ["42"])

    def test_zz_restart_gives_a_fresh_session(self):
        """Runs last (unittest sorts by name): restart through the kernel manager, as a frontend does."""
        self.run_cell("int beforeRestart = 1;")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=120)
        reply, outs = self.run_cell("beforeRestart")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        reply, outs = self.run_cell("40 + 2")
        self.assertEqual(self.result_text(outs), ["42"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
