"""The standard Jupyter kernel test suite (jupyter_kernel_test) against the losslab kernel.

Run with the Python that has jupyter_kernel_test (Debian: /usr/bin/python3, package
python3-jupyter-kernel-test), with JUPYTER_PATH pointing at the project's .venv/share/jupyter
(test/kernel/run.mjs does both) and the working directory test/kernel.
"""
import unittest

import jupyter_kernel_test as jkt


class LosslabKernelTests(jkt.KernelTests):
    kernel_name = "losslab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('something went wrong')"

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "const learningRate = 0.1;\nlearningR", "matches": {"learningRate"}},
        {"text": "'abc'.toUpperC", "matches": {"toUpperCase"}},
    ]

    complete_code_samples = [
        "1 + 1",
        "const x = 1;",
        "function f(a: number): number { return a * 2; }",
        "for (const i of [1, 2]) {\n  console.log(i);\n}",
        "interface P { x: number }",
    ]
    incomplete_code_samples = [
        "function f() {",
        "const a = [1,",
        "const s = `multi\nline",
        "/* a comment",
        "if (true)",
        "const y =",
    ]
    invalid_code_samples = [
        "const s = 'unterminated",
        "1 +* 2",
        "let 5 = x",
        "x = = 1",
        ")",
        "const const = 1",
    ]

    code_page_something = "Math.max?"

    code_generate_error = "throw new Error('boom')"

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "'loss' + 'lab'", "result": "'losslab'"},
        {"code": "[1, 2, 3].map((v) => v * v)", "result": "[ 1, 4, 9 ]"},
        {"code": "import { tf } from 'losslab';\ntf.tensor([[1, 2], [3, 4]])", "mime": "text/html"},
    ]

    code_display_data = [
        {
            "code": "import { display } from '@losslab/kernel';\n"
            "display({ 'text/html': '<b>hi</b>', 'text/plain': 'hi' })",
            "mime": "text/html",
        },
        {
            "code": "import { display } from '@losslab/kernel';\n"
            "display({ 'image/svg+xml': '<svg xmlns=\"http://www.w3.org/2000/svg\"/>', 'text/plain': 'svg' })",
            "mime": "image/svg+xml",
        },
        # tslab's own display API keeps working.
        {"code": "import * as tslab from 'tslab';\ntslab.display.markdown('**md**')", "mime": "text/markdown"},
    ]

    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "import { clearOutput } from '@losslab/kernel';\nclearOutput()"


if __name__ == "__main__":
    unittest.main()
