"""Write outputs so that a failed run never leaves half a file or half a store:
write beside the target, then rename over it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _umask() -> int:
    # Read by setting and restoring it: the only portable way. Builds are single-threaded here.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def normal_mode(path: Path, directory: bool = False) -> None:
    """Give what mkstemp/mkdtemp made owner-only (0600/0700) the mode a plain open() would: umask applies."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        normal_mode(Path(tmp))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temp_dir_beside(path: Path) -> Path:
    """A fresh directory next to `path` (same file system, so the final rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    normal_mode(made, directory=True)
    return made


def remove_leftovers(folder: Path, name: str) -> list[Path]:
    """Remove what an interrupted write beside `folder/name` left: its temporary copies and old copy.

    Only safe while no other writer can be at work there (under the build lock).
    """
    found = [*folder.glob(f".{name}.*.tmp"), folder / f".{name}.old"]
    removed = []
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink(missing_ok=True)
        else:
            continue
        removed.append(path)
    return removed


def replace_dir(new: Path, target: Path) -> None:
    """Put directory `new` in place of `target`; the old one is removed only after the swap."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
