"""The classroom handout: what fits on two pages (select), its parts as data (content), laid
out as PDF, HTML or Markdown (layout, templates/) and as a Word document (word)."""

from __future__ import annotations

from .layout import default_name, make_handout, save, site_files, writable

__all__ = ["default_name", "make_handout", "save", "site_files", "writable"]
