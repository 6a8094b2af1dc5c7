// Every shape and colour comes from bwSymbology (geo/present/symbology.py, put before this
// script), the spec the static maps draw from too: shapes in a 24-unit box, y down.
function bwSymbol(spec, size) {
  var ns = "http://www.w3.org/2000/svg", look = bwSymbology, shape = look.shapes[spec.status];
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", size); svg.setAttribute("height", size);
  svg.setAttribute("viewBox", "0 0 " + look.box + " " + look.box);
  var fill = spec.colors.length ? spec.colors[0] : look.colors.blank;
  if (spec.colors.length > 1) {
    window.__bwGradient = (window.__bwGradient || 0) + 1;
    var id = "bw-split-" + window.__bwGradient;
    var defs = document.createElementNS(ns, "defs");
    var grad = document.createElementNS(ns, "linearGradient");
    grad.setAttribute("id", id);
    var n = spec.colors.length;
    spec.colors.forEach(function (c, i) {
      [i / n, (i + 1) / n].forEach(function (at) {
        var stop = document.createElementNS(ns, "stop");
        stop.setAttribute("offset", at); stop.setAttribute("stop-color", c);
        grad.appendChild(stop);
      });
    });
    defs.appendChild(grad); svg.appendChild(defs);
    fill = "url(#" + id + ")";
  }
  var outline;
  if (shape.circle) {
    outline = document.createElementNS(ns, "circle");
    outline.setAttribute("cx", shape.circle[0]); outline.setAttribute("cy", shape.circle[1]);
    outline.setAttribute("r", shape.circle[2]);
  } else {
    outline = document.createElementNS(ns, "polygon");
    outline.setAttribute("points", shape.points.map(function (p) { return p.join(","); }).join(" "));
  }
  outline.setAttribute("fill", fill);
  outline.setAttribute("stroke", look.colors.ink);
  outline.setAttribute("stroke-width", spec.dashed ? look.stroke.dashed : look.stroke.solid);
  if (spec.dashed) { outline.setAttribute("stroke-dasharray", look.stroke.dash.join(" ")); }
  svg.appendChild(outline);
  if (shape.cross) {
    var cross = document.createElementNS(ns, "path");
    cross.setAttribute("d", shape.cross.map(function (s) {
      return "M" + s[0] + " " + s[1] + " L" + s[2] + " " + s[3];
    }).join(" "));
    cross.setAttribute("stroke", look.colors.ink); cross.setAttribute("stroke-width", look.stroke.cross);
    svg.appendChild(cross);
  }
  if (spec.faded) { svg.setAttribute("opacity", look.faded); }
  return svg;
}

// How country outlines are drawn, on the live map and the standalone page alike.
function bwOutlineStyle() {
  var colors = bwSymbology.colors;
  return {color: colors.border, weight: 0.8, fillColor: colors.land, fillOpacity: 1};
}

// The live map's country outlines, fetched from the dashboard's copy, below everything else.
function bwCountryOutlines(map, url) {
  fetch(url)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var outlines = L.geoJSON(data, {interactive: false, attribution: "Outlines: Natural Earth",
                                      style: bwOutlineStyle()}).addTo(map);
      outlines.bringToBack();
      // A readiness signal for tests and screenshots: the outlines are drawn.
      map.getContainer().dataset.outlines = data.features.length;
    });
}

