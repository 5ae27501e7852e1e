"""Shared pieces of the browser tests: the repository's site and an offline bundle, built once per session,
and Chromium contexts at desktop and phone size with every non-local request blocked."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, is_local

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "pages"


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    phone: bool


DESKTOP = Viewport("1280", 1280, 800, phone=False)
PHONE = Viewport("375", 375, 740, phone=True)
VIEWPORTS = (DESKTOP, PHONE)


@dataclass
class Browser:
    """One Chromium; `context(viewport)` makes a fresh context (fresh localStorage) of that size."""

    browser: object
    blocked: list[str] = field(default_factory=list)

    def context(self, viewport: Viewport):  # type: ignore[no-untyped-def]
        options = {"viewport": {"width": viewport.width, "height": viewport.height}, "locale": "zh-CN"}
        if viewport.phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = self.browser.new_context(**options)

        def guard(route, request) -> None:  # type: ignore[no-untyped-def]
            if is_local(request.url):
                route.continue_()
            else:
                self.blocked.append(request.url)
                route.abort()

        context.route("**/*", guard)
        return context


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Browser(browser)
        finally:
            browser.close()


def build_bundle(project: Path, out: Path, *selection: str) -> Path:
    """`djkb bundle …` as a trainer runs it, unzipped; returns the folder holding index.html."""
    result = subprocess.run(
        [sys.executable, "-m", "djkb", "bundle", *selection, "--date", "2026-12-01", "--out", str(out / "bundle.zip")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "bundle.zip") as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        archive.extractall(out / "unzipped")
    (top,) = tops
    return out / "unzipped" / top


def screenshot(page, name: str, viewport: Viewport) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{viewport.name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
