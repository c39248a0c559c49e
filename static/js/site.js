// Progressive enhancement only: every control works without JavaScript.
(function () {
  "use strict";
  // Move focus to <main> when the skip link is used, so screen readers follow.
  var skip = document.querySelector(".skip-link");
  var main = document.getElementById("main");
  if (skip && main) {
    skip.addEventListener("click", function () { main.focus(); });
  }
})();
