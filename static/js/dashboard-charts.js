// Draws the dashboard charts from the JSON the page carries (json_script); the same
// figures are always in a table next to each chart.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") { return; }
  JSON.parse(source.textContent).forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: [{ label: chart.label, data: chart.values, backgroundColor: "#0b5394", borderColor: "#0b5394" }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: chart.type === "bar" && chart.labels.length > 6 ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } }
      }
    });
  });
})();
