"""Satisfaction scale presets a site chooses from (``VisitSettings.scale``).

The seeds record satisfaction at the reply and the return visit without
defining a scale (seed 002 L152, L156; suggested 满意 / 基本满意 / 不满意,
seed-notes 002 §6). kefu ships a 1–5 scale by default and the three-level
scale of the notes; a site may define its own labels.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from kefu.visits.rules import Scale


@dataclass(frozen=True)
class ScalePreset:
    key: str
    name: Any
    seed: str
    scale: Scale

    def describe(self) -> str:
        points = ", ".join(f"{v}={label}" for v, label in enumerate(self.scale.labels, 1))
        return f"{self.name}: {points}; satisfied from {self.scale.satisfied_from} ({self.seed})"


SCALE_PRESETS: dict[str, ScalePreset] = {
    p.key: p
    for p in (
        ScalePreset(
            key="five_point",
            name=_("1–5 points"),
            seed="issue 5: satisfaction 1–5",
            scale=Scale(("很不满意", "不满意", "一般", "满意", "非常满意"), satisfied_from=4),
        ),
        ScalePreset(
            key="three_level",
            name=_("Satisfied / basically satisfied / unsatisfied"),
            seed="seed-notes 002 §6 (seed 002 L152, L156)",
            # 满意率 counts 满意 and 基本满意 together.
            scale=Scale(("不满意", "基本满意", "满意"), satisfied_from=2),
        ),
    )
}
DEFAULT_SCALE = "five_point"