// The live map's crossings as of one date (geo/present/leaflet.py builds ``data``), with their
// labels, the date caption and the legend, drawn into ``group``, the layer swapped on each date step.
function bwCrossingLayer(map, group, data) {
  // streamlit-folium keeps every layer it ever added in window.feature_group
  // and never empties it; the previous layers are off the map by now.
  window.feature_group = [];
  var state = window.__borderwatch = window.__borderwatch || {};
  (state.controls || []).forEach(function (c) { map.removeControl(c); });
  state.controls = [];
  // The reader's fold or unfold of the legend holds across date steps.
  state.legend = state.legend || {};
  var classes = data.classes, cols = data.crossings;
  function labelOf(i) { return cols.name[i] + " \u00b7 " + classes[cols.cls[i]].text; }
  if (data.canvas) {
    group.addLayer(new (bwCanvasLayer())(cols, classes, labelOf));
  } else {
    var size = 2 * data.half.dom;
    cols.id.forEach(function (id, i) {
      var spec = classes[cols.cls[i]].symbol;
      var icon = L.divIcon({className: "bw-mark", iconSize: [size, size], iconAnchor: [size / 2, size / 2], html: ""});
      // The full state is the hover title; the name is a label placed with the others.
      var marker = L.marker([cols.lat[i], cols.lon[i]], {icon: icon, title: labelOf(i), keyboard: false});
      marker.on("add", function () {
        var el = marker.getElement();
        el.replaceChildren(bwSymbol(spec, size));
        el.setAttribute("data-crossing-id", id);
        el.setAttribute("data-status", spec.status);
        el.setAttribute("data-colors", spec.colors.join(" "));
      });
      marker.addTo(group);
    });
  }
  var caption = L.control({position: "topleft"});
  caption.onAdd = function () {
    var box = L.DomUtil.create("div", "bw-box bw-asof");
    box.textContent = data.caption;
    return box;
  };
  var legend = bwLegendControl(data.legend, state.legend);
  [caption, legend].forEach(function (c) { c.addTo(map); state.controls.push(c); });
  group.addLayer(new (bwLabelLayer())({
    names: cols.name, lat: cols.lat, lon: cols.lon, nameOrder: cols.name_order,
    rank: cols.cls.map(function (c) { return classes[c].rank; }),
    half: data.canvas ? data.half.canvas : data.half.dom, rule: data.rule
  }));
}

// One canvas holding every crossing, redrawn after each move; clicks and hovers find the nearest mark.
function bwCanvasLayer() {
  return L.Layer.extend({
    initialize: function (cols, classes, labelOf) {
      this._cols = cols; this._classes = classes; this._labelOf = labelOf; this._drawn = [];
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "bw-canvas");
      this._canvas.style.position = "absolute";
      this._canvas.style.pointerEvents = "none";
      map.getPanes().markerPane.appendChild(this._canvas);
      map.on("moveend zoomend resize", this._draw, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      this._draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize", this._draw, this);
      map.off("click", this._click, this);
      map.off("mousemove", this._hover, this);
      map.getContainer().removeAttribute("title");
    },
    _draw: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1, c = this._canvas;
      L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var cols = this._cols, drawn = [];
      for (var i = 0; i < cols.id.length; i++) {
        var p = map.latLngToContainerPoint([cols.lat[i], cols.lon[i]]);
        if (p.x < -10 || p.y < -10 || p.x > size.x + 10 || p.y > size.y + 10) { continue; }
        bwPaint(ctx, this._classes[cols.cls[i]].symbol, p.x, p.y, 6);
        drawn.push([p.x, p.y, i]);
      }
      this._drawn = drawn;
      c.dataset.drawn = drawn.length;
    },
    _nearest: function (point) {
      var best = -1, bestDistance = 100;
      this._drawn.forEach(function (d) {
        var dx = d[0] - point.x, dy = d[1] - point.y, distance = dx * dx + dy * dy;
        if (distance < bestDistance) { best = d[2]; bestDistance = distance; }
      });
      return best;
    },
    _click: function (e) {
      var i = this._nearest(e.containerPoint);
      if (i >= 0) { this.fire("click", {latlng: L.latLng(this._cols.lat[i], this._cols.lon[i])}); }
    },
    _hover: function (e) {
      var i = this._nearest(e.containerPoint), container = this._map.getContainer();
      if (i >= 0) { container.title = this._labelOf(i); } else { container.removeAttribute("title"); }
    }
  });
}

