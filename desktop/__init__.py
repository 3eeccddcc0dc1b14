"""PAR Desk services and start-up: storage, criteria sets, the command line (no widgets here)."""

__version__ = "0.1.0"
__all__ = ["__version__"]
