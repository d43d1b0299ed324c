"""`pretense dashboard` in a real headless Chromium (Debian's chromium and chromium-driver,
through Selenium), over the trail of a real guarded proxy: every page loads without a console
error, the charts are drawn, the numbers are those of the traffic sent, an approval made in
the browser releases the held tool call, which reaches the client byte for byte, and a commit
attested through the installed hooks is listed with its AI lines.

With PRETENSE_SCREENSHOTS=DIR the pages' screenshots are kept there (`make screenshots`
writes docs/images/ that way)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from attestations.install import install
from audit.files import records
from tests import cli
from tests.attestations.repos import git, repository
from tests.e2e import shapes
from tests.e2e.conftest import Proxy, free_port
from tests.e2e.fake_provider import FakeProvider, sse_reply
from tests.e2e.pki import UpstreamPKI
from tests.e2e.test_attestations import PYTHON, SOURCE, agent_edit, apply
from tests.e2e.test_guardrails import (
    ANTHROPIC_REQUEST,
    DESTRUCTIVE,
    PING,
    Guarded,
    curl,
    guarded_policy,
    guardrail_records,
    held_id,
    in_background,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PRETENSE = Path(sys.executable).with_name("pretense")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
APPROVER = "carol"
AWS = "AKIAQ3EGUZ7T2XN5MBRW"
CHARTS = ("calls", "tokens", "detections", "blocks")
SHOTS = os.environ.get("PRETENSE_SCREENSHOTS")


class Dashboard:
    def __init__(self, proxy: Proxy) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = os.environ | {"PRETENSE_HOME": str(proxy.home.root), "PRETENSE_USER": APPROVER}
        self.log = proxy.home.root / "dashboard.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(PRETENSE), "dashboard", "--port", str(self.port)],
                env=environment,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/inventory", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.log.read_text()) from None
                time.sleep(0.2)
        raise RuntimeError(f"the dashboard did not answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture(scope="module")
def guarded(
    tmp_path_factory: pytest.TempPathFactory, pki: UpstreamPKI, provider: FakeProvider
) -> Iterator[Guarded]:
    running = Guarded(tmp_path_factory.mktemp("dashboard"), pki, provider)
    yield running
    for proxy in running.running.values():
        proxy.stop()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository the proxy's policy names (its commits are attested with its name)."""
    return repository(tmp_path_factory.mktemp("repos") / "ledger", {"src/ledger/accounts.py": SOURCE})


@pytest.fixture(scope="module")
def proxy(guarded: Guarded, ledger: Path) -> Proxy:
    named = f"repositories:\n  - {{name: ledger, tier: restricted, paths: ['{ledger}']}}\n"
    return guarded.get("dashboard", guarded_policy("2m") + named)


@pytest.fixture(scope="module")
def traffic(proxy: Proxy, provider: FakeProvider) -> int:
    """Three plain requests (one with an AWS key, redacted) before anything is held."""
    provider.reset()
    for content in ("hello", f"deploy with AWS_ACCESS_KEY_ID={AWS}", "thanks"):
        body = {
            "model": "claude-sonnet-5-5",
            "max_tokens": 8,
            "messages": [{"role": "user", "content": content}],
        }
        curl(proxy, "https://api.anthropic.com/v1/messages", body)
    return 3


@pytest.fixture(scope="module")
def dashboard(proxy: Proxy, traffic: int) -> Iterator[Dashboard]:
    running = Dashboard(proxy)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


def visit(browser: webdriver.Chrome, url: str, shot: str = "") -> bytes:
    """Opens `url` and returns its screenshot once loaded, failing on any console error."""
    browser.get(url)
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
    png: bytes = browser.get_screenshot_as_png()
    if SHOTS and shot:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        (Path(SHOTS) / f"dashboard-{shot}.png").write_bytes(png)
    return png


def colours(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 140))
    return len(set(image.get_flattened_data()))


def test_the_overview_draws_every_chart_from_the_traffic_sent(
    dashboard: Dashboard, browser: webdriver.Chrome, traffic: int
) -> None:
    browser.get(dashboard.url + "/")
    for name in CHARTS:
        WebDriverWait(browser, 20).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, f"#chart-{name} svg.main-svg"))
        )
    png = visit(browser, dashboard.url + "/", "overview")
    assert colours(png) > 50, "the screenshot shows drawn charts, not a blank page"
    bars = browser.execute_script(
        "return document.getElementById('chart-calls').data.map(t => t.y.reduce((a, b) => a + b, 0))"
    )
    assert sum(bars) == traffic
    found = browser.execute_script("return document.getElementById('chart-detections').data.map(t => t.name)")
    assert found == ["aws_access_key_id"]
    assert "INTACT UP TO CHECKPOINT" in browser.find_element(By.ID, "verification").text


def test_the_inventory_page_lists_the_tool_that_sent_the_traffic(
    dashboard: Dashboard, browser: webdriver.Chrome, traffic: int
) -> None:
    visit(browser, dashboard.url + "/inventory", "inventory")
    rows = browser.find_elements(By.CSS_SELECTOR, "#inventory tr")
    curl_row = next(row.text for row in rows if "curl" in row.text)
    assert f"curl\ncurl {traffic}" in curl_row or curl_row.startswith(f"curl curl {traffic}"), curl_row


