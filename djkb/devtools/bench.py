"""`djkb bench`: the side-by-side performance benchmark against stock Material, on data like the real data.

For each size, `djkb bench` generates a corpus in a temporary folder — by default the realistic one
(`djkb/devtools/realistic.py`: the repository's records plus clones of its case files, prose drawn from its own
text), or the old synthetic one (`--corpus synthetic`) — and measures in one run: our full build
(`mkdocs build --strict`: every generated page, our search index, exports) against a stock Material build of every
record of the same corpus (cases, brands, standards, glossary terms, sources) written as plain Markdown pages
(Material's own search plugin, jieba segmentation, explicit nav with the record pages out of it); wall and CPU time,
peak memory of each build, page counts, site and zip sizes, `djkb check` time, and under `mkdocs serve` the time
until an edited case (its summary; another case's title), an added case and a deleted case show on the served
site.
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
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from djkb.data.pipeline import load_corpus
from djkb.devtools import realistic
from djkb.devtools.sites import make_project
from djkb.devtools.synthetic import generate_corpus
from djkb.pages.render import Renderer
from djkb.project import PACKAGE_DIR

REPO_ROOT = PACKAGE_DIR.parent
EDITED_CASE = "case-00001"  # the synthetic corpus' first case (benchmarks/serve_rebuild.py edits it)
EDIT_MARKER = "基准测试修改标记"
TITLE_MARKER = "（基准测试改标题）"
ADDED_CASE = "bench-added-case"
CORPORA = ("realistic", "synthetic")
RECORD_KINDS = ("cases", "brands", "standards", "glossary", "sources")
# What an editor waiting for `mkdocs serve` should get (seconds from saving the file to the page being served).
EDIT_TARGET = 1.5
ADD_DELETE_TARGET = 3.0

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
  /brands/
  /standards/
  /glossary/
  /sources/
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
class ServeResult:
    """Seconds from saving a change under data/ to the served site showing it (None: not measured or failed)."""

    started: float | None = None  # `mkdocs serve` start until the home page is served
    edit: float | None = None  # an edited case's page shows the edit (its summary)
    edit_title: float | None = None  # another case's page shows its edited title (which listings show too)
    add: float | None = None  # a new case file's page is served
    delete: float | None = None  # a deleted case file's page answers 404
    note: str = ""


@dataclass
class SizeResult:
    cases: int
    corpus: str = "realistic"
    pages: int = 0  # Markdown pages of the baseline (every record, and its home page)
    ours_html: int = 0  # HTML files of each site
    baseline_html: int = 0
    ours: Run | None = None
    baseline: Run | None = None
    ours_site: int = 0
    baseline_site: int = 0
    ours_zip: int = 0
    baseline_zip: int = 0
    check_seconds: float = 0.0
    serve: ServeResult | None = None
    likeness: list[str] | None = None  # how the corpus differs from the real cases (empty: within tolerance)
    notes: list[str] = field(default_factory=list)
    ours_times: list[float] = field(default_factory=list)  # every repetition, in order
    baseline_times: list[float] = field(default_factory=list)
    ours_cpu: list[float] = field(default_factory=list)
    baseline_cpu: list[float] = field(default_factory=list)


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
    """Every record of the corpus as a plain Markdown page for a stock Material site; returns the page count.

    Cases, brands, standards, glossary terms and sources are rendered by our own templates, so both builds convert
    the same text; links (Markdown or HTML) become their plain text, as a stock site has no links between records.
    """
    corpus = load_corpus(data_dir, root=data_dir.parent)
    renderer = Renderer(corpus)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# 基准站点\n\n记录页面不在导航中。\n", encoding="utf-8")
    pages = 1
    for kind in RECORD_KINDS:
        (docs / kind).mkdir()
        for record in corpus.records(kind).values():
            page = renderer.render_record(kind, record)
            markdown = _HTML_LINK.sub(r"\1", _LINK.sub(r"\1", page.markdown))
            (docs / page.path).write_text(markdown, encoding="utf-8")
            pages += 1
    return pages


def html_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def generate(corpus: str, data: Path, n_cases: int, *, seed: int, sentences_from: Path | None = None) -> None:
    if corpus == "synthetic":
        generate_corpus(data, n_cases, seed=seed)
    elif corpus == "realistic":
        realistic.generate_realistic(data, n_cases, seed=seed, sentences_from=sentences_from)
    else:
        raise ValueError(f"未知的语料：{corpus}（可选 {'、'.join(CORPORA)}）")


def likeness(data: Path, sample: int = 1000) -> list[str]:
    """How the corpus' cases differ from the repository's real cases (every n-th case file, at most `sample`)."""
    files = sorted((data / "cases").glob("*.yml"))
    step = max(1, len(files) // sample)
    return realistic.compare(realistic.profile(realistic.REPO_DATA), realistic.profile(data, case_files=files[::step]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_serve(
    project: Path, cache_dir: Path, timeout: float = 600.0, *, edited: str | None = None
) -> tuple[float | None, str]:
    """Start `mkdocs serve`, edit one case, and time until the rebuilt page is served with the edit."""
    result = measure_serve_changes(project, cache_dir, timeout, edited=edited, add_delete=False)
    return result.edit, result.note


def measure_serve_changes(
    project: Path,
    cache_dir: Path,
    timeout: float = 600.0,
    *,
    edited: str | None = None,
    deleted: str | None = None,
    add_delete: bool = True,
    seed: int = 0,
) -> ServeResult:
    """Start `mkdocs serve`; then, one after the other, edit a case's summary, edit another case's title (shown
    in listings and other pages too), add a case file and delete another case file, each timed from saving the
    file until the served site shows it (the page with the edit, the new page, a 404).

    By default the first case (by file name) is edited, the second gets a new title and the last one is deleted. The new case is a clone of
    the first with prose drawn from the corpus' own records (`realistic.new_case_text`), made before timing.
    """
    cases_dir = project / "data" / "cases"
    ids = sorted(p.stem for p in cases_dir.glob("*.yml"))
    edited = edited or ids[0]
    deleted = deleted or ids[-1]
    result = ServeResult()
    port = free_port()
    started = time.perf_counter()
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
    builds = [0]

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "Documentation built in" in line:
                builds[0] += 1

    def wait(done, what: str) -> float | None:
        """Seconds until `done()`; None (and a note) when serve died, timed out, or saw no change in 30 s."""
        start = time.perf_counter()
        seen = sum("Detected file changes" in x for x in lines)
        while not done():
            waited = time.perf_counter() - start
            if (
                proc.poll() is not None
                or waited > timeout
                or (waited > 30 and sum("Detected file changes" in x for x in lines) == seen)
            ):
                result.note = f"{what}后没有重新生成：" + "".join(lines[-5:]).strip()
                return None
            time.sleep(0.05)
        return time.perf_counter() - start

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        while builds[0] < 1 or _status(port, "/") != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                result.note = "serve 未能启动：" + "".join(lines[-5:]).strip()
                return result
            time.sleep(0.2)
        result.started = time.perf_counter() - started

        case_file = cases_dir / f"{edited}.yml"
        text = case_file.read_text(encoding="utf-8")
        changed = re.sub(r'^(summary: "?)', rf"\g<1>{EDIT_MARKER}", text, count=1, flags=re.M)
        if changed == text:
            result.note = "无法修改案例文件"
            return result
        case_file.write_text(changed, encoding="utf-8")
        result.edit = wait(lambda: _served(port, f"/cases/{edited}/", EDIT_MARKER), "修改")
        if result.edit is None or not add_delete:
            return result

        retitled = next((i for i in ids if i not in (edited, deleted)), None)
        if retitled is not None:
            title_file = cases_dir / f"{retitled}.yml"
            text = title_file.read_text(encoding="utf-8")
            changed = re.sub(
                r"""^(title: *)(["']?)(.*?)\2 *$""", rf"\g<1>\g<2>\g<3>{TITLE_MARKER}\g<2>", text, count=1, flags=re.M
            )
            if changed == text:
                result.note = "无法修改案例标题"
                return result
            title_file.write_text(changed, encoding="utf-8")
            result.edit_title = wait(lambda: _served(port, f"/cases/{retitled}/", TITLE_MARKER), "修改标题")
            if result.edit_title is None:
                return result

        # Written next to the project and moved in: the watcher sees one complete new file, as a `git pull` does.
        new_text = realistic.new_case_text(project / "data", ADDED_CASE, seed=seed)
        staged = project.parent / f"{ADDED_CASE}.yml"
        staged.write_text(new_text, encoding="utf-8")
        os.replace(staged, cases_dir / f"{ADDED_CASE}.yml")
        result.add = wait(lambda: _status(port, f"/cases/{ADDED_CASE}/") == 200, "新增")
        if result.add is None:
            return result

        (cases_dir / f"{deleted}.yml").unlink()
        result.delete = wait(lambda: _status(port, f"/cases/{deleted}/") == 404, "删除")
        return result
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


def _status(port: int, path: str) -> int | None:
    """The HTTP status of a page on the served site (None: no answer)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _served(port: int, path: str, needle: str | None = None) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            body = response.read().decode("utf-8", "replace")
    except OSError:
        return False
    return needle is None or needle in body


def bench_size(
    n_cases: int,
    workdir: Path,
    *,
    seed: int,
    serve: bool,
    log,
    repeat: int = 1,
    corpus: str = "realistic",
    sentences_from: Path | None = None,
) -> SizeResult:
    """One corpus size. With `repeat` > 1 the two builds alternate (ours, baseline, ours, …) and the medians
    are reported, so a burst of load from other processes on a shared machine hits both sides alike."""
    result = SizeResult(n_cases, corpus)
    root = workdir / f"n{n_cases}"
    data = root / "data-src"
    label = "仓库案例扩充的语料" if corpus == "realistic" else "模拟语料"
    log(f"[{n_cases}] 生成{label}…")
    generate(corpus, data, n_cases, seed=seed, sentences_from=sentences_from)
    result.likeness = likeness(data)
    baseline = root / "baseline"
    log(f"[{n_cases}] 基线页面（每条记录一页）…")
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
    result.ours_cpu = [r.cpu_seconds for r in ours_runs]
    result.baseline_cpu = [r.cpu_seconds for r in baseline_runs]
    if result.ours.returncode == 0:
        result.ours_site = tree_bytes(project / "site")
        result.ours_html = html_files(project / "site")
        result.ours_zip = zip_bytes(project / "site", root / "ours.zip")
    if result.baseline is not None and result.baseline.returncode == 0:
        result.baseline_site = tree_bytes(baseline / "site")
        result.baseline_html = html_files(baseline / "site")
        result.baseline_zip = zip_bytes(baseline / "site", root / "baseline.zip")
    shutil.rmtree(baseline / "site", ignore_errors=True)

    if serve and result.ours.returncode == 0:
        log(f"[{n_cases}] mkdocs serve：修改案例摘要、修改另一案例标题、新增、删除一个案例后重新生成…")
        result.serve = measure_serve_changes(project, root / "cache-serve", seed=seed)
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


def _seconds(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "—"
    mark = "" if target is None else (" ✓" if value <= target else " ✗")
    return f"{value:.2f} s{mark}"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for index, row in enumerate(rows):
        out.append(
            "| " + " | ".join(_pad(cell, widths[i], right=index > 0 and i > 0) for i, cell in enumerate(row)) + " |"
        )
        if index == 0:
            out.append("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return out


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2] if ordered else 0.0


def report(results: list[SizeResult]) -> str:
    done = [r for r in results if r.ours is not None and r.baseline is not None]
    builds: list[tuple[str, ...]] = [
        (
            "案例数",
            "本站页",
            "基线页",
            "本站墙钟",
            "基线墙钟",
            "墙钟比",
            "本站 CPU",
            "基线 CPU",
            "CPU 比",
            "本站峰值内存",
            "基线峰值内存",
        )
    ]
    for r in done:
        ours, base = r.ours, r.baseline
        ours_cpu, base_cpu = _median(r.ours_cpu), _median(r.baseline_cpu)
        builds.append(
            (
                f"{r.cases:,}",
                f"{r.ours_html:,}",
                f"{r.baseline_html:,}",
                f"{ours.seconds:.1f} s",
                f"{base.seconds:.1f} s",
                _ratio(ours.seconds, base.seconds),
                f"{ours_cpu:.1f} s",
                f"{base_cpu:.1f} s",
                _ratio(ours_cpu, base_cpu),
                f"{ours.peak_rss_mb:.0f} MB",
                f"{base.peak_rss_mb:.0f} MB",
            )
        )
    sizes: list[tuple[str, ...]] = [
        (
            "案例数",
            "本站网站",
            "基线网站",
            "网站比",
            "本站 zip",
            "基线 zip",
            "zip 比",
            "djkb check",
            "serve 启动",
            f"serve 修改（≤{EDIT_TARGET:g} s）",
            f"serve 改标题（≤{EDIT_TARGET:g} s）",
            f"serve 新增（≤{ADD_DELETE_TARGET:g} s）",
            f"serve 删除（≤{ADD_DELETE_TARGET:g} s）",
        )
    ]
    for r in done:
        serve = r.serve or ServeResult()
        sizes.append(
            (
                f"{r.cases:,}",
                _mb(r.ours_site),
                _mb(r.baseline_site),
                _ratio(r.ours_site, r.baseline_site),
                _mb(r.ours_zip),
                _mb(r.baseline_zip),
                _ratio(r.ours_zip, r.baseline_zip),
                f"{r.check_seconds:.1f} s",
                _seconds(serve.started),
                _seconds(serve.edit, EDIT_TARGET),
                _seconds(serve.edit_title, EDIT_TARGET),
                _seconds(serve.add, ADD_DELETE_TARGET),
                _seconds(serve.delete, ADD_DELETE_TARGET),
            )
        )
    out = _table(builds) + [""] + _table(sizes)
    out.append(
        "墙钟、CPU 为交替构建各次的中位数；CPU = 构建进程及其等待的子进程的用户态 + 内核态时间（受其他进程影响较小；"
        "本站构建用两个进程，墙钟时间可短于 CPU 时间）。页 = 网站中的 HTML 文件数。"
    )
    for r in done:
        out.append(
            f"[{r.cases:,}] 基线：{r.pages:,} 个 Markdown 页面（案例、品牌、标准、术语、来源每条一页，加首页），"
            "由本站模板渲染、去掉链接。"
        )
    ordered = sorted((r for r in done if r.ours.returncode == 0 and r.baseline.returncode == 0), key=lambda r: r.cases)
    for small, large in zip(ordered, ordered[1:]):
        factor = large.cases / small.cases
        out.append(
            f"{large.cases:,} 条相对 {small.cases:,} 条（{factor:g} 倍数据）：本站构建墙钟 {_ratio(large.ours.seconds, small.ours.seconds)}、"
            f"CPU {_ratio(_median(large.ours_cpu), _median(small.ours_cpu))}；基线墙钟 {_ratio(large.baseline.seconds, small.baseline.seconds)}、"
            f"CPU {_ratio(_median(large.baseline_cpu), _median(small.baseline_cpu))}；本站网站大小 {_ratio(large.ours_site, small.ours_site)}。"
        )
    for r in done:
        if len(r.ours_times) > 1 and len(r.baseline_times) == len(r.ours_times):
            pairs = "、".join(f"{a / b:.2f}×" for a, b in zip(r.ours_times, r.baseline_times))
            cpu_pairs = "、".join(f"{a / b:.2f}×" for a, b in zip(r.ours_cpu, r.baseline_cpu) if b)
            out.append(
                f"[{r.cases:,}] 交替构建 {len(r.ours_times)} 次：本站 {' / '.join(f'{t:.1f}' for t in r.ours_times)} 秒"
                f"（CPU {' / '.join(f'{t:.1f}' for t in r.ours_cpu)}），"
                f"基线 {' / '.join(f'{t:.1f}' for t in r.baseline_times)} 秒（CPU {' / '.join(f'{t:.1f}' for t in r.baseline_cpu)}）；"
                f"逐次墙钟比 {pairs}，CPU 比 {cpu_pairs}。"
            )
    for r in results:
        if r.likeness is not None:
            corpus = "仓库案例扩充的语料" if r.corpus == "realistic" else "模拟语料"
            if r.likeness:
                out.append(
                    f"[{r.cases:,}] {corpus}与仓库 {len(list((realistic.REPO_DATA / 'cases').glob('*.yml')))} 条真实案例不一致："
                    + "；".join(r.likeness)
                )
            else:
                out.append(
                    f"[{r.cases:,}] {corpus}与仓库真实案例一致（长度四分位、列表项、引用数、术语密度均在容差内）。"
                )
        for note in r.notes:
            out.append(f"[{r.cases:,}] {note}")
        if r.serve is not None and r.serve.note:
            out.append(f"[{r.cases:,}] serve：{r.serve.note}")
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
