"""`djkb synth`: a generated data folder of any size, in the format of data/ (for benchmarks)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_synth(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.devtools.synthetic import generate_corpus

    try:
        counts = generate_corpus(Path(args.out_dir), args.cases, seed=args.seed)
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"错误：{exc}")
        return 1
    listing = "，".join(f"{kind} {count}" for kind, count in counts.items())
    print(f"已生成模拟数据到 {args.out_dir}：{listing}。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    synth = sub.add_parser("synth", help="生成模拟数据目录（用于性能测试），格式与 data/ 相同")
    synth.add_argument("out_dir", help="输出目录（必须不存在或为空）")
    synth.add_argument("--cases", type=int, default=1000, help="案例数量（默认 1000）")
    synth.add_argument("--seed", type=int, default=0, help="随机种子（相同种子生成相同数据）")
    synth.set_defaults(func=cmd_synth)
