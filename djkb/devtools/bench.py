"""`djkb synth` and `djkb bench`: synthetic corpora and the side-by-side performance benchmark.

`djkb bench` generates synthetic corpora (default 1,000 and 5,000 cases) in a temporary folder and, for each
size, measures in one run: our full build (`mkdocs build --strict`: every generated page, our search index,
exports) against a stock Material build of the same case pages written as plain Markdown (Material's own
search plugin, jieba segmentation, explicit nav with the case pages out of it), peak memory of each build,
site and zip sizes, `djkb check` time, and the time `mkdocs serve` takes to show an edited case.
Figures are printed side by side, with ratios measured in the same run on the same machine.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from djkb.data.pipeline import load_corpus
from djkb.devtools.sites import make_project
from djkb.devtools.synthetic import generate_corpus
from djkb.pages.render import Renderer
from djkb.project import PACKAGE_DIR

REPO_ROOT = PACKAGE_DIR.parent
EDITED_CASE = "case-00001"
EDIT_MARKER = "基准测试修改标记"

BASELINE_CONFIG = """\
site_name: 基准站点
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
nav:
  - 首页: index.md
not_in_nav: |
  /cases/
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - tables
  - admonition
  - attr_list
  - md_in_html
  - def_list
  - pymdownx.details
  - pymdownx.superfences
"""


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str = ""
    cpu_seconds: float = 0.0  # user + system time of the build and the helpers it waited for


@dataclass
class SizeResult:
    cases: int
    pages: int = 0
    ours: Run | None = None
    baseline: Run | None = None
    ours_site: int = 0
    baseline_site: int = 0
    ours_zip: int = 0
    baseline_zip: int = 0
    check_seconds: float = 0.0
    serve_rebuild: float | None = None
    serve_note: str = ""
    notes: list[str] = field(default_factory=list)
    ours_times: list[float] = field(default_factory=list)  # every repetition, in order
    baseline_times: list[float] = field(default_factory=list)


def _env(cache_dir: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "DJKB_PROGRESS": "off"}
    env.pop("DJKB_DATA_DIR", None)
    if cache_dir is not None:
        env["DJKB_CACHE_DIR"] = str(cache_dir)  # a fresh folder: every measured build starts cold
    return env


def run_measured(cmd: list[str], cwd: Path, cache_dir: Path | None = None) -> Run:
    """Run a child process; wall time and the child's own peak resident memory (not the whole tree's)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=_env(cache_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read() if proc.stdout else ""), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, "".join(chunks), usage.ru_utime + usage.ru_stime)


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def zip_bytes(folder: Path, target: Path) -> int:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    size = target.stat().st_size
    target.unlink()
    return size


_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?!https?:)[^)\s]+\)")
_HTML_LINK = re.compile(r'<a href="(?!https?:)[^"]*"[^>]*>(.*?)</a>', re.S)  # record pages' lists are final HTML


