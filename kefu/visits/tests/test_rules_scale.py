"""Satisfaction scales and survey figures."""

from decimal import Decimal

import pytest

from kefu.visits import rules
from kefu.visits.policies import SCALE_PRESETS


def test_five_point_scale_is_satisfied_from_four():
    scale = SCALE_PRESETS["five_point"].scale
    assert [scale.is_satisfied(v) for v in range(1, 6)] == [False, False, False, True, True]
    assert scale.is_satisfied(None) is None
    assert scale.label(5) == "非常满意"


def test_three_level_scale_counts_basically_satisfied():
    # seed-notes 002 §6: 满意 / 基本满意 / 不满意; 满意率 = 满意 + 基本满意
    scale = SCALE_PRESETS["three_level"].scale
    assert [scale.label(v) for v in (1, 2, 3)] == ["不满意", "基本满意", "满意"]
    assert [scale.is_satisfied(v) for v in (1, 2, 3)] == [False, True, True]


def test_values_outside_the_scale_are_invalid():
    scale = SCALE_PRESETS["three_level"].scale
    assert [scale.is_valid(v) for v in (0, 1, 3, 4, None, True)] == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_scale_needs_two_points_and_a_threshold_on_it():
    with pytest.raises(ValueError):
        rules.Scale(("only",), 1)
    with pytest.raises(ValueError):
        rules.Scale(("a", "b"), 3)


def test_every_scale_preset_has_a_seed_reference_and_describes_itself():
    for preset in SCALE_PRESETS.values():
        assert preset.seed
        assert str(preset.scale.satisfied_from) in preset.describe()


def test_response_rate_and_average():
    assert rules.percent(2, 3) == Decimal("66.7")
    assert rules.percent(0, 0) is None
    assert rules.average([5, 4, 4]) == Decimal("4.33")
    assert rules.average([]) is None
