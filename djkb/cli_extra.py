"""Registration point for the other `djkb` subcommands (new, bundle, bench, export…)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Each feature module adds its subcommand here."""
    from djkb import editor_cli

    editor_cli.register(sub)  # new, schema, preview (issue 6)
    from djkb import export

    export.register(sub)  # export (issue 7)
    from djkb import bundle

    bundle.register(sub)
    from djkb import cli_handbook

    cli_handbook.register(sub)  # handbook (printed PDF of a bundle selection)
    from djkb import bench

    bench.register(sub)  # synth, bench
