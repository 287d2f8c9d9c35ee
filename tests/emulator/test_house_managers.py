"""Weather, Homey Energy, moods and the timeline, over HTTP as a Homey serves them."""

from __future__ import annotations

from datetime import datetime

from emulator.constants import HOME_ID
from emulator.house import item_id

AFTERNOON = "2026-06-20T12:30:00Z"  # 14:30 in Amsterdam, midsummer
EVENING = "2026-11-25T17:45:00Z"  # 18:45 in Amsterdam, late autumn


def at(emu, when: str) -> None:
    emu.control(clock={"set": when})


def test_the_weather_says_now_and_the_next_hours(emu, alice):
    at(emu, AFTERNOON)
    now = emu.get("weather/weather", alice).json()
    assert isinstance(now["temperature"], float)
    assert now["state"] in ("Clear", "Clouds", "Rain")
    hours = emu.get("weather/forecast/hourly", alice).json()
    assert len(hours) == 24
    first = datetime.fromisoformat(hours[0]["date"])
    assert first.isoformat().startswith("2026-06-20T13:00")
    assert all(isinstance(h["temperature"], float) for h in hours)


def test_the_weather_moves_with_the_clock(emu, alice):
    at(emu, AFTERNOON)
    afternoon = emu.get("weather/weather", alice).json()
    at(emu, "2026-06-21T02:00:00Z")
    night = emu.get("weather/weather", alice).json()
    assert night["temperature"] < afternoon["temperature"]


def test_a_sunny_afternoon_exports_solar_and_the_evening_peaks(emu, alice):
    at(emu, AFTERNOON)
    live = emu.get("energy/live", alice).json()
    assert live["totalGenerated"]["W"] > 1000
    assert live["totalCumulative"]["W"] < 0  # exporting
    battery = next(i for i in live["items"] if i.get("isHomeBattery"))
    assert battery["values"]["W"] > 0  # charging on the surplus
    at(emu, EVENING)
    evening = emu.get("energy/live", alice).json()
    assert evening["totalGenerated"]["W"] == 0
    assert evening["totalConsumed"]["W"] > 1500
    assert evening["totalCumulative"]["W"] > 0


def test_the_live_report_lists_the_metered_devices(emu, alice):
    live = emu.get("energy/live", alice).json()
    names = {i["name"] for i in live["items"] if i["type"] == "device"}
    assert "Smart meter" in names or "TV" in " ".join(names)
    assert all(isinstance(i["values"]["W"], (int, float)) for i in live["items"])


def test_reports_have_a_bucket_per_hour_or_day_and_nothing_in_the_future(emu, alice):
    at(emu, AFTERNOON)
    day = emu.get("energy/report/day", alice, params={"date": "2026-06-20"}).json()
    buckets = day["electricity"]["buckets"]
    assert len(buckets) == 24
    assert buckets[13]["generated"]["Wh"] > 0  # 13:00 local
    assert buckets[20]["consumed"]["Wh"] == 0  # not yet
    week = emu.get("energy/report/week", alice, params={"isoWeek": "2026-W24"}).json()
    assert len(week["electricity"]["buckets"]) == 7
    month = emu.get("energy/report/month", alice, params={"yearMonth": "2026-05"}).json()
    assert len(month["electricity"]["buckets"]) == 31
    assert month["electricity"]["exported"]["Wh"] > 0


def test_a_report_without_or_with_a_bad_period_is_refused(emu, alice):
    assert emu.get("energy/report/day", alice).status_code == 400
    for bad in ("2026-13-01", "yesterday", "2026-02-30"):
        assert emu.get("energy/report/day", alice, params={"date": bad}).status_code == 400
    assert emu.get("energy/report/week", alice, params={"isoWeek": "2026-W60"}).status_code == 400


