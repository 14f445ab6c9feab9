"""One error type for everything a user can get wrong, with a location."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file (and line/column), or a query (and position)."""

    where: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.where
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class KgError(Exception):
    """An error caused by input: shown to the user as one line, never a traceback."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def at(path: Path | str, line: int | None = None, column: int | None = None) -> Location:
    """Location in a file, shown relative to the working directory when possible."""
    shown = Path(path)
    try:
        shown = shown.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    return Location(str(shown), line, column)
