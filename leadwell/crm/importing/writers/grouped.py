"""Problems said once per what they share, not once per row: an unknown owner, an unknown
stage, an unknown CRM id. Each is tallied here as it is met, with the number of its rows and
its first lines, and said at the end of the file."""

import bisect
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass
class Group:
    """The rows that share one problem."""

    # What was said of it when first met (a name as first spelled, its column).
    about: dict[str, Any]
    rows: int = 0
    # The first lines it is on, in order, at most the tally's `first`.
    lines: list[int] = field(default_factory=list)

    @property
    def line(self) -> int:
        """The first line it is on."""
        return self.lines[0]

    def shown_lines(self) -> str:
        """Its first lines, as a message names them ("2, 3, 5 …" when there are more)."""
        more = " …" if self.rows > len(self.lines) else ""
        return ", ".join(map(str, self.lines)) + more


class Grouped(Generic[K]):
    """A tally of rows by key: `add(key, line)` for each row; each group, once, with its count
    of rows and its first `first` lines (the smallest, whatever order rows are added in)."""

    def __init__(self, first: int = 1) -> None:
        self.first = first
        self.groups: dict[K, Group] = {}

    def add(self, key: K, line: int, **about: Any) -> Group:
        """Count one row under `key`; `about` is kept from the first row of the group only."""
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(about)
        group.rows += 1
        lines = group.lines
        if len(lines) < self.first or line < lines[-1]:
            bisect.insort(lines, line)
            del lines[self.first :]
        return group

    def __iter__(self) -> Iterator[Group]:
        return iter(self.groups.values())

    def items(self) -> Iterator[tuple[K, Group]]:
        return iter(self.groups.items())

    def __len__(self) -> int:
        return len(self.groups)

    def __bool__(self) -> bool:
        return bool(self.groups)
