"""The Jinja environments of the generated pages, files and scaffolds: one factory, one set of options."""

from __future__ import annotations

from pathlib import Path

import jinja2

from djkb.project import TEMPLATES_DIR


def environment(
    *, autoescape: bool, folder: Path = TEMPLATES_DIR, trim: bool = True, keep_trailing_newline: bool = False
) -> jinja2.Environment:
    """Templates under `folder`; a missing variable is an error, never an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim,
        lstrip_blocks=trim,
        keep_trailing_newline=keep_trailing_newline,
    )


# XML output (the Atom feed, SVG charts): every value escaped.
XML_TEMPLATES = environment(autoescape=True)
