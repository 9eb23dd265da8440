// The delinquency trend chart: its series come from the canvas's data attributes (the CSP allows no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("delinquency-trend");
  if (!canvas || typeof Chart === "undefined") return;
  var labels = (canvas.dataset.labels || "").split(",").filter(Boolean);
  var rates = (canvas.dataset.rates || "").split(",").filter(Boolean).map(Number);
  var counts = (canvas.dataset.counts || "").split(",").filter(Boolean).map(Number);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        { label: "Delinquency rate (%)", data: rates, yAxisID: "rate", borderColor: "#b3261e", tension: 0.2 },
        { label: "Delinquent records", data: counts, yAxisID: "count", borderColor: "#1d5c96", tension: 0.2 }
      ]
    },
    options: {
      animation: false,
      scales: {
        rate: { type: "linear", position: "left", beginAtZero: true, title: { display: true, text: "%" } },
        count: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false } }
      }
    }
  });
});
