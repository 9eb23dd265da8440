// Coding workspace sequencing: move-up/down buttons, Alt+ArrowUp/Down on a focused row, and drag and drop all
// submit the one move form (kind, from, to, version); the server saves the new order and reloads the page.
(function () {
  var form = document.getElementById('move-form');
  if (!form) return;
  function move(kind, from, to) {
    if (from === to || to < 1) return;
    form.elements['kind'].value = kind;
    form.elements['from'].value = from;
    form.elements['to'].value = to;
    form.submit();
  }
  function rowsOf(kind) {
    return Array.prototype.slice.call(document.querySelectorAll('tr.seq-row[data-kind="' + kind + '"]'));
  }
  function seq(row) { return parseInt(row.getAttribute('data-seq'), 10); }
  function step(row, delta) {
    var kind = row.getAttribute('data-kind');
    var to = seq(row) + delta;
    if (to < 1 || to > rowsOf(kind).length) return;
    move(kind, seq(row), to);
  }
  document.querySelectorAll('tr.seq-row').forEach(function (row) {
    var up = row.querySelector('button.move-up');
    var down = row.querySelector('button.move-down');
    if (up) up.addEventListener('click', function () { step(row, -1); });
    if (down) down.addEventListener('click', function () { step(row, 1); });
    if (!up && !down) return;
    row.addEventListener('keydown', function (e) {
      if (!e.altKey) return;
      if (e.key === 'ArrowUp') { e.preventDefault(); step(row, -1); }
      if (e.key === 'ArrowDown') { e.preventDefault(); step(row, 1); }
    });
    row.addEventListener('dragstart', function (e) {
      row.classList.add('dragging');
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', row.getAttribute('data-kind') + ':' + seq(row));
    });
    row.addEventListener('dragend', function () { row.classList.remove('dragging'); });
    row.addEventListener('dragover', function (e) { e.preventDefault(); row.classList.add('drop-target'); });
    row.addEventListener('dragleave', function () { row.classList.remove('drop-target'); });
    row.addEventListener('drop', function (e) {
      e.preventDefault();
      row.classList.remove('drop-target');
      var data = (e.dataTransfer.getData('text/plain') || '').split(':');
      if (data.length !== 2 || data[0] !== row.getAttribute('data-kind')) return;
      move(data[0], parseInt(data[1], 10), seq(row));
    });
  });
})();