def test_an_approval_in_the_browser_releases_the_held_call(
    dashboard: Dashboard, browser: webdriver.Chrome, proxy: Proxy, provider: FakeProvider
) -> None:
    sent = shapes.anthropic_stream("On it.", {"command": DESTRUCTIVE, "description": "remove data"}, "Bash")
    provider.respond = lambda received: sse_reply(sent)
    answer = in_background(
        lambda: curl(proxy, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    )
    hold = held_id(proxy)
    visit(browser, dashboard.url + "/approvals", "approvals")
    row = browser.find_element(By.CSS_SELECTOR, f'tr.hold[data-hold="{hold}"]')
    assert DESTRUCTIVE in row.text
    row.find_element(By.CSS_SELECTOR, "button.approve").click()
    WebDriverWait(browser, 20).until(
        expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, ".message"), f"{hold} approved")
    )
    got = answer.result(timeout=60)
    assert got.replace(PING, b"") == sent.replace(PING, b""), "the call arrived byte for byte"
    decided = [r for r in guardrail_records(proxy) if r["hold"] == hold]
    assert [r["decision"] for r in decided] == ["held", "approved"]
    assert decided[-1]["approver"] == APPROVER


def test_the_incident_search_answers_in_the_page(
    dashboard: Dashboard, browser: webdriver.Chrome, traffic: int
) -> None:
    visit(browser, dashboard.url + "/incident")
    form = browser.find_element(By.ID, "incident-form")
    form.find_element(By.NAME, "since").send_keys("1d")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.ID, "incident-result"))
    )
    visit(browser, browser.current_url, "incident")
    result = browser.find_element(By.ID, "incident-result").text
    assert "Secrets found: aws_access_key_id (1)" in result, result
    assert AWS not in browser.page_source


def test_a_commit_attested_through_the_hooks_is_listed_with_its_ai_lines(
    dashboard: Dashboard,
    browser: webdriver.Chrome,
    proxy: Proxy,
    provider: FakeProvider,
    ledger: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    install(ledger, f"http://127.0.0.1:{proxy.port}", PYTHON)
    provider.reset()
    apply(ledger, agent_edit(proxy, provider, ledger, monkeypatch))
    with (ledger / "src/ledger/accounts.py").open("a") as handle:
        handle.write("# Reviewed by hand: entries may be None after the import.\n")
    git(ledger, "add", "-A")
    git(ledger, "commit", "-q", "-m", "Skip missing ledger entries")
    attested = git(ledger, "rev-parse", "HEAD")
    git(ledger, "commit", "-q", "--allow-empty", "--no-verify", "-m", "Without the commit-msg hook")
    plain = git(ledger, "rev-parse", "HEAD")

    trail = list(records(proxy.home.audit_trail))
    (given,) = [r for r in trail if r.get("type") == "attestation"]
    assert [(r["commit"], r["attested_tree"]) for r in trail if r.get("type") == "commit"] == [
        (attested, given["tree"]),
        (plain, None),
    ]

    listed(browser, dashboard.url + "/commits", plain)
    visit(browser, dashboard.url + "/commits", "commits")
    (row,) = browser.find_elements(By.CSS_SELECTOR, "#attested tr.attested")
    cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    # The agent's edit adds 4 non-trivial lines, the hand 1 (as in test_attestations).
    assert cells[1:7] == [attested, "ledger", "restricted", "5", "4", "80.0%"], cells
    (unattested,) = browser.find_elements(By.CSS_SELECTOR, "#unattested td code.commit")
    assert unattested.text == plain
    visit(browser, dashboard.url + "/")
    summary = browser.find_element(By.ID, "commits-summary").text
    assert (
        "1 commits attested (0 attested, not committed), 4 of 5 added lines from AI answers (80.0%);"
        in summary
    )
    assert "1 commits without an attestation of ours" in summary

    pack = tmp_path / "pack"
    made = cli.pretense(proxy.home.root, "evidence", "--since", "1d", "--until", "0h", "--out", str(pack))
    assert made.returncode == 0, made.stdout + made.stderr
    commits = json.loads((pack / "evidence.json").read_text())["commits"]
    assert commits["totals"] == {
        "attested": 1, "committed": 1, "attested_not_committed": 0, "added_lines": 5, "ai_lines": 4,
        "ai_share": 0.8, "commits_without_attestation": 1,
    }  # fmt: skip
    assert [(row["commits"], row["repository"]) for row in commits["attested"]] == [([attested], "ledger")]
    assert [row["commit"] for row in commits["unattested"]] == [plain]
    verified = cli.pretense(proxy.home.root, "evidence", "verify", str(pack))
    assert verified.returncode == 0, verified.stdout


def listed(browser: webdriver.Chrome, url: str, text: str) -> None:
    """Loads `url` until it shows `text` (the hooks' records may land just after git returns)."""

    def shown(driver: webdriver.Chrome) -> bool:
        driver.get(url)
        return text in driver.page_source

    WebDriverWait(browser, 20, poll_frequency=0.3).until(shown)


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, b"action=approve&csrf=forged", 403),
        ({"Cookie": "pretense_csrf=t"}, b"action=approve&csrf=other", 403),
        ({"Cookie": "pretense_csrf=t", "Origin": "http://evil.example"}, b"action=approve&csrf=t", 403),
        ({"Host": "evil.example"}, b"action=approve", 400),
    ],
    ids=["no-cookie", "token-mismatch", "other-origin", "rebound-host"],
)
def test_a_decision_not_made_from_the_page_is_refused(
    dashboard: Dashboard, headers: dict[str, str], body: bytes, status: int
) -> None:
    request = urllib.request.Request(
        dashboard.url + "/approvals/abcdefghij",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == status


def test_the_dashboard_serves_plotly_from_the_wheel(dashboard: Dashboard) -> None:
    script = urllib.request.urlopen(dashboard.url + "/static/plotly.min.js", timeout=10).read()
    assert b"plotly.js" in script[:2000]
    page = urllib.request.urlopen(dashboard.url + "/", timeout=10).read().decode()
    assert "https://" not in page.replace("http://127.0.0.1", ""), "nothing loaded from elsewhere"
    json.loads(page.split('id="charts-data">')[1].split("</script>")[0])
