"""One error type for everything a user can get wrong, with a location."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator


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


class KgErrors(KgError):
    """Several input errors found in one run: the first is the message, the rest are `others`
    (the CLI prints each on its own line), so a user fixes them all before running again."""

    def __init__(self, errors: list[KgError]) -> None:
        super().__init__(errors[0].message, errors[0].location)
        self.errors = tuple(errors)
        self.others = self.errors[1:]


@dataclass
class Collector:
    """Gathers input errors instead of stopping at the first: `with collector.check(): ...` per item,
    then `collector.raise_any()` once the run has looked at everything it can."""

    errors: list[KgError] = field(default_factory=list)

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except KgErrors as exc:
            self.errors.extend(exc.errors)
        except KgError as exc:
            self.errors.append(exc)

    def raise_any(self) -> None:
        if self.errors:
            unique = {str(e): e for e in self.errors}  # each distinct error once, in the order found
            raise KgErrors(list(unique.values()))


def at(path: Path | str, line: int | None = None, column: int | None = None) -> Location:
    """Location in a file, shown relative to the working directory when possible."""
    return Location(_shown(str(path), str(Path.cwd())), line, column)


@lru_cache(maxsize=4096)
def _shown(path: str, cwd: str) -> str:
    # Resolving is a system call per path part; curated files make thousands of locations per load.
    shown = Path(path)
    try:
        shown = shown.resolve().relative_to(Path(cwd).resolve())
    except ValueError:
        pass
    return str(shown)
