"""Rule sets: the SKB 2/2022 forms of violation as validated YAML (`load_rules`)."""

from __future__ import annotations

from neutrality.rules.loader import RuleSet, load_rules
from neutrality.rules.schema import Example, Lexicons, Rule, RuleFile, When

__all__ = ["Example", "Lexicons", "Rule", "RuleFile", "RuleSet", "When", "load_rules"]
