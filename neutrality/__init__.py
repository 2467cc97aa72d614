"""neutrality: election-neutrality compliance checker for Indonesian civil servants (SKB 2/2022)."""

__version__ = "0.1.0"
