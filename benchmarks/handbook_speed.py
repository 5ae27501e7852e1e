"""Printed handbook speed: `djkb handbook` on the repository corpus and on a 200-case realistic selection.

    .venv/bin/python benchmarks/handbook_speed.py [--runs 1] [--cases 1000] [--seed 0] [--keep DIR]

1. The repository's own data, whole site (no selection): what `djkb handbook` prints for everything.
2. A synthetic corpus grown from the repository's records (djkb/devtools/synthetic.py, `--cases` cases), and the
   selection a trainer would make: the domain whose case count is closest to 200 (`--domain <that>`).

Each run is the command as a trainer runs it (a fresh process: data check, rendering, Markdown, layout, PDF),
so it includes start-up and font loading. Prints, per run, pages, wall seconds and CPU seconds (user+system of
the child) and the stage lines the command prints; with `--runs` > 1, the median of the runs. WeasyPrint lays
out on one core: wall time on a busy 2-core machine is above CPU time, CPU time is the fairer figure to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.data.pipeline import load_corpus  # noqa: E402
from djkb.devtools.synthetic import generate_corpus  # noqa: E402

TARGET_CASES = 200
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DJKB_PROGRESS": "plain"}


def project_with(data: Path, where: Path) -> Path:
    """The site configuration with the given data folder (as tests/conftest.py make_project does)."""
    project = where / "project"
    project.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides", "hooks"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    (project / "djkb").symlink_to(ROOT / "djkb")
    (project / "data").symlink_to(data)
    return project


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


def measure(name: str, project: Path, args: list[str], runs: int, out_dir: Path) -> None:
    print(f"\n== {name} ({' '.join(args) or '全部内容'}) ==", flush=True)
    walls, cpus = [], []
    for run in range(1, runs + 1):
        out = out_dir / f"{name}-{run}.pdf"
        wall, cpu, pages, stages = run_handbook(project, out, args)
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"  run {run}: {pages} pages, {wall:.1f} s wall, {cpu:.1f} s CPU, {pages / wall:.1f} pages/s, "
            f"{out.stat().st_size / 1_000_000:.1f} MB",
            flush=True,
        )
        print(stages, flush=True)
    if runs > 1:
        print(f"  median of {runs}: {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--cases", type=int, default=1000, help="cases in the synthetic corpus the 200-case selection is taken from"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    options = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="djkb-handbook-bench-") as tmp:
        tmp_path = Path(tmp)
        out_dir = options.keep or tmp_path / "out"
        out_dir.mkdir(parents=True, exist_ok=True)

        print("[bench] stage 1/3: repository corpus", flush=True)
        repo = project_with(ROOT / "data", tmp_path / "repo")
        measure("repository", repo, [], options.runs, out_dir)

        print(f"\n[bench] stage 2/3: synthetic corpus of {options.cases} cases", flush=True)
        data = tmp_path / "synthetic-data"
        counts = generate_corpus(data, options.cases, seed=options.seed)
        corpus = load_corpus(data, root=tmp_path)
        per_domain = Counter(case.domain for case in corpus.cases.values())
        domain, n = min(per_domain.items(), key=lambda kv: (abs(kv[1] - TARGET_CASES), kv[0]))
        print(f"  {counts}; selection --domain {domain}: {n} cases", flush=True)

        print("[bench] stage 3/3: the selection", flush=True)
        synthetic = project_with(data, tmp_path / "synthetic")
        measure(f"selection-{n}-cases", synthetic, ["--domain", domain], options.runs, out_dir)


if __name__ == "__main__":
    main()
