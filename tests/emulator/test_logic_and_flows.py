"""Logic variables, flows and advanced flows."""

from __future__ import annotations

from emulator.constants import HOME_ID
from emulator.house import ALL_LIGHTS_OFF, item_id


def variable_named(emu, token, name):
    variables = emu.get("logic/variable", token).json()
    return next(v for v in variables.values() if v["name"] == name)


def flow_named(emu, token, name, kind="flow"):
    flows = emu.get(f"flow/{kind}", token).json()
    return next(f for f in flows.values() if f["name"] == name)


def test_variables_of_each_type_are_listed_by_id(emu, alice):
    variables = emu.get("logic/variable", alice).json()
    assert {v["type"] for v in variables.values()} == {"boolean", "number", "string"}
    for variable_id, variable in variables.items():
        assert set(variable) == {"id", "name", "type", "value"}
        assert emu.get(f"logic/variable/{variable_id}", alice).json() == variable


def test_a_variable_update_changes_the_value_and_answers_the_variable(emu, bob):
    setpoint = variable_named(emu, bob, "Heating set point")
    response = emu.put(f"logic/variable/{setpoint['id']}", bob, {"value": 19})
    assert response.status_code == 200
    assert response.json() == {**setpoint, "value": 19}
    assert emu.get(f"logic/variable/{setpoint['id']}", bob).json()["value"] == 19


def test_a_variable_update_of_the_wrong_type_is_refused(emu, alice):
    away = variable_named(emu, alice, "Away mode")
    for wrong in ("yes", 1, None):
        response = emu.put(f"logic/variable/{away['id']}", alice, {"value": wrong})
        assert response.status_code == 400, wrong
    assert emu.get(f"logic/variable/{away['id']}", alice).json()["value"] is False
    text = variable_named(emu, alice, "Last person home")
    assert emu.put(f"logic/variable/{text['id']}", alice, {"value": 3}).status_code == 400
    number = variable_named(emu, alice, "Heating set point")
    assert emu.put(f"logic/variable/{number['id']}", alice, {"value": True}).status_code == 400


def test_a_variable_can_be_renamed(emu, alice):
    away = variable_named(emu, alice, "Away mode")
    response = emu.put(f"logic/variable/{away['id']}", alice, {"name": "On holiday"})
    assert response.json()["name"] == "On holiday"


def test_variables_can_be_created_and_deleted_with_the_logic_scope(emu, alice):
    created = emu.post("logic/variable", alice, {"name": "Counter", "type": "number", "value": 0})
    assert created.status_code == 200
    variable = created.json()
    assert variable["type"] == "number" and variable["value"] == 0
    assert emu.delete(f"logic/variable/{variable['id']}", alice).status_code == 204
    assert emu.get(f"logic/variable/{variable['id']}", alice).status_code == 404


def test_creating_a_variable_checks_its_fields(emu, alice):
    for body in (
        {"name": "x", "type": "number"},
        {"name": "x", "type": "date", "value": 1},
        {"name": "x", "type": "number", "value": "1"},
        [1, 2],
    ):
        assert emu.post("logic/variable", alice, body).status_code == 400, body


def test_an_unknown_variable_is_404(emu, alice):
    assert emu.put("logic/variable/nope", alice, {"value": 1}).status_code == 404


def test_flows_are_listed_with_the_v3_fields(emu, alice):
    flows = emu.get("flow/flow", alice).json()
    assert len(flows) >= 5
    for flow_id, flow in flows.items():
        assert set(flow) == {
            "id",
            "name",
            "folder",
            "enabled",
            "triggerable",
            "trigger",
            "conditions",
            "actions",
        }
        assert flow["id"] == flow_id and "id" in flow["trigger"]
    states = {(f["enabled"], f["triggerable"]) for f in flows.values()}
    assert {(True, True), (True, False), (False, True)} <= states
    folders = emu.get("flow/flowfolder", alice).json()
    assert {f["folder"] for f in flows.values()} - {None} <= set(folders)


def test_triggering_all_lights_off_really_turns_the_lights_off(emu, bob, emulator_world):
    flow = flow_named(emu, bob, ALL_LIGHTS_OFF)
    assert emu.post(f"flow/flow/{flow['id']}/trigger", bob).status_code == 200
    devices = emu.get("devices/device", bob).json()
    lights = [d for d in devices.values() if d["class"] == "light" and d["available"]]
    assert lights and all(d["capabilitiesObj"]["onoff"]["value"] is False for d in lights)
    triggered = emulator_world.state()["homeys"][HOME_ID]["triggered"]
    assert triggered[-1][1] == flow["id"]


def test_leaving_home_sets_the_away_variable_and_arms_the_alarm(emu, alice):
    flow = flow_named(emu, alice, "Leaving home")
    assert emu.post(f"flow/flow/{flow['id']}/trigger", alice).status_code == 200
    assert variable_named(emu, alice, "Away mode")["value"] is True
    alarm = emu.get(f"devices/device/{item_id(HOME_ID, 'device', 'Home alarm')}", alice).json()
    assert alarm["capabilitiesObj"]["homealarm_state"]["value"] == "armed"


def test_a_flow_that_is_not_triggerable_is_refused(emu, alice):
    flow = flow_named(emu, alice, "Hallway light on motion")
    response = emu.post(f"flow/flow/{flow['id']}/trigger", alice)
    assert response.status_code == 400
    assert "Not Triggerable" in response.json()["error"]


def test_a_disabled_flow_is_refused(emu, alice):
    flow = flow_named(emu, alice, "Christmas lights (last year)")
    response = emu.post(f"flow/flow/{flow['id']}/trigger", alice)
    assert response.status_code == 400 and "Disabled" in response.json()["error"]


def test_an_unknown_flow_is_404(emu, alice):
    assert emu.post("flow/flow/nope/trigger", alice).status_code == 404
    assert emu.get("flow/flow/nope", alice).status_code == 404


def test_advanced_flows_have_cards_and_trigger_like_flows(emu, alice):
    flows = emu.get("flow/advancedflow", alice).json()
    for flow in flows.values():
        assert set(flow) == {"id", "name", "folder", "enabled", "triggerable", "cards"}
        assert all({"type", "x", "y"} <= set(card) for card in flow["cards"].values())
    evening = flow_named(emu, alice, "Evening routine", "advancedflow")
    assert emu.post(f"flow/advancedflow/{evening['id']}/trigger", alice).status_code == 200
    night = flow_named(emu, alice, "Night watch", "advancedflow")
    assert emu.post(f"flow/advancedflow/{night['id']}/trigger", alice).status_code == 400
    old = flow_named(emu, alice, "Old heating schedule", "advancedflow")
    assert emu.post(f"flow/advancedflow/{old['id']}/trigger", alice).status_code == 400
