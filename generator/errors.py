"""The two kinds of failure: problems in a user's project, and everything else.

User mistakes are collected as `Problem`s and raised together in one `ProjectError`,
which the command line prints as `FILE:LINE:COL: field.path: message` lines without a
traceback. Any other exception is a bug in the tool and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a project, with where it is and how to fix it."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.path}: {self.message}"


class UserError(click.ClickException):
    """A mistake the user can fix; shown as a clean message, exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:  # noqa: ARG002 - click's signature
        click.echo(self.format_message(), err=True)


class ProjectError(UserError):
    """One or more problems found in a project's files."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))

    def format_message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [p.format() for p in self.problems]
        lines.append(f"{count} {noun} found; no file was changed.")
        return "\n".join(lines)
