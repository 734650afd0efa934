/* The series preview in the page editor follows the form as the editor types. Without this
   script the panel shows the saved version; with it, 300 ms after the last change of a field
   that makes the series (start, end, the rule, the dates that differ), the admin renders the
   panel's fragment from the unsaved fields and it takes the place of the old one. The panel is
   a polite live region: only the parts that changed are replaced, so a screen reader reads
   the new sentence (and the new dates) and nothing else. */
(function () {
    "use strict";
    var DELAY = 300;
    var FIELDS = [
        "start",
        "end",
        "all_day",
        "repeat",
        "repeat_interval",
        "repeat_weekdays",
        "repeat_week_of_month",
        "repeat_until",
        "repeat_count",
        "skip_public_holidays",
    ];
    var CHANGES = /^date_changes-(TOTAL_FORMS|INITIAL_FORMS|\d+-(date|kind|status|subtitle|DELETE))$/;

    function counts(name) {
        return FIELDS.indexOf(name) !== -1 || CHANGES.test(name);
    }

    function formData(form) {
        var data = new FormData();
        new FormData(form).forEach(function (value, name) {
            if (counts(name) || name === "csrfmiddlewaretoken") {
                data.append(name, value);
            }
        });
        return data;
    }

    /* Replace the region's children that differ from the fresh ones, keep the others. */
    function swap(region, html) {
        var fresh = document.createElement("template");
        fresh.innerHTML = html;
        var wanted = Array.prototype.slice.call(fresh.content.children);
        var shown = Array.prototype.slice.call(region.children);
        wanted.forEach(function (node, index) {
            var old = shown[index];
            if (!old) {
                region.appendChild(node);
            } else if (!old.isEqualNode(node)) {
                old.replaceWith(node);
            }
        });
        shown.slice(wanted.length).forEach(function (node) {
            node.remove();
        });
    }

    function follow(region) {
        var form = region.closest("form");
        var timer = null;
        var asked = 0;
        if (!form) {
            return;
        }

        function refresh() {
            var number = ++asked;
            fetch(region.dataset.seriesPreviewUrl, {
                method: "POST",
                body: formData(form),
                credentials: "same-origin",
                headers: { "X-Requested-With": "XMLHttpRequest" },
            })
                .then(function (response) {
                    return response.ok ? response.text() : null;
                })
                .then(function (html) {
                    // An older answer that arrives late never replaces a newer one.
                    if (html !== null && number === asked) {
                        swap(region, html);
                    }
                })
                .catch(function () {
                    // Offline for a moment: the next change asks again.
                });
        }

        function changed(event) {
            if (event.target && event.target.name && counts(event.target.name)) {
                window.clearTimeout(timer);
                timer = window.setTimeout(refresh, DELAY);
            }
        }

        form.addEventListener("input", changed);
        form.addEventListener("change", changed);
    }

    function start() {
        document.querySelectorAll("[data-series-preview-url]").forEach(follow);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
