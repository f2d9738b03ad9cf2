#!/usr/bin/env python3
"""Real-browser tests of the HTML pages, against the release binary.

Headless Chromium and its WebDriver from Debian (`chromium`, `chromium-driver`), driven by
Selenium from PyPI, with axe-core checking every page against the WCAG 2.1 A and AA rules. axe-core
comes from PyPI too: the copy bundled by axe-playwright-python (installed with --no-deps: only its
axe.min.js is used, injected through Selenium), because axe-selenium-python bundles axe-core 3,
which has no WCAG 2.1 rules. Everything runs offline; the server listens on 127.0.0.1, is bounded in time and
is stopped by its own pid.

    python3 .ci/browser.py BINARY [--screenshots DIR] [--docs]

Full-page screenshots of every page go to DIR (default ci-output/screenshots, not committed);
--docs also writes the condition and recommendation screenshots to docs/ for the README.
"""
import base64
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import check, failures, free_port  # noqa: E402

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source():
    """axe-core as bundled by the axe-playwright-python package (found without importing it)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("axe-playwright-python is not installed: pip install --no-deps axe-playwright-python")
    path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    print(f"axe-core {source[3:source.index(chr(10))].strip()} from {path}")
    return source
def http(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(120)
    return driver


def navigate(driver, action, timeout=10):
    """Runs `action` (a click or key that loads another page) and returns once the page it left
    is gone: a click returns before the next page loads, so reading right after it could find the
    old page's elements (NoSuchElementException, StaleElementReferenceException, flaky in CI)."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(driver, timeout).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


class Pages:
    def __init__(self, driver, base, shots):
        self.driver = driver
        self.base = base
        self.shots = shots
        self.axe = axe_source()

    def open(self, path):
        self.driver.get(self.base + path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def audit(self, name):
        """axe-core over the page (WCAG 2.1 A and AA), then a full-page screenshot."""
        self.driver.execute_script(self.axe)
        # Only the violations come back: axe's whole result object is large and slow to serialize.
        script = (
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: %s}})"
            ".then(function (r) { done(JSON.stringify(r.violations.map(function (v) {"
            "  return {id: v.id, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; }))); })"
            ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])); });"
        ) % json.dumps(WCAG)
        violations = json.loads(self.driver.execute_async_script(script))
        detail = "; ".join(f"{v['id']}: {v['help']} at {', '.join(v['nodes'][:3])}" for v in violations)
        check(not violations, f"{name}: no WCAG 2.1 A/AA violations{(' — ' + detail) if detail else ''}")
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, max(600, min(int(height), 14000)))
        self.driver.save_screenshot(os.path.join(self.shots, f"{name}.png"))
        self.driver.set_window_size(1280, 1000)


