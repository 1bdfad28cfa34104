"""Opens notebooks in headless Chromium on a running Jupyter Notebook 6 server, as a student would.

Usage: notebook_in_browser.py BASE_URL TOKEN OUT_DIR NOTEBOOK... [--interrupt NOTEBOOK]

For each notebook: the committed outputs must render before anything runs (every chart output an <img>
or an <svg>, never the '[chart]' text that Jupyter falls back to when it hides an output, token
renderings with their token boundaries); then Cell > Run All must finish with no error output and the
charts rendered again. In the notebook named by --interrupt, a 'while (true) {}' cell is then stopped
from the Kernel menu and the next cell must still see a variable defined before it.

Screenshots: OUT_DIR/NAME-before.png and NAME-after.png (the viewport), and NAME-CELL-before/after.png
of the first chart and token outputs; on failure OUT_DIR/failure-NAME.png. Exit status 1 on failure,
with one line per problem on stdout.
"""
import json
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

RUN_TIMEOUT = 300  # seconds for Run All of one notebook (6-20 s on an idle 2-core machine)
CHART_MIMES = ("image/png", "image/svg+xml")


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    # As root, in a container, with no display: what Chromium needs to start and stay quiet.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1000",
                 "--user-data-dir=" + os.path.join(OUT, "chromium-profile")):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def wait(driver, what, condition, timeout):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.25).until(lambda d: condition(d))
    except TimeoutException:
        raise AssertionError("timed out after %d s waiting for %s" % (timeout, what))


def kernel_idle(driver):
    return js(driver, "var k = Jupyter.notebook && Jupyter.notebook.kernel;"
                      "return !!(k && k.is_connected() && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'));")


def committed_charts(path):
    """Indices (among code cells) of cells whose committed outputs include a chart (PNG or SVG image)."""
    with open(path) as f:
        nb = json.load(f)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    return [i for i, c in enumerate(code)
            if any(m in o.get("data", {}) for o in c.get("outputs", []) for m in CHART_MIMES)]


def rendered_outputs(driver):
    """Per code cell: how many outputs show an image, whether '[chart]' text shows, errors, token renderings."""
    return js(driver, """
        return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => {
          const area = c.element[0].querySelector('.output');
          const texts = Array.from(area.querySelectorAll('.output_text pre')).map(p => p.textContent.trim());
          return {
            images: area.querySelectorAll('.output_png img, .output_jpeg img, .output_svg svg, .output_svg img').length,
            placeholder: texts.some(t => t.startsWith('[chart')),
            errors: area.querySelectorAll('.output_error').length,
            error_text: Array.from(area.querySelectorAll('.output_error')).map(e => e.textContent.slice(0, 300)).join(' | '),
            tokens: area.querySelectorAll('.falconet-tokens mark').length,
            token_outputs: area.querySelectorAll('.falconet-tokens').length,
          };
        });""")


def check_rendered(driver, name, charts, stage, problems):
    outs = rendered_outputs(driver)
    for i in charts:
        o = outs[i]
        if o["images"] == 0 or o["placeholder"]:
            problems.append("%s %s: code cell %d shows no chart image%s" % (
                name, stage, i, " (the '[chart]' placeholder instead)" if o["placeholder"] else ""))
    for i, o in enumerate(outs):
        if o["token_outputs"] and o["tokens"] < 2:
            problems.append("%s %s: code cell %d's token rendering shows no token boundaries" % (name, stage, i))
        if o["errors"]:
            problems.append("%s %s: code cell %d has an error output: %s" % (name, stage, i, o["error_text"]))
    return outs


def shoot_cells(driver, name, outs, charts, stage):
    """Screenshots of the first chart output and the first token output, for a person to look at."""
    wanted = []
    if charts:
        wanted.append(charts[0])
    tok = [i for i, o in enumerate(outs) if o["token_outputs"]]
    if tok:
        wanted.append(tok[0])
    for i in wanted:
        el = js(driver, "return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')[arguments[0]]"
                        ".element[0].querySelector('.output');", i)
        if el is not None:
            js(driver, "arguments[0].scrollIntoView();", el)
            el.screenshot(os.path.join(OUT, "%s-cell%d-%s.png" % (name, i, stage)))


