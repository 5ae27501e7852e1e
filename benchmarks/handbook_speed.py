"""Printed handbook speed: `djkb handbook` on the repository corpus and on a 200-case realistic selection.

    .venv/bin/python benchmarks/handbook_speed.py [--runs 1] [--cases 1000] [--seed 0] [--keep DIR] [--against REF]

1. The repository's own data, whole site (no selection): what `djkb handbook` prints for everything.
2. A synthetic corpus grown from the repository's records (djkb/devtools/synthetic.py, `--cases` cases), and the
   selection a trainer would make: the domain whose case count is closest to 200 (`--domain <that>`).

Each run is the command as a trainer runs it (a fresh process: data check, rendering, Markdown, layout, PDF),
so it includes start-up and font loading. Prints, per run, pages, wall seconds and CPU seconds (user+system of
the child) and the stage lines the command prints; with `--runs` > 1, the median of the runs. WeasyPrint lays
out on one core: wall time on a busy 2-core machine is above CPU time, CPU time is the fairer figure to compare.

With `--against REF` (a git commit, e.g. the one before a change) every run is made twice, once with that commit's
djkb package and site files (`git archive`) and once with the working tree, alternating, on the same data, so bursts
of load from other processes hit both alike; the medians of each and their ratios are printed.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.data.pipeline import load_corpus  # noqa: E402
from djkb.devtools.sites import SITE_FILES  # noqa: E402
from djkb.devtools.synthetic import generate_corpus  # noqa: E402

TARGET_CASES = 200
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DJKB_PROGRESS": "plain"}


def project_with(data: Path, where: Path, code: Path = ROOT) -> Path:
    """The site configuration and djkb package of `code` with the given data folder (as tests/conftest.py
    make_project does)."""
    project = where / "project"
    project.mkdir(parents=True)
    for name in SITE_FILES:
        source = code / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    (project / "djkb").symlink_to(code / "djkb")
    (project / "data").symlink_to(data)
    return project


def checkout(ref: str, where: Path) -> Path:
    """The djkb package and site files of commit `ref`, unpacked into `where`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, *SITE_FILES, "djkb"], check=True, capture_output=True
    ).stdout
    where.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    return where


def run_handbook(project: Path, out: Path, args: list[str]) -> tuple[float, float, int, str]:
    """(wall s, CPU s, pages, stage lines) of one `djkb handbook` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "djkb", "handbook", "--date", "2026-11-22", "--out", str(out), *args],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"djkb handbook failed:\n{result.stderr}")
    from pypdf import PdfReader

    pages = len(PdfReader(out).pages)
    stages = "\n".join("    " + line for line in result.stderr.splitlines() if line.startswith("[手册]"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, pages, stages


def measure(name: str, projects: dict[str, Path], args: list[str], runs: int, out_dir: Path) -> None:
    """`runs` rounds; in each, one run per version (in the order given), so the versions alternate."""
    print(f"\n== {name} ({' '.join(args) or '全部内容'}) ==", flush=True)
    walls: dict[str, list[float]] = {version: [] for version in projects}
    cpus: dict[str, list[float]] = {version: [] for version in projects}
    for run in range(1, runs + 1):
        for version, project in projects.items():
            out = out_dir / f"{name}-{version}-{run}.pdf"
            wall, cpu, pages, stages = run_handbook(project, out, args)
            walls[version].append(wall)
            cpus[version].append(cpu)
            print(
                f"  {version} run {run}: {pages} pages, {wall:.1f} s wall, {cpu:.1f} s CPU, {pages / wall:.1f} pages/s, "
                f"{out.stat().st_size / 1_000_000:.1f} MB, load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            print(stages, flush=True)
    medians = {v: (statistics.median(walls[v]), statistics.median(cpus[v])) for v in projects}
    if runs > 1:
        for version, (wall, cpu) in medians.items():
            print(f"  {version} median of {runs}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    if len(projects) == 2:
        (old, (old_wall, old_cpu)), (new, (new_wall, new_cpu)) = medians.items()
        print(f"  ratio {new} / {old}: wall {new_wall / old_wall:.2f}x, CPU {new_cpu / old_cpu:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--cases",
        type=int,
        default=1000,
        help="cases in the synthetic corpus the 200-case selection is taken from (0: skip)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    parser.add_argument("--against", metavar="REF", help="also run this git commit's djkb, alternating with ours")
    options = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="djkb-handbook-bench-") as tmp:
        tmp_path = Path(tmp)
        out_dir = options.keep or tmp_path / "out"
        out_dir.mkdir(parents=True, exist_ok=True)

        codes = {"working-tree": ROOT}
        if options.against:
            codes = {options.against: checkout(options.against, tmp_path / "against"), **codes}

        def projects(data: Path, name: str) -> dict[str, Path]:
            return {version: project_with(data, tmp_path / name / version, code) for version, code in codes.items()}

        print("[bench] stage 1/3: repository corpus", flush=True)
        measure("repository", projects(ROOT / "data", "repo"), [], options.runs, out_dir)

        if not options.cases:
            return
        print(f"\n[bench] stage 2/3: synthetic corpus of {options.cases} cases", flush=True)
        data = tmp_path / "synthetic-data"
        counts = generate_corpus(data, options.cases, seed=options.seed)
        corpus = load_corpus(data, root=tmp_path)
        per_domain = Counter(case.domain for case in corpus.cases.values())
        domain, n = min(per_domain.items(), key=lambda kv: (abs(kv[1] - TARGET_CASES), kv[0]))
        print(f"  {counts}; selection --domain {domain}: {n} cases", flush=True)

        print("[bench] stage 3/3: the selection", flush=True)
        measure(f"selection-{n}-cases", projects(data, "synthetic"), ["--domain", domain], options.runs, out_dir)


if __name__ == "__main__":
    main()
