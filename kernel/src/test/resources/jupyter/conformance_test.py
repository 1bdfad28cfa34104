"""Jupyter's kernel conformance suite (python3-jupyter-kernel-test) on the falconet kernel, with Java samples."""
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel


class FalconetConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "falconet"
    language_name = "java"
    file_extension = ".jshell"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, startup_timeout=120)

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'
    completion_samples = [
        {"text": "Math.sqr", "matches": {"sqrt("}},
        {"text": "String.valueO", "matches": {"valueOf("}},
    ]
    complete_code_samples = ["int x = 1;", "System.out.println(1);", "6 * 7", "void f() { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int f(int a) {", "String s = \"a\" +"]
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "\"fal\" + \"con\"", "result": "falcon"},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("*em*"));', "mime": "text/markdown"},
        {"code": 'display(lineChart("c").series("s", new double[] {0, 1}, new double[] {1, 0}));', "mime": "image/svg+xml"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main(verbosity=2)
