// Filters of the conformance matrix: backends shown (columns) and the outcome a row must have in a shown column.
(function () {
  var matrix = document.getElementById('matrix');
  if (!matrix) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#matrix-filters .f-backend'));
  var outcome = document.getElementById('f-outcome');
  var count = document.getElementById('f-count');
  function apply() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.value] = b.checked; });
    var want = outcome.value;
    matrix.querySelectorAll('[data-backend]').forEach(function (c) {
      c.classList.toggle('hidden-col', !shown[c.getAttribute('data-backend')]);
    });
    var visible = 0;
    matrix.querySelectorAll('tbody.group').forEach(function (g) {
      var any = 0;
      g.querySelectorAll('tr.rule-row').forEach(function (r) {
        var ok = false;
        r.querySelectorAll('td.cell').forEach(function (c) {
          var o = c.getAttribute('data-outcome');
          if (!shown[c.getAttribute('data-backend')] || o === 'none') { return; }
          if (want === '' || want === o || (want === 'not-passed' && o !== 'passed')) { ok = true; }
        });
        r.style.display = ok ? '' : 'none';
        if (ok) { any++; }
      });
      g.style.display = any ? '' : 'none';
      visible += any;
    });
    count.textContent = visible + ' rule(s) shown';
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  outcome.addEventListener('change', apply);
  apply();
})();
