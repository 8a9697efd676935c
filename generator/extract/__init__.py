"""`explainer extract`: a draft data/ from an article. The article's text (text), its numbers
(numbers), quotations and their speakers (quotes, people), dated events and credited sources
(events) become entries marked `draft: true` (draft), written into a new project or added to
an existing one (write)."""

from __future__ import annotations

from .draft import DRAFT_CHECK, ArticleInfo, Draft, make_draft
from .write import add_into, read_article_file, safe_file_name, summary_of, write_new

__all__ = ["DRAFT_CHECK", "ArticleInfo", "Draft", "add_into", "make_draft", "read_article_file",
           "safe_file_name", "summary_of", "write_new"]
