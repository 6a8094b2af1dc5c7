// The standalone map page (geo/present/standalone.py): the crossings with their labels and legend,
// a timeline of the days on which anything shown changes, and a panel per crossing with
// its state, its permission and the claims behind it. Every text from the data is set with textContent.
(function () {
  var data = JSON.parse(document.getElementById("bw-data").textContent);
  document.title = data.title;
  var map = L.map("map", {preferCanvas: true, attributionControl: false, zoomSnap: 0.25});
  L.control.attribution({prefix: false}).addAttribution("Outlines: Natural Earth").addTo(map);
  L.control.scale().addTo(map);
  L.geoJSON(data.outlines, {interactive: false, style: bwOutlineStyle()}).addTo(map);
  // A first view, so sizes can be measured; the fitted one follows once the controls are in place.
  map.fitBounds(data.bounds);
  var container = map.getContainer();

  function box(position, className, build) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "bw-box " + className);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      build(div);
      return div;
    };
    control.addTo(map);
    return control;
  }

  var asof;
  box("topleft", "bw-asof", function (div) { asof = div; });
  // The crossings the file holds but cannot draw (no source places them), named on the map.
  if (data.unplaced) {
    box("bottomright", "bw-unplaced", function (div) { div.textContent = data.unplaced; });
  }
  box("topright", "bw-title", function (div) { div.textContent = data.title; });

  var current = [], day = 0, popup = L.popup({maxWidth: 340, maxHeight: 320, autoPanPadding: [20, 20]});
  var popupFor = -1;

  // One claim or authorisation as a list item: what it says, its source, and a link when it is a web address.
  function claimItem(claim, className) {
    var item = document.createElement("li");
    item.className = className;
    var what = document.createElement("div");
    what.className = "bw-claim-what";
    what.textContent = claim.what;
    var source = document.createElement("div");
    source.className = "bw-claim-source";
    source.textContent = claim.source;
    item.append(what, source);
    // Only a web address becomes a link; anything else stays text.
    if (/^https?:\/\//i.test(claim.url)) {
      var link = document.createElement("a");
      link.className = "bw-claim-link";
      link.href = claim.url;
      link.textContent = claim.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      item.appendChild(link);
    }
    return item;
  }

  // The state of crossing ``i`` on the day shown, its permission, and the claims that decide it, with their sources.
  function info(i) {
    // A change names its crossing's permission (data.permits) sixth, when the crossing has any.
    var about = data.infos[current[i][3]], c = data.crossings[i];
    var permit = current[i].length > 5 ? data.permits[current[i][5]] : null;
    var panel = document.createElement("div");
    panel.className = "bw-info";
    panel.setAttribute("data-crossing-id", c.id);
    var name = document.createElement("h2");
    name.textContent = c.name;
    var state = document.createElement("p");
    state.className = "bw-info-state";
    state.textContent = about.state;
    var when = document.createElement("p");
    when.className = "bw-info-asof";
    when.textContent = "As of " + data.days[day];
    panel.append(name, state, when);
    if (permit && permit.permission) {
      var permission = document.createElement("p");
      permission.className = "bw-info-permission";
      permission.textContent = data.words.permission + " " + permit.permission;
      panel.appendChild(permission);
    }
    var head = document.createElement("h3");
    head.textContent = about.claims.length ? data.words.claims : data.words.none;
    panel.appendChild(head);
    var list = document.createElement("ul");
    list.className = "bw-claims";
    about.claims.forEach(function (claim) { list.appendChild(claimItem(claim, "bw-claim")); });
    panel.appendChild(list);
    // Permission apart from control: each authorisation that counts on this day, with its source.
    if (permit) {
      var permits = document.createElement("h3");
      permits.textContent = data.words.authorisations;
      var permitList = document.createElement("ul");
      permitList.className = "bw-claims bw-authorisations";
      permit.authorisations.forEach(function (claim) {
        permitList.appendChild(claimItem(claim, "bw-claim bw-authorisation"));
      });
      panel.append(permits, permitList);
    }
    return panel;
  }

  function openInfo(i) {
    popupFor = i;
    var c = data.crossings[i];
    popup.setLatLng([c.lat, c.lon]).setContent(info(i)).openOn(map);
  }
  map.on("popupclose", function () { popupFor = -1; });

  // A mark's size is the symbology's (DOM_MARK_HALF_PX), which the labels keep clear of too.
  var markSize = 2 * data.half;
  var marks = data.crossings.map(function (c, i) {
    var icon = L.divIcon({className: "bw-mark", iconSize: [markSize, markSize], iconAnchor: [data.half, data.half],
                          html: ""});
    // keyboard: a mark takes focus (Tab), and Enter or Space opens its panel as a click or tap does.
    var marker = L.marker([c.lat, c.lon], {icon: icon, keyboard: true}).addTo(map);
    marker.on("click", function () { openInfo(i); });
    var el = marker.getElement();
    el.setAttribute("data-crossing-id", c.id);
    el.setAttribute("role", "button");
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openInfo(i); }
    });
    return el;
  });

  var labels = new (bwLabelLayer())({
    names: data.crossings.map(function (c) { return c.name; }),
    lat: data.crossings.map(function (c) { return c.lat; }),
    lon: data.crossings.map(function (c) { return c.lon; }),
    nameOrder: data.crossings.map(function (c) { return c.name_order; }),
    rank: data.crossings.map(function () { return 0; }),
    half: data.half, rule: data.rule
  });

  var legendMemory = {}, legendControl = null, shownLegend = -1;
  function drawLegend(index) {
    if (legendControl) { map.removeControl(legendControl); }
    legendControl = bwLegendControl(data.legends[index], legendMemory).addTo(map);
    shownLegend = index;
  }

  var slider, playButton, timer = null;
  function show(index) {
    // Replay the changes from the first day: each step stores only what changed.
    var state = [], legend = 0;
    for (var s = 0; s <= index; s++) {
      data.steps[s].changes.forEach(function (change) { state[change[0]] = change; });
      legend = data.steps[s].legend;
    }
    current = state;
    day = index;
    state.forEach(function (change, i) {
      var spec = data.symbols[change[1]];
      var el = marks[i];
      el.replaceChildren(bwSymbol(spec, markSize));
      el.setAttribute("data-status", spec.status);
      el.setAttribute("data-colors", spec.colors.join(" "));
      if (spec.badges) { el.setAttribute("data-permission", spec.badges.join(" ")); }
      else { el.removeAttribute("data-permission"); }
      el.setAttribute("title", change[2]);
      el.setAttribute("aria-label", change[2]);
    });
    if (legend !== shownLegend) { drawLegend(legend); }
    labels.setRanks(state.map(function (change) { return change[4]; }));
    asof.textContent = "As of " + data.days[index];
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", data.days[index]);
    container.setAttribute("data-day", data.days[index]);
    if (popupFor >= 0) { popup.setContent(info(popupFor)); }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = "Play";
    playButton.setAttribute("aria-label", "Play");
  }
  function step(by) {
    var next = Number(slider.value) + by;
    if (next >= 0 && next < data.days.length) { show(next); }
    return next >= 0 && next < data.days.length;
  }

  var timeline = box("bottomleft", "bw-timeline", function (div) {
    function button(text, name, action) {
      var b = L.DomUtil.create("button", "", div);
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", name);
      b.addEventListener("click", action);
      return b;
    }
    button("\u2039 Previous", "Previous change", function () { stop(); step(-1); });
    playButton = button("Play", "Play", function () {
      if (timer !== null) { stop(); return; }
      if (Number(slider.value) >= data.days.length - 1) { show(0); }
      playButton.textContent = "Pause";
      playButton.setAttribute("aria-label", "Pause");
      timer = setInterval(function () { if (!step(1)) { stop(); } }, 1200);
    });
    button("Next \u203a", "Next change", function () { stop(); step(1); });
    slider = L.DomUtil.create("input", "", div);
    slider.type = "range";
    slider.min = "0";
    slider.max = String(data.days.length - 1);
    slider.step = "1";
    slider.setAttribute("aria-label", "Date");
    slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
  });

  show(data.start);
  // The marks keep clear of the controls: the legend's column on the right, the timeline below,
  // the date and title above.
  var legendBox = legendControl.getContainer().getBoundingClientRect();
  var timelineBox = timeline.getContainer().getBoundingClientRect();
  var top = Math.max(asof.getBoundingClientRect().bottom, 0) - container.getBoundingClientRect().top;
  map.fitBounds(data.bounds, {paddingTopLeft: [30, top + 20],
                              paddingBottomRight: [legendBox.width + 30, timelineBox.height + 40], animate: false});
  labels.addTo(map);
  // A readiness signal for tests and screenshots: everything is drawn.
  container.setAttribute("data-ready", "1");
})();
