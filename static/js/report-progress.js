// Admin: poll an annual-report run's progress and move the bar; reload once it has
// finished. The progress URL comes in data-progress-url on this script element.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.progressUrl;
  if (!url) { return; }
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (run) {
      var bar = document.querySelector("progress");
      if (bar) { bar.value = run.percent; bar.textContent = run.percent + "%"; }
      var status = document.getElementById("run-progress-status");
      if (status) { status.textContent = "已完成 " + run.done + "/" + run.total; }
      if (run.state === "done" || run.state === "failed") { window.location.reload(); }
      else { window.setTimeout(poll, 1500); }
    });
  }
  window.addEventListener("load", function () { window.setTimeout(poll, 1500); });
})();
