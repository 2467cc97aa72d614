"""Review errors. All of them stop a command with exit code 2 and a message naming what is wrong."""

from __future__ import annotations

from neutrality.errors import NeutralityError


class ReviewError(NeutralityError):
    """A case store, a decision or a review workbook cannot be used as given."""


class ConflictError(ReviewError):
    """Someone else changed the finding since the reviewer looked at it."""
