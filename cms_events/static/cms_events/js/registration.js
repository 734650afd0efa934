// Move focus to the error summary of a registration form that came back with errors, so
// keyboard and screen-reader users hear what to fix first.
window.addEventListener("load", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
});
