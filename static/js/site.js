// Progressive enhancement only: every control works without JavaScript.
// External file, no inline handlers, so a strict Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  // Move focus to <main> when the skip link is used, so screen readers follow.
  var skip = document.querySelector(".skip-link");
  var main = document.getElementById("main");
  if (skip && main) {
    skip.addEventListener("click", function () { main.focus(); });
  }

  // Error summary (GOV.UK pattern): focus it on load; a link focuses its field and
  // scrolls so the field's label or legend is in view too.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      var box = input.closest(".field") || input;
      box.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  function checkedValue(form, name) {
    var checked = form.querySelector("input[name='" + name + "']:checked");
    return checked ? checked.value : "";
  }

  // The filing form: show only the chosen applicant type's fields, and show a
  // conditional 必填 mark only while its condition holds. Without scripts, both groups
  // are shown under their own headings and the condition is spelled out.
  var form = document.querySelector("[data-applicant-form]");
  if (form) {
    var update = function () {
      var type = checkedValue(form, "applicant_type");
      form.querySelectorAll("[data-applicant-type]").forEach(function (group) {
        group.hidden = type !== "" && group.getAttribute("data-applicant-type") !== type;
      });
      form.querySelectorAll("[data-required-if]").forEach(function (mark) {
        var rule = mark.getAttribute("data-required-if").split(":");
        var applies = checkedValue(form, rule[0]) === rule[1];
        mark.textContent = applies ? "（必填）" : "（选填）";
        mark.classList.toggle("conditional-off", !applies);
      });
    };
    form.addEventListener("change", update);
    update();
  }

  // The print view's 打印 button (hidden where scripts do not run: Ctrl+P still works).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Filter panels collapse behind their <summary> button on narrow screens, unless a
  // filter is in use. Without scripts they are <details> the visitor can fold.
  var narrow = window.matchMedia("(max-width: 40rem)");
  document.querySelectorAll("details[data-collapse-narrow]").forEach(function (details) {
    var inUse = Array.prototype.some.call(
      details.querySelectorAll("select, input"),
      function (control) {
        if (control.name === "sort") { return false; }
        if (control.type === "checkbox" || control.type === "radio") { return control.checked; }
        return control.value !== "";
      }
    );
    if (narrow.matches && !inUse) { details.open = false; }
  });
})();
