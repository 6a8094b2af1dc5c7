// Every shape and colour comes from bwSymbology (geo/present/symbology.py, put before this
// script), the spec the static maps draw from too: shapes in a 24-unit box, y down. A symbol with
// ``halves`` (its two sides apart) draws side a's shape on the left of the middle and side b's on
// the right, each clipped to its half, with the line between them. A symbol with ``badges`` carries
// its permission marks (geo/present/badges.py) at the box's upper right, then upper left.
// Ids unique in the page, even if this script runs again in it (clip paths and gradients are found by id).
function bwId(prefix) {
  window.__bwIds = (window.__bwIds || 0) + 1;
  return prefix + "-" + window.__bwIds;
}

function bwSymbol(spec, size) {
  var ns = "http://www.w3.org/2000/svg", look = bwSymbology, box = look.box;
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", size); svg.setAttribute("height", size);
  svg.setAttribute("viewBox", "0 0 " + box + " " + box);
  var defs = document.createElementNS(ns, "defs");
  svg.appendChild(defs);
  if (!spec.halves) {
    bwShape(svg, defs, spec, null);
  } else {
    spec.halves.forEach(function (half, i) {
      var clip = document.createElementNS(ns, "clipPath"), rect = document.createElementNS(ns, "rect");
      clip.id = bwId("bw-half");
      rect.setAttribute("x", i * box / 2); rect.setAttribute("y", 0);
      rect.setAttribute("width", box / 2); rect.setAttribute("height", box);
      clip.appendChild(rect); defs.appendChild(clip);
      var group = document.createElementNS(ns, "g");
      group.setAttribute("clip-path", "url(#" + clip.id + ")");
      group.setAttribute("class", "bw-half");
      group.setAttribute("data-side", i ? "b" : "a");
      group.setAttribute("data-status", half.status);
      group.setAttribute("data-colors", half.colors.join(" "));
      bwShape(group, defs, half, i);
      svg.appendChild(group);
    });
    // The line between the halves: each half's own edge along the middle, dashed as its outline is,
    // the solid one drawn last so that it shows where the two meet.
    spec.halves.slice().sort(function (p, q) { return (p.dashed ? 0 : 1) - (q.dashed ? 0 : 1); })
      .forEach(function (half) {
        var span = look.middle[half.status], line = document.createElementNS(ns, "line");
        line.setAttribute("class", "bw-divider");
        line.setAttribute("x1", box / 2); line.setAttribute("x2", box / 2);
        line.setAttribute("y1", span[0]); line.setAttribute("y2", span[1]);
        line.setAttribute("stroke", look.colors.ink);
        line.setAttribute("stroke-width", half.dashed ? look.stroke.dashed : look.stroke.solid);
        if (half.dashed) { line.setAttribute("stroke-dasharray", look.stroke.dash.join(" ")); }
        svg.appendChild(line);
      });
  }
  // A stale symbol fades as a whole; one with badges part by part, so that its badges, added after, stay as they are.
  if (spec.faded && !spec.badges) { svg.setAttribute("opacity", look.faded); }
  if (spec.faded && spec.badges) {
    Array.prototype.forEach.call(svg.children, function (part) {
      if (part !== defs) { part.setAttribute("opacity", look.faded); }
    });
  }
  (spec.badges || []).forEach(function (kind, i) {
    bwBadge(svg, kind, look.badge.spots[i][0], look.badge.spots[i][1], 1);
  });
  return svg;
}

