"""State colours meet WCAG 2.2 AA in light, dark and night mode: a state's colour on its tint
(the word "On", "Unlocked" on the tile) and the tile's text and muted text on that tint are at
least 4.5:1; the state colour against the page's surface (the tile's border) at least 3:1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "css"
STATES = ("on", "open", "unlocked", "alarm", "motion")


def variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def palettes() -> dict[str, dict[str, str]]:
    app = (CSS / "app.css").read_text()
    kiosk = (CSS / "kiosk.css").read_text()
    light = variables(re.search(r":root \{(.*?)\n\}", app, re.S).group(1))
    dark = {
        **light,
        **variables(re.search(r"prefers-color-scheme: dark\) \{(.*?)\n\}", app, re.S).group(1)),
    }
    night = {**dark, **variables(re.search(r"\.kiosk\.night \{(.*?)\n\}", kiosk, re.S).group(1))}
    return {"light": light, "dark": dark, "night": night}


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark", "night"])
@pytest.mark.parametrize("state", STATES)
def test_state_colours_are_readable(mode, state):
    colours = palettes()[mode]
    colour, tint = colours[state], colours[f"{state}-bg"]
    assert contrast(colour, tint) >= 4.5, (mode, state, "word on its tint")
    assert contrast(colours["text"], tint) >= 4.5, (mode, state, "text on the tint")
    assert contrast(colour, colours["surface"]) >= 3, (mode, state, "border on the surface")
    assert contrast(colours["muted"], tint) >= 4.5, (mode, state, "muted on the tint")


@pytest.mark.parametrize("mode", ["light", "dark", "night"])
@pytest.mark.parametrize("background", ["bg", "surface", "surface-2", "danger-bg", "warn-bg"])
def test_text_and_muted_text_are_readable_on_every_background(mode, background):
    """The night screen is dim, yet its quiet lines ("5 minutes ago", units) keep 4.5:1."""
    colours = palettes()[mode]
    assert contrast(colours["text"], colours[background]) >= 4.5, (mode, background, "text")
    assert contrast(colours["muted"], colours[background]) >= 4.5, (mode, background, "muted")


def test_the_three_modes_have_their_own_state_colours():
    light, dark, night = palettes().values()
    assert len({light["on"], dark["on"], night["on"]}) == 3
