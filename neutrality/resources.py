"""Where the shipped rule set and registries live, from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """The shipped `rules/` folder: packed into the wheel, or at the root of a checkout."""
    packed = _PACKAGE / "_data" / "rules"
    if packed.is_dir():
        return packed
    return _PACKAGE.parent / "rules"


def default_rules_path() -> Path:
    return rules_dir() / "skb-2-2022.yaml"


def default_registry_paths() -> list[Path]:
    """The Pemilu 2024 registry; other shipped registries are given with --registry."""
    return [rules_dir() / "registry" / "pemilu-2024.yaml"]


def shipped_registry_paths() -> list[Path]:
    return sorted((rules_dir() / "registry").glob("*.yaml"))
