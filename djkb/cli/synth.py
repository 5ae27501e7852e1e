"""`djkb synth`: a generated data folder of any size, in the format of data/ (for benchmarks)."""

from __future__ import annotations

import argparse
from pathlib import Path

from djkb.cli.options import add_corpus_options


def cmd_synth(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.devtools.realistic import generate_realistic
    from djkb.devtools.synthetic import generate_corpus

    if args.sentences_from is not None and not Path(args.sentences_from).is_dir():
        print(f"错误：--sentences-from 指定的目录 {args.sentences_from} 不存在。")
        return 1
    try:
        if args.corpus == "synthetic":
            counts = generate_corpus(Path(args.out_dir), args.cases, seed=args.seed)
        else:
            sentences = Path(args.sentences_from) if args.sentences_from else None
            counts = generate_realistic(Path(args.out_dir), args.cases, seed=args.seed, sentences_from=sentences)
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"错误：{exc}")
        return 1
    listing = "，".join(f"{kind} {count}" for kind, count in counts.items())
    label = "由仓库案例扩充的数据" if args.corpus == "realistic" else "模拟数据"
    print(f"已生成{label}到 {args.out_dir}：{listing}。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    synth = sub.add_parser("synth", help="生成性能测试用的数据目录（默认由仓库案例扩充），格式与 data/ 相同")
    synth.add_argument("out_dir", help="输出目录（必须不存在或为空）")
    synth.add_argument("--cases", type=int, default=1000, help="案例数量（默认 1000）")
    synth.add_argument("--seed", type=int, default=0, help="随机种子（相同种子生成相同数据）")
    add_corpus_options(synth)
    synth.set_defaults(func=cmd_synth)
