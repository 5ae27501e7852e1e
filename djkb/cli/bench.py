"""`djkb bench`: build times, memory and sizes against stock Material on generated data of several sizes."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def cmd_bench(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.devtools.bench import bench_size, material_version, report

    sizes = sorted(set(args.sizes))
    workdir = Path(tempfile.mkdtemp(prefix="djkb-bench-"))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:6.1f}s  {message}", flush=True)

    print(
        f"基准测试：{'、'.join(f'{n:,}' for n in sizes)} 条案例，临时目录 {workdir}（CPU {os.cpu_count()} 核）",
        flush=True,
    )
    results = []
    try:
        for n in sizes:
            serve = not args.no_serve and (args.serve_max is None or n <= args.serve_max)
            results.append(bench_size(n, workdir, seed=args.seed, serve=serve, log=log, repeat=args.repeat))
    finally:
        if args.keep:
            print(f"保留临时目录：{workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(report(results))
    print(
        f"\n总用时 {time.perf_counter() - started:.0f} 秒。基线 = 原版 Material {material_version()} + 内置搜索（jieba 分词），"
        "同样的案例页面，显式导航、案例页不在导航中。峰值内存 = 构建进程的最大常驻内存。"
    )
    failed = any(r.notes for r in results)
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser(
        "bench", help="性能基准：模拟数据下本站构建与原版 Material 对比（时间、内存、大小、serve 重建）"
    )
    bench.add_argument(
        "sizes", nargs="*", type=int, default=[1000, 5000], help="案例数量（默认 1000 5000；可加 10000）"
    )
    bench.add_argument("--seed", type=int, default=0, help="随机种子")
    bench.add_argument("--no-serve", action="store_true", help="不测 mkdocs serve 的重建时间")
    bench.add_argument("--serve-max", type=int, default=None, help="只在案例数不超过此值时测 serve（默认全部）")
    bench.add_argument(
        "--repeat", type=int, default=1, help="每个规模交替构建本站与基线的次数，取中位数（机器繁忙时用 3）"
    )
    bench.add_argument("--keep", action="store_true", help="保留临时目录")
    bench.set_defaults(func=cmd_bench)
