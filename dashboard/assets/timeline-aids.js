// Reading aids for a Streamlit slider over days, run from a component frame of the same origin.
// Streamlit names the slider's input by its own label and by the group's, which screen readers
// read as "As of As of": the input keeps only its own name. The days on which something changes
// are marked on the slider's track. CONFIG = {label, first, last, days: ["YYYY-MM-DD", ...]}.
(function () {
  "use strict";
  var doc = window.parent.document;
  var DAY_MS = 86400000;
  var first = Date.parse(CONFIG.first), span = Math.max(Date.parse(CONFIG.last) - first, DAY_MS);
  var key = CONFIG.first + "/" + CONFIG.last + "/" + CONFIG.days.length + "/" + CONFIG.days.join("").length;

  function marks(track) {
    var box = doc.createElement("div");
    box.className = "bw-change-marks";
    box.dataset.key = key;
    box.setAttribute("aria-hidden", "true");
    box.style.cssText = "position:absolute;left:0;right:0;top:50%;height:0;pointer-events:none;";
    CONFIG.days.forEach(function (day) {
      var tick = doc.createElement("div");
      tick.className = "bw-change-mark";
      tick.dataset.day = day;
      tick.style.cssText = "position:absolute;top:5px;width:2px;height:7px;margin-left:-1px;background:#555;" +
        "left:" + (100 * (Date.parse(day) - first) / span).toFixed(4) + "%;";
      box.appendChild(tick);
    });
    return box;
  }

  function patch() {
    doc.querySelectorAll('[data-testid="stSlider"] [role="group"]').forEach(function (group) {
      if (group.getAttribute("aria-label") !== CONFIG.label) return;
      var input = group.querySelector('input[type="range"]');
      if (input && input.hasAttribute("aria-labelledby")) input.removeAttribute("aria-labelledby");
      var track = group.firstElementChild;
      if (!track) return;
      var old = track.querySelector(".bw-change-marks");
      if (old && old.dataset.key === key) return;
      if (old) old.remove();
      track.appendChild(marks(track));
    });
  }

  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () { queued = false; patch(); });
  }).observe(doc.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-labelledby"] });
  patch();
})();
