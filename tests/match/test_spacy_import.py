"""spaCy is imported without its command line (neutrality.match.text.import_spacy)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from neutrality.match.text import blank_indonesian, import_spacy
import_spacy()
import spacy
loaded = set(sys.modules)
assert "spacy.cli" not in loaded and "spacy.cli.info" not in loaded, "command line imported"
assert not {"weasel", "httpx", "jinja2"} & loaded, sorted({"weasel", "httpx", "jinja2"} & loaded)
assert not hasattr(spacy, "cli")
words = [t.text for t in blank_indonesian()("Coblos 02! @prabowo #AMIN dr. Budi abu-abu")]
assert words == ["Coblos", "02", "!", "@prabowo", "#AMIN", "dr.", "Budi", "abu", "-", "abu"], words
import spacy.cli  # the real command line, when asked for
assert hasattr(spacy.cli, "download") and spacy.cli.info.__module__ == "spacy.cli.info"
assert callable(spacy.info)
print("ok")
"""


def test_spacy_is_imported_without_its_command_line() -> None:
    """In a fresh interpreter: spaCy's package and the blank Indonesian tokenizer load without
    spaCy's command line (typer, jinja2, httpx, weasel), tokenise as before, and the real
    command line is still there for whoever imports it."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
