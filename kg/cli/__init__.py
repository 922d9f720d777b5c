"""The ``kg`` command line. Each command lives in its own module and registers itself on ``app``."""
from __future__ import annotations

import sys

import typer

from kg import __version__
from kg.errors import KgError
from kg.terminal import printable  # the commands print document text through it

app = typer.Typer(
    name="kg",
    help="责任图谱: extract who owns what from government speeches into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """责任图谱 command line."""


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from kg.cli import extract_cmd  # noqa: F401
    for name in ("build_cmd", "query_cmd", "viz_cmd", "export_cmd", "diff_cmd"):
        try:
            __import__(f"kg.cli.{name}")
        except ModuleNotFoundError as exc:  # a command whose module is not written yet
            if exc.name != f"kg.cli.{name}":
                raise


def main() -> None:
    """Entry point: run the app and turn every expected failure into one line on stderr."""
    _register()
    try:
        rc = app(standalone_mode=False)  # click returns the code of a typer.Exit instead of raising it
    except KgError as exc:
        typer.echo(f"kg: error: {printable(exc)}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("kg: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unexpected: one line, never a traceback
        # Typer vendors its own click, so its exceptions are recognised by shape, not by class.
        if hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int):
            # One line, as for every other error; the usage stays one --help away.
            message = " ".join(exc.format_message().split())
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None and getattr(ctx, "command_path", None):
                hint = f" (see: {ctx.command_path} --help)"
            typer.echo(f"kg: error: {printable(message)}{printable(hint)}", err=True)
            sys.exit(exc.exit_code)
        typer.echo(f"kg: internal error: {type(exc).__name__}: {printable(exc)}", err=True)
        sys.exit(70)
    sys.exit(rc if isinstance(rc, int) else 0)
