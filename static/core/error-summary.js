/* A form that comes back with mistakes: its error summary is where the person looks. The summary
   carries `autofocus`; bring it into view as well, once the page is parsed and again once it has
   its final layout (open sections, styles), since a focus set during parsing can end up above
   the fold when content above it grows. Deferred; no inline script (CSP). */
(function () {
  "use strict";
  function show() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.scrollIntoView({ block: "start", behavior: "instant" });  // not smooth: at once
    summary.focus({ preventScroll: true });
  }
  show();
  window.addEventListener("load", show);
})();
