/* The report form's map picker: click to place the report; typed coordinates move the marker. A form that
   came back with problems puts the focus on their summary, so it is read first. */
(function () {
  "use strict";
  const summary = document.getElementById("form-error");
  if (summary) summary.focus();
  const el = document.getElementById("picker");
  if (!el) return;
  const cfg = JSON.parse(el.dataset.config);
  const form = document.getElementById("report-form");
  const lat = form.elements.lat, lon = form.elements.lon;
  const map = L.map(el, { minZoom: 2, maxZoom: 16 });
  map.attributionControl.setPrefix(false);
  window.Truceline.basemap(map, cfg);
  let marker = null;
  function place(latlng, pan) {
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng, { keyboard: false }).addTo(map);
    if (pan) map.setView(latlng, Math.max(map.getZoom(), 8));
  }
  const start = [parseFloat(lat.value), parseFloat(lon.value)];
  if (Number.isFinite(start[0]) && Number.isFinite(start[1])) {
    map.setView(start, 9);
    place(start, false);
  } else {
    map.setView([35.0, 38.5], 6);
  }
  map.on("click", (e) => {
    lat.value = e.latlng.lat.toFixed(5);
    lon.value = e.latlng.lng.toFixed(5);
    place(e.latlng, false);
  });
  function typed() {
    const p = [parseFloat(lat.value), parseFloat(lon.value)];
    if (Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 180) place(p, true);
  }
  lat.addEventListener("change", typed);
  lon.addEventListener("change", typed);
  el.trucelinePicker = map;  // for tests driving the page
})();