def make_baseline(folder: Path, data_dir: Path) -> int:
    """The same case pages as plain Markdown files for a stock Material site; returns the page count.

    Case pages are rendered by our own templates so both builds convert the same text; links (Markdown or
    HTML) become their plain text, as the baseline has no brand, standard or source pages.
    """
    corpus = load_corpus(data_dir, root=data_dir.parent)
    renderer = Renderer(corpus)
    docs = folder / "docs"
    (docs / "cases").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# 基准站点\n\n案例页面不在导航中。\n", encoding="utf-8")
    for case in corpus.cases.values():
        page = renderer.render_record("cases", case)
        markdown = _HTML_LINK.sub(r"\1", _LINK.sub(r"\1", page.markdown))
        (docs / page.path).write_text(markdown, encoding="utf-8")
    return len(corpus.cases) + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_serve(project: Path, cache_dir: Path, timeout: float = 600.0) -> tuple[float | None, str]:
    """Start `mkdocs serve`, edit one case, and time until the rebuilt page is served with the edit."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=_env(cache_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # A background job inherits an ignored SIGINT; serve must take it (and remove its temporary site) at the end.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []
    built = threading.Event()
    builds = [0]

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "Documentation built in" in line:
                builds[0] += 1
                built.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        while builds[0] < 1 or not _served(port, "/"):
            if proc.poll() is not None or time.monotonic() > deadline:
                return None, "serve 未能启动：" + "".join(lines[-5:]).strip()
            time.sleep(0.2)
        case_file = project / "data" / "cases" / f"{EDITED_CASE}.yml"
        text = case_file.read_text(encoding="utf-8")
        edited = re.sub(r'^(summary: ")', rf"\g<1>{EDIT_MARKER}", text, count=1, flags=re.M)
        if edited == text:
            return None, "无法修改案例文件"
        built.clear()
        start = time.perf_counter()
        case_file.write_text(edited, encoding="utf-8")
        page = f"/cases/{EDITED_CASE}/"
        while not _served(port, page, EDIT_MARKER):
            waited = time.perf_counter() - start
            if (
                proc.poll() is not None
                or waited > timeout
                or (waited > 30 and not any("Detected file changes" in x for x in lines))
            ):
                return None, "修改后没有重新生成：" + "".join(lines[-5:]).strip()
            time.sleep(0.05)
        return time.perf_counter() - start, ""
    finally:
        stop_gracefully(proc, timeout=20)


def stop_gracefully(proc: subprocess.Popen, *, timeout: float) -> None:
    """Ctrl+C for a `mkdocs serve` child (it then removes its temporary site); killed if it does not stop."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _served(port: int, path: str, needle: str | None = None) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            body = response.read().decode("utf-8", "replace")
    except OSError:
        return False
    return needle is None or needle in body