def open_notebook(driver, name):
    driver.get("%s/notebooks/%s?token=%s" % (BASE, name, TOKEN))
    wait(driver, "the notebook to load", lambda d: js(d, "return !!(window.Jupyter && Jupyter.notebook"
                                                          " && Jupyter.notebook._fully_loaded);"), 60)
    # Nothing the test runs is saved: the server serves copies, and autosave is off besides.
    js(driver, "Jupyter.notebook.set_autosave_interval(0);")
    wait(driver, "the kernel to start", kernel_idle, 90)


def run_all(driver):
    driver.find_element(By.ID, "celllink").click()
    driver.find_element(By.ID, "run_all_cells").click()
    time.sleep(0.5)

    def done(d):
        return kernel_idle(d) and js(d, "return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')"
                                        ".every(c => c.input_prompt_number !== '*' && c.input_prompt_number !== undefined"
                                        " && c.input_prompt_number !== null);")
    wait(driver, "Run All to finish", done, RUN_TIMEOUT)


def run_new_cell(driver, code):
    """Appends a code cell, runs it, and returns the cell's index among all cells."""
    return js(driver, """
        const nb = Jupyter.notebook;
        const cell = nb.insert_cell_at_bottom('code');
        cell.set_text(arguments[0]);
        cell.execute();
        return nb.find_cell_index(cell);""", code)


def cell_state(driver, index):
    return js(driver, """
        const c = Jupyter.notebook.get_cell(arguments[0]);
        const area = c.element[0].querySelector('.output');
        return {prompt: c.input_prompt_number, text: area.textContent, errors: area.querySelectorAll('.output_error').length};""",
              index)


def interrupt_check(driver, name, problems):
    run_new_cell(driver, "int keptAcrossInterrupt = 41;")
    busy = run_new_cell(driver, "while (true) {}")
    wait(driver, "the endless cell to start", lambda d: cell_state(d, busy)["prompt"] == "*"
         and not kernel_idle(d), 30)
    time.sleep(1.0)
    t0 = time.time()
    driver.find_element(By.ID, "kernellink").click()
    driver.find_element(By.ID, "int_kernel").click()
    wait(driver, "the interrupt to stop the cell", lambda d: cell_state(d, busy)["prompt"] not in ("*", None), 20)
    stopped = time.time() - t0
    after = run_new_cell(driver, "keptAcrossInterrupt + 1")
    wait(driver, "the cell after the interrupt", lambda d: cell_state(d, after)["prompt"] not in ("*", None)
         and kernel_idle(d), 30)
    state = cell_state(driver, after)
    if "42" not in state["text"] or state["errors"]:
        problems.append("%s: after the interrupt the next cell shows %r, not 42" % (name, state["text"].strip()))
    print("%s: interrupted from the Kernel menu in %.1f s; the next cell sees earlier definitions" % (name, stopped))


def main(argv):
    global BASE, TOKEN, OUT
    args = list(argv)
    interrupt_in = None
    if "--interrupt" in args:
        i = args.index("--interrupt")
        interrupt_in = args[i + 1]
        del args[i:i + 2]
    BASE, TOKEN, OUT = args[0].rstrip("/"), args[1], args[2]
    notebooks = args[3:]
    os.makedirs(OUT, exist_ok=True)
    problems = []
    driver = browser()
    try:
        for path in notebooks:
            name = os.path.basename(path)
            short = name.split(".")[0]
            t0 = time.time()
            try:
                charts = committed_charts(path)
                open_notebook(driver, name)
                before = check_rendered(driver, name, charts, "before running", problems)
                driver.save_screenshot(os.path.join(OUT, short + "-before.png"))
                shoot_cells(driver, short, before, charts, "before")
                run_all(driver)
                after = check_rendered(driver, name, charts, "after Run All", problems)
                driver.save_screenshot(os.path.join(OUT, short + "-after.png"))
                shoot_cells(driver, short, after, charts, "after")
                print("%s: %d chart(s) and %d token rendering(s) checked before and after Run All (%.0f s)" % (
                    name, len(charts), sum(1 for o in before if o["token_outputs"]), time.time() - t0))
                if name == interrupt_in:
                    interrupt_check(driver, name, problems)
                # Leaving the page leaves its kernel running: shut it down, one JVM at a time.
                js(driver, "Jupyter.notebook.session.delete();")
            except Exception as e:  # a failed step: keep what the page looked like, go on with the next notebook
                problems.append("%s: %s" % (name, e if isinstance(e, AssertionError) else traceback.format_exc()))
                driver.save_screenshot(os.path.join(OUT, "failure-" + short + ".png"))
    finally:
        driver.quit()
    for p in problems:
        print("PROBLEM " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
