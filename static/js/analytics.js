/* Analytics charts: each <canvas data-chart="name"> gets the Chart.js chart described
   by charts[name] in the <script type="application/json" id="analytics-data"> block.
   Labels are drawn on the canvas by Chart.js (text, never markup). */
(function () {
  "use strict";

  var TONES = {
    primary: "#4f46e5",
    accent: "#7c3aed",
    success: "#047857",
    warning: "#d97706",
    danger: "#b91c1c",
    muted: "#9ca3af"
  };

  function readSpecs() {
    var source = document.getElementById("analytics-data");
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function dataset(spec, entry) {
    var colours = entry.tones
      ? entry.tones.map(function (tone) { return TONES[tone] || TONES.primary; })
      : TONES[entry.tone] || TONES.primary;
    return {
      label: entry.label,
      data: entry.data,
      backgroundColor: colours,
      borderColor: spec.type === "doughnut" ? "#ffffff" : colours,
      borderWidth: spec.type === "doughnut" ? 2 : 0,
      borderRadius: spec.type === "bar" ? 4 : 0,
      maxBarThickness: 36
    };
  }

  function valueAxis(spec) {
    var axis = { beginAtZero: true, stacked: Boolean(spec.stacked), ticks: { precision: 0 } };
    if (spec.max) {
      axis.max = spec.max;
    }
    if (spec.axis && spec.axis.y) {
      axis.title = { display: true, text: spec.axis.y };
    }
    return axis;
  }

  function categoryAxis(spec) {
    var axis = { stacked: Boolean(spec.stacked), grid: { display: false } };
    if (spec.axis && spec.axis.x) {
      axis.title = { display: true, text: spec.axis.x };
    }
    return axis;
  }

  function config(spec) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: spec.type === "doughnut" || spec.datasets.length > 1, position: "bottom" }
      }
    };
    if (spec.type === "bar") {
      var horizontal = Boolean(spec.horizontal);
      options.indexAxis = horizontal ? "y" : "x";
      options.scales = horizontal
        ? { x: valueAxis(spec), y: categoryAxis(spec) }
        : { x: categoryAxis(spec), y: valueAxis(spec) };
    }
    return {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (entry) { return dataset(spec, entry); })
      },
      options: options
    };
  }

  function drawCharts() {
    var specs = readSpecs();
    if (!specs || typeof window.Chart === "undefined") {
      return;
    }
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var spec = specs[canvas.getAttribute("data-chart")];
      if (!spec) {
        return;
      }
      new window.Chart(canvas, config(spec));
      canvas.setAttribute("data-chart-drawn", "true");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCharts);
  } else {
    drawCharts();
  }
})();
