// Redaction page: drag on the page image to mark a region; the form sends it as fractions of the page.
(function () {
  var img = document.getElementById('page-image');
  var canvas = document.getElementById('redact-canvas');
  if (!img || !canvas) return;
  var ctx = canvas.getContext('2d');
  var start = null, rect = null;
  function fit() {
    canvas.width = img.clientWidth;
    canvas.height = img.clientHeight;
    draw();
  }
  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!rect) return;
    ctx.fillStyle = 'rgba(0,0,0,0.6)';
    ctx.fillRect(rect.x, rect.y, rect.w, rect.h);
  }
  function point(e) {
    var b = canvas.getBoundingClientRect();
    return {x: Math.max(0, Math.min(b.width, e.clientX - b.left)), y: Math.max(0, Math.min(b.height, e.clientY - b.top))};
  }
  canvas.addEventListener('pointerdown', function (e) { e.preventDefault(); start = point(e); rect = null; });
  canvas.addEventListener('pointermove', function (e) {
    if (!start) return;
    var p = point(e);
    rect = {x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y)};
    draw();
  });
  window.addEventListener('pointerup', function () {
    if (!start) return;
    start = null;
    if (!rect || rect.w < 2 || rect.h < 2) { rect = null; draw(); return; }
    var f = function (v, total) { return (v / total).toFixed(4); };
    document.getElementById('rx').value = f(rect.x, canvas.width);
    document.getElementById('ry').value = f(rect.y, canvas.height);
    document.getElementById('rw').value = f(rect.w, canvas.width);
    document.getElementById('rh').value = f(rect.h, canvas.height);
    document.getElementById('region-text').textContent = 'Region marked: ' + Math.round(rect.w) + ' x ' + Math.round(rect.h) + ' px';
  });
  if (img.complete) fit(); else img.addEventListener('load', fit);
  window.addEventListener('resize', fit);
})();
