// Drives the emulator with Athom's OFFICIAL client (npm homey-api 3.20.0).
// Usage: node tests/fidelity/official_client.mjs http://127.0.0.1:<port>/emulator
// Needs .cache/homey-api/node (sh tests/fidelity/fetch_official_client.sh).
// Exits 0 and prints "official client: all checks passed" when every check holds.
import assert from 'node:assert/strict';

import { AthomCloudAPI, base, check, checks, control, counted } from './official.mjs';

const ALICE_ID = '64a1a1a1a1a1a1a1a1a1a1a1';
const HOME_ID = '6650f0e0d0c0b0a090807060';
// The emulator's Homeys live on 127.0.0.1; never try mDNS (multicast) discovery.
const STRATEGIES = ['localSecure', 'local', 'cloud'];

// A tiny cookie-keeping browser for the sign-in and consent pages.
async function signInAndAllow(loginUrl, email) {
  const jar = new Map();
  const send = async (url, form) => {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair.split('=');
      jar.set(name, value.join('='));
    }
    return res;
  };
  const hidden = (html) => Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
      .map((m) => [m[1], m[2]]),
  );
  const page = await (await send(loginUrl)).text();
  const signedIn = await send(loginUrl, { ...hidden(page), email, password: 'homey' });
  assert.equal(signedIn.status, 302, 'sign-in redirects back to authorise');
  const consent = await (await send(loginUrl)).text();
  const homeys = [...consent.matchAll(/name="homey" value="([0-9a-f]{24})" checked/g)];
  const form = new URLSearchParams({ ...hidden(consent), action: 'allow' });
  for (const m of homeys) form.append('homey', m[1]);
  const res = await send(loginUrl, form);
  assert.equal(res.status, 302, 'consent redirects to the client');
  const location = new URL(res.headers.get('location'));
  assert.equal(location.searchParams.get('state'), 's1');
  return location.searchParams.get('code');
}

