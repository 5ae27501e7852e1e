"""Local http server and a network-isolated headless Chromium, for search tests and benchmarks.

Only test/benchmark code imports this module (Playwright is a test dependency).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--enable-precise-memory-info",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (random port); yields the base URL ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


@contextlib.contextmanager
def isolated_browser() -> Iterator[tuple[object, list[str]]]:
    """Yields ``(browser_context, blocked)``: every non-local request is aborted and recorded in ``blocked``."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()

            def guard(route, request) -> None:  # type: ignore[no-untyped-def]
                if is_local(request.url):
                    route.continue_()
                else:
                    blocked.append(request.url)
                    route.abort()

            context.route("**/*", guard)
            # Requests that routing does not see (should be none) are still recorded.
            context.on(
                "request",
                lambda request: None
                if is_local(request.url) or request.url in blocked
                else blocked.append(request.url),
            )
            yield context, blocked
        finally:
            browser.close()