// One permission badge into ``parent``, centred at (x, y) in box units and ``scale`` times its own
// size: a white halo, the disc (ink, or white with a dashed ink ring) and its glyph in the other colour.
function bwBadge(parent, kind, x, y, scale) {
  var ns = "http://www.w3.org/2000/svg", look = bwSymbology, badge = look.badge, kindLook = badge.looks[kind];
  var colors = look.colors, ink = kindLook.fill === "ink";
  var group = document.createElementNS(ns, "g");
  group.setAttribute("class", "bw-badge");
  group.setAttribute("data-badge", kind);
  group.setAttribute("transform", "translate(" + x + " " + y + ") scale(" + scale + ")");
  var halo = document.createElementNS(ns, "circle");
  halo.setAttribute("r", badge.radius + badge.halo);
  halo.setAttribute("fill", colors.blank);
  var disc = document.createElementNS(ns, "circle");
  disc.setAttribute("class", "bw-badge-disc");
  disc.setAttribute("r", badge.radius);
  disc.setAttribute("fill", ink ? colors.ink : colors.blank);
  if (kindLook.dashed) {
    disc.setAttribute("stroke", colors.ink);
    disc.setAttribute("stroke-width", badge.stroke.ring);
    disc.setAttribute("stroke-dasharray", badge.stroke.dash.join(" "));
  }
  var glyph = document.createElementNS(ns, "polyline");
  glyph.setAttribute("points", badge.glyphs[kindLook.glyph].map(function (p) { return p.join(","); }).join(" "));
  glyph.setAttribute("fill", "none");
  glyph.setAttribute("stroke", ink ? colors.blank : colors.ink);
  glyph.setAttribute("stroke-width", badge.stroke.glyph);
  glyph.setAttribute("stroke-linecap", "round");
  glyph.setAttribute("stroke-linejoin", "round");
  group.append(halo, disc, glyph);
  parent.appendChild(group);
}

// A badge alone, filling a ``size`` pixel square: the legend's swatch for a permission mark.
function bwBadgeIcon(kind, size) {
  var ns = "http://www.w3.org/2000/svg", badge = bwSymbology.badge, reach = badge.radius + badge.halo;
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", size); svg.setAttribute("height", size);
  svg.setAttribute("viewBox", [-reach, -reach, 2 * reach, 2 * reach].join(" "));
  bwBadge(svg, kind, 0, 0, 1);
  return svg;
}

