/* Kiosk of an offline disclosure zone: refresh the content area from the website itself;
   on a network blip keep showing the last content and say when it was fetched. */
(function () {
  "use strict";
  var content = document.getElementById("kiosk-content");
  var status = document.getElementById("kiosk-status");
  if (content && content.dataset.refreshUrl) {
    var url = content.dataset.refreshUrl;
    var seconds = parseInt(content.dataset.refreshSeconds, 10) || 120;
    var lastGood = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var stamp = function (d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()); };
    var refresh = function () {
      fetch(url, { cache: "no-store", credentials: "omit" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          content.innerHTML = html;
          lastGood = new Date();
          if (status) { status.textContent = "更新于 " + stamp(lastGood); }
          document.body.classList.remove("kiosk-offline");
        })
        .catch(function () {
          // Keep the content already on screen; only the status line changes.
          if (status) { status.textContent = "网络暂时中断，显示 " + stamp(lastGood) + " 的内容"; }
          document.body.classList.add("kiosk-offline");
        });
    };
    window.kioskRefresh = refresh;
    window.setInterval(refresh, seconds * 1000);
  }
  // An article page returns to the kiosk home after two minutes without a touch.
  var home = document.body.dataset.idleReturn;
  if (home) {
    var timer;
    var arm = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { window.location.href = home; }, 120000);
    };
    ["touchstart", "pointerdown", "scroll", "keydown"].forEach(function (name) {
      window.addEventListener(name, arm, { passive: true });
    });
    arm();
  }
})();
