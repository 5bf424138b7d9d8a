// dagmaker web UI: the few things a server-rendered page cannot do alone.
// - pages of running work poll their JSON twin and, when it changes, swap in the
//   freshly rendered regions marked data-live (the server draws; this only replaces);
// - job logs tail live through get_job_log's offsets;
// - forms marked data-confirm ask first.
(function () {
  "use strict";

  var POLL_MS = 1500;
  var LOG_MS = 1000;

  function swapLiveRegions(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var focused = document.activeElement;
    var focusStep = focused && focused.getAttribute && focused.getAttribute("data-step");
    fresh.querySelectorAll("[data-live]").forEach(function (region) {
      var old = region.id && document.getElementById(region.id);
      if (old) old.replaceWith(document.importNode(region, true));
    });
    if (focusStep) {
      var again = document.querySelector('[data-step="' + CSS.escape(focusStep) + '"]');
      if (again) again.focus();
    }
    if (fresh.querySelector("[data-poll]")) return true;
    // The work has ended: the page is final, so stop and say so.
    document.querySelectorAll("[data-poll]").forEach(function (m) { m.remove(); });
    return false;
  }

  function poll(marker) {
    var url = marker.getAttribute("data-poll");
    var last = null;
    function tick() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (text) {
          // The first answer is compared with nothing: the work may have moved on
          // between the page being drawn and this first look, so draw again once.
          if (text === last) return true;
          last = text;
          return fetch(location.href, { credentials: "same-origin", cache: "no-store" })
            .then(function (r) { return r.text(); })
            .then(swapLiveRegions);
        })
        .then(function (stillRunning) {
          if (stillRunning) setTimeout(tick, POLL_MS);
        })
        .catch(function () { setTimeout(tick, POLL_MS * 4); });
    }
    setTimeout(tick, POLL_MS);
  }

  var TERMINAL = { Completed: 1, Failed: 1, Stopped: 1 };

  function tail(pre) {
    var url = pre.getAttribute("data-log");
    var offset = 0;
    var started = false;
    var state = document.querySelector("[data-log-state]");
    function tick() {
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "offset=" + offset, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json().then(function (doc) { return { ok: r.ok, doc: doc }; }); })
        .then(function (res) {
          if (!res.ok) {
            pre.textContent = (res.doc.Error && res.doc.Error.Message) || "no log";
            return;
          }
          var doc = res.doc;
          if (!started || (doc.Log && pre.querySelector(".muted"))) {
            pre.textContent = "";
            started = true;
          }
          if (doc.Log) {
            var atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
            pre.appendChild(document.createTextNode(doc.Log));
            if (atEnd) pre.scrollTop = pre.scrollHeight;
          }
          offset = doc.NextOffset;
          var done = TERMINAL[doc.JobStatus] && !doc.Log;
          var quiet = pre.querySelector(".muted");
          if (!pre.textContent || quiet) {
            if (!quiet) {
              quiet = document.createElement("span");
              quiet.className = "muted";
              pre.appendChild(quiet);
            }
            quiet.textContent = done ? "(empty)" : "(nothing yet)";
          }
          if (done) {
            if (state) state.textContent = "The job has ended (" + doc.JobStatus + ").";
            return;
          }
          setTimeout(tick, doc.Log ? 200 : LOG_MS);
        })
        .catch(function () { setTimeout(tick, LOG_MS * 4); });
    }
    tick();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var marker = document.querySelector("[data-poll]");
    if (marker) poll(marker);
    document.querySelectorAll("pre[data-log]").forEach(tail);
    if (location.hash === "#step") {
      var panel = document.getElementById("step");
      if (panel) panel.focus({ preventScroll: false });
    }
  });
})();
