"""MkDocs hooks: wires MkDocs events to the djkb package. Nothing else belongs here."""

from djkb.build.events import (  # noqa: F401
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_post_build,
    on_post_page,
    on_serve,
    on_startup,
)
