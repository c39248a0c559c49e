// Admin: reload a change page while its background job runs (import jobs).
// Loaded as a file so the Content-Security-Policy needs no inline script.
(function () {
  "use strict";
  var script = document.currentScript;
  var delay = Number((script && script.dataset.delay) || 3000);
  window.setTimeout(function () { window.location.reload(); }, delay);
})();
