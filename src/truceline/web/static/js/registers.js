/* Register pages: "Add a row" in list fields, read-only maps of zones and posts, the boundary editor
   (Leaflet-Geoman: draw, edit, drag, delete polygons; the result goes into the form's "geometry" field as
   GeoJSON) and the post picker (a click on the map fills latitude and longitude). Everything is served by
   this server; without scripts the forms still work (typed coordinates, pasted GeoJSON, a file). */
(function () {
  "use strict";

  // --- rows: clone the row template with the next index ---------------------------------------------
  document.querySelectorAll("fieldset[data-rows]").forEach((set) => {
    const button = set.querySelector(".add-row");
    const template = set.querySelector("template");
    const list = set.querySelector(".row-list");
    if (!button || !template || !list) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = list.children.length;
      const li = document.createElement("li");
      li.className = "row";
      li.innerHTML = template.innerHTML.replaceAll("__i__", String(index));
      list.appendChild(li);
      const first = li.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });

  // --- maps -----------------------------------------------------------------------------------------
  if (typeof L === "undefined") return;

  function basemap(map, cfg) {
    map.createPane("basemap").style.zIndex = 200;
    const topo = (url, style) => fetch(url).then((r) => r.json()).then((doc) => {
      const name = Object.keys(doc.objects)[0];
      L.geoJSON(topojson.feature(doc, doc.objects[name]),
        { pane: "basemap", style: style, interactive: false, pmIgnore: true }).addTo(map);
    });
    topo(cfg.basemap.countries, { color: "#8a8f98", weight: 1, fillColor: "#eef0f2", fillOpacity: 1 });
    (cfg.basemap.admin1 || []).forEach((url) => topo(url, { color: "#a9adb4", weight: 0.6, dashArray: "3 3", fill: false }));
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(cfg.basemap.attribution);
  }

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  function counted(n, forms) {  // "{n} polygons drawn" in the plural form the page's language uses for n
    return (forms[plural.select(n)] || forms.other || "{n}").replace("{n}", n);
  }

  function named(cfg, kind, value) {  // a zone's status or a post's state as the catalog names it
    return ((cfg.labels || {})[kind] || {})[value] || value || "";
  }

  function features(cfg, options) {
    return L.geoJSON(cfg.features, {
      pmIgnore: true,
      style: (f) => (f.geometry.type === "Point" ? {} : {
        color: cfg.colours.zone[f.properties.status] || "#555", weight: 2,
        fillOpacity: options.reference ? 0.04 : 0.18, dashArray: options.reference ? "5 4" : null }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 7, weight: 2, color: "#222", fillOpacity: 0.95,
        fillColor: cfg.colours.post[f.properties.state] || "#999", pmIgnore: true }),
      onEachFeature: (f, layer) => {
        const p = f.properties || {};
        if (p.name && options.popups) layer.bindPopup(`<a href="${esc(p.url)}"><strong>${esc(p.name)}</strong></a>` +
          `<br>${esc(p.status ? named(cfg, "zone_status", p.status) : named(cfg, "post_state", p.state))}${p.valid_from ? " · " + esc(p.valid_from) + " – " + esc(p.valid_until || "…") : ""}`);
      },
    });
  }

  function fit(map, layer, fallback) {
    const bounds = layer && layer.getLayers().length ? layer.getBounds() : null;
    if (bounds && bounds.isValid()) map.fitBounds(bounds.pad(0.15), { maxZoom: 12 });
    else map.setView(fallback || [35, 38], fallback ? 10 : 6);
  }

  document.querySelectorAll(".register-map").forEach((el) => {
    const cfg = JSON.parse(el.dataset.config);
    cfg.labels = JSON.parse(el.dataset.labels || "{}");
    const map = L.map(el, { minZoom: 2, maxZoom: 18 });
    basemap(map, cfg);
    const shown = features(cfg, { reference: Boolean(cfg.reference), popups: !cfg.pick && !cfg.draw }).addTo(map);
    el.trucelineMap = map;
    if (cfg.draw) editor(el, map, shown);
    else if (cfg.pick) picker(el, map, shown);
    else fit(map, shown);
    el.dataset.ready = "true";
  });

  // --- the boundary editor ----------------------------------------------------------------------------
  function editor(el, map, reference) {
    const form = el.closest("form");
    const field = form.querySelector("textarea[name=geometry]");
    const status = form.querySelector("#draw-status");
    const drawn = L.featureGroup().addTo(map);
    const style = { color: "#1f4e79", weight: 3, fillOpacity: 0.2 };

    function load(text) {
      drawn.clearLayers();
      if (!text || !text.trim()) return;
      try {
        L.geoJSON(JSON.parse(text), { style: style }).eachLayer((layer) => drawn.addLayer(layer));
      } catch (err) {
        status.textContent = err.message;
      }
    }

    function save() {
      const polygons = [];
      drawn.eachLayer((layer) => {
        if (!(layer instanceof L.Polygon)) return;
        const g = layer.toGeoJSON(15).geometry;
        if (g.type === "Polygon") polygons.push(g.coordinates);
        else if (g.type === "MultiPolygon") polygons.push(...g.coordinates);
      });
      if (!polygons.length) field.value = "";
      else if (polygons.length === 1) field.value = JSON.stringify({ type: "Polygon", coordinates: polygons[0] });
      else field.value = JSON.stringify({ type: "MultiPolygon", coordinates: polygons });
      status.textContent = polygons.length ? counted(polygons.length, JSON.parse(status.dataset.drawn)) : "";
      el.dataset.polygons = String(polygons.length);
    }

    load(field.value);
    map.pm.addControls({ position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
      drawCircle: false, drawText: false, drawRectangle: true, drawPolygon: true, cutPolygon: true,
      rotateMode: false, editMode: true, dragMode: true, removalMode: true });
    map.pm.setPathOptions(style);
    map.on("pm:create", (e) => { drawn.addLayer(e.layer); watch(e.layer); save(); });
    map.on("pm:remove", (e) => { drawn.removeLayer(e.layer); save(); });
    map.on("pm:cut", (e) => { drawn.removeLayer(e.originalLayer); drawn.addLayer(e.layer); watch(e.layer); save(); });
    function watch(layer) { layer.on("pm:edit pm:dragend", save); }
    drawn.eachLayer(watch);
    field.addEventListener("change", () => { load(field.value); drawn.eachLayer(watch); fit(map, drawn); });
    const file = form.querySelector("input[name=boundary_file]");
    if (file) file.addEventListener("change", () => { if (file.files.length) status.textContent = status.dataset.file; });
    el.trucelineEditor = { drawn, save, load };
    const both = L.featureGroup([...drawn.getLayers(), ...reference.getLayers()]);
    fit(map, both);
    save();
  }

  // --- the post picker --------------------------------------------------------------------------------
  function picker(el, map, zones) {
    const form = el.closest("form");
    const lat = form.querySelector("input[name='location.lat']");
    const lon = form.querySelector("input[name='location.lon']");
    let marker = null;
    function place(latlng, fromMap) {
      if (!marker) marker = L.circleMarker(latlng, { radius: 8, color: "#222", weight: 2, fillColor: "#f2a900", fillOpacity: 1 }).addTo(map);
      marker.setLatLng(latlng);
      if (fromMap) { lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6); }
    }
    function typed() {
      const a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (Number.isFinite(a) && Number.isFinite(b)) { place(L.latLng(a, b), false); return true; }
      return false;
    }
    map.on("click", (e) => place(e.latlng, true));
    zones.eachLayer((layer) => layer.on("click", (e) => { place(e.latlng, true); L.DomEvent.stop(e); }));
    lat.addEventListener("change", typed);
    lon.addEventListener("change", typed);
    if (typed()) map.setView(marker.getLatLng(), 10);
    else fit(map, zones);
  }
})();
