"""`djkb bench`: build times, memory and sizes against stock Material on generated data of several sizes."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from djkb.cli.options import add_corpus_options

DEFAULT_SIZES = (1000, 5000)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是用逗号分隔的案例数（例如 1000,5000）") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"“{text}”：案例数必须是正整数")
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.devtools.bench import ADD_DELETE_TARGET, EDIT_TARGET, bench_size, material_version, report

    if args.sentences_from is not None and not Path(args.sentences_from).is_dir():
        print(f"错误：--sentences-from 指定的目录 {args.sentences_from} 不存在。")
        return 2
    sizes = sorted(set(args.sizes_option or args.sizes or DEFAULT_SIZES))
    workdir = Path(tempfile.mkdtemp(prefix="djkb-bench-"))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:6.1f}s  {message}", flush=True)

    corpus = "仓库案例扩充的语料" if args.corpus == "realistic" else "模拟语料（djkb synth）"
    print(
        f"基准测试：{'、'.join(f'{n:,}' for n in sizes)} 条案例，{corpus}，临时目录 {workdir}"
        f"（CPU {os.cpu_count()} 核，负载 {' / '.join(f'{x:.1f}' for x in os.getloadavg())}）",
        flush=True,
    )
    results = []
    try:
        for n in sizes:
            serve = not args.no_serve and (args.serve_max is None or n <= args.serve_max)
            results.append(
                bench_size(
                    n,
                    workdir,
                    seed=args.seed,
                    serve=serve,
                    log=log,
                    repeat=args.repeat,
                    corpus=args.corpus,
                    sentences_from=Path(args.sentences_from) if args.sentences_from else None,
                )
            )
    finally:
        if args.keep:
            print(f"保留临时目录：{workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(report(results))
    print(
        f"\n总用时 {time.perf_counter() - started:.0f} 秒，结束时负载 {' / '.join(f'{x:.1f}' for x in os.getloadavg())}。"
        f"基线 = 原版 Material {material_version()} + 内置搜索（jieba 分词），同一语料的每条记录一个页面，"
        "显式导航、记录页不在导航中。峰值内存 = 构建进程的最大常驻内存。"
        f"serve 目标：修改一条案例（摘要或标题）≤ {EDIT_TARGET:g} 秒，新增或删除一条 ≤ {ADD_DELETE_TARGET:g} 秒（✓ 达到，✗ 未达到）。"
    )
    failed = any(r.notes for r in results)
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser(
        "bench", help="性能基准：由仓库案例扩充的数据上本站构建与原版 Material 对比（时间、内存、大小、serve 重建）"
    )
    bench.add_argument(
        "sizes", nargs="*", type=int, default=[], help="案例数量（默认 1000 5000；可加 10000；也可用 --sizes）"
    )
    bench.add_argument(
        "--sizes",
        dest="sizes_option",
        type=_sizes,
        default=None,
        metavar="N,N",
        help="案例数量，逗号分隔（如 5000,10000；两个以上规模时报告构建时间随规模的增长）",
    )
    add_corpus_options(bench)
    bench.add_argument("--seed", type=int, default=0, help="随机种子")
    bench.add_argument(
        "--no-serve",
        action="store_true",
        help="不测 mkdocs serve 的重建时间（修改案例摘要、修改另一案例标题、新增、删除一个案例）",
    )
    bench.add_argument("--serve-max", type=int, default=None, help="只在案例数不超过此值时测 serve（默认全部）")
    bench.add_argument(
        "--repeat", type=int, default=1, help="每个规模交替构建本站与基线的次数，取中位数（机器繁忙时用 3）"
    )
    bench.add_argument("--keep", action="store_true", help="保留临时目录")
    bench.set_defaults(func=cmd_bench)