def run(binary, shots, docs):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = tempfile.mkdtemp(prefix="ea-browser-")
    server = subprocess.Popen(
        [binary, "serve", "--http-host", "127.0.0.1", "--http-port", str(port), "--db-path", ":memory:",
         "--cds-allow-unsigned", "true", "--cds-public-url", base, "--rate-requests-per-second", "0",
         "--kb-refresh-seconds", "0", "--log-level", "warning"],
        cwd=workdir, stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "server.log"), "w"))
    driver = None
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if http(base + "/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            check(False, "the server became ready within 30 s")
            return

        driver = browser()
        pages = Pages(driver, base, shots)

        pages.open("/")
        check("What science knows about exercise-induced analgesia" in pages.text(), "/ shows what the service knows")
        version = driver.find_element(By.CSS_SELECTOR, "footer code").text
        check(version.startswith("2."), f"/ names the knowledge-base version ({version})")
        pages.audit("home")

        # Keyboard: the first Tab reaches the skip link, and Enter in the search box searches.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        check(driver.switch_to.active_element.get_attribute("class") == "skip", "the first Tab reaches 'Skip to the content'")
        box = driver.find_element(By.ID, "q")
        box.send_keys("isometric fibromyalgia")
        navigate(driver, lambda: box.send_keys(Keys.ENTER))
        check("/search?q=isometric+fibromyalgia" in driver.current_url, "Enter in the search box searches")
        hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits li")
        marks = driver.find_elements(By.CSS_SELECTOR, "ol.hits mark")
        check(len(hits) > 0 and len(marks) > 0, f"search shows ranked hits with highlights ({len(hits)} hits)")
        pages.audit("search")

        pages.open("/")
        navigate(driver, lambda: driver.find_element(By.LINK_TEXT, "Fibromyalgia").click())
        check(driver.current_url.endswith("/conditions/fibromyalgia"), "a condition opens from the home page")
        grid = driver.find_elements(By.CSS_SELECTOR, "table.ea-grid tbody tr")
        check(len(grid) == 5, f"the EA grid has a row per exercise type ({len(grid)})")
        check("More pain" in pages.text() and "Statement of the review" in pages.text(), "cells show responses and bases in words")
        pages.audit("condition")
        if docs:
            shutil.copy(os.path.join(shots, "condition.png"), "docs/screenshot-condition.png")

        navigate(driver, lambda: driver.find_element(By.PARTIAL_LINK_TEXT, "Unilateral isometric contraction").click())
        check("/findings/staud-2005-unilateral-isometric-30-mvc" in driver.current_url, "a finding opens from its condition")
        check("Reference 47" in pages.text(), "the finding shows its reference")
        pages.audit("finding")
        pages.open("/mechanisms/endogenous-opioids")
        check("Hypothesized" in pages.text(), "a mechanism shows the review's verdict")
        pages.audit("mechanism")
        pages.open("/guidelines/no-grading-on-major-flare")
        check("Table 1, item 12" in pages.text(), "a guideline says where in the review it comes from")
        pages.audit("guideline")

        # The recommendation form, filled as a person would.
        pages.open("/recommend")
        pages.audit("recommend-form")
        for value in ["fibromyalgia", "chronic-low-back-pain"]:
            driver.find_element(By.CSS_SELECTOR, f"input[name=conditions][value='{value}']").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=painfulRegions][value='widespread']").click()
        Select(driver.find_element(By.ID, "phase")).select_by_value("grading")
        Select(driver.find_element(By.ID, "flare")).select_by_value("major")
        navigate(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form.profile button[type=submit]").click())
        check("conditions=fibromyalgia" in driver.current_url and "flare=major" in driver.current_url,
              "the form's answer lives in its query string")
        decision = driver.find_element(By.CSS_SELECTOR, ".decision").text
        check(decision == "hold", f"a major flare holds grading ({decision})")
        text = pages.text()
        check("Do not grade" in text and "Table 1, item 12" in text, "the result names the guideline and its place in the review")
        check(len(driver.find_elements(By.CSS_SELECTOR, "details.trace")) == 1, "the rule trace is folded under a heading")
        pdf = base64.b64decode(driver.print_page())
        printed = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        check(1 <= printed <= 2, f"the result prints on one or two pages ({printed})")
        pages.audit("recommend")
        if docs:
            shutil.copy(os.path.join(shots, "recommend.png"), "docs/screenshot-recommend.png")

        # A real patient-view hook answer, then its "Why this advice" link.
        bundle = {"resourceType": "Bundle", "type": "searchset", "entry": [
            {"resource": {"resourceType": "Condition", "id": "c1",
                          "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                          "code": {"coding": [{"system": "http://snomed.info/sct", "code": "68962001"}]}}}]}
        hook = {"hook": "patient-view", "hookInstance": "5b1f2e5c-9a4b-4c1e-8f6d-0a1b2c3d4e5f",
                "context": {"userId": "Practitioner/1", "patientId": "p1"}, "prefetch": {"conditions": bundle}}
        status, body = http(base + "/cds-services/exercise-analgesia-patient-view", json.dumps(hook).encode(),
                            {"Content-Type": "application/json"})
        card = (json.loads(body).get("cards") or [{}])[0] if status == 200 else {}
        link = next((entry["url"] for entry in card.get("links", []) if entry.get("label") == "Why this advice"), None)
        check(status == 200 and link is not None, f"the patient-view card carries a 'Why this advice' link ({status})")
        if link:
            driver.get(link)
            text = pages.text()
            check("Advice for Shoulder myalgia" in text and "Confirm before use" in text,
                  "the link opens that patient's advice, with the caveat of the broader code")
            pages.audit("why-this-advice")

        status, _ = http(base + "/conditions/fibro", headers={"Accept": "text/html"})
        check(status == 404, f"an unknown slug answers 404 ({status})")
        pages.open("/conditions/fibro")
        check("Did you mean" in pages.text() and driver.find_elements(By.LINK_TEXT, "fibromyalgia"), "the 404 page suggests fibromyalgia")
        pages.audit("not-found")

        escaped = driver.execute_script("return document.querySelectorAll('script').length")
        check(escaped == 0, "pages carry no script")
        driver.quit()
        driver = None

        # Without JavaScript the form still works.
        driver = browser(javascript=False)
        driver.get(base + "/recommend")
        driver.find_element(By.CSS_SELECTOR, "input[name=conditions][value='shoulder-myalgia']").click()
        driver.find_element(By.CSS_SELECTOR, "input[name=painfulRegions][value='shoulder']").click()
        navigate(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form.profile button[type=submit]").click())
        text = driver.find_element(By.TAG_NAME, "body").text
        check("Advice for Shoulder myalgia" in text and "non-painful regions" in text, "the form works with JavaScript off")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    binary = os.path.abspath(sys.argv[1])
    shots = "ci-output/screenshots"
    if "--screenshots" in sys.argv:
        shots = sys.argv[sys.argv.index("--screenshots") + 1]
    os.makedirs(shots, exist_ok=True)
    run(binary, shots, "--docs" in sys.argv)
    print(f"Screenshots in {shots}")
    if failures:
        print(f"{len(failures)} browser check(s) failed")
        sys.exit(1)
    print("browser checks passed")


if __name__ == "__main__":
    main()
