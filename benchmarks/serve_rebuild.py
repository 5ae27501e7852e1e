"""`mkdocs serve`: time from saving an edited case to the rebuilt page being served (< 5 s at 1,000 cases).

    .venv/bin/python benchmarks/serve_rebuild.py [--cases 1000] [--repeat 3] [--ref REF] [--against REF] [--keep DIR]

Generates a corpus grown from the repository's records (djkb/devtools/realistic.py; `--corpus synthetic` for the old
djkb/devtools/synthetic.py data), makes a project of this working tree's site files with it
(djkb/devtools/sites.py make_project) and runs djkb/devtools/bench.py `measure_serve` `--repeat` times: start `mkdocs serve`, edit
the first case file (by name), poll until the page shows the edit. Each run starts a fresh server with an empty
render cache, so every run measures the first edit after `mkdocs serve` started.

With `--against REF` (a git commit, e.g. the commit before a change) a second project gets that commit's site
files and djkb package (`git archive`), and the runs alternate between the two, so bursts of load from other
processes on a shared machine hit both alike; the medians and their ratio are printed. `--ref REF` measures a
commit instead of the working tree (which other people may be editing).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.devtools.bench import CORPORA, generate, measure_serve  # noqa: E402
from djkb.devtools.sites import SITE_FILES, make_project  # noqa: E402


def project_at(ref: str, folder: Path, data: Path) -> Path:
    """A project with the site files and the djkb package of commit `ref`, and a copy of `data`."""
    source = folder / "source"
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, *SITE_FILES, "djkb"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    project = folder / "project"
    project.mkdir()
    for name in (*SITE_FILES, "djkb"):
        if (source / name).exists():
            shutil.move(str(source / name), project / name)
    shutil.copytree(data, project / "data")
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", choices=CORPORA, default="realistic")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ref", metavar="REF", help="measure this git commit instead of the working tree")
    parser.add_argument("--against", metavar="REF", help="also measure this git commit, alternating runs")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="djkb-serve-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = work / "data"
        generate(args.corpus, data, args.cases, seed=args.seed)
        edited = sorted(p.stem for p in (data / "cases").glob("*.yml"))[0]
        current = args.ref or "本工作区"
        if args.ref:
            projects = {current: project_at(args.ref, work / "current", data)}
        else:
            projects = {current: make_project(work / "current", data)}
        if args.against:
            projects[args.against] = project_at(args.against, work / "against", data)
        times: dict[str, list[float]] = {name: [] for name in projects}
        for attempt in range(1, args.repeat + 1):
            for name, project in projects.items():
                case = project / "data" / "cases" / f"{edited}.yml"
                original = case.read_bytes()
                cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
                try:
                    seconds, note = measure_serve(project, cache, edited=edited)
                finally:
                    case.write_bytes(original)
                    shutil.rmtree(cache, ignore_errors=True)
                shown = f"{seconds:.2f} s" if seconds is not None else f"失败：{note}"
                print(f"{name} 第 {attempt}/{args.repeat} 次：{shown}", flush=True)
                if seconds is not None:
                    times[name].append(seconds)
        print()
        print(
            f"{args.cases:,} 条案例，mkdocs serve 修改一条案例后页面更新用时（每次新启动 serve，含文件变化检测约 0.5 s）："
        )
        medians = {}
        for name, values in times.items():
            if values:
                medians[name] = statistics.median(values)
                print(f"  {name}：中位数 {medians[name]:.2f} s（{', '.join(f'{v:.2f}' for v in values)}）")
        if args.against and len(medians) == 2:
            ours, theirs = medians[current], medians[args.against]
            print(f"  比值（{current} / {args.against}）：{ours / theirs:.2f}×")
        return 0 if all(times.values()) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