// The same symbols on a canvas, for maps with too many crossings for one DOM node each: the
// spec's shapes scaled so that the open circle's radius is ``r`` pixels.
function bwOutline(ctx, status, x, y, r) {
  var shape = bwSymbology.shapes[status], centre = bwSymbology.box / 2;
  var scale = r / bwSymbology.shapes.open.circle[2];
  ctx.beginPath();
  if (shape.circle) { ctx.arc(x, y, shape.circle[2] * scale, 0, 2 * Math.PI); }
  else {
    shape.points.forEach(function (p, i) {
      var px = x + (p[0] - centre) * scale, py = y + (p[1] - centre) * scale;
      if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
    });
  }
  ctx.closePath();
}
function bwPaint(ctx, spec, x, y, r) {
  var look = bwSymbology, shape = look.shapes[spec.status], centre = look.box / 2;
  var scale = r / look.shapes.open.circle[2];
  ctx.save();
  ctx.globalAlpha = spec.faded ? look.faded : 1;
  var n = Math.max(spec.colors.length, 1);
  for (var i = 0; i < n; i++) {
    ctx.save();
    bwOutline(ctx, spec.status, x, y, r);
    ctx.clip();
    ctx.fillStyle = spec.colors[i] || look.colors.blank;
    ctx.fillRect(x - 2 * r + (4 * r * i) / n, y - 2 * r, (4 * r) / n, 4 * r);
    ctx.restore();
  }
  bwOutline(ctx, spec.status, x, y, r);
  ctx.setLineDash(spec.dashed ? look.stroke.dash.map(function (d) { return d * scale; }) : []);
  ctx.lineWidth = look.stroke.solid * scale; ctx.strokeStyle = look.colors.ink; ctx.stroke();
  if (shape.cross) {
    ctx.setLineDash([]);
    ctx.beginPath();
    shape.cross.forEach(function (s) {
      ctx.moveTo(x + (s[0] - centre) * scale, y + (s[1] - centre) * scale);
      ctx.lineTo(x + (s[2] - centre) * scale, y + (s[3] - centre) * scale);
    });
    ctx.stroke();
  }
  ctx.restore();
}
// Leaflet's stylesheet may arrive after the map script has run (the dashboard adds it to the
// page while the map is drawn): until it applies, controls are full-width blocks and every
// measure is wrong.
function bwStyled(map) {
  var pane = map.getContainer().querySelector(".leaflet-pane");
  return !!pane && getComputedStyle(pane).position === "absolute";
}

// The legend, as a control that folds and unfolds. Every label is set as text. ``memory`` keeps
// the reader's choice across date steps; a small map starts with the legend folded.
var bwLegendCount = 0;
function bwLegendControl(entries, memory) {
  var control = L.control({position: "bottomright"});
  control.onAdd = function (map) {
    var box = L.DomUtil.create("div", "bw-box bw-legend");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var button = L.DomUtil.create("button", "bw-legend-toggle", box);
    button.type = "button";
    button.textContent = "Legend";
    // The arrow says folded or not at a glance; aria-expanded says it to a screen reader.
    L.DomUtil.create("span", "bw-chevron", button).setAttribute("aria-hidden", "true");
    var body = L.DomUtil.create("div", "bw-legend-body", box);
    bwLegendCount += 1;
    body.id = "bw-legend-body-" + bwLegendCount;
    button.setAttribute("aria-controls", body.id);
    bwLegendRows(body, entries);
    function show(open) {
      memory.open = open;
      body.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      box.classList.toggle("bw-folded", !open);
    }
    if (memory.open === undefined) {
      var size = map.getSize();
      memory.open = size.x >= 600 && size.y >= 420;
    }
    show(memory.open);
    button.addEventListener("click", function () {
      show(body.hidden);
      // Labels kept clear of the legend find their places again.
      map.fire("bwlegend");
    });
    return box;
  };
  return control;
}

