// Draws the release-of-information report's charts from the JSON the page embeds (the CSP forbids inline scripts).
(function () {
  var data = document.getElementById('report-data');
  if (!data || typeof Chart === 'undefined') return;
  var r = JSON.parse(data.textContent);
  function bar(id, labels, datasets, horizontal) {
    var el = document.getElementById(id);
    if (!el) return;
    new Chart(el, {type: 'bar', data: {labels: labels, datasets: datasets},
      options: {indexAxis: horizontal ? 'y' : 'x', animation: false, responsive: true}});
  }
  bar('chart-turnaround', r.turnaroundByRequesterType.map(function (t) { return t.label; }), [
    {label: 'Median days', data: r.turnaroundByRequesterType.map(function (t) { return t.medianDays; })},
    {label: '90th percentile days', data: r.turnaroundByRequesterType.map(function (t) { return t.p90Days; })}]);
  bar('chart-backlog', r.backlog.map(function (b) { return b.label; }),
    [{label: 'Open requests', data: r.backlog.map(function (b) { return b.open; })}]);
  bar('chart-requesters', r.requestsByRequesterType.map(function (c) { return c.label; }),
    [{label: 'Requests', data: r.requestsByRequesterType.map(function (c) { return c.count; })}], true);
})();
