"""A local Athom cloud and Homey Pro (Web API v3, local) that follow the official spec.

Demo mode and the test-suite talk to it over real HTTP. All state lives in memory in one
process-global :class:`emulator.world.World` (see :func:`emulator.world.get_world`).
"""