def test_a_mood_sets_its_devices(emu, bob):
    moods = emu.get("moods/mood", bob).json()
    film = next(m for m in moods.values() if m["name"] == "Film")
    assert film["zone"] == item_id(HOME_ID, "zone", "Living room")
    assert emu.post(f"moods/mood/{film['id']}/set", bob).status_code == 204
    ceiling = item_id(HOME_ID, "device", "Ceiling light")
    device = emu.get(f"devices/device/{ceiling}", bob).json()
    assert device["capabilitiesObj"]["dim"]["value"] == 0.2
    assert emu.post("moods/mood/nope/set", bob).status_code == 404


def test_guests_may_see_moods_but_not_set_them_nor_read_energy_or_the_timeline(emu, dave):
    moods = emu.get("moods/mood", dave).json()
    assert moods
    first = next(iter(moods))
    assert emu.post(f"moods/mood/{first}/set", dave).status_code == 403
    assert emu.get("energy/live", dave).status_code == 403
    assert emu.get("notifications/notification", dave).status_code == 403
    assert emu.get("weather/weather", dave).status_code == 200


def test_the_timeline_grows_as_time_passes(emu, alice):
    at(emu, "2026-11-25T12:00:00Z")
    before = emu.get("notifications/notification", alice).json()
    assert before
    assert all(n["excerpt"] and n["ownerName"] for n in before.values())
    at(emu, "2026-11-25T20:00:00Z")
    after = emu.get("notifications/notification", emu.session("alice@example.com")).json()
    assert set(after) != set(before)
    newest = max(n["dateCreated"] for n in after.values())
    assert newest > max(n["dateCreated"] for n in before.values())


def test_a_camera_lists_its_image_and_serves_a_still_that_changes(emu, alice, dave):
    import requests

    images = emu.get("images/image", alice).json()
    doorbell = item_id(HOME_ID, "device", "Front door camera")
    (image,) = [i for i in images.values() if i["ownerUri"] == f"homey:device:{doorbell}"]
    url = f"{emu.local()}{image['url']}"
    first = requests.get(url, headers={"Authorization": f"Bearer {dave}"}, timeout=10)
    assert first.status_code == 200 and first.headers["Content-Type"] == "image/png"
    assert first.content.startswith(b"\x89PNG")
    emu.control(clock={"advance": 10})
    second = requests.get(url, headers={"Authorization": f"Bearer {dave}"}, timeout=10)
    assert second.content != first.content
    assert requests.get(url, timeout=10).status_code == 401
    missing = requests.get(
        f"{emu.local()}/api/image/nope", headers={"Authorization": f"Bearer {alice}"}, timeout=10
    )
    assert missing.status_code == 404


def test_a_speaker_publishes_album_art_that_follows_its_track(emu, alice):
    import requests

    speaker = item_id(HOME_ID, "device", "Living room speaker")
    images = emu.get("images/image", alice).json()
    (art,) = [i for i in images.values() if i["ownerUri"] == f"homey:device:{speaker}"]
    url = f"{emu.local()}{art['url']}"

    def cover() -> requests.Response:
        return requests.get(url, headers={"Authorization": f"Bearer {alice}"}, timeout=10)

    first = cover()
    assert first.status_code == 200 and first.headers["Content-Type"] == "image/png"
    assert first.content.startswith(b"\x89PNG")
    emu.control(clock={"advance": 60})
    assert cover().content == first.content  # the same track: the same cover
    path = f"devices/device/{speaker}/capability/speaker_next"
    assert emu.put(path, alice, {"value": True}).status_code == 200

    # the speaker's app fetches the new cover first: for a moment the old one stays
    assert cover().content == first.content
    assert emu.get("images/image", alice).json()[art["id"]] == art
    emu.control(clock={"advance": 3})
    second = cover()
    assert second.status_code == 200 and second.content != first.content
    after = emu.get("images/image", alice).json()[art["id"]]
    assert after["lastUpdated"] > art["lastUpdated"]  # when the new cover came
