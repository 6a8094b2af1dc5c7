// The presentation frame (geo/present/frame.py builds ``data``): title, subtitle, sources footnote
// and country names as map controls, replaced whenever the crossing layer is. Every text from the
// data or the briefer is set with textContent.
function bwPresentationFrame(map, group, data) {
  var doc = map.getContainer().ownerDocument;
  if (!doc.getElementById("bw-frame-css")) {
    var css = doc.createElement("style");
    css.id = "bw-frame-css";
    css.textContent = data.css;
    doc.head.appendChild(css);
  }
  var state = window.__borderwatchFrame = window.__borderwatchFrame || {controls: []};
  state.controls.forEach(function (c) { map.removeControl(c); });
  state.controls = [];
  if (data.title || data.subtitle) {
    var heading = L.control({position: "topleft"});
    heading.onAdd = function () {
      var box = L.DomUtil.create("div", "bw-box bw-title-box");
      if (data.title) { L.DomUtil.create("div", "bw-title", box).textContent = data.title; }
      if (data.subtitle) { L.DomUtil.create("div", "bw-subtitle", box).textContent = data.subtitle; }
      return box;
    };
    heading.addTo(map);
    // Controls stack in the order added, and the date came first: the title goes above it.
    var el = heading.getContainer();
    el.parentNode.insertBefore(el, el.parentNode.firstChild);
    state.controls.push(heading);
  }
  var sources = L.control({position: "bottomleft"});
  sources.onAdd = function () {
    var box = L.DomUtil.create("div", "bw-box bw-sources");
    var head = L.DomUtil.create("span", "bw-sources-head", box);
    head.textContent = data.entries.length ? data.head + " " : data.none;
    var list = L.DomUtil.create("span", "bw-sources-list", box);
    list.textContent = data.entries.join("  \u00b7  ");
    return box;
  };
  sources.addTo(map);
  state.controls.push(sources);
  // Country names, under the crossings; the biggest countries come first and win any clash.
  var countries = data.countries.map(function (c) {
    // Named later only if the name fits across the country at the zoom of the moment.
    var west = L.latLng(c.lat, c.lon - c.width / 2), east = L.latLng(c.lat, c.lon + c.width / 2);
    var icon = L.divIcon({className: "bw-country", iconSize: [0, 0], html: ""});
    var marker = L.marker([c.lat, c.lon], {icon: icon, interactive: false, keyboard: false,
                                           zIndexOffset: -1000});
    marker.on("add", function () {
      var name = document.createElement("span");
      name.textContent = c.name;
      marker.getElement().replaceChildren(name);
    });
    marker.fits = function (box) {
      return map.latLngToContainerPoint(east).x - map.latLngToContainerPoint(west).x >= box.width;
    };
    return marker.addTo(group);
  });
  // The crossings' names are placed by the map itself (geo.present.leaflet, the static map's rule);
  // country names take what room is left.
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function inside(a, frame) {
    return frame.left <= a.left && a.right <= frame.right && frame.top <= a.top && a.bottom <= frame.bottom;
  }
  function styled() {
    // The dashboard adds Leaflet's stylesheet after the page has loaded; until it applies,
    // labels and controls are full-width blocks and every measure is wrong.
    var probe = map.getContainer().querySelector(".leaflet-control");
    return probe && getComputedStyle(probe).float !== "none";
  }
  function declutter(tries) {
    if (!styled()) {
      if (tries < 600) { window.requestAnimationFrame(function () { declutter(tries + 1); }); }
      return;
    }
    var container = map.getContainer();
    var frame = container.getBoundingClientRect();
    var taken = Array.prototype.map.call(container.querySelectorAll(".leaflet-control"),
                                         function (el) { return el.getBoundingClientRect(); });
    group.eachLayer(function (marker) {
      if (countries.indexOf(marker) >= 0 || !marker.getElement || !marker.getElement()) { return; }
      taken.push(marker.getElement().getBoundingClientRect());
    });
    Array.prototype.forEach.call(container.querySelectorAll(".bw-label"),
                                 function (el) { taken.push(el.getBoundingClientRect()); });
    function clear(box) {
      return inside(box, frame) && !taken.some(function (t) { return overlaps(box, t); });
    }
    countries.forEach(function (marker) {
      var name = marker.getElement() && marker.getElement().firstChild;
      if (!name) { return; }
      var box = name.getBoundingClientRect();
      var shown = marker.fits(box) && clear(box);
      name.style.visibility = shown ? "visible" : "hidden";
      if (shown) { taken.push(box); }
    });
    // A readiness signal for tests and screenshots: the frame is complete and laid out
    // (the crossings' labels say so with data-labels, and "bwlabels" brings this back after them).
    if (container.hasAttribute("data-labels")) { container.dataset.frame = "ready"; }
  }
  if (state.declutter) { map.off("zoomend moveend resize bwlabels", state.declutter); }
  state.declutter = function () { window.setTimeout(function () { declutter(0); }, 0); };
  map.on("zoomend moveend resize bwlabels", state.declutter);
  // The crossings join the map only after this script has run.
  map.whenReady(state.declutter);
}
