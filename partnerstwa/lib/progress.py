"""Progress reporting for management commands: a bar on a terminal, silence elsewhere."""

from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(
    items: Iterable[T], *, stream: TextIO, total: int | None = None, desc: str = ""
) -> Iterator[T]:
    is_terminal = hasattr(stream, "isatty") and stream.isatty()
    return iter(
        tqdm(items, total=total, desc=desc, file=stream, disable=not is_terminal, leave=False)
    )
