"""Usage errors in the user's language: an unknown option, a missing argument, a value that is
not a number.

typer (through the click it is built on) reports these in English, with a usage line and a
hint it writes itself. The command line runs its app with `standalone_mode=False`, so those
errors come back here as exceptions, and says them from their fields (the option's name, the
parameter, pydantic's error type) in Indonesian, or in English with `--lang en`. A message
this module does not know keeps typer's own text, framed the same way. Help, `--version`,
exit codes and everything a command prints itself are typer's as before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import typer

from neutrality.i18n import language, tr

#: the exception classes of the click typer is built on (vendored in typer 0.2x, click before)
_CLICK = sys.modules[typer.BadParameter.__module__]
_CLICK_UTILS = sys.modules[_CLICK.__name__.rpartition(".")[0] + ".utils"]
#: the usage errors click writes as text only (typer's wording; other text is shown as is)
_EXTRA = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((?P<values>.*)\)")
_COMMAND = re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<like>.+)\?)?")
_NO_COMMAND = "Missing command."


def run(app: typer.Typer, args: Sequence[str] | None = None, prog_name: str | None = None) -> int:
    """Run `app` on `args` (None: the process's own, as typer reads them); the exit code.
    `prog_name`: the command's name in help and messages (None: as typer finds it)."""
    argv = list(sys.argv[1:] if args is None else args)
    try:
        # a command returns None; an int here is the code of typer.Exit (non-standalone mode)
        code = app(args=args, prog_name=prog_name, standalone_mode=False)
    except _CLICK.UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # the help is already on screen
            return int(error.exit_code)
        with language(_language(app, argv)):
            _show(message(error), _help_call(app, argv, error, prog_name))
        return int(error.exit_code)
    except _CLICK.ClickException as error:  # not a usage error (none of ours raise one)
        with language(_language(app, argv)):
            print(f"{tr('Error')}: {error.format_message()}", file=sys.stderr)
        return int(error.exit_code)
    except typer.Abort:  # end of input at a prompt
        with language(_language(app, argv)):
            print(tr("Aborted."), file=sys.stderr)
        return 1
    return code if isinstance(code, int) else 0


def message(error: Any) -> str:
    """One line saying what is wrong with the command line, in the current language."""
    kind = type(error).__name__
    if kind == "NoSuchOption":
        text = tr("no such option: {option}", option=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += tr(" (options like it: {options})", options=options)
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
        values = extra["values"]
        if " " in values:
            return tr("unexpected extra arguments: {values}", values=values)
        return tr("unexpected extra argument: {values}", values=values)
    if command := _COMMAND.fullmatch(error.message):
        text = tr("no such command: {name}", name=command["name"])
        if command["like"]:
            text += tr(" (did you mean {commands}?)", commands=command["like"])
        return text
    if error.message == _NO_COMMAND:
        return tr("a command is missing")
    return str(error.format_message())


def _parameter(error: Any) -> str:
    """The parameter's name as the user writes it (`--out`, `ACTIVITY...`), without quotes."""
    if error.param_hint is not None:
        hint = error.param_hint
        text = hint if isinstance(hint, str) else " / ".join(hint)
    elif error.param is not None:
        found = error.param.get_error_hint
        try:
            text = str(found(error.ctx))  # click 8
        except TypeError:
            text = str(found())  # the click vendored in typer 0.2x
    else:
        return "?"
    return text.replace("'", "")


def _detail(error: Any) -> str:
    """Why the value was refused: pydantic's error (typer 0.2x validates with it) in the
    current language; for click's number types, their range; otherwise typer's text."""
    from pydantic import ValidationError

    from neutrality.yamlio import pydantic_error_text

    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return pydantic_error_text(cause.errors()[0])
    kind = getattr(getattr(error, "param", None), "type", None)
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if getattr(kind, "name", "") == "integer range" and low is not None and high is not None:
        return tr("a whole number from {low} to {high} is needed", low=low, high=high)
    if getattr(kind, "name", "") in ("integer", "integer range"):
        return tr("Input should be a valid integer")
    return str(error.message)


def _show(text: str, help_call: str) -> None:
    print(f"{tr('Error')}: {text}", file=sys.stderr)
    print(tr("See '{command}' for help.", command=help_call), file=sys.stderr)


def _help_call(app: typer.Typer, argv: Sequence[str], error: Any, prog_name: str | None) -> str:
    """`neutrality audit --help`: the help of the command the error is about. The option
    parser's errors carry no context, so then the command is found from the arguments."""
    ctx = error.ctx
    if ctx is not None:
        return f"{ctx.command_path} {ctx.help_option_names[0]}"
    detect = getattr(_CLICK_UTILS, "_detect_program_name", lambda: "neutrality")
    return " ".join([prog_name or detect(), *(n for n, _ in _commands(app, argv)), "--help"])


def _commands(app: typer.Typer, argv: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """The (sub)commands named at the start of `argv`, with their click command."""
    command: Any = typer.main.get_command(app)
    for arg in argv:
        if arg.startswith("-"):
            if arg == "--":
                return
            continue  # the root group's own options are flags (--version, --help)
        found = getattr(command, "commands", {}).get(arg)
        if found is None:
            return
        command = found
        yield arg, command


def _language(app: typer.Typer, argv: Sequence[str]) -> str:
    """The value of the last `--lang` option (as click keeps the last), English only for `en`.
    Not a `--lang` after `--`, nor one that is the value of the option before it."""
    takes_value = _options_with_values(app, argv)
    chosen = "id"
    previous = ""
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if previous in takes_value:  # this token is that option's value
            previous = ""
            continue
        if arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
        elif arg == "--lang" and n + 1 < len(argv):
            chosen = argv[n + 1]
        previous = arg if arg.startswith("-") and "=" not in arg else ""
    return "en" if chosen == "en" else "id"


def _options_with_values(app: typer.Typer, argv: Sequence[str]) -> set[str]:
    """Option names of the commands named in `argv` that take a value (not flags)."""
    names: set[str] = set()
    for _, command in _commands(app, argv):
        for param in getattr(command, "params", []):
            if getattr(param, "param_type_name", "") == "option" and not getattr(
                param, "is_flag", False
            ):
                names.update(param.opts)
    names.discard("--lang")
    return names
