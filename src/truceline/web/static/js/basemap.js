/* The offline background every map of the application shares: packaged country outlines and admin-1
   boundaries as TopoJSON from this server, or a tile server when the instance sets one. */
window.Truceline = window.Truceline || {};
window.Truceline.basemap = function (map, cfg) {
  "use strict";
  if (!map.getPane("basemap")) map.createPane("basemap").style.zIndex = 200;
  if (cfg.tile_url) {
    L.tileLayer(cfg.tile_url, { maxZoom: 18, attribution: cfg.tile_attribution || "" }).addTo(map);
  }
  function topo(url, style, attribution) {
    return fetch(url).then((r) => r.json()).then((doc) => {
      const name = Object.keys(doc.objects)[0];
      const layer = L.geoJSON(topojson.feature(doc, doc.objects[name]),
        { pane: "basemap", style: style, interactive: false, attribution: attribution });
      layer.addTo(map);
      return layer;
    });
  }
  const layers = [topo(cfg.basemap.countries, { color: "#8a8f98", weight: 1, fillColor: "#eef0f2", fillOpacity: 1 },
                       cfg.basemap.attribution)];
  (cfg.basemap.admin1 || []).forEach((url) =>
    layers.push(topo(url, { color: "#a9adb4", weight: 0.6, dashArray: "3 3", fill: false })));
  return Promise.all(layers);
};
