"""Usage errors in the user's language: an unknown option, a missing argument, a value that is
not a number.

typer (through the click it is built on) reports these in English, with a usage line and a
hint it writes itself. The command line runs its app with `standalone_mode=False`, so those
errors come back here as exceptions, and says them from their fields (the option's name, the
parameter, pydantic's error type) in Indonesian, or in English with `--lang en`. A message
this module does not know keeps typer's own text, framed the same way.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer

from neutrality.i18n import language, tr

#: the exception classes of the click typer is built on (vendored in typer 0.2x, click before)
_CLICK = sys.modules[typer.BadParameter.__module__]
#: the two usage errors click writes as text only (typer's wording; other text is shown as is)
_EXTRA = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((?P<values>.*)\)")
_COMMAND = re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<like>.+)\?)?")


def run(app: typer.Typer, args: Sequence[str] | None = None) -> int:
    """Run `app` on `args` (the process's own by default); the exit code."""
    argv = list(sys.argv[1:] if args is None else args)
    try:
        code = app(args=argv, prog_name="neutrality", standalone_mode=False)
    except _CLICK.UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # the help is already on screen
            return int(error.exit_code)
        with language(_language(argv)):
            _show(message(error), error)
        return int(error.exit_code)
    except _CLICK.ClickException as error:  # not a usage error (none of ours raise one)
        with language(_language(argv)):
            print(f"{tr('Error')}: {error.format_message()}", file=sys.stderr)
        return int(error.exit_code)
    except typer.Abort:
        with language(_language(argv)):
            print(tr("Stopped."), file=sys.stderr)
        return 1
    return code if isinstance(code, int) else 0


def message(error: Any) -> str:
    """One line saying what is wrong with the command line, in the current language."""
    kind = type(error).__name__
    if kind == "NoSuchOption":
        text = tr("no such option: {option}", option=error.option_name)
        if error.possibilities:
            text += tr(
                " (options like it: {options})", options=", ".join(sorted(error.possibilities))
            )
        return text
    if kind == "MissingParameter":
        name = _parameter(error)
        if (error.param_type or getattr(error.param, "param_type_name", "")) == "argument":
            return tr("argument {name} is missing", name=name)
        return tr("option {name} is missing", name=name)
    if kind == "BadParameter":
        return tr(
            "invalid value for {name}: {detail}", name=_parameter(error), detail=_detail(error)
        )
    if kind == "BadOptionUsage":
        if "does not take a value" in error.message:
            return tr("option {option} takes no value", option=error.option_name)
        if "requires" in error.message:
            return tr("option {option} needs a value", option=error.option_name)
    if extra := _EXTRA.fullmatch(error.message):
        return tr("unexpected extra argument: {values}", values=extra["values"])
    if command := _COMMAND.fullmatch(error.message):
        text = tr("no such command: {name}", name=command["name"])
        if command["like"]:
            text += tr(" (did you mean {commands}?)", commands=command["like"])
        return text
    return str(error.format_message())


def _parameter(error: Any) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)
    if error.param is not None:
        hint = error.param.get_error_hint
        try:
            return str(hint(error.ctx))  # click 8
        except TypeError:
            return str(hint())  # the click vendored in typer 0.2x
    return "?"


def _detail(error: Any) -> str:
    """Why the value was refused: pydantic's error (typer validates with it) in the current
    language when there is one, otherwise the text typer gave."""
    from pydantic import ValidationError

    from neutrality.yamlio import pydantic_error_text

    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return pydantic_error_text(cause.errors()[0])
    return str(error.message)


def _show(text: str, error: Any) -> None:
    print(f"{tr('Error')}: {text}", file=sys.stderr)
    ctx = error.ctx
    help_call = "neutrality --help"  # an error of the option parser carries no context
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        help_call = f"{ctx.command_path} {ctx.help_option_names[0]}"
    print(tr("See '{command}' for help.", command=help_call), file=sys.stderr)


def _language(argv: Sequence[str]) -> str:
    """`--lang en` (or `--lang=en`) anywhere on the command line; Indonesian otherwise."""
    for n, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and n + 1 < len(argv):
            value = argv[n + 1]
        if value == "en":
            return "en"
    return "id"
