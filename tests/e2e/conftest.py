"""Playwright for Python driving Debian's Chromium (its own browser download cannot work here).

Without Chromium the browser tests are skipped on a developer's machine and
fail in CI (``CI`` set), so a green CI always means they ran.

Every browser context, the ``page`` fixture's and those a test opens itself, listens for
Content-Security-Policy violations (``securitypolicyviolation``), and the server's report
endpoint is watched too: a browser test that triggers one fails, so every page a browser
test visits is proven to work under the policy.
"""

import logging
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


# Runs in every frame before the page's own scripts; the binding hands each report to Python.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` on ${event.documentURI} (${event.sourceFile || "?"}:${event.lineNumber})`
  );
});
"""

csp_violations: list[str] = []


class CspWatchedBrowser:
    """The Playwright browser, whose every new context reports CSP violations."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def __getattr__(self, name: str):
        return getattr(self._browser, name)

    def new_context(self, **kwargs):
        # English unless a test asks: the site follows the browser's Accept-Language, which
        # would otherwise come from the machine's locale.
        kwargs.setdefault("locale", "en-US")
        context = self._browser.new_context(**kwargs)
        context.expose_binding(
            "__reportCspViolation", lambda source, text: csp_violations.append(text)
        )
        context.add_init_script(CSP_LISTENER)
        return context

    def new_page(self, **kwargs):
        """A page in a watched context of its own (closed with the browser)."""
        return self.new_context(**kwargs).new_page()


class _ReportHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        csp_violations.append(f"reported to the server: {record.getMessage()}")


@pytest.fixture(autouse=True)
def no_csp_violation():
    """Fail the browser test if any page it opened broke the Content-Security-Policy."""
    csp_violations.clear()
    handler = _ReportHandler(level=logging.WARNING)
    logger = logging.getLogger("config.csp")
    logger.addHandler(handler)
    try:
        yield csp_violations
    finally:
        logger.removeHandler(handler)
    found = list(csp_violations)
    csp_violations.clear()
    assert found == [], "Content-Security-Policy violations:\n" + "\n".join(found)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: `apt-get install chromium`."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield CspWatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ (looked at by people, not asserted)."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def wait_for_focus(page, predicate: str) -> None:
    """Wait until the focused element meets ``predicate`` (JavaScript on ``element``).

    htmx moves the focus when it has settled a swap, a few milliseconds after the new
    content shows: asserting on the focus at once races with it. If the focus never
    arrives, the wait times out and the test fails.
    """
    focused = "const element = document.activeElement"
    page.wait_for_function(f"() => {{ {focused}; return Boolean(element) && ({predicate}); }}")
