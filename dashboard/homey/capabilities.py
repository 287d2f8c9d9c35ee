"""What a capability is and which values it accepts, checked before anything is sent.

Values arrive from HTML forms as text. ``parse_capability_value`` turns text into the value a
Homey expects (bool, number, enum id) or raises ``InvalidValue`` with a message fit for the
tile; ``parse_variable_value`` does the same for Logic variables.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from dashboard.homey.errors import InvalidValue, NotSetable, OutOfRange
from dashboard.homey.types import Capability, Value, Variable

TRUE_TEXT = {"true", "1", "on", "yes"}
FALSE_TEXT = {"false", "0", "off", "no"}
MAX_STRING_LENGTH = 1000

# Capabilities whose 0..1 value people read as a percentage.
PERCENT_CAPABILITIES = {"dim", "windowcoverings_set", "volume_set", "light_saturation"}
# Capabilities that must never change with one accidental tap.
SENSITIVE_CAPABILITIES = {"locked", "homealarm_state"}


def is_percent(capability: Capability) -> bool:
    return (
        capability.base_id in PERCENT_CAPABILITIES
        and capability.type == "number"
        and (capability.max is None or capability.max <= 1)
    )


def is_alarm(capability: Capability) -> bool:
    return capability.base_id.startswith("alarm_") and capability.type == "boolean"


def is_sensitive(capability: Capability) -> bool:
    return capability.base_id in SENSITIVE_CAPABILITIES


def parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE_TEXT:
        return True
    if text in FALSE_TEXT:
        return False
    raise InvalidValue(_("Choose on or off."))


def parse_number(raw: object) -> float:
    if isinstance(raw, bool):
        raise InvalidValue(_("Enter a number."))
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip().replace(",", ".")
        try:
            number = float(Decimal(text))
        except (InvalidOperation, ValueError):
            raise InvalidValue(_("Enter a number.")) from None
    if not math.isfinite(number):
        raise InvalidValue(_("Enter a number."))
    return number


def parse_capability_value(capability: Capability, raw: object) -> Value:
    """The value to send for ``raw`` (text from a form), or ``InvalidValue``.

    Checks, in order: the capability can be set, the value's type, range, step, enum ids.
    Percent capabilities take 0..100 when the text ends in ``%``.
    """
    if not capability.setable:
        raise NotSetable(_("%(title)s cannot be changed.") % {"title": capability.title})
    if capability.type == "boolean":
        return parse_bool(raw)
    if capability.type == "number":
        text = str(raw).strip()
        percent = text.endswith("%")
        number = parse_number(text.rstrip("%") if percent else raw)
        if percent:
            number = number / 100
        return check_range(capability, number)
    if capability.type == "enum":
        text = str(raw).strip()
        allowed = [value.id for value in capability.values]
        if text not in allowed:
            raise OutOfRange(
                _("%(value)s is not one of the choices for %(title)s.")
                % {"value": text[:40], "title": capability.title}
            )
        return text
    if capability.type == "string":
        return parse_string(raw)
    raise NotSetable(_("%(title)s cannot be changed here.") % {"title": capability.title})


def check_range(capability: Capability, number: float) -> float | int:
    low, high, step = capability.min, capability.max, capability.step
    if low is not None and number < low - 1e-9:
        raise OutOfRange(
            _("%(title)s must be at least %(min)s.")
            % {"title": capability.title, "min": display_number(capability, low)}
        )
    if high is not None and number > high + 1e-9:
        raise OutOfRange(
            _("%(title)s must be at most %(max)s.")
            % {"title": capability.title, "max": display_number(capability, high)}
        )
    if step:
        origin = low if low is not None else 0
        steps = (number - origin) / step
        if abs(steps - round(steps)) > 1e-6:
            raise OutOfRange(
                _("%(title)s changes in steps of %(step)s.")
                % {"title": capability.title, "step": display_number(capability, step)}
            )
        number = origin + round(steps) * step
    if capability.decimals is not None:
        number = round(number, capability.decimals)
    return int(number) if float(number).is_integer() and capability.decimals == 0 else number


def parse_string(raw: object) -> str:
    text = str(raw)
    if len(text) > MAX_STRING_LENGTH:
        raise InvalidValue(_("Use at most %(max)d characters.") % {"max": MAX_STRING_LENGTH})
    return text


def parse_variable_value(variable: Variable, raw: object) -> Value:
    """The value to store in a Logic variable of ``variable.type``, or ``InvalidValue``."""
    if variable.type == "boolean":
        return parse_bool(raw)
    if variable.type == "number":
        number = parse_number(raw)
        return int(number) if number.is_integer() else number
    if variable.type == "string":
        return parse_string(raw)
    raise InvalidValue(_("This variable cannot be changed here."))


def display_number(capability: Capability, number: float) -> str:
    """A plain, locale-free rendering used inside messages (``21.5``, ``40%``)."""
    if is_percent(capability):
        return f"{round(number * 100):d}%"
    decimals = capability.decimals if capability.decimals is not None else 2
    text = f"{number:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {capability.units}".strip() if capability.units else text


def enum_title(capability: Capability, value: Value) -> str:
    for choice in capability.values:
        if choice.id == value:
            return choice.title
    return "" if value is None else str(value)
