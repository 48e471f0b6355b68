/* Report charts: each <canvas data-chart="ID"> draws the JSON in <script id="ID"
   type="application/json"> with the vendored Chart.js. No inline code (Content-Security-Policy).
   Every chart has the same figures in a table beside it for screen readers. */
(function () {
  "use strict";
  var COLOURS = ["#2f5d50", "#c0703a", "#4a7fb0", "#8a6bb0", "#b0a04a"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        tension: 0.2,
        spanGaps: false
      };
    });
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
