"""``dashboard.homey``: each call against the emulator, and how failures map to typed errors."""

from __future__ import annotations

import pytest

from dashboard.homey.client import HomeyClient
from dashboard.homey.cloud import AthomCloud
from dashboard.homey.errors import (
    AccessDenied,
    AuthorizationFailed,
    CloudUnavailable,
    HomeyOffline,
    InvalidValue,
    NotFound,
    SignInRequired,
    TokenRejected,
)
from emulator.constants import OLD_PRO_ID
from emulator.world import DEMO_PAT_TOKEN, HOLIDAY_ID, HOME_ID
from tests.support.cast import DEMO_CLIENT, password_tokens


@pytest.fixture
def cloud(emulator_url, emulator_world):
    with AthomCloud(
        base_url=f"{emulator_url}/cloud",
        client_id=DEMO_CLIENT[0],
        client_secret=DEMO_CLIENT[1],
        timeout=2,
    ) as cloud:
        yield cloud


@pytest.fixture
def home(emulator_url, emulator_world):
    """Home, through its local address, with the demo API key (Alice's, owner)."""
    with HomeyClient(
        f"{emulator_url}/homey/{HOME_ID}", DEMO_PAT_TOKEN, homey_id=HOME_ID, timeout=2
    ) as client:
        yield client


def cloud_session(cloud: AthomCloud, emulator_url: str, email: str, homey_id: str) -> HomeyClient:
    """A Homey client logged in the cloud way: token → delegation → login."""
    tokens = password_tokens(emulator_url, email)
    user = cloud.get_authenticated_user(tokens.access_token)
    entry = next(h for h in user.homeys if h.id == homey_id)
    client = HomeyClient(entry.remote_url, homey_id=homey_id, timeout=2)
    client.set_token(client.login(cloud.create_delegation_token(tokens.access_token)))
    return client


def test_user_me_lists_the_homeys_with_their_addresses_and_roles(cloud, emulator_url):
    tokens = password_tokens(emulator_url, "alice@example.com")
    user = cloud.get_authenticated_user(tokens.access_token)
    assert user.email == "alice@example.com"
    homeys = {h.id: h for h in user.homeys}
    assert set(homeys) == {HOME_ID, HOLIDAY_ID}
    assert homeys[HOME_ID].role == "owner" and homeys[HOME_ID].api_version == 3
    assert homeys[HOME_ID].local_url.endswith(f"/homey/{HOME_ID}")
    assert homeys[HOME_ID].remote_url.endswith(f"/relay/{HOME_ID}")


def test_the_cloud_route_reaches_the_homey_and_its_session_knows_the_person(cloud, emulator_url):
    with cloud_session(cloud, emulator_url, "bob@example.com", HOME_ID) as homey:
        session = homey.get_session_me()
        assert session.type == "OAUTH"
        assert session.has_scope("homey.device.control")
        assert homey.get_user_me().role == "user"


def test_ping_answers_with_the_homeys_id_and_refuses_another_homey(emulator_url, emulator_world):
    with HomeyClient(f"{emulator_url}/homey/{HOME_ID}") as anyone:
        assert anyone.ping() == HOME_ID
    with (
        HomeyClient(f"{emulator_url}/homey/{HOLIDAY_ID}", homey_id=HOME_ID) as wrong,
        pytest.raises(HomeyOffline),
    ):
        wrong.ping()


def test_devices_zones_variables_flows_and_insights_parse(home):
    devices = home.get_devices()
    assert len(devices) >= 25
    thermostat = next(d for d in devices.values() if "target_temperature" in d.capabilities)
    target = thermostat.capabilities["target_temperature"]
    assert target.setable and target.units == "°C" and target.min is not None
    assert thermostat.zone_id in home.get_zones()
    assert {v.type for v in home.get_variables().values()} == {"boolean", "number", "string"}
    flows = home.get_flows()
    assert any(f.triggerable for f in flows.values())
    assert home.get_advanced_flows()
    entries = home.get_log_entries(f"homey:device:{thermostat.id}:measure_temperature")
    assert len(entries.points) > 10
    assert home.get_system_info().timezone == "Europe/Amsterdam"


def test_a_capability_value_is_set_and_read_back(home):
    light = next(d for d in home.get_devices().values() if "dim" in d.capabilities)
    home.set_capability_value(light.id, "dim", 0.3)
    assert home.get_device(light.id).capabilities["dim"].value == pytest.approx(0.3)


def test_a_value_the_homey_refuses_is_invalid_value(home):
    light = next(d for d in home.get_devices().values() if "dim" in d.capabilities)
    with pytest.raises(InvalidValue):
        home.set_capability_value(light.id, "dim", 7)


def test_an_unknown_device_is_not_found(home):
    with pytest.raises(NotFound):
        home.get_device("00000000-0000-4000-8000-000000000000")


def test_a_guest_setting_a_value_is_access_denied(cloud, emulator_url):
    with cloud_session(cloud, emulator_url, "dave@example.com", HOME_ID) as homey:
        light = next(d for d in homey.get_devices().values() if "onoff" in d.capabilities)
        with pytest.raises(AccessDenied):
            homey.set_capability_value(light.id, "onoff", True)


