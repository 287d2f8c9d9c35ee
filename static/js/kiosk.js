// homeydash kiosk screen: the clock, the wake lock, the connection indicator, night mode,
// a small shift against burn-in, and reloads (daily at a quiet hour, after a long outage).
// The board itself is server-rendered and kept fresh by htmx; this only looks after the screen.
(function () {
  "use strict";

  var root = document.documentElement;
  var body = document.body;
  var timeZone = body.getAttribute("data-timezone") || undefined;
  var lang = root.lang || undefined;
  var hourCycle = body.getAttribute("data-hour-cycle") || undefined; // the wall screen's clock: h23 or h12
  var MINUTE = 60000;
  var LONG_OUTAGE = 5 * MINUTE; // after this long without the server, reload when it is back
  var QUIET_HOUR = 3; // the daily reload, in the Homey's timezone
  var SHIFT_EVERY = 3 * MINUTE;
  var SHIFTS = [[0, 0], [2, 2], [4, 0], [2, -2], [0, -4], [-2, -2], [-4, 0], [-2, 2]];

  // What the screen is doing, for people debugging a tablet (and the browser tests).
  var state = (window.homeydashKiosk = {
    loadedAt: Date.now(),
    wakeLock: "pending",
    wakeLockRequests: 0,
    online: true,
    offlineSince: null,
    shift: 0
  });

  // clock and date ---------------------------------------------------------------------
  var timeEl = document.getElementById("kiosk-time");
  var dateEl = document.getElementById("kiosk-date");
  var timeFormat, dateFormat, hourFormat;
  try {
    timeFormat = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit", hourCycle: hourCycle, timeZone: timeZone });
    dateFormat = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", timeZone: timeZone });
    hourFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: timeZone });
  } catch (e) { /* unknown timezone: the server's text stays */ }

  function tick() {
    if (!timeFormat) return;
    var now = new Date();
    var time = timeFormat.format(now);
    var date = dateFormat.format(now);
    if (timeEl && timeEl.textContent !== time) timeEl.textContent = time;
    if (dateEl && dateEl.textContent !== date) dateEl.textContent = date;
  }
  tick();
  setInterval(tick, 1000);

  // tap the clock for full screen (a browser tab, not the installed app) ---------------
  if (timeEl && root.requestFullscreen) {
    timeEl.parentNode.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(function () {});
    });
  }

  // wake lock: keep the screen on; the browser drops the lock when the page is hidden ----
  var sentinel = null;
  var hint = document.getElementById("kiosk-wake-hint");

  function noWakeLock(why) {
    state.wakeLock = why;
    if (hint) hint.hidden = false;
  }

  function keepAwake() {
    if (!("wakeLock" in navigator)) return noWakeLock("unsupported");
    if (sentinel || document.visibilityState !== "visible") return;
    state.wakeLockRequests += 1;
    navigator.wakeLock.request("screen").then(function (lock) {
      sentinel = lock;
      state.wakeLock = "active";
      if (hint) hint.hidden = true;
      lock.addEventListener("release", function () {
        sentinel = null;
        state.wakeLock = "released";
      });
    }, function () {
      noWakeLock("denied");
    });
  }
  document.addEventListener("visibilitychange", keepAwake);
  // Some browsers only grant it after a tap.
  document.addEventListener("pointerdown", function () { if (!sentinel) keepAwake(); });
  keepAwake();

  // connection: polls that fail mark the screen offline and its values stale ------------
  function reached(xhr) {
    return xhr && xhr.status > 0 && (xhr.status < 500 || xhr.status === 503);
  }

  function offline() {
    if (state.online) {
      state.online = false;
      state.offlineSince = Date.now();
      root.classList.add("is-offline");
    }
  }

  function online() {
    var outage = state.offlineSince ? Date.now() - state.offlineSince : 0;
    state.online = true;
    state.offlineSince = null;
    root.classList.remove("is-offline");
    if (outage > LONG_OUTAGE) location.reload();
  }

  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
  document.addEventListener("htmx:responseError", function (event) {
    if (!reached(event.detail.xhr)) offline();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (reached(event.detail.xhr)) online();
  });

  // The server marks values stale itself when the Homey cannot be reached.
  function homeyState() {
    root.classList.toggle("is-homey-offline", !!document.querySelector("#board-status .stale-banner"));
  }
  document.addEventListener("htmx:afterSettle", homeyState);
  homeyState();

  // night mode: every poll says whether to dim (HX-Trigger: kiosk-night); an urgent alert
  // on the board (smoke, water, a door left open...) wakes the screen until it clears ----
  var nightWanted = body.classList.contains("night-wanted");
  function applyNight() {
    var alerting = !!document.querySelector("#board-status .alert-banner.is-urgent");
    root.classList.toggle("is-alerting", alerting);
    root.classList.toggle("night", nightWanted && !alerting);
    state.alerting = alerting;
  }
  document.addEventListener("kiosk-night", function (event) {
    nightWanted = !!(event.detail && event.detail.night);
    applyNight();
  });
  document.addEventListener("htmx:afterSettle", applyNight);
  applyNight();

  // burn-in: move everything a few pixels now and then -----------------------------------
  var main = document.getElementById("kiosk-main");
  setInterval(function () {
    state.shift = (state.shift + 1) % SHIFTS.length;
    var offset = SHIFTS[state.shift];
    main.style.transform = "translate(" + offset[0] + "px, " + offset[1] + "px)";
  }, SHIFT_EVERY);

  // a fresh page once a day, at a quiet hour, when the server answers ------------------
  setInterval(function () {
    if (!hourFormat || !state.online) return;
    var hour = parseInt(hourFormat.format(new Date()), 10);
    if (hour === QUIET_HOUR && Date.now() - state.loadedAt > 2 * 60 * MINUTE) location.reload();
  }, MINUTE);
})();
