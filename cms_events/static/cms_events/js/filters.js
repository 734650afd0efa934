/* The filters of an index are open, so they work without this script. On a narrow screen
   they would push the list far down: there they start closed, the summary saying how many
   filters are chosen, and they open again when the screen becomes wide. */
(function () {
    "use strict";
    var narrow = window.matchMedia("(max-width: 40rem)");
    var details = document.querySelectorAll(".event-filters__details[data-close-on-narrow]");

    function fit() {
        details.forEach(function (element) {
            element.open = !narrow.matches;
        });
    }

    fit();
    narrow.addEventListener("change", fit);
})();