def bench_size(n_cases: int, workdir: Path, *, seed: int, serve: bool, log, repeat: int = 1) -> SizeResult:
    """One corpus size. With `repeat` > 1 the two builds alternate (ours, baseline, ours, …) and the medians
    are reported, so a burst of load from other processes on a shared machine hits both sides alike."""
    result = SizeResult(n_cases)
    root = workdir / f"n{n_cases}"
    data = root / "data-src"
    log(f"[{n_cases}] 生成模拟数据…")
    generate_corpus(data, n_cases, seed=seed)
    baseline = root / "baseline"
    result.pages = make_baseline(baseline, data)
    project = make_project(root / "project", data, move_data=True)

    log(f"[{n_cases}] djkb check…")
    check = run_measured([sys.executable, "-m", "djkb", "check"], project)
    result.check_seconds = check.seconds
    if check.returncode != 0:
        result.notes.append("djkb check 未通过：" + check.output[-500:])

    ours_runs: list[Run] = []
    baseline_runs: list[Run] = []
    for attempt in range(1, repeat + 1):
        label = f"（第 {attempt}/{repeat} 次）" if repeat > 1 else ""
        log(f"[{n_cases}] 本站完整构建（mkdocs build --strict）{label}…")
        shutil.rmtree(project / "site", ignore_errors=True)
        run = run_measured(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
            project,
            root / f"cache-build-{attempt}",
        )
        ours_runs.append(run)
        if run.returncode != 0:
            result.notes.append("本站构建失败：" + run.output[-1500:])
            break
        log(f"[{n_cases}] 基线构建（原版 Material + 内置搜索）{label}…")
        shutil.rmtree(baseline / "site", ignore_errors=True)
        base_run = run_measured([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"], baseline)
        baseline_runs.append(base_run)
        if base_run.returncode != 0:
            result.notes.append("基线构建失败：" + base_run.output[-1500:])
            break
    result.ours = _median_run(ours_runs)
    result.baseline = _median_run(baseline_runs) if baseline_runs else None
    result.ours_times = [r.seconds for r in ours_runs]
    result.baseline_times = [r.seconds for r in baseline_runs]
    if result.ours.returncode == 0:
        result.ours_site = tree_bytes(project / "site")
        result.ours_zip = zip_bytes(project / "site", root / "ours.zip")
    if result.baseline is not None and result.baseline.returncode == 0:
        result.baseline_site = tree_bytes(baseline / "site")
        result.baseline_zip = zip_bytes(baseline / "site", root / "baseline.zip")
    shutil.rmtree(baseline / "site", ignore_errors=True)

    if serve and result.ours.returncode == 0:
        log(f"[{n_cases}] mkdocs serve：修改一个案例后重新生成…")
        result.serve_rebuild, result.serve_note = measure_serve(project, root / "cache-serve")
    shutil.rmtree(project / "site", ignore_errors=True)
    return result


def _median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (a failed run wins: failures are never hidden behind a median)."""
    failed = [r for r in runs if r.returncode != 0]
    if failed:
        return failed[0]
    ordered = sorted(runs, key=lambda r: r.seconds)
    return ordered[(len(ordered) - 1) // 2]


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def report(results: list[SizeResult]) -> str:
    rows = [
        (
            "案例数",
            "本站构建",
            "基线构建",
            "构建比",
            "本站峰值内存",
            "基线峰值内存",
            "本站网站",
            "基线网站",
            "网站比",
            "本站 zip",
            "基线 zip",
            "zip 比",
            "djkb check",
            "serve 改一条",
        )
    ]
    for r in results:
        ours, base = r.ours, r.baseline
        if ours is None or base is None:
            continue
        rows.append(
            (
                f"{r.cases:,}",
                f"{ours.seconds:.1f} s",
                f"{base.seconds:.1f} s",
                _ratio(ours.seconds, base.seconds),
                f"{ours.peak_rss_mb:.0f} MB",
                f"{base.peak_rss_mb:.0f} MB",
                _mb(r.ours_site),
                _mb(r.baseline_site),
                _ratio(r.ours_site, r.baseline_site),
                _mb(r.ours_zip),
                _mb(r.baseline_zip),
                _ratio(r.ours_zip, r.baseline_zip),
                f"{r.check_seconds:.1f} s",
                f"{r.serve_rebuild:.1f} s" if r.serve_rebuild is not None else (r.serve_note[:40] or "—"),
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for index, row in enumerate(rows):
        out.append(
            "| " + " | ".join(_pad(cell, widths[i], right=index > 0 and i > 0) for i, cell in enumerate(row)) + " |"
        )
        if index == 0:
            out.append("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    ordered = sorted((r for r in results if r.ours and r.ours.returncode == 0), key=lambda r: r.cases)
    for small, large in zip(ordered, ordered[1:]):
        factor = large.cases / small.cases
        out.append(
            f"{large.cases:,} 条相对 {small.cases:,} 条（{factor:g} 倍数据）：本站构建 {_ratio(large.ours.seconds, small.ours.seconds)}，"
            f"基线 {_ratio(large.baseline.seconds, small.baseline.seconds)}，网站大小 {_ratio(large.ours_site, small.ours_site)}。"
        )
    for r in results:
        if r.ours and r.baseline and r.ours.cpu_seconds and r.baseline.cpu_seconds:
            out.append(
                f"[{r.cases:,}] CPU 时间（受其他进程影响较小）：本站 {r.ours.cpu_seconds:.1f} 秒，基线 {r.baseline.cpu_seconds:.1f} 秒，"
                f"比 {_ratio(r.ours.cpu_seconds, r.baseline.cpu_seconds)}（本站用两个进程，墙钟时间比 CPU 时间短）。"
            )
        if len(r.ours_times) > 1 and len(r.baseline_times) == len(r.ours_times):
            pairs = "、".join(f"{a / b:.2f}×" for a, b in zip(r.ours_times, r.baseline_times))
            out.append(
                f"[{r.cases:,}] 交替构建 {len(r.ours_times)} 次：本站 {' / '.join(f'{t:.1f}' for t in r.ours_times)} 秒，"
                f"基线 {' / '.join(f'{t:.1f}' for t in r.baseline_times)} 秒；逐次构建比 {pairs}（表中为中位数）。"
            )
    for r in results:
        for note in r.notes:
            out.append(f"[{r.cases}] {note}")
        if r.serve_note and r.serve_rebuild is None:
            out.append(f"[{r.cases}] serve：{r.serve_note}")
    return "\n".join(out)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def material_version() -> str:
    try:
        return version("mkdocs-material")
    except Exception:  # noqa: BLE001 — only a label
        return ""
