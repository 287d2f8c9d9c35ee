from __future__ import annotations

from django.apps import AppConfig


class EmulatorConfig(AppConfig):
    name = "emulator"
    verbose_name = "Athom cloud + Homey emulator"
