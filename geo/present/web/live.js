// The dashboard's live map (geo/present/leaflet.py): outlines from the dashboard's copy, and the
// crossing layer swapped on each date step. Drawing comes from map.js, loaded before this.
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
  // Each distinct state names its symbol and words by their place in tables written once; a split
  // symbol names its halves by their places in the same table.
  var symbols = data.symbols.map(function (s) {
    return s.halves ? Object.assign({}, s, {halves: s.halves.map(function (h) { return data.symbols[h]; })}) : s;
  });
  var classes = data.classes.map(function (c) {
    return {symbol: symbols[c[0]], text: data.texts[c[1]], rank: c[2]};
  });
  var cols = data.crossings;
  // A crossing's permission travels apart from its class (geo/present/leaflet.py), and is said last.
  function labelOf(i) {
    var permit = cols.permit ? data.permits[cols.permit[i]] : "";
    return cols.name[i] + " \u00b7 " + classes[cols.cls[i]].text + (permit ? " \u00b7 " + permit : "");
  }
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
        if (spec.badges) { el.setAttribute("data-permission", spec.badges.join(" ")); }
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
    half: data.canvas ? data.half.canvas : data.half.dom, rule: data.rule,
    // Gathering hides marks drawn one element each; a canvas paints its small marks as they are.
    ids: cols.id, gather: data.canvas ? 0 : data.gather
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
// A symbol with ``halves`` paints each side's shape clipped to its half, then the line between them.
function bwPaint(ctx, spec, x, y, r) {
  var look = bwSymbology, scale = r / look.shapes.open.circle[2], centre = look.box / 2;
  ctx.save();
  ctx.globalAlpha = spec.faded ? look.faded : 1;
  if (!spec.halves) {
    bwPaintShape(ctx, spec, x, y, r, null);
  } else {
    spec.halves.forEach(function (half, i) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(i ? x : x - 2 * r, y - 2 * r, 2 * r, 4 * r);
      ctx.clip();
      bwPaintShape(ctx, half, x, y, r, i);
      ctx.restore();
    });
    spec.halves.slice().sort(function (p, q) { return (p.dashed ? 0 : 1) - (q.dashed ? 0 : 1); })
      .forEach(function (half) {
        var span = look.middle[half.status];
        ctx.beginPath();
        ctx.moveTo(x, y + (span[0] - centre) * scale);
        ctx.lineTo(x, y + (span[1] - centre) * scale);
        ctx.setLineDash(half.dashed ? look.stroke.dash.map(function (d) { return d * scale; }) : []);
        ctx.lineWidth = look.stroke.solid * scale; ctx.strokeStyle = look.colors.ink; ctx.stroke();
      });
  }
  // Badges are never faded with a stale symbol.
  ctx.globalAlpha = 1;
  (spec.badges || []).forEach(function (kind, i) {
    var spot = look.badge.spots[i];
    bwPaintBadge(ctx, kind, x + (spot[0] - centre) * scale, y + (spot[1] - centre) * scale, scale);
  });
  ctx.restore();
}
// A permission badge (map.js's bwBadge) on the canvas, centred at (x, y), ``scale`` pixels a box unit.
function bwPaintBadge(ctx, kind, x, y, scale) {
  var look = bwSymbology, badge = look.badge, kindLook = badge.looks[kind], ink = kindLook.fill === "ink";
  ctx.save();
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.arc(x, y, (badge.radius + badge.halo) * scale, 0, 2 * Math.PI);
  ctx.fillStyle = look.colors.blank; ctx.fill();
  ctx.beginPath();
  ctx.arc(x, y, badge.radius * scale, 0, 2 * Math.PI);
  ctx.fillStyle = ink ? look.colors.ink : look.colors.blank; ctx.fill();
  if (kindLook.dashed) {
    ctx.setLineDash(badge.stroke.dash.map(function (d) { return d * scale; }));
    ctx.lineWidth = badge.stroke.ring * scale; ctx.strokeStyle = look.colors.ink; ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.beginPath();
  badge.glyphs[kindLook.glyph].forEach(function (p, k) {
    if (k === 0) { ctx.moveTo(x + p[0] * scale, y + p[1] * scale); } else { ctx.lineTo(x + p[0] * scale, y + p[1] * scale); }
  });
  ctx.lineCap = "round"; ctx.lineJoin = "round";
  ctx.lineWidth = badge.stroke.glyph * scale; ctx.strokeStyle = ink ? look.colors.blank : look.colors.ink; ctx.stroke();
  ctx.restore();
}
// One status shape, its strips laid across the whole shape or (``half`` 0 left, 1 right) across that half.
function bwPaintShape(ctx, spec, x, y, r, half) {
  var look = bwSymbology, shape = look.shapes[spec.status], centre = look.box / 2;
  var scale = r / look.shapes.open.circle[2];
  var n = Math.max(spec.colors.length, 1), west = x - 2 * r, width = 4 * r;
  if (half !== null) {
    var ends = look.extent[spec.status];
    west = half ? x : x + (ends[0] - centre) * scale;
    width = half ? (ends[1] - centre) * scale : x - west;
  }
  for (var i = 0; i < n; i++) {
    ctx.save();
    bwOutline(ctx, spec.status, x, y, r);
    ctx.clip();
    ctx.fillStyle = spec.colors[i] || look.colors.blank;
    // The outermost strips reach past the shape, so no edge is left unpainted.
    var left = i === 0 ? x - 2 * r : west + (width * i) / n;
    var right = i === n - 1 ? x + 2 * r : west + (width * (i + 1)) / n;
    ctx.fillRect(left, y - 2 * r, right - left, 4 * r);
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
}
