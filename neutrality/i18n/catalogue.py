"""The Indonesian catalogue: English template → Indonesian template, merged from one module per
area so each area's messages sit together (and can be edited apart)."""

from __future__ import annotations

from neutrality.i18n import id_cli, id_io, id_registry, id_review, id_rules

INDONESIAN: dict[str, str] = {
    **id_cli.MESSAGES,
    **id_io.MESSAGES,
    **id_rules.MESSAGES,
    **id_registry.MESSAGES,
    **id_review.MESSAGES,
}
