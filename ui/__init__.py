"""PAR Desk widgets: Qt only; services are handed in by ``desktop.app`` (ui never imports desktop)."""

__all__: list[str] = []
