"""Speed of `djkb check` (everything it runs: load, schema, references, safety, personal data, copywriting
warnings, near-duplicates) on a synthetic data folder — the budget is 3,000 cases under 1 s.

    .venv/bin/python benchmarks/check_speed.py            # 3000 cases
    .venv/bin/python benchmarks/check_speed.py 1000 5000  # other sizes

Prints, per size: the best of several runs (wall clock and CPU time of this process, since other work on a
shared 2-core machine inflates wall time), the median, and the share of each stage measured in one run.
The data comes from djkb.devtools.synthetic.generate_corpus (seeded, so every run checks the same files).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.data import editorial as checks  # noqa: E402
from djkb.data import pipeline  # noqa: E402
from djkb.data.load import load_file  # noqa: E402
from djkb.data.pipeline import CheckContext, check_data, data_files  # noqa: E402
from djkb.data.validate import ValidRecord, validate_doc  # noqa: E402
from djkb.devtools.synthetic import generate_corpus  # noqa: E402

BUDGET_SECONDS = 1.0
RUNS = 5


def _timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def stage_shares(data: Path) -> dict[str, float]:
    """CPU seconds per stage, each measured once on the same files."""
    context = CheckContext(root=data.parent, data_dir=data)
    files, _ = data_files(data, data.parent)
    docs, _, load_cpu = _timed(lambda: [(kind, load_file(path, display=shown)) for kind, path, shown in files])
    records, _, validate_cpu = _timed(lambda: [(kind, doc, validate_doc(kind, doc)[0]) for kind, doc in docs])
    _, _, safety_cpu = _timed(lambda: [pipeline.safety_problems(kind, doc) for kind, doc in docs])
    _, _, personal_cpu = _timed(lambda: [checks.personal_data_problems(kind, doc, context) for kind, doc in docs])
    _, _, copy_cpu = _timed(lambda: [checks.copywriting_warnings(kind, doc, context) for kind, doc in docs])
    valid: dict[str, list[ValidRecord]] = {}
    for kind, doc, record in records:
        if record is not None:
            valid.setdefault(kind, []).append(ValidRecord(record, doc))
    _, _, dup_cpu = _timed(lambda: checks.near_duplicate_problems(valid, context))
    return {
        "load (YAML, characters)": load_cpu,
        "schema": validate_cpu,
        "safety": safety_cpu,
        "personal data": personal_cpu,
        "copywriting": copy_cpu,
        "near-duplicates": dup_cpu,
    }


def main(sizes: list[int]) -> None:
    for n_cases in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            counts = generate_corpus(data, n_cases, seed=0)
            records = sum(counts.values())
            check_data(data)  # warm-up: imports, regex compilation, OS file cache
            walls, cpus = [], []
            for _ in range(RUNS):
                result, wall, cpu = _timed(lambda: check_data(data))
                walls.append(wall)
                cpus.append(cpu)
            assert not result.errors, result.errors[:3]
            print(
                f"{n_cases} cases ({records} records, {len(result.warnings)} warnings): "
                f"best {min(walls):.3f} s wall / {min(cpus):.3f} s CPU, median {statistics.median(walls):.3f} s wall "
                f"over {RUNS} runs; budget {BUDGET_SECONDS:.1f} s → {'OK' if min(walls) < BUDGET_SECONDS else 'OVER'}"
            )
            shares = stage_shares(data)
            total = sum(shares.values())
            print(
                "  stages (CPU, one run): "
                + ", ".join(f"{name} {seconds:.3f} s ({seconds / total:.0%})" for name, seconds in shares.items())
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [3000])
