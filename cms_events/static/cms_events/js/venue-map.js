/* The venue's map: Leaflet (served by this site) with tiles from the host of
   CMS_EVENTS_MAP_TILES, which the map's Content Security Policy allows. The credit for the
   tiles is in the page itself, next to the map. */
(function () {
    "use strict";
    var element = document.getElementById("venue-map");
    if (!element || !window.L) {
        return;
    }
    var data = element.dataset;
    var point = [parseFloat(data.lat), parseFloat(data.lng)];
    var maxZoom = parseInt(data.maxZoom, 10);
    var map = L.map(element, { zoomControl: false, attributionControl: false });
    map.setView(point, Math.min(17, maxZoom));
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    L.tileLayer(data.tiles, { maxZoom: maxZoom }).addTo(map);
    L.marker(point, { alt: data.marker, interactive: false, keyboard: false }).addTo(map);
})();
