"""The translations are complete: every user-facing string is marked, extracted, translated.

Three checks, with Debian's gettext tools (the Makefile installs them):
- each committed catalogue (nl, de; homeydash and the emulator's Athom pages) has no
  untranslated or fuzzy message, and its format strings match the English ones;
- extracting the strings afresh (``makemessages`` on a copy of the sources) finds nothing the
  catalogues lack and nothing they hold for code that is gone;
- every template shows text only through ``{% translate %}`` / ``{% blocktranslate %}``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
CATALOGUE_DIRS = [ROOT / "locale", ROOT / "emulator" / "locale"]
CATALOGUES = [d / lang / "LC_MESSAGES" / "django.po" for d in CATALOGUE_DIRS for lang in LANGUAGES]
# The same as MESSAGE_IGNORES in the Makefile (`make update-messages`).
IGNORES = ["tests", "bench", "tools", "staticfiles", "node_modules"]
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "emulator" / "templates"]
# Words that are the same in every language: the product's name.
NOT_WORDS = {"homeydash"}


def statistics(po: Path) -> str:
    """msgfmt's summary, e.g. "299 translated messages."; fails on mismatched placeholders."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def untranslated(po: Path) -> list[str]:
    """The msgids of ``po`` that are untranslated or fuzzy."""
    found = []
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", "--no-wrap", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found += [m for m in re.findall(r'^msgid "(.*)"$', out, re.M) if m]
    return found


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(po):
    assert po.exists(), f"{po} is missing"
    assert untranslated(po) == []
    assert re.fullmatch(r"\d+ translated messages?\.", statistics(po)), statistics(po)


def test_the_catalogues_hold_exactly_the_strings_of_the_code(tmp_path):
    """makemessages on a copy of the sources changes nothing but the date in the catalogues."""
    for name in ("dashboard", "homeydash", "emulator", "templates", "locale"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    command = [sys.executable, "manage.py", "makemessages", "--add-location=file"]
    command += [f"-l{lang}" for lang in LANGUAGES] + [f"--ignore={i}" for i in IGNORES]
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True)

    for po in CATALOGUES:
        fresh = tmp_path / po.relative_to(ROOT)
        new = untranslated(fresh)
        assert new == [], f"{po.relative_to(ROOT)} lacks (run `make update-messages`): {new}"
        gone = re.findall(r'^#~ msgid "(.*)"$', fresh.read_text(), re.M)
        assert gone == [], f"{po.relative_to(ROOT)} holds strings no longer in the code: {gone}"


class VisibleText(HTMLParser):
    """Collects what a person would read: text and the attributes browsers show or speak."""

    SHOWN = {"title", "alt", "placeholder", "aria-label", "label"}
    HIDDEN_ELEMENTS = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN_ELEMENTS:
            self.hidden += 1
        for name, value in attrs:
            if name in self.SHOWN and value:
                self.found.append(value)
            if tag == "meta" and name == "content" and dict(attrs).get("name") == "description":
                self.found.append(value or "")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN_ELEMENTS:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.found.append(data)


def unmarked_text(source: str) -> list[str]:
    """Words in a template that are not inside a translation tag."""
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    # blocks that fill in attributes of a parent's tag, not text
    attributes = r"{%\s*block\s+(body_attrs|html_class|body_class|main_class)\s*%}.*?{%\s*endblock"
    source = re.sub(attributes, "{% endblock", source, flags=re.S)
    source = re.sub(
        r"{%\s*blocktrans(late)?\b.*?%}.*?{%\s*endblocktrans(late)?\s*%}", "", source, flags=re.S
    )
    source = re.sub(r"{%.*?%}", "", source, flags=re.S)  # {% translate %} and every other tag
    source = re.sub(r"{{.*?}}", "", source, flags=re.S)
    parser = VisibleText()
    parser.feed(source)
    words = []
    for text in parser.found:
        for word in re.findall(r"[^\W\d_]{2,}", text):
            if word not in NOT_WORDS:
                words.append(word)
    return words


def templates() -> list[Path]:
    return sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html"))


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_show_text_only_through_translation_tags(path):
    assert unmarked_text(path.read_text()) == []


def test_the_template_check_catches_unmarked_text():
    """The checker itself: plain text, a shown attribute and a button label are caught."""
    page = (
        '{% load i18n %}<p>{% translate "Fine" %}</p><p>Hello there</p>'
        '<button title="Close it">{% translate "Close" %}</button><b>{{ name }}</b>'
        "{% blocktranslate %}Also fine{% endblocktranslate %}<script>var ok = 1;</script>"
    )
    assert unmarked_text(page) == ["Hello", "there", "Close", "it"]
