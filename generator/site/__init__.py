"""MkDocs around the generated pages: the strict build with its downloads (build), a search
index that reads names without accents (searchindex), the offline copy (offline), and the
live preview (serve, imported on its own since it loads the development server)."""

from __future__ import annotations

from .build import build_site, config_path
from .offline import describe_size

__all__ = ["build_site", "config_path", "describe_size"]
