// Athom's OFFICIAL client (npm homey-api 3.20.0) against the emulator's rough edges
// (issue 10): real address shapes and their modes, faults per operation, the messy
// Farmhouse, a rebooting Homey, the old Homey Pro (HomeyAPIV2) and the Homey Cloud.
// Usage: node tests/fidelity/official_client_rough.mjs http://127.0.0.1:<port>/emulator
// Exits 0 and prints "official client (rough): all checks passed" when every check holds.
import assert from 'node:assert/strict';

import { AthomCloudAPI, base, check, checks, control, counted } from './official.mjs';

const FARMHOUSE_ID = '6650f3e3d3c3b3a393837363';
const OLD_PRO_ID = '5a50f4e4d4c4b4a494847464';
const CLOUD_HOMEY_ID = '6650f5e5d5c5b5a595857565';
// Every strategy but mDNS (multicast): the emulator's addresses all live on 127.0.0.1.
const STRATEGIES = ['localSecure', 'local', 'remoteForwarded', 'cloud'];

async function signIn(email) {
  const cloud = new AthomCloudAPI({
    clientId: 'homeydash-demo', clientSecret: 'homeydash-demo-secret', baseUrl: `${base}/cloud`,
  });
  await cloud.authenticateWithPassword(email, 'homey');
  return cloud.getAuthenticatedUser();
}