def test_an_expired_session_is_token_rejected(cloud, emulator_url, emulator_world):
    with cloud_session(cloud, emulator_url, "bob@example.com", HOME_ID) as homey:
        emulator_world.homeys[HOME_ID].expire_sessions()
        with pytest.raises(TokenRejected):
            homey.get_devices()


def test_an_offline_homey_is_homey_offline_on_the_relay(cloud, emulator_url, emulator_world):
    with cloud_session(cloud, emulator_url, "bob@example.com", HOME_ID) as homey:
        emulator_world.set_offline(HOME_ID, True)
        with pytest.raises(HomeyOffline):
            homey.get_devices()


def test_a_homey_answering_5xx_is_homey_offline(home, emulator_world):
    emulator_world.faults.homey(HOME_ID).status = 503
    with pytest.raises(HomeyOffline):
        home.get_devices()


def test_a_homey_slower_than_the_timeout_is_homey_offline(home, emulator_world):
    home.timeout = 0.5
    emulator_world.faults.homey(HOME_ID).latency = 1.5
    with pytest.raises(HomeyOffline):
        home.get_zones()


def test_nothing_listening_is_homey_offline():
    with HomeyClient("http://127.0.0.1:9", timeout=1) as nowhere, pytest.raises(HomeyOffline):
        nowhere.get_devices()


def test_the_cloud_down_is_cloud_unavailable(cloud, emulator_url, emulator_world):
    tokens = password_tokens(emulator_url, "bob@example.com")
    emulator_world.faults.cloud.down = True
    with pytest.raises(CloudUnavailable):
        cloud.get_authenticated_user(tokens.access_token)
    with pytest.raises(CloudUnavailable):
        cloud.refresh(tokens.refresh_token)


def test_an_unknown_access_token_is_token_rejected(cloud):
    with pytest.raises(TokenRejected):
        cloud.get_authenticated_user("not-a-token")


def test_a_refused_refresh_token_means_signing_in_again(cloud, emulator_url, emulator_world):
    tokens = password_tokens(emulator_url, "bob@example.com")
    fresh = cloud.refresh(tokens.refresh_token)
    assert fresh.refresh_token != tokens.refresh_token
    with pytest.raises(SignInRequired):
        cloud.refresh(tokens.refresh_token)  # rotated away
    emulator_world.cloud.revoke_refresh_tokens("bob@example.com")
    with pytest.raises(SignInRequired):
        cloud.refresh(fresh.refresh_token)


def test_a_bad_code_is_authorization_failed_with_invalid_grant(cloud):
    with pytest.raises(AuthorizationFailed) as failure:
        cloud.exchange_code(code="nope", redirect_uri="http://127.0.0.1:8000/oauth/callback")
    assert failure.value.code == "invalid_grant"


def test_a_wrong_client_secret_is_authorization_failed_with_invalid_client(emulator_url):
    with (
        AthomCloud(
            base_url=f"{emulator_url}/cloud", client_id=DEMO_CLIENT[0], client_secret="wrong"
        ) as cloud,
        pytest.raises(AuthorizationFailed) as failure,
    ):
        cloud.exchange_code(code="nope", redirect_uri="http://127.0.0.1:8000/oauth/callback")
    assert failure.value.code == "invalid_client"


def test_token_sets_never_show_their_tokens():
    from dashboard.homey.types import TokenSet

    tokens = TokenSet("access-secret", "refresh-secret", 60)
    assert "secret" not in repr(tokens) and "secret" not in str(tokens)


def test_get_apps_reads_each_app_s_state_and_a_crash(cloud, emulator_url, emulator_world):
    with cloud_session(cloud, emulator_url, "alice@example.com", HOME_ID) as homey:
        apps = {app.id: app for app in homey.get_apps()}
        assert apps["com.sonos"].name == "Sonos" and apps["com.sonos"].running
        assert not any(app.down for app in apps.values())
        emulator_world.control({"crash_app": {"homey": HOME_ID, "app": "com.sonos"}})
        sonos = homey.get_app("com.sonos")
        assert (sonos.state, sonos.crashed, sonos.down) == ("crashed", True, True)
        assert sonos.crashed_message
        with pytest.raises(NotFound):
            homey.get_app("com.nowhere")


def test_a_user_or_an_api_key_with_user_rights_may_not_read_apps(cloud, emulator_url, home):
    with (
        cloud_session(cloud, emulator_url, "bob@example.com", HOME_ID) as bob,
        pytest.raises(AccessDenied),
    ):
        bob.get_apps()
    with pytest.raises(AccessDenied):
        home.get_apps()


def test_a_v2_homey_s_crashed_app_reads_as_crashed(cloud, emulator_url, emulator_world):
    """Web API v2 has no "crashed" state: a crashed app is "stopped" with ``crashed`` set."""
    with cloud_session(cloud, emulator_url, "frank@example.com", OLD_PRO_ID) as old:
        old.api_version = 2
        app_id = old.get_apps()[0].id
        emulator_world.control({"crash_app": {"homey": OLD_PRO_ID, "app": app_id}})
        app = old.get_app(app_id)
        assert (app.state, app.crashed, app.down, app.running) == ("crashed", True, True, False)