// One status shape with its fill (strips when contested) and outline, into ``parent``. In a half
// (``half`` 0 left, 1 right) the strips are laid across that half of the shape only.
function bwShape(parent, defs, spec, half) {
  var ns = "http://www.w3.org/2000/svg", look = bwSymbology, shape = look.shapes[spec.status];
  var fill = spec.colors.length ? spec.colors[0] : look.colors.blank;
  if (spec.colors.length > 1) {
    var grad = document.createElementNS(ns, "linearGradient");
    grad.id = bwId("bw-split");
    if (half !== null) {
      var ends = look.extent[spec.status], middle = look.box / 2;
      grad.setAttribute("gradientUnits", "userSpaceOnUse");
      grad.setAttribute("x1", half ? middle : ends[0]); grad.setAttribute("x2", half ? ends[1] : middle);
      grad.setAttribute("y1", 0); grad.setAttribute("y2", 0);
    }
    var n = spec.colors.length;
    spec.colors.forEach(function (c, i) {
      [i / n, (i + 1) / n].forEach(function (at) {
        var stop = document.createElementNS(ns, "stop");
        stop.setAttribute("offset", at); stop.setAttribute("stop-color", c);
        grad.appendChild(stop);
      });
    });
    defs.appendChild(grad);
    fill = "url(#" + grad.id + ")";
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
  parent.appendChild(outline);
  if (shape.cross) {
    var cross = document.createElementNS(ns, "path");
    cross.setAttribute("d", shape.cross.map(function (s) {
      return "M" + s[0] + " " + s[1] + " L" + s[2] + " " + s[3];
    }).join(" "));
    cross.setAttribute("stroke", look.colors.ink); cross.setAttribute("stroke-width", look.stroke.cross);
    parent.appendChild(cross);
  }
}

// How country outlines are drawn, on the live map and the standalone page alike.
function bwOutlineStyle() {
  var colors = bwSymbology.colors;
  return {color: colors.border, weight: 0.8, fillColor: colors.land, fillOpacity: 1};
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
    row.appendChild(entry.badge ? bwBadgeIcon(entry.badge, 16) : bwSymbol(entry.symbol, 16));
    var text = document.createElement("span");
    text.textContent = entry.label;
    row.appendChild(text);
    // A split swatch names its colours: which strip is which party; a split symbol's, which half is which side.
    (entry.parts || []).forEach(function (part) {
      var line = L.DomUtil.create("div", "bw-legend-part", box);
      if (part.color) { L.DomUtil.create("span", "bw-swatch", line).style.background = part.color; }
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
// With ``gather`` (pixels, on the map of every region), marks that would touch first gather into one
// numbered disc (bwGather), which zooms in to them when clicked; a gathered mark is hidden and unnamed.
function bwLabelLayer() {
  return L.Layer.extend({
    // spec: {names, lat, lon, rank, nameOrder, half (a mark's half size in pixels), rule, ids, gather}
    initialize: function (spec) {
      this._spec = spec; this._labels = []; this._sizes = []; this._leaders = []; this._pending = null;
    },
    onAdd: function (map) {
      this._discs = L.DomUtil.create("div", "bw-gathered", map.getPanes().markerPane);
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
      L.DomUtil.remove(this._discs);
    },
    setRanks: function (rank) { this._spec.rank = rank; this._schedule(); },
    // While the map zooms, marks are scaled by the animation and no measure holds: labels wait for its end.
    _hide: function () {
      this._zooming = true;
      this._pane.style.visibility = "hidden";
      this._discs.style.visibility = "hidden";
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
      var half = spec.half, near = [], i;
      for (i = 0; i < spec.names.length; i++) {
        // Rounded as Leaflet rounds a marker's position, so the label's anchor is the mark's centre.
        points[i] = map.layerPointToContainerPoint(map.latLngToLayerPoint([spec.lat[i], spec.lon[i]]).round());
      }
      var hidden = spec.gather ? this._gather(points, taken) : {};
      for (i = 0; i < spec.names.length; i++) {
        var p = points[i];
        if (hidden[i]) { continue; }
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
    // Gather the marks that would touch into numbered discs, each disc taking its space in ``taken``;
    // return the gathered marks' indexes, which are hidden.
    _gather: function (points, taken) {
      var spec = this._spec, map = this._map, reach = spec.gather, self = this;
      var order = spec.names.map(function (_, k) { return k; }).sort(function (a, b) {
        return spec.rank[a] - spec.rank[b] || spec.nameOrder[a] - spec.nameOrder[b];
      });
      var group = {}, groups = [];
      order.forEach(function (first) {
        if (group[first] !== undefined) { return; }
        // Every mark within reach of any member joins, so no mark is left touching a disc.
        var members = [first];
        group[first] = groups.length;
        for (var m = 0; m < members.length; m++) {
          var at = points[members[m]];
          order.forEach(function (k) {
            if (group[k] === undefined && Math.abs(points[k].x - at.x) < reach && Math.abs(points[k].y - at.y) < reach) {
              group[k] = groups.length;
              members.push(k);
            }
          });
        }
        groups.push(members);
      });
      var marks = {}, hidden = {}, drawn = 0;
      Array.prototype.forEach.call(map.getContainer().querySelectorAll(".bw-mark[data-crossing-id]"), function (el) {
        marks[el.getAttribute("data-crossing-id")] = el;
      });
      this._discs.replaceChildren();
      groups.forEach(function (members) {
        var many = members.length > 1;
        members.forEach(function (k) {
          hidden[k] = many;
          var el = marks[spec.ids[k]];
          if (el) { el.style.visibility = many ? "hidden" : ""; }
        });
        if (many) {
          taken.push(self._disc(members, points));
          drawn += 1;
        }
      });
      this._discs.style.visibility = "";
      // A readiness signal for tests and screenshots: how many discs show.
      map.getContainer().setAttribute("data-gathered", String(drawn));
      return hidden;
    },
    // One numbered disc for ``members``, at their middle: clicked, the map zooms in to them.
    _disc: function (members, points) {
      var spec = this._spec, map = this._map, x = 0, y = 0;
      members.forEach(function (k) { x += points[k].x; y += points[k].y; });
      x /= members.length; y /= members.length;
      var names = members.map(function (k) { return spec.names[k]; }).sort();
      var disc = L.DomUtil.create("button", "bw-gathered-disc", this._discs);
      disc.type = "button";
      disc.textContent = String(members.length);
      disc.title = members.length + " crossings: " + names.join(", ") + ". Click to zoom in.";
      disc.setAttribute("aria-label", disc.title);
      disc.setAttribute("data-crossing-ids", members.map(function (k) { return spec.ids[k]; }).join(" "));
      var r = spec.half;
      L.DomUtil.setPosition(disc, map.containerPointToLayerPoint([Math.round(x - r), Math.round(y - r)]));
      L.DomEvent.disableClickPropagation(disc);
      L.DomEvent.on(disc, "click", function () {
        var bounds = L.latLngBounds(members.map(function (k) { return [spec.lat[k], spec.lon[k]]; }));
        map.flyToBounds(bounds, {padding: [80, 80], maxZoom: 12, duration: 0.6});
      });
      return {left: x - r, top: y - r, right: x + r, bottom: y + r};
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
