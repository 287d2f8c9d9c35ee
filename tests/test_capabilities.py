"""Value checks against a capability, before anything is sent to a Homey."""

from __future__ import annotations

import pytest

from dashboard.homey.capabilities import (
    display_number,
    parse_capability_value,
    parse_variable_value,
)
from dashboard.homey.errors import InvalidValue
from dashboard.homey.types import Capability, EnumValue, Variable

DIM = Capability(
    "dim", "number", "Dim level", 0.5, units="%", decimals=2, min=0, max=1, setable=True
)
TARGET = Capability(
    "target_temperature",
    "number",
    "Target temperature",
    20.0,
    units="°C",
    decimals=1,
    min=5,
    max=30,
    step=0.5,
    setable=True,
)
ONOFF = Capability("onoff", "boolean", "Turned on", True, setable=True)
MEASURE = Capability("measure_temperature", "number", "Temperature", 21.3, units="°C", decimals=1)
COVER = Capability(
    "windowcoverings_state",
    "enum",
    "Window coverings state",
    "idle",
    setable=True,
    values=(EnumValue("up", "Up"), EnumValue("idle", "Idle"), EnumValue("down", "Down")),
)


@pytest.mark.parametrize(
    ("capability", "raw", "expected"),
    [
        (ONOFF, "true", True),
        (ONOFF, "off", False),
        (DIM, "0.45", 0.45),
        (DIM, "45%", 0.45),
        (TARGET, "21.5", 21.5),
        (TARGET, "21,5", 21.5),
        (COVER, "down", "down"),
    ],
)
def test_good_values_are_turned_into_what_the_homey_expects(capability, raw, expected):
    assert parse_capability_value(capability, raw) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("capability", "raw", "message"),
    [
        (MEASURE, "20", "Temperature cannot be changed."),
        (ONOFF, "maybe", "Choose on or off."),
        (DIM, "bright", "Enter a number."),
        (DIM, "nan", "Enter a number."),
        (DIM, "inf", "Enter a number."),
        (DIM, "1.5", "Dim level must be at most 100%."),
        (DIM, "-0.1", "Dim level must be at least 0%."),
        (TARGET, "4", "Target temperature must be at least 5 °C."),
        (TARGET, "31", "Target temperature must be at most 30 °C."),
        (TARGET, "21.3", "Target temperature changes in steps of 0.5 °C."),
        (COVER, "sideways", "sideways is not one of the choices for Window coverings state."),
    ],
)
def test_bad_values_are_refused_with_a_message_for_the_tile(capability, raw, message):
    with pytest.raises(InvalidValue) as refusal:
        parse_capability_value(capability, raw)
    assert str(refusal.value) == message


@pytest.mark.parametrize(
    ("variable", "raw", "expected"),
    [
        (Variable("v1", "Away", "boolean", False), "true", True),
        (Variable("v2", "Setpoint", "number", 1), "21.5", 21.5),
        (Variable("v2", "Setpoint", "number", 1), "3", 3),
        (Variable("v3", "Mode", "string", ""), "Holiday", "Holiday"),
    ],
)
def test_logic_variables_take_values_of_their_type(variable, raw, expected):
    assert parse_variable_value(variable, raw) == expected


def test_a_number_variable_refuses_text():
    with pytest.raises(InvalidValue):
        parse_variable_value(Variable("v2", "Setpoint", "number", 1), "warm")


def test_numbers_in_messages_use_the_capabilitys_decimals_and_units():
    assert display_number(TARGET, 21.0) == "21 °C"
    assert display_number(DIM, 0.4) == "40%"
