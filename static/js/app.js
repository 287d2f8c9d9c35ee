// homeydash: small niceties on top of server-rendered HTML and htmx. Everything works without it.
(function () {
  "use strict";

  // "5 minutes ago" from <time class="changed" datetime="...">, kept current between polls.
  var units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
  var format = null;
  try {
    format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, { numeric: "auto" });
  } catch (e) { /* an old browser keeps the server's text */ }

  function relative(seconds) {
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1]) {
        return format.format(-Math.floor(seconds / units[i][1]), units[i][0]);
      }
    }
    return format.format(0, "second");
  }

  function refreshTimes(root) {
    if (!format) return;
    var times = (root || document).querySelectorAll("time.changed[datetime]");
    var now = Date.now();
    for (var i = 0; i < times.length; i++) {
      var when = Date.parse(times[i].getAttribute("datetime"));
      if (!isNaN(when)) times[i].textContent = relative(Math.max(0, (now - when) / 1000));
    }
  }

  document.addEventListener("DOMContentLoaded", function () { refreshTimes(); });
  document.addEventListener("htmx:load", function (event) { refreshTimes(event.target); });
  setInterval(refreshTimes, 30000);

  // The poller asks every few seconds while the page is seen, every slow_poll_seconds while
  // it is hidden, and at once when it is seen again. (Trigger filters would need eval, which
  // the Content-Security-Policy forbids.)
  var lastPoll = 0;
  document.addEventListener("htmx:confirm", function (event) {
    var poller = event.detail.elt;
    if (!poller || poller.id !== "poller") return;
    var now = Date.now();
    if (document.hidden) {
      var slow = parseInt(poller.getAttribute("data-slow-poll-seconds"), 10) || 60;
      if (now - lastPoll < slow * 1000 - 500) {
        event.preventDefault();
        return;
      }
    }
    lastPoll = now;
  });

  // A poll must not replace a tile while someone is typing in it or dragging its slider, and
  // must not put back an alert or notice unchanged: a screen reader would announce it again.
  var LIVE = "[role=alert], [role=status]";
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    if (target && active && active.tagName === "INPUT" && target.contains(active)) {
      event.preventDefault();
      return;
    }
    var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
    if (target && incoming && (target.matches(LIVE) || target.querySelector(LIVE)) &&
        incoming.outerHTML === target.outerHTML) {
      event.preventDefault();
    }
  });

  // Album art the Homey could not give (no cover for this track, the Homey away): the tile
  // shows the track without a broken picture. (An error event does not bubble: capture it.)
  document.addEventListener("error", function (event) {
    var img = event.target;
    if (img && img.classList && img.classList.contains("media-art")) img.hidden = true;
  }, true);

  // A link that asks a question on its own page ([data-dialog]) asks it in a <dialog> here
  // instead, when the page holds one; Cancel (or Escape) closes it, the focus returns.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-dialog]");
    if (link) {
      var dialog = document.getElementById(link.getAttribute("data-dialog"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var close = event.target.closest && event.target.closest("dialog .dialog-close");
    if (close) close.closest("dialog").close();
  });
})();