async function main() {
  await control({ reset: { seed: 1, now: '2026-11-25T12:00:00Z' } });

  const cloud = new AthomCloudAPI({
    clientId: 'homeydash-demo',
    clientSecret: 'homeydash-demo-secret',
    baseUrl: `${base}/cloud`,
  });
  check(cloud.baseUrl === `${base}/cloud`, 'baseUrl option is used');

  const token = await cloud.authenticateWithPassword('alice@example.com', 'homey');
  check(token.access_token && token.refresh_token, 'password grant gives a token pair');
  check(await cloud.isLoggedIn(), 'isLoggedIn after the password grant');

  const user = await cloud.getAuthenticatedUser();
  check(user.id === ALICE_ID, 'user.id reads _id');
  check(user.fullname === 'Alice Jansen', 'fullname');
  check(user.hasRole('regular'), 'hasRole reads roleIds');
  const homeys = user.getHomeys();
  check(homeys.length === 2, 'Alice reaches two Homeys');
  const first = user.getFirstHomey();
  check(first.id === HOME_ID && first.name === 'Home', 'first Homey is Home');
  check(user.getHomeyById(HOME_ID) === first, 'getHomeyById');

  const homey = await first.authenticate({ strategy: STRATEGIES });
  check(homey.constructor.name === 'HomeyAPIV3Local', 'V3 local client class');
  check(homey.strategyId === 'localSecure', `discovery picked localSecure (${homey.strategyId})`);
  check(homey.hasScope('homey.device.control'), 'session/me intersectedScopes give control');
  check(homey.hasScope('homey.device.readonly'), 'and readonly');

  const devices = await homey.devices.getDevices();
  const list = Object.values(devices);
  check(list.length >= 25, `at least 25 devices (${list.length})`);
  const thermostat = list.find((d) => d.name === 'Living room thermostat');
  check(thermostat && thermostat.capabilitiesObj.target_temperature.step === 0.5, 'thermostat');
  check(thermostat.capabilitiesObj.measure_temperature.lastUpdated instanceof Date,
    'lastUpdated becomes a Date');

  const zones = await homey.zones.getZones();
  const zoneList = Object.values(zones);
  check(zoneList.some((z) => z.name === 'Living room'), 'zones');
  check(zoneList.filter((z) => z.parent === null).length === 1, 'one root zone');
  const zone = await thermostat.getZone();
  check(zone.name === 'Living room', 'device.getZone');

  const variables = await homey.logic.getVariables();
  const types = new Set(Object.values(variables).map((v) => v.type));
  check(types.has('boolean') && types.has('number') && types.has('string'), 'variable types');

  const flows = await homey.flow.getFlows();
  const allOff = Object.values(flows).find((f) => f.name === 'All lights off');
  check(allOff && allOff.triggerable && allOff.enabled, 'flows');
  const advanced = await homey.flow.getAdvancedFlows();
  check(Object.keys(advanced).length >= 2, 'advanced flows');

  // Set a value through the Device item and through the manager.
  const lamp = list.find((d) => d.name === 'Floor lamp');
  await lamp.setCapabilityValue({ capabilityId: 'dim', value: 0.25 });
  await homey.devices.setCapabilityValue({
    deviceId: lamp.id, capabilityId: 'light_hue', value: 0.5,
  });
  const lampAfter = await homey.devices.getDevice({ id: lamp.id });
  check(lampAfter.capabilitiesObj.dim.value === 0.25, 'dim was set');
  check(lampAfter.capabilitiesObj.light_mode.value === 'color', 'hue switches light_mode');
  await assert.rejects(
    homey.devices.setCapabilityValue({
      deviceId: thermostat.id, capabilityId: 'target_temperature', value: 99,
    }),
    (err) => err.statusCode === 400 && /maximum/.test(err.message),
  );
  counted();

  await homey.flow.triggerFlow({ id: allOff.id });
  const lampOff = await homey.devices.getDevice({ id: lamp.id });
  check(lampOff.capabilitiesObj.onoff.value === false, 'triggering All lights off works');

  const logs = await homey.insights.getLogs();
  const logId = `homey:device:${thermostat.id}:measure_temperature`;
  check(logs[logId] && logs[logId].ownerUri === `homey:device:${thermostat.id}`, 'logs');
  const entries = await homey.insights.getLogEntries({ id: logId, resolution: 'last24Hours' });
  check(entries.values.length === 288 && entries.step === 300000, 'last24Hours: 288 x 5 min');
  check(entries.lastValue === thermostat.capabilitiesObj.measure_temperature.value,
    'insights lastValue agrees with the device');

  const me = await homey.users.getUserMe();
  check(me.role === 'owner' && me.athomId === ALICE_ID, 'users.getUserMe');
  const info = await homey.system.getInfo();
  check(info.name === 'Home' && info.timezone === 'Europe/Amsterdam', 'system.getInfo');

  // The apps manager: getApps/getApp, and a crashed app takes its devices with it.
  check(homey.hasScope('homey.app.readonly'), 'the demo client may read apps');
  const apps = await homey.apps.getApps();
  check(apps['com.sonos'] && apps['com.sonos'].state === 'running', 'apps.getApps');
  check(apps['com.sonos'].crashed === false && apps['com.sonos'].name === 'Sonos', 'app fields');
  await control({ crash_app: { homey: HOME_ID, app: 'com.sonos', message: 'boom' } });
  const crashed = await homey.apps.getApp({ id: 'com.sonos', $cache: false });
  check(crashed.state === 'crashed' && crashed.crashed && crashed.crashedMessage === 'boom',
    'apps.getApp shows the crash');
  const speaker = list.find((d) => d.name === 'Living room speaker');
  const speakerDown = await homey.devices.getDevice({ id: speaker.id, $cache: false });
  check(speakerDown.available === false && speakerDown.unavailableMessage,
    'the crashed app\'s device is unavailable');
  await assert.rejects(homey.apps.restartApp({ id: 'com.sonos' }),
    (err) => err.statusCode === 403);
  counted();
  await control({ restart_app: { homey: HOME_ID, app: 'com.sonos' } });
  const speakerUp = await homey.devices.getDevice({ id: speaker.id, $cache: false });
  check(speakerUp.available === true, 'a restart brings the device back');
  // The house managers: weather, Homey Energy, moods and the timeline.
  const weather = await homey.weather.getWeather();
  check(typeof weather.temperature === 'number' && typeof weather.state === 'string',
    'weather.getWeather');
  const hourly = await homey.weather.getWeatherHourly();
  check(Array.isArray(hourly) && hourly.length === 24, 'weather.getWeatherHourly');
  const live = await homey.energy.getLiveReport();
  check(typeof live.totalConsumed.W === 'number' && Array.isArray(live.items),
    'energy.getLiveReport');
  const day = await homey.energy.getReportDay({ date: '2026-11-25' });
  check(day.electricity.buckets.length === 24, 'energy.getReportDay');
  const week = await homey.energy.getReportWeek({ isoWeek: '2026-W48' });
  check(week.electricity.buckets.length === 7, 'energy.getReportWeek');
  const month = await homey.energy.getReportMonth({ yearMonth: '2026-11' });
  check(month.electricity.buckets.length === 30, 'energy.getReportMonth');
  const moods = await homey.moods.getMoods();
  const film = Object.values(moods).find((m) => m.name === 'Film');
  check(film && film.zone && Object.keys(film.devices).length === 3, 'moods.getMoods');
  await homey.moods.setMood({ id: film.id });
  const ceiling = list.find((d) => d.name === 'Ceiling light');
  const ceilingAfter = await homey.devices.getDevice({ id: ceiling.id });
  check(ceilingAfter.capabilitiesObj.dim.value === 0.2, 'moods.setMood sets its devices');
  const images = Object.values(await homey.images.getImages());
  const doorbell = list.find((d) => d.name === 'Front door camera');
  check(images.length === 2
    && images.some((i) => i.ownerUri === `homey:device:${doorbell.id}`)
    && images.some((i) => i.ownerUri === `homey:device:${speaker.id}`),
    'images.getImages (a camera still and album art)');
  const notifications = await homey.notifications.getNotifications();
  check(Object.values(notifications).every((n) => n.excerpt && n.dateCreated),
    'notifications.getNotifications');

  // An expired Homey session: the client logs in again by itself (delegation + login).
  await control({ expire_sessions: HOME_ID });
  const again = await homey.zones.getZones();
  check(Object.keys(again).length === zoneList.length, 're-login after 401');

  // An expired access token: the cloud client refreshes (rotating) and retries.
  await control({ clock: { advance: 4000 } });
  const refreshed = await cloud.getAuthenticatedUser({ $cache: false });
  check(refreshed.id === ALICE_ID, 'refresh after invalid_token');

  // Bob is a "user": no PAT management, no writes outside his role.
  const bobCloud = new AthomCloudAPI({
    clientId: 'homeydash-demo', clientSecret: 'homeydash-demo-secret', baseUrl: `${base}/cloud`,
  });
  await bobCloud.authenticateWithPassword('bob@example.com', 'homey');
  const bob = await bobCloud.getAuthenticatedUser();
  check(bob.getHomeys().length === 1 && bob.getFirstHomey().role === 'user', 'bob is a user');
  const bobHomey = await bob.getFirstHomey().authenticate({ strategy: STRATEGIES });
  await assert.rejects(bobHomey.users.getPersonalAccessTokens(),
    (err) => err.statusCode === 403);
  counted();
  check(typeof (await bobHomey.energy.getLiveReport()).totalGenerated.W === 'number',
    'a user reads Homey Energy');

  // Offline: the relay answers 502 and the local address times out -> Homey Offline.
  await control({ faults: { [HOME_ID]: { offline: true } }, offline_hang_seconds: 2 });
  const offlineCloud = new AthomCloudAPI({
    clientId: 'homeydash-demo', clientSecret: 'homeydash-demo-secret', baseUrl: `${base}/cloud`,
  });
  await offlineCloud.authenticateWithPassword('alice@example.com', 'homey');
  const offlineUser = await offlineCloud.getAuthenticatedUser();
  check(offlineUser.getHomeyById(HOME_ID).state === 'offline', '/user/me shows offline');
  await assert.rejects(offlineUser.getHomeyById(HOME_ID).authenticate({ strategy: STRATEGIES }),
    (err) => /Homey Offline/.test(err.message));
  counted();
  await control({ faults: { [HOME_ID]: { offline: false } } });

  // The authorization-code flow: the official getLoginUrl, our pages, the official exchange.
  const codeCloud = new AthomCloudAPI({
    clientId: 'homeydash-demo',
    clientSecret: 'homeydash-demo-secret',
    redirectUrl: 'http://127.0.0.1:8000/oauth/callback',
    baseUrl: `${base}/cloud`,
  });
  const loginUrl = codeCloud.getLoginUrl({
    state: 's1', scopes: ['homey.device.readonly', 'homey.zone.readonly'],
  });
  const code = await signInAndAllow(loginUrl, 'charlie@example.com');
  await codeCloud.authenticateWithAuthorizationCode({ code });
  const charlie = await codeCloud.getAuthenticatedUser();
  check(charlie.getHomeys().map((h) => h.name).join() === 'Flat', 'code grant reaches Flat');
  const flat = await charlie.getFirstHomey().authenticate({ strategy: STRATEGIES });
  check(flat.hasScope('homey.zone.readonly') && !flat.hasScope('homey.device.control'),
    'the session has the scopes asked for in getLoginUrl');
  check(Object.keys(await flat.devices.getDevices()).length >= 3, 'Flat devices');
  await assert.rejects(codeCloud.authenticateWithAuthorizationCode({ code }),
    (err) => err.statusCode === 400 && /already been used/.test(err.message));
  counted();

  homey.destroy();
  bobHomey.destroy();
  flat.destroy();
  console.log(`official client: all checks passed (${checks} checks)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('official client: FAILED');
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  },
);
