"""Reading exports and the roster. Knows nothing of rules or findings."""
