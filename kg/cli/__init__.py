"""`kg`: the command-line shell over the Python API. Nothing outside kg.cli imports it.

Each module of this package registers its commands on `app`; they are all
imported by `main()`, so adding a command is adding a module here.
"""

from __future__ import annotations

import os
import sys
import importlib
import pkgutil
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from kg.errors import KgError

app = typer.Typer(
    help="silkroad-kg: build, query, view and export the Silk Road e-commerce knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


# Unreviewed extracted facts answer nothing unless asked, on every command that reads the graph.
WITH_EXTRACTED_HELP = ("Also show the unreviewed extracted facts (the '…/extracted' graphs), each marked with "
                       "its rule and confidence; KG_WITH_EXTRACTED=1 sets it for every command.")
WITH_INFERRED_HELP = "Also use the facts the ontology entails (the 'inferred' graph), marked as inferred."


def settings_for(store: Optional[str] = None, with_extracted: bool = False):  # type: ignore[no-untyped-def]
    from kg.settings import load_settings

    settings = load_settings()
    settings = settings.with_(store=store) if store else settings
    return settings.with_(with_extracted=True) if with_extracted else settings



def _register_commands() -> None:
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")


def main() -> None:
    _register_commands()
    try:
        app()
    except KgError as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        for other in getattr(exc, "others", ()):
            err.print(f"[red]error:[/red] {other}", soft_wrap=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("KG_DEBUG"):
            raise
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc} (set KG_DEBUG=1 for the traceback)")
        sys.exit(3)

