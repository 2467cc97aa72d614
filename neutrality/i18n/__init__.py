"""Messages in the user's language: Indonesian at the command line by default, English with
`--lang en`.

Code writes each message once, in English, as a `str.format` template passed to `tr`:

    raise InputFileError([Problem(name, message=tr("file not found"))])
    tr('required column "{name}" is missing', name=name)

`tr` looks the template up in the catalogue of the current language and fills it in. The
catalogue is keyed by the English template, so a message cannot lose its translation silently:
`tests/test_i18n.py` reads every `tr("...")` call in the package and fails when a template has
no Indonesian entry or when the two disagree on their `{fields}`.

Messages that arrive as text from other libraries (PyYAML, pydantic) are listed once with `N_`
("translate later", the gettext convention), which the same test reads, and translated with
`tr_known` when they occur.

The current language is a context variable: the command line sets it from `--lang` (default
`id`) before any work starts; library callers that set nothing get English, the language the
templates are written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from neutrality.i18n.catalogue import INDONESIAN

LANGUAGES = ("id", "en")
_current: ContextVar[str] = ContextVar("neutrality_language", default="en")


def set_language(lang: str) -> None:
    """Messages made from now on (in this context) are in `lang`: "id" or "en"."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: use id or en")
    _current.set(lang)


def current_language() -> str:
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Messages made inside the block are in `lang`; the language before is restored after."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: use id or en")
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


#: Digits grouped in threes as each language writes them: 1.000.000 in Indonesian (PUEBI),
#: 1,000,000 in English.
THOUSANDS = {"id": ".", "en": ","}


def grouped(number: float, lang: str | None = None) -> str:
    """A count as the reader writes it, in `lang` or the current language; whole numbers."""
    text = f"{round(number):,}"
    separator = THOUSANDS.get(lang or _current.get(), ",")
    return text if separator == "," else text.replace(",", separator)


def decimal(number: float, lang: str | None = None, places: int = 1) -> str:
    """A number with `places` decimals as the reader writes it: 96,3 and 1.234,5 in
    Indonesian, 96.3 and 1,234.5 in English."""
    text = f"{float(number):,.{places}f}"
    if THOUSANDS.get(lang or _current.get(), ",") == ",":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def tr(template: str, /, **values: object) -> str:
    """`template` (English, with `{field}`s) in the current language, filled with `values`."""
    return _render(template, values)


def _render(template: str, values: dict[str, object]) -> str:
    if _current.get() == "id":
        template = INDONESIAN.get(template, template)
    return template.format(**values) if values else template


def os_error(exc: OSError) -> str:
    """What an OSError says, in the current language: the common causes by errno, the system's
    own (English) words for the rest."""
    import errno

    known = {
        errno.ENOENT: N_("no such file or folder"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.EISDIR: N_("is a folder"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.EEXIST: N_("already exists"),
        errno.ENOSPC: N_("no space left on the disk"),
        errno.EROFS: N_("read-only file system"),
    }
    template = known.get(exc.errno or 0)
    return tr_known(template) if template else (exc.strerror or str(exc))


def N_(template: str, /) -> str:  # the gettext name for "mark for translation"
    """Mark a literal English template for the catalogue; translated later with `tr_known`."""
    return template


def tr_known(template: str, /, **values: object) -> str:
    """`tr` for a template held in a variable: one that was marked with `N_` where it is listed."""
    return _render(template, values)
