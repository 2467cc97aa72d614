"""The election participant registry: who counts as a participant, with which accounts, when."""

from neutrality.registry.loader import Registry, load_registry
from neutrality.registry.periods import Status

__all__ = ["Registry", "Status", "load_registry"]
