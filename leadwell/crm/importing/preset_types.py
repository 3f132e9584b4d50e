"""What a preset is: the header spellings of one CRM's export, and its default stages.

Kept apart from the presets themselves so that the presets of many CRMs can live in more than
one module (presets.py, exports.py).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StageDefault:
    name: str
    order: int
    outcome: str = "open"
    probability: int | None = None


@dataclass
class Preset:
    name: str
    columns: dict[str, dict[str, list[str]]]  # kind -> field -> header spellings
    stages: list[StageDefault] = field(default_factory=list)
    # Per kind and field, a factor applied to numbers (Maven's revenue is in millions).
    scale: dict[tuple[str, str], int] = field(default_factory=dict)
    # The type of every activity of an export made of one type only (a Zoho calls export
    # has no type column: all its rows are calls).
    activity_type: str | None = None
