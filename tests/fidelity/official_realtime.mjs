// Athom's OFFICIAL client (npm homey-api 3.20.0) on the emulator's realtime socket.
// Usage: node tests/fidelity/official_realtime.mjs http://127.0.0.1:<port>/emulator
// Exits 0 and prints "official realtime: all checks passed" when every check holds.
import assert from 'node:assert/strict';

import { AthomCloudAPI, base, check, checks, control, counted } from './official.mjs';

const HOME_ID = '6650f0e0d0c0b0a090807060';
const WAIT_MS = 10000;

// Resolves with the first value `subscribe(listener)` passes that `match` accepts.
function waitFor(what, subscribe, match = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
    subscribe((...args) => {
      if (match(...args)) {
        clearTimeout(timer);
        resolve(args);
      }
    });
  });
}

async function until(condition, what) {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main() {
  // The clock runs: a frozen one would give two changes the same transactionTime, which
  // the client's DeviceCapability takes for the same change.
  await control({ reset: { seed: 1 } });
  const cloud = new AthomCloudAPI({
    clientId: 'homeydash-demo', clientSecret: 'homeydash-demo-secret', baseUrl: `${base}/cloud`, debug: Boolean(process.env.DEBUG_REALTIME),
  });
  await cloud.authenticateWithPassword('alice@example.com', 'homey');
  const user = await cloud.getAuthenticatedUser();
  for (const strategy of ['localSecure', 'cloud']) {
    const homey = await user.getHomeyById(HOME_ID).authenticate({ strategy: [strategy] });
    await checkRealtime(homey, strategy);
    homey.destroy();
    // Both addresses are one host:port here, so socket.io-client multiplexes them on one
    // Manager: let the destroyed client's connection finish closing before the next opens
    // (a real Homey's LAN and relay addresses are different hosts).
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(`official realtime: all checks passed (${checks} checks)`);
}

async function checkRealtime(homey, strategy) {
  const baseUrl = await homey.baseUrl;
  // A change made through the emulator's HTTP API, as another client would make it.
  const put = async (deviceId, capabilityId, value) => {
    const res = await fetch(`${baseUrl}/api/manager/devices/device/${deviceId}/capability/${capabilityId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${homey.__token}` },
      body: JSON.stringify({ value }),
    });
    assert.equal(res.status, 200, `PUT ${capabilityId}`);
  };

  await homey.connect();
  check(homey.isConnected(), `${strategy}: connect() handshakes and opens the namespace`);

  // With the socket up the client sends its API calls over it ("api" events).
  const devices = await homey.devices.getDevices();
  const lamp = Object.values(devices).find((d) => d.name === 'Floor lamp');
  check(lamp && lamp.capabilitiesObj.dim, `${strategy}: getDevices over the socket`);

  const dim = waitFor('the dim listener', (listener) => lamp.makeCapabilityInstance('dim', listener),
    (value) => value === 0.42);
  await homey.devices.connect();
  // makeCapabilityInstance subscribes in the background: wait until the device is connected.
  await until(() => lamp.__connected, 'the device subscription');
  await put(lamp.id, 'dim', 0.42);
  const [value] = await dim;
  check(value === 0.42, `${strategy}: makeCapabilityInstance receives a change made through the emulator`);
  // A value change comes as a `capability` event only (no device.update, as from a Homey):
  // the capability instance keeps the cached device current itself.
  check(lamp.capabilitiesObj.dim.value === 0.42, `${strategy}: the capability event refreshes the cached device`);

  // Logic variables, as a Homey sends them.
  const variables = await homey.logic.getVariables();
  const number = Object.values(variables).find((v) => v.type === 'number');
  await homey.logic.connect();
  const variable = waitFor('variable.update', (listener) => homey.logic.on('variable.update', listener),
    (item) => item.id === number.id && item.value === number.value + 1);
  await homey.logic.updateVariable({ id: number.id, variable: { value: number.value + 1 } });
  await variable;
  counted();

  // The emulator drops the socket: the client sees the disconnect, reconnects by itself,
  // subscribes again, and changes reach the same capability instance.
  const dropped = waitFor('disconnect', (listener) => homey.once('disconnect', listener));
  await control({ drop_sockets: HOME_ID });
  await dropped;
  counted();
  const again = waitFor('a value after the reconnect',
    (listener) => lamp.makeCapabilityInstance('dim', listener), (v) => v === 0.9);
  await until(() => homey.isConnected() && lamp.__connected, 'the reconnect');
  check(homey.isConnected(), `${strategy}: the client reconnects and subscribes again`);
  await put(lamp.id, 'dim', 0.9);
  await again;
  counted();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('official realtime: FAILED');
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  },
);
