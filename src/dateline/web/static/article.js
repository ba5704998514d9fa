// Marks the quote or event evidence that the page's #q3 / #ev2 anchor points to, so a link
// from a quote list or an event lands on a visibly marked passage (each piece of the span
// carries the class at-<anchor>, as the span may be cut by other marks inside it).
(function () {
  function markTarget() {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^(q|ev)\d+$/.test(id)) return;
    document.querySelectorAll("mark.at-" + id).forEach(function (m) { m.classList.add("current"); });
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();
