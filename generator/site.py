"""Building and previewing the site with MkDocs, in-process.

The build writes into a temporary folder beside `site/` and swaps it in only when MkDocs
succeeded, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .errors import UserError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def config_path(root: Path) -> Path:
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise UserError(f"{path}: no mkdocs.yml here; run the command in an explainer project"
                        " or pass -p/--project DIR (start one with `explainer new DIR`)")
    return path


def build_site(root: Path) -> list[str]:
    """Run a strict MkDocs build of `root` into `root/site`; return MkDocs' warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = config_path(root)
    target = root / "site"
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(temp))
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        details = "\n".join(handler.messages)
        raise UserError(f"{details}\nmkdocs.yml: the site was not built: {exc.format_message()}"
                        .strip()) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(handler)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=root))
        target.rename(old / "site")
    temp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return handler.messages