function bwLegendRows(box, entries) {
  var section = null;
  entries.forEach(function (entry) {
    if (entry.section !== section) {
      section = entry.section;
      L.DomUtil.create("div", "bw-legend-title", box).textContent = section;
    }
    var row = L.DomUtil.create("div", "bw-legend-row", box);
    row.appendChild(bwSymbol(entry.symbol, 16));
    var text = document.createElement("span");
    text.textContent = entry.label;
    row.appendChild(text);
    // A split swatch names its colours: which strip is which party.
    (entry.parts || []).forEach(function (part) {
      var line = L.DomUtil.create("div", "bw-legend-part", box);
      var swatch = L.DomUtil.create("span", "bw-swatch", line);
      swatch.style.background = part.color;
      var words = document.createElement("span");
      words.textContent = part.text;
      line.appendChild(words);
    });
  });
}

// Crossing names, placed by the static renderer's rule (geo/labels.py, passed in as ``rule``)
// in screen pixels each time the view settles: every label in turn, by rank then name, takes
// the first spot around its mark that lies inside the map and clear of every mark, every
// control and the labels placed before it. A label with no such spot is hidden, not piled on.
// With more than ``rule.most`` crossings in view, none is named (hover names them).
function bwLabelLayer() {
  return L.Layer.extend({
    // spec: {names, lat, lon, rank, nameOrder, half (a mark's half size in pixels), rule}
    initialize: function (spec) {
      this._spec = spec; this._labels = []; this._sizes = []; this._leaders = []; this._pending = null;
    },
    onAdd: function (map) {
      this._pane = L.DomUtil.create("div", "bw-labels", map.getPanes().markerPane);
      map.on("zoomstart", this._hide, this);
      map.on("zoomend", this._zoomed, this);
      map.on("moveend resize bwlegend", this._schedule, this);
      this._schedule();
    },
    onRemove: function (map) {
      if (this._pending !== null) { window.cancelAnimationFrame(this._pending); this._pending = null; }
      map.off("zoomstart", this._hide, this);
      map.off("zoomend", this._zoomed, this);
      map.off("moveend resize bwlegend", this._schedule, this);
      L.DomUtil.remove(this._pane);
    },
    setRanks: function (rank) { this._spec.rank = rank; this._schedule(); },
    // While the map zooms, marks are scaled by the animation and no measure holds: labels wait for its end.
    _hide: function () {
      this._zooming = true;
      this._pane.style.visibility = "hidden";
      this._map.getContainer().removeAttribute("data-labels");
    },
    _zoomed: function () { this._zooming = false; this._schedule(); },
    _schedule: function () {
      var self = this, tries = 0;
      if (this._pending !== null) { return; }
      function run() {
        self._pending = null;
        if (!self._map || self._zooming) { return; }
        if (!bwStyled(self._map) && tries++ < 600) { self._pending = window.requestAnimationFrame(run); return; }
        self.place();
      }
      this._pending = window.requestAnimationFrame(run);
    },
    _label: function (i) {
      if (!this._labels[i]) {
        var el = document.createElement("span");
        el.className = "bw-label";
        el.textContent = this._spec.names[i];
        el.setAttribute("data-crossing-index", i);
        this._labels[i] = el;
      }
      return this._labels[i];
    },
    _size: function (i) {
      if (!this._sizes[i]) {
        var el = this._label(i);
        el.style.visibility = "hidden";
        this._pane.appendChild(el);
        var r = el.getBoundingClientRect();
        this._sizes[i] = [r.width, r.height];
        el.style.visibility = "";
      }
      return this._sizes[i];
    },
    // The spot ``direction`` at ``distance`` from the point, as geo.labels._candidate does it
    // (that one has y up; the screen has y down, so up and down trade places).
    _candidate: function (p, size, direction, distance) {
      var tx = p.x + direction[0] * distance, ty = p.y - direction[1] * distance, w = size[0], h = size[1];
      var left = direction[2] === "left" ? tx : direction[2] === "right" ? tx - w : tx - w / 2;
      var top = direction[3] === "bottom" ? ty - h : direction[3] === "top" ? ty : ty - h / 2;
      return {left: left, top: top, right: left + w, bottom: top + h, x: tx, y: ty};
    },
    place: function () {
      var map = this._map, spec = this._spec, rule = spec.rule, size = map.getSize();
      var container = map.getContainer(), origin = container.getBoundingClientRect();
      var taken = [], inView = [], points = [];
      Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), function (el) {
        var r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) {
          taken.push({left: r.left - origin.left, top: r.top - origin.top,
                      right: r.right - origin.left, bottom: r.bottom - origin.top});
        }
      });
      var half = spec.half, near = [];
      for (var i = 0; i < spec.names.length; i++) {
        // Rounded as Leaflet rounds a marker's position, so the label's anchor is the mark's centre.
        var p = map.layerPointToContainerPoint(map.latLngToLayerPoint([spec.lat[i], spec.lon[i]]).round());
        points[i] = p;
        if (p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y) { inView.push(i); }
        // A mark whose centre is just outside still shows in part, and no label may cover it.
        if (p.x > -half && p.y > -half && p.x < size.x + half && p.y < size.y + half) { near.push(i); }
      }
      var shown = [];
      if (inView.length <= rule.most) {
        near.forEach(function (i) {
          var p = points[i];
          taken.push({left: p.x - half, top: p.y - half, right: p.x + half, bottom: p.y + half});
        });
        inView.sort(function (a, b) { return spec.rank[a] - spec.rank[b] || spec.nameOrder[a] - spec.nameOrder[b]; });
        var self = this, radius = half + rule.gap;
        inView.forEach(function (i) {
          var box = self._size(i), p = points[i], tries = [];
          rule.directions.forEach(function (d) { tries.push([d, radius, false]); });
          rule.far.forEach(function (k) {
            rule.directions.forEach(function (d) { tries.push([d, radius + k * box[1], true]); });
          });
          for (var t = 0; t < tries.length; t++) {
            var spot = self._candidate(p, box, tries[t][0], tries[t][1]);
            var inside = spot.left >= 0 && spot.top >= 0 && spot.right <= size.x && spot.bottom <= size.y;
            if (inside && !taken.some(function (o) {
              return spot.left < o.right && o.left < spot.right && spot.top < o.bottom && o.top < spot.bottom;
            })) {
              taken.push(spot);
              shown.push([i, spot, tries[t][2]]);
              return;
            }
          }
        });
      }
      this._draw(shown, points);
      // Readiness signals for tests and screenshots: how many names show, at which zoom.
      container.setAttribute("data-labels", String(shown.length));
      container.setAttribute("data-labels-zoom", String(map.getZoom()));
      map.fire("bwlabels");
    },
    _draw: function (shown, points) {
      var map = this._map, pane = this._pane, self = this;
      pane.replaceChildren();
      shown.forEach(function (s) {
        var el = self._label(s[0]), spot = s[1];
        L.DomUtil.setPosition(el, map.containerPointToLayerPoint([spot.left, spot.top]));
        pane.appendChild(el);
        if (s[2]) { pane.appendChild(self._leader(points[s[0]], spot)); }
      });
      pane.style.visibility = "";
    },
    // A thin line from the mark's edge to a label set further out.
    _leader: function (from, spot) {
      var map = this._map, dx = spot.x - from.x, dy = spot.y - from.y;
      var length = Math.sqrt(dx * dx + dy * dy), skip = Math.min(this._spec.half, length);
      var line = L.DomUtil.create("div", "bw-leader");
      var start = map.containerPointToLayerPoint([from.x + dx * skip / length, from.y + dy * skip / length]);
      L.DomUtil.setPosition(line, start);
      line.style.width = Math.max(length - skip, 0) + "px";
      line.style.transform += " rotate(" + Math.atan2(dy, dx) + "rad)";
      return line;
    }
  });
}