async function main() {
  await control({ reset: { seed: 1, now: '2026-11-25T12:00:00Z' } });

  // --- the Farmhouse: every address shape; discovery picks the secure local one.
  const erin = await signIn('erin@example.com');
  const farmRecord = erin.getHomeyById(FARMHOUSE_ID);
  check(/\/net\/https\/192-168-178-23\.homey\.homeylocal\.com$/.test(farmRecord.localUrlSecure),
    'localUrlSecure in the homeylocal.com form');
  check(farmRecord.localUrl !== farmRecord.localUrlSecure, 'localUrl differs from localUrlSecure');
  check(/:45443$/.test(farmRecord.remoteUrlForwarded), 'remoteUrlForwarded with its port');
  const farm = await farmRecord.authenticate({ strategy: STRATEGIES });
  check(farm.constructor.name === 'HomeyAPIV3Local', 'V3 local client class');
  check(farm.strategyId === 'localSecure', `discovery picked localSecure (${farm.strategyId})`);

  const devices = Object.values(await farm.devices.getDevices());
  const meter = devices.find((d) => d.name === 'Three-phase meter');
  check(meter.capabilitiesObj['measure_power.phase1'].title === 'Phase 1', 'sub-capability title');
  const relay = devices.find((d) => d.name === 'Double relay');
  await relay.setCapabilityValue({ capabilityId: 'onoff.output2', value: true });
  const relayAfter = await farm.devices.getDevice({ id: relay.id });
  check(relayAfter.capabilitiesObj['onoff.output2'].value === true, 'set a sub-capability');
  const thermometer = devices.find((d) => d.name === 'Old thermometer');
  check(thermometer.capabilitiesObj.measure_temperature.value === null, 'a null value');
  check(devices.find((d) => d.name === 'Heat pump').ready === false, 'a device not ready');
  check(devices.find((d) => d.name === 'Barn door sensor').warningMessage, 'a warningMessage');
  const phaseLog = `homey:device:${meter.id}:measure_power.phase1`;
  const phaseEntries = await farm.insights.getLogEntries({ id: phaseLog, resolution: 'lastHour' });
  check(phaseEntries.values.length === 60, 'Insights of a sub-capability');

  // --- a 429 on one operation reaches the caller with its status; the rest still works.
  await control({
    faults: { [FARMHOUSE_ID]: { operations: { getZones: { status: 429, retry_after: 5 } } } },
  });
  await assert.rejects(farm.zones.getZones({ $cache: false }), (err) => err.statusCode === 429);
  counted();
  check(Object.keys(await farm.logic.getVariables()).length === 1, 'other operations answer');
  await control({ faults: { [FARMHOUSE_ID]: { operations: { getZones: null } } } });

  // --- local addresses hang and refuse: the official client falls back to a remote one.
  await control({
    faults: { [FARMHOUSE_ID]: { addresses: { localUrlSecure: 'hang', localUrl: 'refuse' } } },
    offline_hang_seconds: 5,
  });
  const erinAgain = await signIn('erin@example.com');
  const started = Date.now();
  const remote = await erinAgain.getHomeyById(FARMHOUSE_ID).authenticate({ strategy: STRATEGIES });
  check(['remoteForwarded', 'cloud'].includes(remote.strategyId),
    `discovery fell back to a remote address (${remote.strategyId})`);
  check(Date.now() - started < 4000, 'without waiting for the hanging address');
  check(Object.keys(await remote.zones.getZones()).length === 4, 'zones through it');
  remote.destroy();
  await control({
    faults: { [FARMHOUSE_ID]: { addresses: { localUrlSecure: 'answer', localUrl: 'answer' } } },
  });

  // --- a reboot: calls fail while it is away, then it answers again.
  await control({ reboot: { homey: FARMHOUSE_ID, seconds: 60 } });
  await assert.rejects(farm.system.getInfo(), () => true);
  counted();
  await control({ clock: { advance: 61 } });
  const info = await farm.system.getInfo();
  check(info.uptime <= 1, `back with a fresh uptime (${info.uptime})`);
  farm.destroy();

  // --- Frank: a Homey Pro (2019) on Web API v2 and a Homey Cloud.
  const frank = await signIn('frank@example.com');
  const old = await frank.getHomeyById(OLD_PRO_ID).authenticate({ strategy: STRATEGIES });
  check(old.constructor.name === 'HomeyAPIV2', `V2 client class (${old.constructor.name})`);
  const oldDevices = Object.values(await old.devices.getDevices());
  check(oldDevices.length === 2, 'V2 devices');
  const lamp = oldDevices.find((d) => d.name === 'Attic lamp');
  check(lamp.driverId === 'homey:app:com.klikaanklikuit:bulb',
    `V2 driverUri + driverId become one driverId (${lamp.driverId})`);
  await lamp.setCapabilityValue({ capabilityId: 'onoff', value: true });
  const oldFlows = Object.values(await old.flow.getFlows());
  check(oldFlows[0].trigger.id === 'homey:manager:flow:programmatic_trigger',
    `V2 flow cards: uri + id become one id (${oldFlows[0].trigger.id})`);
  await old.flow.triggerFlow({ id: oldFlows[0].id });
  const lampOff = await old.devices.getDevice({ id: lamp.id });
  check(lampOff.capabilitiesObj.onoff.value === false, 'a V2 flow runs');
  const oldAdvanced = Object.values(await old.flow.getAdvancedFlows());
  const cardIds = Object.values(oldAdvanced[0].cards).map((c) => c.id);
  check(cardIds.includes('homey:manager:flow:programmatic_trigger'),
    `V2 advanced flow cards get their ownerUri back (${cardIds})`);
  const radiator = oldDevices.find((d) => d.name === 'Attic radiator');
  const logs = await old.insights.getLogs();
  const logId = `homey:device:${radiator.id}:measure_temperature`;
  const log = Object.values(logs).find((l) => l.id === logId);
  check(log && log.ownerUri === `homey:device:${radiator.id}`, 'V2 logs become full ids');
  const oldEntries = await old.insights.getLogEntries({ id: logId, resolution: 'last24Hours' });
  check(oldEntries.values.length === 288, 'V2 log entries by uri + capability id');
  const oldApps = await old.apps.getApps();
  const kaku = oldApps['com.klikaanklikuit'];
  check(kaku && kaku.state === 'running' && kaku.color && kaku.brandColor === undefined,
    'V2 apps: brandColor becomes color');
  await control({ crash_app: { homey: OLD_PRO_ID, app: 'com.klikaanklikuit' } });
  const kakuDown = await old.apps.getApp({ id: 'com.klikaanklikuit', $cache: false });
  check(kakuDown.crashed === true && kakuDown.state === 'stopped', 'a V2 crash: stopped+crashed');
  old.destroy();

  const cloudRecord = frank.getHomeyById(CLOUD_HOMEY_ID);
  check(!cloudRecord.localUrl && !cloudRecord.localUrlSecure, 'a Homey Cloud has no LAN address');
  const cloudHomey = await cloudRecord.authenticate();
  check(cloudHomey.constructor.name === 'HomeyAPIV3Cloud', 'V3 cloud client class');
  check(cloudHomey.strategyId === 'cloud', `reached through the relay (${cloudHomey.strategyId})`);
  check(Object.keys(await cloudHomey.devices.getDevices()).length === 2, 'Homey Cloud devices');
  cloudHomey.destroy();

  console.log(`official client (rough): all checks passed (${checks} checks)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`official client (rough): FAILED after ${checks} checks`);
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  },
);
