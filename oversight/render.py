"""The HTML views' templates (Jinja2, escaped by default), shared by the evidence pack and
the dashboard."""

from __future__ import annotations

import functools

import jinja2


@functools.cache
def templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("oversight", "templates"),
        autoescape=jinja2.select_autoescape(("html",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["share"] = lambda part, whole: f"{100 * part / whole:.1f}%" if whole else "-"
    environment.filters["width"] = lambda part, whole: round(100 * part / whole) if whole else 0
    environment.filters["listing"] = lambda counts: ", ".join(f"{k} ({v})" for k, v in counts.items()) or "-"
    return environment
