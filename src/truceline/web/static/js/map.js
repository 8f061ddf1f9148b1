/* The map: packaged boundaries (no network), zones coloured by status on the day shown, posts by
   lifecycle state, incidents clustered and coloured by grade. Everything comes from this server:
   zones and posts from /api/v1/zones and /api/v1/posts (as released to the reader), incidents from
   /api/v1/incidents with the filters of the form. */
(function () {
  "use strict";
  const el = document.getElementById("map");
  const cfg = JSON.parse(el.dataset.config);
  const form = document.getElementById("filters");
  const status = document.getElementById("status");
  const map = L.map(el, { zoomControl: true, preferCanvas: true, attributionControl: true, minZoom: 2, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  if (cfg.bounds) {
    map.fitBounds([[cfg.bounds[1], cfg.bounds[0]], [cfg.bounds[3], cfg.bounds[2]]]);
  } else {
    map.setView([20, 0], 2);
  }
  window.Truceline.basemap(map, cfg);

  const zones = L.geoJSON(null, {
    style: (f) => ({ color: cfg.colours.zone[f.properties.status] || "#555", weight: 2, fillOpacity: 0.15 }),
    onEachFeature: (f, layer) => layer.bindPopup(
      `<strong>${esc(f.properties.name)}</strong><br>${esc(cfg.labels.status)}: ${esc(val("zone_status", f.properties.status))}` +
      `<br>${esc(f.properties.valid_from)} – ${esc(f.properties.valid_until || "…")}`),
  }).addTo(map);
  const posts = L.geoJSON(null, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 6, weight: 2, color: "#222", fillOpacity: 0.9,
      fillColor: cfg.colours.post[f.properties.state] || "#999" }),
    onEachFeature: (f, layer) => layer.bindPopup(
      `<strong>${esc(f.properties.name)}</strong><br>${esc(cfg.labels.state)}: ${esc(f.properties.state ? val("post_state", f.properties.state) : "—")}`),
  }).addTo(map);
  const incidents = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 }).addTo(map);
  el.trucelineLayers = { map, zones, posts, incidents };  // for scripts and tests driving the page

  function val(kind, value) {  // an enum value as the catalog names it (cfg.labels.values)
    const names = (cfg.labels.values || {})[kind] || {};
    return names[value] || String(value == null ? "—" : value).replace(/_/g, " ");
  }

  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  function counted(n, forms) {  // "{n} zones" in the plural form the page's language uses for n
    return (forms[plural.select(n)] || forms.other || "{n}").replace("{n}", n);
  }

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function dayShown() {
    const from = new Date(form.elements.from.value + "T00:00:00Z");
    const day = new Date(from.getTime() + Number(form.elements.day.value) * 86400000);
    return day.toISOString().slice(0, 10);
  }

  function legend() {
    const items = [];
    for (const [k, v] of Object.entries(cfg.colours.zone)) items.push(`<li><span class="swatch" style="background:${v}"></span>${esc(cfg.labels.zone)}: ${esc(val("zone_status", k))}</li>`);
    for (const [k, v] of Object.entries(cfg.colours.post)) items.push(`<li><span class="dot" style="background:${v}"></span>${esc(cfg.labels.post)}: ${esc(val("post_state", k))}</li>`);
    for (const [k, v] of Object.entries(cfg.colours.grade)) items.push(`<li><span class="dot" style="background:${v}"></span>${esc(cfg.labels.incident)}: ${esc(val("grade", k))}</li>`);
    document.getElementById("legend").innerHTML = items.join("");
  }

  async function loadRegisters(day) {
    const [z, p] = await Promise.all([
      // the API, not /ogc: it answers each reader with what is released to them (staff and liaisons see
      // zones and posts that are not public; anonymous readers the public ones, as /ogc does)
      fetch(`/api/v1/zones?at=${day}&limit=${cfg.page}`).then((r) => r.json()),
      fetch(`/api/v1/posts?at=${day}&limit=${cfg.page}`).then((r) => r.json()),
    ]);
    zones.clearLayers().addData((z.features || []).filter((f) => f.geometry));
    posts.clearLayers().addData(p.features || []);
    return [z.count || 0, p.count || 0];
  }

  async function loadIncidents() {
    const params = new URLSearchParams();
    params.set("from", form.elements.from.value);
    params.set("to", dayShown() + "T23:59:59Z");
    for (const name of ["zone", "type", "party", "grade", "scope"]) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    }
    const markers = [], shown = [];
    let offset = 0, count = 0;
    do {
      params.set("limit", cfg.page);
      params.set("offset", offset);
      const r = await fetch(`/api/v1/incidents?${params}`);
      if (!r.ok) throw new Error((await r.json()).error || r.statusText);
      const body = await r.json();
      count = body.count;
      for (const i of body.data) {
        const colour = cfg.colours.grade[i.grade || "ungraded"];
        const m = L.circleMarker([i.lat, i.lon], { radius: 7, color: "#333", weight: 1, fillColor: colour, fillOpacity: 0.9,
                                                   incidentId: i.id });
        m.bindPopup(`<a href="/incidents/${i.id}"><strong>${esc(val("event_type", i.event_type))}</strong></a>` +
          `<br>${esc(i.start.slice(0, 16).replace("T", " "))}<br>${esc(cfg.labels.grade)}: ${esc(i.grade ? val("grade", i.grade) : "—")}` +
          `<br>${esc(cfg.labels.scope)}: ${esc(i.scope ? val("scope", i.scope.scope) : "—")}`);
        markers.push(m);
        shown.push(i);
      }
      offset += body.data.length;
    } while (offset < count && offset < cfg.max_incidents);
    incidents.clearLayers();
    incidents.addLayers(markers);
    listIncidents(shown, count);
    return count;
  }

  /* The incidents on the map as a list of links, for the keyboard and screen readers (markers on a canvas
     take no focus): earliest first, the first LIST_MAX of them. */
  const LIST_MAX = 500;
  function listIncidents(shown, count) {
    const list = document.getElementById("incident-list");
    if (!list) return;
    const rows = shown.slice().sort((a, b) => a.start.localeCompare(b.start)).slice(0, LIST_MAX);
    list.innerHTML = rows.map((i) =>
      `<li><a href="/incidents/${i.id}"><span dir="ltr">${esc(i.start.slice(0, 16).replace("T", " "))}</span> · ` +
      `${esc(val("event_type", i.event_type))} · ${esc(i.grade ? val("grade", i.grade) : val("grade", "ungraded"))}</a></li>`).join("");
    document.getElementById("incident-list-count").textContent = counted(count, cfg.labels.incidents);
    const more = document.getElementById("incident-list-more");
    more.hidden = count <= rows.length;
    more.textContent = more.hidden ? "" : cfg.labels.list_more.replace("{shown}", rows.length).replace("{count}", count);
  }

  let pending = 0;
  async function refresh() {
    const ticket = ++pending;
    const day = dayShown();
    document.getElementById("day-shown").value = day;
    status.textContent = cfg.labels.loading;
    try {
      const [nz, np] = await loadRegisters(day);
      const ni = await loadIncidents();
      if (ticket === pending) {
        status.textContent = `${day}: ${counted(nz, cfg.labels.zones)}, ${counted(np, cfg.labels.posts)}, ` +
          `${counted(ni, cfg.labels.incidents)}`;
        el.dataset.loaded = "true";
      }
    } catch (err) {
      status.textContent = `${cfg.labels.error}: ${err.message}`;
    }
  }

  form.addEventListener("change", (ev) => {
    if (ev.target.name === "from" || ev.target.name === "to") {
      const span = Math.max(0, Math.round((new Date(form.elements.to.value) - new Date(form.elements.from.value)) / 86400000));
      form.elements.day.max = span;
      form.elements.day.value = span;
    }
    refresh();
  });
  form.elements.day.addEventListener("input", () => { document.getElementById("day-shown").value = dayShown(); });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
  legend();
  refresh();
})();
