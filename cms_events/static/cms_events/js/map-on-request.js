/* "Show on the map": the link opens the venue's map page. With this script, a click opens
   the map in place instead, in a frame from this site; nothing is loaded from another host
   before that click (cms_events/finding/maps.py). */
(function () {
    "use strict";

    function openMap(box, link) {
        var frame = document.createElement("iframe");
        frame.className = "venue-map__frame";
        frame.title = box.dataset.frameTitle;
        frame.src = box.dataset.embedUrl;
        box.appendChild(frame);
        link.hidden = true;
        frame.focus();
    }

    document.querySelectorAll("[data-venue-map]").forEach(function (box) {
        var link = box.querySelector(".venue-map__show");
        if (!link) {
            return;
        }
        link.addEventListener("click", function (event) {
            // A new tab or window opens the map page itself.
            if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
                return;
            }
            event.preventDefault();
            openMap(box, link);
        });
    });
})();
